"""What every store offers: SELECT rows, and the raw answer of any query."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InputError

__all__ = ["Store", "Rows", "RowStream", "Term"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Rows:
    """A SELECT answer: the projected variables, in query order, and the rows as dicts."""

    variables: list[str]
    rows: list[dict[str, Term]]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


@dataclass
class RowStream:
    """A SELECT answer read one row at a time (:meth:`Store.stream`): for dumps in constant memory."""

    variables: list[str]
    rows: Iterator[dict[str, Term]]

    def __iter__(self):
        return self.rows


class Store:
    """A graph zjkg can ask: embedded (in memory or on disk) or a remote SPARQL endpoint.

    Every question goes through :meth:`select` (rows of pyoxigraph terms, in the order the query
    gives) or :meth:`query` (the raw answer: rows, a boolean or triples). Parameters are always
    bound, never pasted into the query text.
    """

    description = ""
    names = None  # a name and text index (zjkg.store.textindex.TextIndex): only a persistent store has one
    ranking_path = None  # where a persistent store keeps its search index (zjkg.ranking), opened when first searched

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        """Run ``text`` with ``bindings`` bound. ``narrowing`` may list, per variable, values known to
        include every answer's (from an index); a store may use them to start there, or ignore them."""
        raise NotImplementedError

    def stream(self, text: str, bindings: Mapping[str, Term] | None = None, *,
               narrowing: Mapping[str, list[Term]] | None = None):
        """As :meth:`query`, but a SELECT answer is a :class:`RowStream`, its rows made as they are read.
        This default reads the whole answer first; a store that can do better overrides it."""
        answer = self.query(text, bindings, narrowing=narrowing)
        return RowStream(answer.variables, iter(answer.rows)) if isinstance(answer, Rows) else answer

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        answer = self.query(text, bindings)
        if not isinstance(answer, Rows):
            raise InputError("expected a SELECT query")
        return answer
