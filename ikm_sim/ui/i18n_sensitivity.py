"""Interface texts of the sensitivity page (merged into `ikm_sim.ui.i18n.TEXTS`). Latvian first."""

from __future__ import annotations

SENSITIVITY_TEXTS: dict[str, dict[str, str]] = {}
