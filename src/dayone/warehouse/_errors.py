"""The error every part of the warehouse port raises."""

from __future__ import annotations


class WarehouseError(Exception):
    """A query or a table could not be read or written, or the engine could not be opened."""
