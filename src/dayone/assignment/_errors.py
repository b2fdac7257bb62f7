"""Errors raised by the assignment engine."""

from __future__ import annotations


class AssignmentError(Exception):
    """Base class for every error raised by :mod:`dayone.assignment`."""


class InvalidExperimentError(AssignmentError, ValueError):
    """An experiment definition that cannot be assigned (weights, coverage, namespace...)."""


class InvalidConditionError(AssignmentError, ValueError):
    """A targeting condition that uses an unknown operator or an operand of the wrong type."""


class InvalidIdError(AssignmentError, TypeError):
    """A unit id that is not a string or an integer."""
