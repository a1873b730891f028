"""A pool of worker processes that run SPARQL queries where a crash or a runaway can be killed.

pyoxigraph's Python API has no time limit or cancellation, and some queries abort the whole
process (deep nesting, sorting mixed terms). So each query runs in a worker process holding its
own copy of the store in memory (or the persistent on-disk store, opened read-only); the server
waits for the answer with a deadline, and a worker that overruns or dies is killed and replaced
while the others keep serving.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QueryPool", "Answer", "QueryTimeout", "WorkerCrashed"]


class QueryTimeout(Exception):
    pass


class WorkerCrashed(Exception):
    pass


@dataclass
class Answer:
    """What a worker sends back: ``status`` 200 with a body, or an error status with a message."""

    status: int
    media_type: str
    body: bytes
    kind: str = ""  # "select", "ask" or "graph"


def _open(files: list[str], store_path: str | None):
    """The worker's store: its own copy in memory of ``files``, or the on-disk store at ``store_path``
    opened read-only (RocksDB lets every worker open it at once: nothing to load, little memory)."""
    if store_path:
        from ..store.persistent import open_read_only

        return open_read_only(store_path)
    from ..store import EmbeddedStore

    return EmbeddedStore(files).oxigraph


def _serve(connection, files: list[str], max_rows: int, store_path: str | None = None) -> None:
    """The worker's loop: open the store once, then answer one request at a time."""
    from ..store.binding import query_bound
    from .codec import from_spec

    store = _open(files, store_path)
    connection.send("ready")
    while True:
        try:
            text, bindings, narrowing, accepted = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = query_bound(store, text, {name: from_spec(spec) for name, spec in bindings.items()},
                                 {name: [from_spec(spec) for spec in specs] for name, specs in narrowing.items()})
            reply = _reply(answer, accepted, max_rows)
        except SyntaxError as error:
            reply = _refusal(str(error))
        except ResultTooLarge as error:
            reply = _refusal(str(error))
        except (OSError, ValueError, RuntimeError) as error:
            reply = _refusal(f"the query failed: {error}")
        connection.send(reply)


def _refusal(message: str) -> Answer:
    return Answer(400, "application/json", message.encode("utf-8"))


def _reply(answer, accepted: list[str], max_rows: int) -> Answer:
    """The answer in the first accepted format its kind can be written in, or a 406 naming the kind."""
    import pyoxigraph as ox

    from .result_formats import GRAPH_TYPES, RESULT_TYPES, SELECT_TYPES, choose, writable_as_rdf_xml, write_boolean, write_results

    kind = "select" if isinstance(answer, ox.QuerySolutions) else "ask" if isinstance(answer, ox.QueryBoolean) else "graph"
    media = choose(accepted, GRAPH_TYPES if kind == "graph" else SELECT_TYPES)
    if media is None:
        return Answer(406, "application/json", b"", kind)
    if kind == "ask":
        return Answer(200, media, write_boolean(bool(answer), RESULT_TYPES[media]), kind)
    if kind == "select":
        variables = [v.value for v in answer.variables]
        rows = [{v: term for v, term in zip(variables, row) if term is not None} for row in _capped(answer, max_rows, "rows")]
        return Answer(200, media, write_results(variables, rows, RESULT_TYPES[media]), kind)
    triples = list(_capped(answer, max_rows, "triples"))
    if media == "application/rdf+xml" and not writable_as_rdf_xml(triples):
        media = choose(accepted, [m for m in GRAPH_TYPES if m != media])
        if media is None:
            return Answer(406, "application/json", b"", kind)
    return Answer(200, media, ox.serialize(triples, format=ox.RdfFormat.from_media_type(media)) or b"", kind)


# The text a result may hold, summed over its terms: the row cap alone let 25 BINDs that double a
# string (under 1 kB of query) answer with 67 MB.
MAX_RESULT_CHARS = 10_000_000


def _capped(items, limit: int, what: str, max_chars: int = MAX_RESULT_CHARS):
    """The items, refusing (ResultTooLarge) at the first one past ``limit`` or past ``max_chars`` of text."""
    chars = 0
    for count, item in enumerate(items):
        if count == limit:
            raise ResultTooLarge(f"the result has more than {limit} {what}: add a LIMIT")
        chars += sum(len(term.value) for term in item if term is not None and not isinstance(term, tuple))
        if chars > max_chars:
            raise ResultTooLarge(f"the result holds more than {max_chars:,} characters of text (the endpoint's "
                                 f"response size limit): ask for less")
        yield item


class ResultTooLarge(Exception):
    pass


class _Worker:
    def __init__(self, context, files: list[str], max_rows: int, store_path: str | None):
        parent, child = context.Pipe()
        self.connection = parent
        self.process = context.Process(target=_serve, args=(child, files, max_rows, store_path), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryPool:
    """``size`` worker processes over the same files (or the same on-disk store at ``store_path``);
    :meth:`run` gives a query to a free one."""

    def __init__(self, files: list[Path], *, size: int = 2, timeout: float = 5.0, max_rows: int = 10_000,
                 store_path: Path | None = None):
        self.files = [str(f) for f in files]
        self.store_path = str(store_path) if store_path else None
        self.size, self.timeout, self.max_rows = size, timeout, max_rows
        self._context = multiprocessing.get_context("spawn")  # never fork an event loop's process
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        # User SPARQL may take every worker but one; the last is kept for the named queries, whose
        # shapes are known and bound. Two cross joins in flight used to leave nothing for anyone.
        self._open_slots = asyncio.Semaphore(max(1, size - 1))

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        worker = _Worker(self._context, self.files, self.max_rows, self.store_path)
        self._all.add(worker)
        try:
            ready = await asyncio.wait_for(asyncio.to_thread(worker.connection.recv), timeout=120)
        except (TimeoutError, EOFError, OSError) as error:
            self._all.discard(worker)
            worker.kill()
            raise RuntimeError(f"a query worker failed to start: {error!r}") from None
        assert ready == "ready"
        await self._idle.put(worker)

    async def run(self, text: str, bindings: dict, accepted: list[str], narrowing: dict | None = None, *,
                  open_query: bool = False) -> Answer:
        """Answer ``text`` with ``bindings`` ({variable: term spec}) and ``narrowing`` ({variable: [term
        spec]}, see :func:`zjkg.store.binding.query_bound`) in one of the workers.

        An ``open_query`` (a user's own SPARQL, whose cost nobody knows) waits for one of the
        ``size - 1`` open slots first, so one worker stays free for the named queries."""
        if not open_query:
            return await self._run(text, bindings, accepted, narrowing)
        async with self._open_slots:
            return await self._run(text, bindings, accepted, narrowing)

    async def _run(self, text: str, bindings: dict, accepted: list[str], narrowing: dict | None) -> Answer:
        worker = await self._idle.get()
        while not worker.process.is_alive():  # killed while idle: not this request's fault
            self._replace(worker)
            worker = await self._idle.get()
        try:
            worker.connection.send((text, bindings, narrowing or {}, accepted))
            answer = await asyncio.wait_for(asyncio.to_thread(worker.connection.recv), timeout=self.timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than the time limit of {self.timeout:g} s") from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerCrashed("the query engine crashed on this query; the server goes on") from None
        await self._idle.put(worker)
        return answer

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        asyncio.get_running_loop().create_task(self._spawn())

    async def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
