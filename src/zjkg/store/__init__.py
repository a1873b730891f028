"""Where the graph lives, behind one small interface: :class:`Store`.

- :mod:`~zjkg.store.embedded`: pyoxigraph in memory (loaded from files) or on disk (read-only);
- :mod:`~zjkg.store.persistent`: the on-disk store, built once, rebuilt when its files change;
- :mod:`~zjkg.store.remote`: any SPARQL 1.1 endpoint;
- :mod:`~zjkg.store.binding`: how parameters are bound (never pasted into query text);
- :mod:`~zjkg.store.textindex`: the persistent store's name and text index;
- :mod:`~zjkg.store.files`: which files a path names and which graph each goes to.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..resources import default_data_files
from .base import Rows, RowStream, Store, Term
from .embedded import EmbeddedStore
from .files import GRAPH_BASE, data_files, graph_for
from .remote import RemoteStore

__all__ = ["Store", "Rows", "RowStream", "Term", "EmbeddedStore", "RemoteStore", "open_store", "data_files", "graph_for",
           "GRAPH_BASE"]


def open_store(data: Iterable[Path | str] | None = None, endpoint: str | None = None,
               store_path: Path | str | None = None) -> Store:
    """An endpoint if given, else the given files (or the report's own), in memory or, with
    ``store_path``, in a persistent on-disk store.

    >>> store = open_store()
    >>> len(store.select("SELECT ?m WHERE { ?m a <https://w3id.org/zjkg/ontology#Measure> }"))
    30
    """
    if endpoint:
        return RemoteStore(endpoint)
    if store_path is not None:
        from .persistent import persistent_store  # sqlite3 and the build: only for a persistent store

        return persistent_store(store_path, list(data) if data else None)
    return EmbeddedStore(list(data) if data else default_data_files())
