"""The embedded pyoxigraph store: loaded from RDF files into memory, or an on-disk store opened read-only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, QuerySyntaxError
from .base import Rows, RowStream, Store, Term
from .binding import query_bound
from .files import data_files, load_files

__all__ = ["EmbeddedStore"]


class EmbeddedStore(Store):
    """A pyoxigraph store: in memory, loaded from RDF files (Turtle, N-Triples, RDF/XML, JSON-LD...),
    or an on-disk store opened read-only (see :func:`zjkg.store.persistent.persistent_store`).

    ``oxigraph`` is the underlying :class:`pyoxigraph.Store`.
    """

    def __init__(self, files: Iterable[Path | str] = (), *, oxigraph: ox.Store | None = None, description: str = "",
                 names=None, ranking_path: Path | None = None):
        self.files = data_files(files)
        if oxigraph is None:
            oxigraph = ox.Store()
            load_files(oxigraph, self.files)
        self.oxigraph = oxigraph
        self.description = description or ", ".join(str(f) for f in self.files)
        self.names = names  # a persistent store's name and text index, else None
        self.ranking_path = ranking_path  # a persistent store's search index, else None

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        answer = self.stream(text, bindings, narrowing=narrowing)
        if isinstance(answer, RowStream):
            return Rows(answer.variables, list(answer.rows))
        return answer

    def stream(self, text: str, bindings: Mapping[str, Term] | None = None, *,
               narrowing: Mapping[str, list[Term]] | None = None):
        try:
            answer = query_bound(self.oxigraph, text, bindings, narrowing)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from None
        except OSError as error:
            raise InputError(f"query failed: {error}") from None
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            return RowStream(variables, _rows(answer, variables))
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return list(answer)


def _rows(solutions: ox.QuerySolutions, variables: list[str]):
    # Iterating a solution yields its terms in variable order: half the cost of row[name] per cell.
    try:
        for row in solutions:
            yield {v: term for v, term in zip(variables, row) if term is not None}
    except OSError as error:  # the engine reads lazily: a failure can come after the first rows
        raise InputError(f"query failed: {error}") from None
