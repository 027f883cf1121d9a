"""Analytics' errors: one class the CLI turns into one clear line on stderr."""

from __future__ import annotations


class AnalyticsError(RuntimeError):
    """The analytics run cannot go on (bad period, bad configuration file, bad backend)."""
