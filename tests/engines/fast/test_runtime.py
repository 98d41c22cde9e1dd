"""The fast engine's runtime rules, one by one (PySD 3.14's semantics)."""

from __future__ import annotations

import numpy as np
import pytest

from ikm_sim.engines.fast import runtime as rt


def test_a_lookup_interpolates_and_holds_its_end_values() -> None:
    table = rt.Table([2000, 2010, 2020], [[1.0, 10.0], [2.0, 20.0], [4.0, 40.0]])
    np.testing.assert_array_equal(rt.lookup(table, 2010), [2.0, 20.0])
    np.testing.assert_allclose(rt.lookup(table, 2015), [3.0, 30.0])
    np.testing.assert_array_equal(rt.lookup(table, 1990), [1.0, 10.0])
    np.testing.assert_array_equal(rt.lookup(table, 2030), [4.0, 40.0])


def test_lookup_kinds_hold_backward_and_extrapolate() -> None:
    hold = rt.Table([0, 10], [0.0, 10.0], "hold_backward")
    assert rt.lookup(hold, 9.9) == 0.0 and rt.lookup(hold, 10) == 10.0
    ext = rt.Table([0, 10], [0.0, 10.0], "extrapolate")
    assert rt.lookup(ext, 15) == pytest.approx(15.0) and rt.lookup(ext, -5) == pytest.approx(-5.0)


def test_an_unsorted_table_is_sorted_and_a_constant_table_ignores_its_argument() -> None:
    table = rt.Table([10, 0], [1.0, 0.0])
    assert rt.lookup(table, 5) == pytest.approx(0.5)
    constant = rt.Table.constant(np.array([3.0, 4.0]))
    np.testing.assert_array_equal(rt.lookup(constant, -1e9), [3.0, 4.0])


def test_an_array_argument_looks_up_each_element_in_its_own_column() -> None:
    table = rt.Table([0, 10], [[0.0, 100.0], [10.0, 200.0]])
    x = np.array([5.0, 20.0])
    np.testing.assert_allclose(rt.lookup_array(table, table.ys, x), [5.0, 200.0])


def test_xidz_and_zidz_treat_tiny_denominators_as_zero() -> None:
    assert rt.xidz(1.0, 1e-7, 9.0) == 9.0 and rt.xidz(1.0, 2.0, 9.0) == 0.5
    np.testing.assert_array_equal(
        rt.xidz(np.ones(3), np.array([0.0, 2.0, -1e-7]), 7.0), [7, 0.5, 7]
    )
    np.testing.assert_array_equal(rt.zidz(np.ones(2), np.array([0.0, 4.0])), [0.0, 0.25])


def test_time_functions() -> None:
    assert rt.step(4.6, 1.0, 3.0, 5.0) == 3.0 and rt.step(4.4, 1.0, 3.0, 5.0) == 0.0
    assert rt.ramp(6.0, 2.0, 2.0, 4.0) == pytest.approx(4.0)
    assert rt.ramp(1.0, 2.0, 2.0) == 0.0
    assert float(rt.pulse(3.2, 1.0, 3.0, 1.0)) == 1.0 and float(rt.pulse(4.0, 1.0, 3.0, 1.0)) == 0.0


def test_a_unit_time_step_is_skipped_exactly() -> None:
    x = np.array([0.1, -0.0, 1e300])
    assert rt.per_step(x, 1.0) is x and rt.times_step(x, 1.0) is x
    np.testing.assert_array_equal(rt.per_step(x, 0.5), x / 0.5)


def test_a_delay_fixed_pipeline_returns_its_input_after_the_delay() -> None:
    node = {
        "kind": "delay_fixed",
        "fn": {"initial": lambda v: 1.0, "time": lambda v: 3.0, "input": lambda v: v["x"]},
    }
    state = rt.State("d", node)
    assert state.initialize({}, 1.0) == 1.0
    out = [state.update(float(x), 1.0) for x in (10, 11, 12, 13, 14)]
    assert out == [1.0, 1.0, 10.0, 11.0, 12.0]
