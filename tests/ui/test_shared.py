"""Values derived from runs are made once for every session (`ikm_sim.ui.caches.shared`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from ikm_sim.ui import caches


class Counting:
    """A derived value that counts how often it was made."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, frame: Any, lang: str, names: dict[str, str] | None = None) -> list[Any]:
        self.calls += 1
        return [len(frame), lang, names]


@pytest.fixture
def derived() -> Iterator[caches._Derived]:
    caches._DERIVED.clear()
    yield caches._DERIVED
    caches._DERIVED.clear()


def test_same_objects_and_values_give_the_value_made_before(derived: caches._Derived) -> None:
    make, frame = Counting(), pd.DataFrame({"x": [1, 2]})
    first = caches.shared(make, frame, "lv", names={"MAT": "Matemātika"})
    again = caches.shared(make, frame, "lv", names={"MAT": "Matemātika"})
    assert again is first and make.calls == 1
    caches.shared(make, frame, "en", names={"MAT": "Matemātika"})
    caches.shared(make, frame, "lv", names={"MAT": "Mathematics"})
    assert make.calls == 3


def test_an_equal_but_other_table_is_another_key(derived: caches._Derived) -> None:
    make = Counting()
    caches.shared(make, pd.DataFrame({"x": [1]}), "lv")
    kept = pd.DataFrame({"x": [1]})
    caches.shared(make, kept, "lv")
    assert make.calls == 2


def test_a_freed_table_takes_its_entries_with_it(derived: caches._Derived) -> None:
    make, frame = Counting(), pd.DataFrame({"x": [1, 2]})
    caches.shared(make, frame, "lv")
    caches.shared(make, frame, "en")
    assert len(derived.entries) == 2
    del frame
    gc.collect()
    assert len(derived.entries) == 0


def test_entries_are_bounded(derived: caches._Derived) -> None:
    make, frame = Counting(), pd.DataFrame({"x": [1]})
    for i in range(caches.DERIVED_ENTRIES + 10):
        caches.shared(make, frame, str(i))
    assert len(derived.entries) == caches.DERIVED_ENTRIES
    caches.shared(make, frame, str(caches.DERIVED_ENTRIES + 9))  # the newest is kept
    assert make.calls == caches.DERIVED_ENTRIES + 10
    caches.shared(make, frame, "0")  # the oldest went first
    assert make.calls == caches.DERIVED_ENTRIES + 11


def test_an_argument_that_cannot_be_held_weakly_is_made_every_time(
    derived: caches._Derived,
) -> None:
    make = Counting()
    token = object()  # no weak references to a bare object
    caches.shared(make, [token], "lv")
    caches.shared(make, [token], "lv")
    assert make.calls == 2 and not derived.entries
