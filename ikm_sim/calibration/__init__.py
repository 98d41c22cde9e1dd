"""Calibration on registry history: targets, fit, statistics, report and backtests."""
