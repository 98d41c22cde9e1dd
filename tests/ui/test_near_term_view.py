"""The Municipality page's near-term table: counts of 1–4 persons blanked as in the downloads."""

from __future__ import annotations

import math

import pandas as pd

from ikm_sim.export_columns import suppressed
from ikm_sim.ui.near_term_view import _blank_small_counts


def test_small_counts_blanked_like_the_download() -> None:
    wide = pd.DataFrame(
        {2026: [12.2, 1.2, 0.3, 4.6], 2027: [9.0, 2.4, 3.0, 0.0]},
        index=["MAT", "BIO", "ART", "PRI"],
    )
    wide.loc["Kopā"] = wide.sum(axis=0)
    shown = _blank_small_counts(wide)
    assert shown.loc["MAT", 2026] == 12 and shown.loc["PRI", 2026] == 5  # 4.6 is published as 5
    assert math.isnan(shown.loc["BIO", 2026]) and shown.loc["ART", 2026] == 0
    assert math.isnan(shown.loc["BIO", 2027]) and math.isnan(shown.loc["ART", 2027])
    assert shown.loc["PRI", 2027] == 0
    # one blanked cell in 2026: the total would give it back, so it goes too; two in 2027 stay
    assert math.isnan(shown.loc["Kopā", 2026]) and shown.loc["Kopā", 2027] == 14
    # the same cells as the download's rule
    tidy = wide.iloc[:-1].stack().rename("entrants_needed").rename_axis(["subject", "year"])
    blanked = suppressed(tidy.reset_index())
    expected = {(r.subject, r.year) for r in blanked.itertuples() if r.suppressed}
    got = {(s, y) for s in shown.index[:-1] for y in shown.columns if pd.isna(shown.loc[s, y])}
    assert got == expected
