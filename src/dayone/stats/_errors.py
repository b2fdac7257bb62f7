"""Errors and warnings raised by the statistics engine."""

from __future__ import annotations


class StatError(Exception):
    """Base class for every error raised by :mod:`dayone.stats`."""


class InvalidStatsError(StatError, ValueError):
    """Sufficient statistics or settings that cannot describe real data.

    The message names the offending field, for example ``MeanStats.n``.
    """


class SampleRatioMismatchWarning(UserWarning):
    """The observed split of units across variants does not match the configured weights.

    When this fires, the assignment or the exposure logging is broken and no metric result of
    the experiment can be trusted until the cause is found.
    """
