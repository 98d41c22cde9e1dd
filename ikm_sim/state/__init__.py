"""The model's state at a school year: re-anchored to published totals, or as known at an origin."""
