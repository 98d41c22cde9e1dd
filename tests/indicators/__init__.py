"""Tests of the derived measures (ikm_sim.indicators)."""
