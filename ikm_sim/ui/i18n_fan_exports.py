"""Interface texts of the fan-chart exports (merged into `ikm_sim.ui.i18n.TEXTS`). Latvian first."""

from __future__ import annotations

FAN_EXPORT_TEXTS: dict[str, dict[str, str]] = {}
