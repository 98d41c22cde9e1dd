"""Read a scenario's YAML safely, keeping the line of every key for error messages.

Duplicate keys are an error (PyYAML silently keeps the last one). Values are built with the
safe loader only, after the limits of `ikm_sim.limits` (size, depth, aliases, string length)
were checked on the event stream; the node tree is kept so that a validation error's location
can be turned into a line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ikm_sim.errors import ScenarioError, one_line
from ikm_sim.limits import (
    MAX_SCENARIO_BYTES,
    LimitError,
    check_size,
    check_yaml_events,
    read_limited,
)

#: libyaml's parser and composer when PyYAML has them (about 30 times faster), else PyYAML's.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Byte-order marks of encodings other than UTF-8, longest first (UTF-32 starts like UTF-16).
_OTHER_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


class _UniqueKeyLoader(_SafeLoader):
    """A safe loader that rejects a key repeated in one mapping and names bad values' lines."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # e.g. `!!map [1]`: the base class says so
            return super().construct_mapping(node, deep=deep)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # unhashable key: let the base class report it
                continue
            line = key_node.start_mark.line + 1
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first on line {first})",
                    key_node.start_mark,
                )
            seen[key] = line
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML's constructors raise plain ValueError & co. for e.g. `!!int x` or
        # `2023-02-30`; turn them into a YAML error that carries the value's line.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError, LookupError) as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown} as {kind} ({exc})", node.start_mark
            ) from None


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document and its node tree (for line numbers)."""

    path: Path
    data: Any
    root: yaml.Node | None

    def locate(self, loc: tuple[Any, ...]) -> tuple[int | None, list[str]]:
        """Line of the deepest key along a validation-error location, and the YAML path to it.

        Location parts that are not keys of the document (pydantic's union tags, validator
        names) are skipped, so the returned path is what the user wrote.
        """
        node = self.root
        line = 1 if node is None else node.start_mark.line + 1
        shown: list[str] = []
        for part in loc:
            if part == "[key]":
                continue
            if isinstance(node, yaml.MappingNode):
                match = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == str(part)
                    ),
                    None,
                )
                if match is not None:
                    key_node, node = match
                    line = key_node.start_mark.line + 1
                    shown.append(str(part))
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line + 1
                shown.append(f"[{part}]")
        return line, shown


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file safely, within the limits of `ikm_sim.limits`.

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    YamlDocument

    Raises
    ------
    ScenarioError
        The file is missing, not a regular file, too large, unreadable, not UTF-8, not valid
        YAML, too deep or too aliased, or has a duplicate key.
    """
    if not _exists(path):
        raise ScenarioError(one_line(f"{path}: scenario file not found"))
    try:
        data = read_limited(path, MAX_SCENARIO_BYTES)
    except LimitError as exc:
        raise ScenarioError(str(exc)) from None
    return parse_yaml_text(decode_yaml(data, str(path)), path)


def _exists(path: Path) -> bool:
    """`Path.exists` that says False for names the OS refuses (too long, NUL bytes)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def decode_yaml(data: bytes, label: str) -> str:
    """Decode a scenario file's bytes as UTF-8 (a UTF-8 byte-order mark is dropped).

    Parameters
    ----------
    data : bytes
        The file's contents.
    label : str
        The file, as named in messages.

    Returns
    -------
    str

    Raises
    ------
    ScenarioError
        UTF-16/UTF-32 text or bytes that are not UTF-8, with the line of the first bad byte.
    """
    for bom, encoding in _OTHER_BOMS:
        if data.startswith(bom):
            message = f"{label}:1: the file is {encoding} text; save it as UTF-8"
            raise ScenarioError(one_line(message))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            one_line(
                f"{label}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                "save the file as UTF-8"
            )
        ) from None


def parse_yaml_text(text: str, path: Path) -> YamlDocument:
    """Parse YAML text safely, within the limits of `ikm_sim.limits`.

    Nothing in the text is executed: only the safe loader's plain types are built (tags such
    as ``!!python/object`` are refused), and depth, size, aliases and string lengths are
    checked on the event stream before any object is built.

    Parameters
    ----------
    text : str
        The document.
    path : pathlib.Path
        The file it came from (for messages and for resolving ``extends``).

    Returns
    -------
    YamlDocument

    Raises
    ------
    ScenarioError
        Invalid YAML, over a limit, or a duplicate key; ``file:line: problem``.
    """
    try:
        check_size(str(path), len(text.encode("utf-8", "surrogatepass")), MAX_SCENARIO_BYTES)
        check_yaml_events(text, str(path))
    except LimitError as exc:
        raise ScenarioError(str(exc)) from None
    except UnicodeError:
        raise ScenarioError(one_line(f"{path}: not valid text (unpaired surrogates)")) from None
    loader = _UniqueKeyLoader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        message = f"{path}{where}: not valid YAML: {problem}{context}"
        raise ScenarioError(one_line(message)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        raise ScenarioError(
            one_line(
                f"{path}:{line}: not valid YAML: character #x{code:04x} is not allowed "
                f"({exc.reason})"
            )
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ScenarioError(one_line(f"{path}: not valid YAML: {first}")) from None
    except UnicodeError:
        raise ScenarioError(one_line(f"{path}: not valid text (unpaired surrogates)")) from None
    except (ValueError, TypeError, AttributeError, OverflowError, LookupError) as exc:
        # PyYAML's constructors can fail outside `construct_object` (while filling a mapping)
        message = f"{path}: not valid YAML: a value cannot be read ({type(exc).__name__}: {exc})"
        raise ScenarioError(one_line(message)) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)
