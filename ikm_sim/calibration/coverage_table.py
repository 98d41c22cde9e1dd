"""The pooled coverage table of the uncertainty bands (report and app; pandas only).

``coverage.csv`` of the calibration report holds the share of published values inside the
ensemble's bands per band (``ensemble``/``widened``), series, lead and level
(`ikm_sim.uncertainty.coverage.coverage_report`); this module turns its rows over every series
into the one table the report and the Calibration page show.
"""

from __future__ import annotations

import pandas as pd

#: Series label of the rows over every series.
ALL_SERIES = "all"


def coverage_table(coverage: pd.DataFrame) -> pd.DataFrame:
    """Share inside the bands (%) over every series, by band, level and lead.

    Parameters
    ----------
    coverage : pandas.DataFrame
        ``coverage.csv`` (columns ``band, series, lead, level, n, share``; lead 0 = all leads).

    Returns
    -------
    pandas.DataFrame
        ``band``, ``level`` (e.g. "80 %"), ``n`` (published values over all leads), then one
        column per lead (``all``, ``+1`` … ``+5``) with the whole-number share inside in %.
    """
    rows = coverage[coverage["series"] == ALL_SERIES]
    table = rows.pivot_table(index=["band", "level"], columns="lead", values="share")
    table.columns = [("all" if int(k) == 0 else f"+{int(k)}") for k in table.columns]
    n = rows[rows["lead"] == 0].set_index(["band", "level"])["n"]
    out = (100 * table).round(0).astype("Int64").reset_index()
    out.insert(2, "n", n.reindex(pd.MultiIndex.from_frame(out[["band", "level"]])).to_numpy())
    out["level"] = (100 * out["level"]).round(0).astype(int).astype(str) + " %"
    return out
