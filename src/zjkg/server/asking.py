"""``/ask`` on the endpoint: the library's router over a store whose queries the worker pool runs.

The server process holds no copy of the data: :class:`PoolStore` is a :class:`~zjkg.store.Store`
that sends each SELECT to the pool (the workers hold the data, under the same deadline as every
other query) and reads the SPARQL JSON results back. The search index is built from it once per
server (or, with ``--store``, opened from the persistent store), so ``/ask`` answers exactly as
``zjkg ask`` does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from ..errors import EndpointError, InputError
from ..store.base import Rows, Store, Term
from .codec import to_spec

__all__ = ["PoolStore"]

_JSON = "application/sparql-results+json"


class PoolStore(Store):
    """The pool's workers as a store, for code running in a thread beside the event loop ``loop``."""

    def __init__(self, pool, loop: asyncio.AbstractEventLoop, *, names=None, ranking_path: Path | None = None):
        self.pool, self.loop = pool, loop
        self.names, self.ranking_path = names, ranking_path
        self.description = "the endpoint's workers"

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        specs = {name: to_spec(term) for name, term in (bindings or {}).items()}
        narrowed = {name: [to_spec(term) for term in terms] for name, terms in (narrowing or {}).items()}
        future = asyncio.run_coroutine_threadsafe(self.pool.run(text, specs, [_JSON], narrowed), self.loop)
        answer = future.result()
        if answer.status != 200:
            message = answer.body.decode("utf-8", "replace")
            raise (InputError if answer.status < 500 else EndpointError)(f"the query failed ({answer.status}): {message}")
        solutions = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        if isinstance(solutions, ox.QueryBoolean):
            return bool(solutions)
        variables = [v.value for v in solutions.variables]
        return Rows(variables, [{v: term for v, term in zip(variables, row) if term is not None} for row in solutions])
