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
from pathlib import Path

from .worker import Answer, serve_queries

__all__ = ["QueryPool", "QueryTimeout", "MemoryLimit", "WorkerCrashed", "DEFAULT_MAX_MEMORY_MB"]


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


class _Worker:
    def __init__(self, context, files: list[str], max_rows: int, store_path: str | None):
        parent, child = context.Pipe()
        self.connection = parent
        self.process = context.Process(target=serve_queries, args=(child, files, max_rows, store_path, os.getpid()),
                                       daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def worker_context():
    """Where workers come from: forked from a clean forkserver process that has already imported the
    worker's code (:mod:`.worker`, pyoxigraph among its imports) (never the event loop's own process, which holds threads), so a
    replacement after a killed query answers in tens of milliseconds, not the ~0.1 s of a fresh
    interpreter; spawn where forkserver is missing (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["zjkg.server.worker"])
    return context


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
        self._context = worker_context()
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
