"""Load a checked data directory into typed pandas tables.

`load_data` validates the directory first (`ikm_sim.data.check`) and raises `DataError` with
every problem found; a directory that passes is returned as a frozen `Dataset`, one DataFrame
per table of the contract, with a fingerprint of the files for run provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ikm_sim.data._csv import Value
from ikm_sim.data.base_year import BASE_YEAR_TABLES, latest_common_year
from ikm_sim.data.check import ParsedTable, validate
from ikm_sim.data.schema import TABLES, Column
from ikm_sim.errors import DataError

_PANDAS_DTYPES = {
    ("int", False): "int64",
    ("int", True): "Int64",
    ("float", False): "float64",
    ("float", True): "float64",
    ("bool", False): "bool",
    ("bool", True): "boolean",
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """Every table of a data directory, typed per the contract in `ikm_sim.data.schema`.

    Each table attribute is a DataFrame with the contract's columns in contract order: int
    columns as ``int64``, float columns as ``float64`` (empty cells NaN), bool columns as
    ``bool`` and str columns as strings (empty cells of nullable columns missing).

    Attributes
    ----------
    directory : Path
        The directory the tables were read from.
    fingerprint : str
        SHA-256 (hex) over the bytes of the table files in contract order.
    """

    directory: Path
    fingerprint: str
    municipalities: pd.DataFrame
    subjects: pd.DataFrame
    curriculum: pd.DataFrame
    births: pd.DataFrame
    births_by_municipality: pd.DataFrame
    pupils: pd.DataFrame
    preschool: pd.DataFrame
    teachers: pd.DataFrame
    vacancies: pd.DataFrame
    history: pd.DataFrame
    published_totals: pd.DataFrame
    workload_rules: pd.DataFrame
    retirement_age: pd.DataFrame
    funding: pd.DataFrame

    @property
    def regions(self) -> list[str]:
        """ATVK codes of the municipalities, in file order."""
        return [str(code) for code in self.municipalities["atvk"]]

    @property
    def base_year(self) -> int:
        """The latest school year the data can start a run from.

        The last year with teachers and pupils rows and with births (national and by
        municipality) for that calendar year (`ikm_sim.data.base_year`); 2023 for the
        embedded data, later once ``ikm-sim update`` has anchored a new year.
        """
        year = latest_common_year(self.table(name)["year"] for name in BASE_YEAR_TABLES)
        if year is None:
            raise DataError([f"{self.directory}: no year has teachers, pupils and births"])
        return year

    def national_history(self) -> pd.DataFrame:
        """National series by year from ``history`` and ``published_totals``.

        A national row of ``published_totals`` (no municipality, subject or grade) supersedes
        the ``history`` row of the same series and year: it is the newer release.

        Returns
        -------
        pandas.DataFrame
            Columns ``series, year, value, low, high, source``, sorted by series and year.
        """
        cols = ["series", "year", "value", "low", "high", "source"]
        t = self.published_totals
        national = t["atvk"].isna() & t["subject"].isna() & t["grade"].isna()
        new = t.loc[national, ["series", "year", "value", "source"]].assign(
            low=float("nan"), high=float("nan")
        )[cols]
        h = self.history[cols]
        replaced = pd.MultiIndex.from_frame(h[["series", "year"]]).isin(
            pd.MultiIndex.from_frame(new[["series", "year"]])
        )
        merged = pd.concat([h[~replaced], new], ignore_index=True) if len(new) else h.copy()
        merged["year"] = merged["year"].astype(int)
        return merged.sort_values(["series", "year"]).reset_index(drop=True)

    def national_series(self, series: str) -> pd.Series:
        """National values of one series by year (see `national_history`).

        Parameters
        ----------
        series : str
            A series code of ``history.csv`` or ``published_totals.csv``.

        Returns
        -------
        pandas.Series
            Values indexed by integer year, sorted (empty if the series has no rows).
        """
        h = self.national_history()
        h = h[h["series"] == series]
        return pd.Series(h["value"].to_numpy(float), index=h["year"].to_numpy(int), dtype=float)

    @property
    def subject_codes(self) -> list[str]:
        """Subject codes, in file order."""
        return [str(code) for code in self.subjects["code"]]

    def table(self, name: str) -> pd.DataFrame:
        """Return the table called `name` (a key of `ikm_sim.data.schema.TABLES`).

        Parameters
        ----------
        name : str
            Table name.

        Returns
        -------
        pandas.DataFrame
            The typed table.
        """
        if name not in TABLES:
            raise KeyError(name)
        frame: pd.DataFrame = getattr(self, name)
        return frame


def load_data(directory: Path | None = None) -> Dataset:
    """Check and load a data directory.

    Parameters
    ----------
    directory : Path, optional
        Directory of CSV tables; defaults to the embedded dataset, `ikm_sim.paths.DATA_DIR`.

    Returns
    -------
    Dataset
        One typed DataFrame per table, the directory and the fingerprint of its files.

    Raises
    ------
    DataError
        If the directory does not follow the table contract; `DataError.problems` lists every
        problem (file, line, column, found and expected).
    """
    if directory is None:
        from ikm_sim.paths import DATA_DIR

        directory = DATA_DIR
    directory = Path(directory)
    result = validate(directory)
    if result.problems:
        raise DataError(result.problems)
    frames = {name: to_frame(result.tables[name]) for name in TABLES}
    return Dataset(directory=directory, fingerprint=fingerprint(directory), **frames)


def fingerprint(directory: Path) -> str:
    """Return the SHA-256 (hex) over the table files' bytes, in contract order.

    Parameters
    ----------
    directory : Path
        The data directory (all table files must exist).

    Returns
    -------
    str
        64 hex digits; changes whenever any byte of any table changes.
    """
    digest = hashlib.sha256()
    for table in TABLES.values():
        data = (Path(directory) / table.filename).read_bytes()
        digest.update(f"{table.filename}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def to_frame(parsed: ParsedTable) -> pd.DataFrame:
    """A parsed table as a typed DataFrame (contract columns and dtypes)."""
    series = {col.name: _to_series(col, parsed.columns[col.name]) for col in parsed.table.columns}
    return pd.DataFrame(series, index=pd.RangeIndex(len(parsed.lines)))


def _to_series(column: Column, values: list[Value]) -> pd.Series:
    if column.dtype == "str":
        return pd.Series(values)
    return pd.Series(values, dtype=_PANDAS_DTYPES[(column.dtype, column.nullable)])
