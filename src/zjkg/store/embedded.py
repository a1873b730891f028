"""The embedded pyoxigraph store: loaded from RDF files into memory, or an on-disk store opened read-only."""

from __future__ import annotations

import re
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
            if self.files and not len(oxigraph):  # `validate --data empty.ttl` listed 130 problems, `serves` "no goal matches"
                raise InputError(f"{', '.join(str(f) for f in self.files)}: no triples to load (the data is empty)")
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
            raise QuerySyntaxError(syntax_message(text, str(error))) from None
        except OSError as error:
            raise InputError(f"query failed: {error}") from None
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            return RowStream(variables, _rows(answer, variables))
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return list(answer)


_AT = re.compile(r"error at (\d+):(\d+)")


def syntax_message(text: str, error: str) -> str:
    """The parser's error in one line: an undeclared prefix named, with the PREFIX line to add when
    it is one of zjkg's (the parser listed five lines of Unicode ranges around "Prefix not found");
    else its first line."""
    from ..namespace import PREFIXES

    where = _AT.search(error)
    if "Prefix not found" in error and where:
        # The first prefix used and not declared, IRIs and strings aside.
        bare = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", text)
        declared = {p.lower() for p in re.findall(r"PREFIX\s+([\w-]*):", bare, re.IGNORECASE)}
        used = [p for p in re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):(?=[\w-])", bare) if p.lower() not in declared]
        if used:
            prefix = used[0]
            known = f" (add: PREFIX {prefix}: <{PREFIXES[prefix]}>)" if prefix in PREFIXES else ""
            return f"SPARQL syntax error at {where.group(1)}:{where.group(2)}: the prefix {prefix}: is not declared{known}"
    first = error.splitlines()[0] if error else error
    return f"SPARQL syntax error: {first}" + (" …" if "\n" in error else "")


def _rows(solutions: ox.QuerySolutions, variables: list[str]):
    # Iterating a solution yields its terms in variable order: half the cost of row[name] per cell.
    try:
        for row in solutions:
            yield {v: term for v, term in zip(variables, row) if term is not None}
    except OSError as error:  # the engine reads lazily: a failure can come after the first rows
        raise InputError(f"query failed: {error}") from None
