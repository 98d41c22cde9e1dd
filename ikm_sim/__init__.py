"""ikm-sim: a system-dynamics simulator of teacher supply and demand in Latvia.

The public API is small; the CLI, the app and the tests all use it.
"""

from __future__ import annotations

__version__ = "0.1.0"
