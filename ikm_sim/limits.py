"""Limits on what users feed in, checked before anything is parsed, and the checks themselves.

Every file a user gives ikm-sim (a scenario YAML on the command line or uploaded in the app, a
data table) is refused with one line naming the file and the limit when it is larger, deeper,
longer or more aliased than anything a real input needs, so a hostile or broken file is
refused in well under a second instead of hanging the process or exhausting its memory. The
limits are generous: the shipped scenarios are about 1 kB, 50 YAML nodes and 8 levels deep;
the largest embedded table is 1.2 MB.

The scenario loader (`ikm_sim.scenario.yamlfile`), the app's upload (`ikm_sim.ui.builder`)
and the data table reader (`ikm_sim.data._csv`) all use this module.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from ikm_sim.errors import IkmSimError, one_line

KIB = 1024
MIB = 1024 * KIB

#: Largest scenario file, on disk or uploaded (bytes).
MAX_SCENARIO_BYTES = 256 * KIB
#: Deepest nesting of mappings and sequences in a scenario.
MAX_YAML_DEPTH = 32
#: Most YAML nodes in a scenario, counting every alias as a full copy of what it refers to.
MAX_YAML_NODES = 20_000
#: Most aliases (``*name``) in a scenario.
MAX_YAML_ALIASES = 200
#: Most keys in one mapping of a scenario (a per-year table has at most 101 years).
MAX_MAPPING_KEYS = 1_000
#: Longest single value (string) in a scenario, in characters.
MAX_STRING_CHARS = 10_000
#: Longest chain of ``extends:`` (a scenario, its parent, its grandparent, ...).
MAX_EXTENDS_CHAIN = 16

#: Largest data table (bytes): 6.5 times the largest embedded one (teachers.csv, 1.2 MB for
#: 2 years, so 13 years fit); how long refusing such a table takes is measured by
#: ``benchmarks/refusal_times.py``.
MAX_TABLE_BYTES = 8 * MIB
#: Most columns in a data table's header.
MAX_TABLE_COLUMNS = 64
#: Longest cell of a data table, in characters.
MAX_CELL_CHARS = 1_000
#: Largest magnitude of a number in a data table: far above any count, FTE or share in the
#: data, far below where sums overflow or whole numbers stop fitting 64 bits.
MAX_CELL_NUMBER = 1e12
#: Problems after which checking one table stops (its rows are not read further).
MAX_PROBLEMS_PER_FILE = 1_000


#: Widest relative half-width of a parameter's uncertainty band (1: from zero to twice it).
MAX_BAND = 1.0
#: Largest SD of the extra net migration rate in an ensemble (the net_migration lever's bound).
MAX_MIGRATION_SD = 0.1


class LimitError(IkmSimError):
    """An input is larger, deeper, longer or more aliased than the limits allow (one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def _size(n: int) -> str:
    """A byte count as people read it (kB or MB, rounded up so it never reads as the limit)."""
    if n >= MIB:
        return f"{-(-n * 10 // MIB) / 10:g} MB"
    if n >= KIB:
        return f"{-(-n // KIB)} kB"
    return f"{n} bytes"


def check_size(label: str, size: int, limit: int) -> None:
    """Refuse `size` bytes over `limit`.

    Parameters
    ----------
    label : str
        The file, as named in the message.
    size, limit : int
        Its size and the largest accepted size, in bytes.

    Raises
    ------
    LimitError
        ``<label>: the file is 300 kB; at most 256 kB is accepted``.
    """
    if size > limit:
        raise LimitError(f"{label}: the file is {_size(size)}; at most {_size(limit)} is accepted")


def read_limited(path: Path, limit: int, label: str | None = None) -> bytes:
    """Read a regular file of at most `limit` bytes, refusing anything else before reading.

    A directory, a FIFO, a device or a socket is refused without opening it (reading a FIFO
    would wait forever); the size is checked from the file system and again while reading,
    so a file that grows, or reports no size (``/proc``), cannot get past the limit.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    limit : int
        Largest accepted size in bytes.
    label : str, optional
        How the file is named in messages (default: the path).

    Returns
    -------
    bytes
        The file's contents.

    Raises
    ------
    LimitError
        Not a regular file, too large, or not readable (the message names the file).
    """
    name = str(path) if label is None else label
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LimitError(f"{name}: file not found") from None
    except (OSError, ValueError) as exc:
        raise LimitError(f"{name}: cannot be read ({_reason(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise LimitError(f"{name}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise LimitError(f"{name}: is not a regular file (a pipe, device or socket)")
    check_size(name, info.st_size, limit)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise LimitError(f"{name}: cannot be read ({_reason(exc)})") from None
    check_size(name, len(data), limit)
    return data


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def check_yaml_events(text: str, label: str) -> None:
    """Walk the YAML event stream of `text` and refuse it when it breaks a limit.

    Depth, node count (aliases expanded), alias count, keys per mapping and string length
    are counted on the parser's events, without building any object, so a deeply nested
    document or an alias bomb ("billion laughs") is refused after reading at most
    `MAX_YAML_NODES` events. Syntax errors are left to the loader, which reports them with
    their line.

    Parameters
    ----------
    text : str
        The document.
    label : str
        The file, as named in messages.

    Raises
    ------
    LimitError
        ``<label>:<line>: <what> (at most <limit>)``.
    """
    loader = _EVENT_LOADER(text)
    walk = _EventWalk(label)
    try:
        while loader.check_event():
            walk.see(loader.get_event())
    except yaml.MarkedYAMLError as exc:
        # libyaml stops at 1,000 levels while scanning ahead; say it as this module's limit
        if "maximum nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            line = exc.problem_mark.line + 1
            raise LimitError(
                f"{label}:{line}: nested too deeply (at most {MAX_YAML_DEPTH:,} allowed)"
            ) from None
        return  # the loader reports syntax errors with their line
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


@dataclass
class _Open:
    """A mapping or sequence whose end event has not come yet."""

    mapping: bool
    anchor: str | None
    children: int = 0
    size: int = 1  # itself and everything inside it, aliases expanded


class _EventWalk:
    """The counts of `check_yaml_events`, updated event by event."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.stack: list[_Open] = []
        self.sizes: dict[str, int] = {}  # expanded size of every complete anchored node
        self.total = 0
        self.aliases = 0

    def fail(self, event: yaml.Event, what: str, limit: int | None) -> LimitError:
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        allowed = "not allowed" if limit is None else f"at most {limit:,} allowed"
        return LimitError(f"{self.label}:{line}: {what} ({allowed})")

    def add(self, size: int) -> None:
        if self.stack:
            self.stack[-1].children += 1
            self.stack[-1].size += size

    def see(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self.count(event)
            self.scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.count(event)
            self.start(event)
        elif isinstance(event, yaml.CollectionEndEvent) and self.stack:
            self.end(event)

    def count(self, event: yaml.Event) -> None:
        self.total += 1
        if self.total > MAX_YAML_NODES:
            raise self.fail(event, "too many values", MAX_YAML_NODES)

    def alias(self, event: yaml.AliasEvent) -> None:
        anchor = str(event.anchor)
        if any(entry.anchor == anchor for entry in self.stack):
            raise self.fail(event, f"the alias *{anchor} refers to a node it is inside", None)
        self.aliases += 1
        if self.aliases > MAX_YAML_ALIASES:
            raise self.fail(event, "too many aliases (*name)", MAX_YAML_ALIASES)
        size = self.sizes.get(anchor, 1)  # an unknown alias is reported by the loader
        self.total += size
        if self.total > MAX_YAML_NODES:
            raise self.fail(event, "too many values once aliases are expanded", MAX_YAML_NODES)
        self.add(size)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        if len(event.value) > MAX_STRING_CHARS:
            raise self.fail(
                event, f"a value of {len(event.value):,} characters is too long", MAX_STRING_CHARS
            )
        if event.anchor is not None:
            self.sizes[str(event.anchor)] = 1
        self.add(1)

    def start(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.stack) >= MAX_YAML_DEPTH:
            raise self.fail(event, "nested too deeply", MAX_YAML_DEPTH)
        mapping = isinstance(event, yaml.MappingStartEvent)
        name = None if event.anchor is None else str(event.anchor)
        self.stack.append(_Open(mapping, name))

    def end(self, event: yaml.CollectionEndEvent) -> None:
        done = self.stack.pop()
        if done.mapping and done.children // 2 > MAX_MAPPING_KEYS:
            raise self.fail(event, "too many keys in one mapping", MAX_MAPPING_KEYS)
        if done.anchor is not None:
            self.sizes[done.anchor] = done.size
        self.add(done.size)


#: Parser used for the event walk: libyaml's when PyYAML has it (about 30 times faster).
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_uncertainty(band: float, migration_sd: float) -> None:
    """Refuse an uncertainty band or migration SD outside its range (NaN included).

    Raises
    ------
    LimitError
        ``band=-1.0: the relative half-width must be between 0 and 1`` and the like.
    """
    if not 0.0 <= band <= MAX_BAND:  # NaN fails both comparisons
        raise LimitError(f"band={band}: the relative half-width must be between 0 and {MAX_BAND:g}")
    if not 0.0 <= migration_sd <= MAX_MIGRATION_SD:
        raise LimitError(
            f"migration_sd={migration_sd}: must be between 0 and {MAX_MIGRATION_SD:g} "
            "(1/year; the net migration lever's bound)"
        )
