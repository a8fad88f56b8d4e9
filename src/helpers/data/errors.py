"""The one error the data loaders raise: :class:`DataError`, naming the file and the fault."""

from __future__ import annotations


class DataError(ValueError):
    """A data file is missing, empty or does not match its schema."""
