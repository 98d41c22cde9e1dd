"""Errors that reach users as a clear message, never as a traceback.

Every error raised for bad input (a data file, a scenario, a command-line argument) is an
`IkmSimError`; the CLI and the app print its message and stop.
"""

from __future__ import annotations


def printable(text: str, keep_newlines: bool = True) -> str:
    r"""`text` with every character a terminal would not print as itself escaped.

    Control characters, line and paragraph separators and the like (``\x1b``, ``\x85``,
    ``\u2028``) come from the user's files into messages; escaped, they can neither split a
    message line nor send escape sequences to the terminal. Newlines separate problems and
    are kept unless `keep_newlines` is False.

    Parameters
    ----------
    text : str
        A message.
    keep_newlines : bool, optional
        Keep ``\n`` as it is (default True).

    Returns
    -------
    str
    """
    if text.isprintable():
        return text
    return "".join(
        c
        if c.isprintable() or (keep_newlines and c == "\n")
        else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def one_line(text: str) -> str:
    """`text` made `printable` with its newlines escaped too: one message line."""
    return printable(text, keep_newlines=False)


class IkmSimError(Exception):
    """A problem with the user's input, explained in plain words (made `printable`)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(printable(a) if isinstance(a, str) else a for a in args))


class DataError(IkmSimError):
    """A data directory does not follow the table contract.

    Parameters
    ----------
    problems : list of str
        One line per problem: file, line, column, what was found and what was expected.
    """

    def __init__(self, problems: list[str]):
        self.problems = [printable(p, keep_newlines=False) for p in problems]
        super().__init__("\n".join(self.problems))


class ScenarioError(IkmSimError):
    """A scenario file is malformed or asks for something the model does not have."""


class ModelError(IkmSimError):
    """The model file cannot be translated or run."""
