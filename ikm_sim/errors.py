"""Errors that reach users as a clear message, never as a traceback.

Every error raised for bad input (a data file, a scenario, a command-line argument) is an
`IkmSimError`; the CLI and the app print its message and stop.
"""

from __future__ import annotations


class IkmSimError(Exception):
    """A problem with the user's input, explained in plain words."""


class DataError(IkmSimError):
    """A data directory does not follow the table contract.

    Parameters
    ----------
    problems : list of str
        One line per problem: file, line, column, what was found and what was expected.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ScenarioError(IkmSimError):
    """A scenario file is malformed or asks for something the model does not have."""


class ModelError(IkmSimError):
    """The model file cannot be translated or run."""
