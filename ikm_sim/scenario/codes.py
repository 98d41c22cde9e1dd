"""The municipality, planning-region and subject codes a scenario may name.

They come from the data directory (``municipalities.csv``, ``subjects.csv``), read directly
with the csv module so that validating a scenario stays cheap.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ikm_sim.errors import DataError
from ikm_sim.limits import MAX_TABLE_BYTES, LimitError, read_limited
from ikm_sim.paths import DATA_DIR


@dataclass(frozen=True)
class Codes:
    """Codes a scenario can override levers for.

    Attributes
    ----------
    municipalities : dict of str to str
        ATVK code -> planning region.
    subjects : list of str
        Subject codes.
    names : dict of str to str
        ATVK code -> Latvian name (for messages).
    """

    municipalities: dict[str, str]
    subjects: list[str]
    names: dict[str, str]

    @property
    def planning_regions(self) -> list[str]:
        """The planning regions, sorted."""
        return sorted(set(self.municipalities.values()))

    @classmethod
    def from_directory(cls, directory: Path | None = None) -> Codes:
        """Read the codes of a data directory (default: the embedded dataset).

        Raises
        ------
        DataError
            ``municipalities.csv`` or ``subjects.csv`` is missing, too large, not UTF-8 CSV
            or lacks a column the codes come from.
        """
        directory = Path(directory or DATA_DIR)
        tables = {}
        for name, columns in (
            ("municipalities.csv", ("atvk", "planning_region", "name_lv")),
            ("subjects.csv", ("code",)),
        ):
            path = directory / name
            try:
                text = read_limited(path, MAX_TABLE_BYTES).decode("utf-8-sig")
                reader = csv.DictReader(io.StringIO(text, newline=""))
                rows = list(reader)
            except (LimitError, UnicodeDecodeError, csv.Error) as exc:
                why = exc if isinstance(exc, LimitError) else f"{path}: not UTF-8 CSV ({exc})"
                raise DataError([f"cannot read the codes a scenario may name: {why}"]) from None
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing or any(None in row.values() for row in rows):
                what = f'missing column "{missing[0]}"' if missing else "a row is too short"
                raise DataError([f"{path}: {what} (check it with `ikm-sim data check`)"])
            tables[name] = rows
        rows = tables["municipalities.csv"]
        return cls(
            {r["atvk"]: r["planning_region"] for r in rows},
            [row["code"] for row in tables["subjects.csv"]],
            {r["atvk"]: r["name_lv"] for r in rows},
        )

    @classmethod
    def from_dataset(cls, data: Any) -> Codes:
        """The codes of a loaded `ikm_sim.data.load.Dataset`."""
        m = data.municipalities
        return cls(
            dict(zip(m["atvk"].astype(str), m["planning_region"].astype(str), strict=True)),
            [str(s) for s in data.subjects["code"]],
            dict(zip(m["atvk"].astype(str), m["name_lv"].astype(str), strict=True)),
        )


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest known word, else the list of allowed words."""
    known = [str(k) for k in known]
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if not close:
        folded = {k.casefold(): k for k in known}
        if word.casefold() in folded:
            close = [folded[word.casefold()]]
    if close:
        return f"; did you mean '{close[0]}'?"
    shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    return f"; allowed: {shown}"
