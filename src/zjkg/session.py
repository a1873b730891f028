"""The store a notebook session shares: the report's own, opened on first use and kept."""

from __future__ import annotations

from functools import cache

__all__ = ["default_store"]


@cache
def default_store():
    """The report's own store (:func:`zjkg.store.open_store`), opened once per process."""
    from .store import open_store

    return open_store()
