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
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QueryPool", "Answer", "QueryTimeout", "MemoryLimit", "WorkerCrashed", "DEFAULT_MAX_MEMORY_MB"]


# How long a user query judged light may hold the worker kept for named queries (see QueryPool.run).
LIGHT_TIMEOUT = 1.0
# How much a worker may grow while it runs one query, as the CLI's --max-memory: past it the worker
# is killed and replaced. A cross join sorted by ORDER BY grows a worker by a gigabyte a second.
DEFAULT_MAX_MEMORY_MB = 2048
_WATCH_EVERY = 0.02  # seconds between two looks at a busy worker's memory


class QueryTimeout(Exception):
    pass


class MemoryLimit(Exception):
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


def _rss_bytes(pid: int) -> int:
    """The resident memory of process ``pid``, 0 where it cannot be read (no /proc: no ceiling)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class QueryPool:
    """``size`` worker processes over the same files (or the same on-disk store at ``store_path``);
    :meth:`run` gives a query to a free one."""

    def __init__(self, files: list[Path], *, size: int = 2, timeout: float = 5.0, max_rows: int = 10_000,
                 store_path: Path | None = None, light_timeout: float = LIGHT_TIMEOUT,
                 max_memory_mb: int = DEFAULT_MAX_MEMORY_MB):
        self.files = [str(f) for f in files]
        self.store_path = str(store_path) if store_path else None
        self.size, self.timeout, self.max_rows, self.light_timeout = size, timeout, max_rows, light_timeout
        self.max_memory_mb = max_memory_mb  # 0: no ceiling
        self._context = multiprocessing.get_context("spawn")  # never fork an event loop's process
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._spawning: set[asyncio.Task] = set()  # replacements under way, cancelled by close()
        # One waiting thread per worker, apart from asyncio's shared threads (the guard's checks use
        # those): a busy worker's deadline and memory are watched from the moment it is given a query.
        self._watchers = ThreadPoolExecutor(max_workers=size, thread_name_prefix="zjkg-watch")
        # User SPARQL may take every worker but one; the last is kept for the named queries, whose
        # shapes are known and bound, and for user SPARQL that looks light (see run). Two cross
        # joins in flight used to leave nothing for anyone.
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
                  lane: str = "named") -> Answer:
        """Answer ``text`` with ``bindings`` ({variable: term spec}) and ``narrowing`` ({variable: [term
        spec]}, see :func:`zjkg.store.binding.query_bound`) in one of the workers.

        ``lane`` says where the query waits. "named" (the named queries, whose shapes are known):
        for any free worker. "open" (a user's own SPARQL, whose cost nobody knows): for one of the
        ``size - 1`` open slots first, so one worker stays free for the named queries. "light" (a
        user's SPARQL that :func:`zjkg.cost.is_light` calls cheap): an open slot if one is free at
        once, else any free worker, as a named query, under the short limit ``light_timeout``; past
        it, the worker is replaced and the query waits for an open slot with the full time limit."""
        if lane == "named":
            return await self._run(text, bindings, accepted, narrowing, self.timeout)
        if lane == "light" and self._open_slots.locked() and self.light_timeout < self.timeout:
            try:
                return await self._run(text, bindings, accepted, narrowing, self.light_timeout)
            except QueryTimeout:
                pass  # not light after all: it waits with the others
        async with self._open_slots:
            return await self._run(text, bindings, accepted, narrowing, self.timeout)

    async def _run(self, text: str, bindings: dict, accepted: list[str], narrowing: dict | None,
                   timeout: float) -> Answer:
        worker = await self._idle.get()
        while not worker.process.is_alive():  # killed while idle: not this request's fault
            self._replace(worker)
            worker = await self._idle.get()
        try:
            worker.connection.send((text, bindings, narrowing or {}, accepted))
            answer = await asyncio.get_running_loop().run_in_executor(self._watchers, self._receive, worker, timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than the time limit of {timeout:g} s") from None
        except MemoryLimit:
            self._replace(worker)
            raise MemoryLimit(f"the query used more than {self.max_memory_mb} MB of memory (the endpoint's memory "
                              "limit, serve --max-memory): add a LIMIT or narrow it") from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerCrashed("the query engine crashed on this query; the server goes on") from None
        await self._idle.put(worker)
        return answer

    def _receive(self, worker: _Worker, timeout: float) -> Answer:
        """Wait (in a thread) for the worker's answer; raise TimeoutError past ``timeout`` seconds,
        MemoryLimit once the worker has grown by more than ``max_memory_mb`` since the query began."""
        start, ceiling = time.monotonic(), self.max_memory_mb * 1024 * 1024
        base = _rss_bytes(worker.process.pid) if ceiling else 0
        while not worker.connection.poll(_WATCH_EVERY):
            if time.monotonic() - start > timeout:
                raise TimeoutError
            if base and _rss_bytes(worker.process.pid) - base > ceiling:
                raise MemoryLimit
        return worker.connection.recv()

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        task = asyncio.get_running_loop().create_task(self._spawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def close(self) -> None:
        for task in list(self._spawning):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._watchers.shutdown(wait=False, cancel_futures=True)
