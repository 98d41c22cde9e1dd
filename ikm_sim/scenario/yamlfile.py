"""Read a scenario's YAML safely, keeping the line of every key for error messages.

Duplicate keys are an error (PyYAML silently keeps the last one). Values are built with the
safe loader only; the node tree is kept so that a validation error's location can be turned
into a line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ikm_sim.errors import ScenarioError


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that rejects a key repeated in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
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
        return super().construct_mapping(node, deep=deep)


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
    """Read and parse a YAML file safely.

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
        The file is missing, unreadable, not UTF-8, not valid YAML or has a duplicate key.
    """
    if not path.exists():
        raise ScenarioError(f"{path}: scenario file not found")
    if path.is_dir():
        raise ScenarioError(f"{path}: is a directory, not a scenario file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise ScenarioError(f"{path}{line}: not valid YAML: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from None
    return YamlDocument(path, data, root)
