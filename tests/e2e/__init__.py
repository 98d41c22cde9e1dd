"""Browser tests driving the real app in Chromium."""
