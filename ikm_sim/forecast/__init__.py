"""A new year's published figures: checks, re-anchoring, stored forecast and its errors."""
