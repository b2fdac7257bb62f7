"""Errors raised by the warehouse-native experiment analysis."""

from __future__ import annotations


class ExperimentError(Exception):
    """Base class for every error raised by :mod:`dayone.experiments`."""


class InvalidSpecError(ExperimentError, ValueError):
    """An analysis definition that cannot be run (unknown kind, bad identifier, bad window)."""


class AnalysisQueryError(ExperimentError):
    """The warehouse refused the analysis query (a missing table or column, usually)."""


class ExposureBatchError(ExperimentError, ValueError):
    """A batch of exposure events that is malformed, too large or refers to unknown keys.

    Nothing of a rejected batch is written.
    """
