"""What runs inside a query worker process: open the store once, answer one query at a time, end
with the server. The server's side, which hands out queries and kills and replaces workers, is
:mod:`.pool`."""

from __future__ import annotations

import os
import select
import signal
import threading
from dataclasses import dataclass

import pyoxigraph as ox

from ..store import EmbeddedStore
from ..store.binding import query_bound
from ..store.persistent import open_read_only
from .codec import from_spec
from .result_formats import GRAPH_TYPES, RESULT_TYPES, SELECT_TYPES, choose, writable_as_rdf_xml, write_boolean, write_results

__all__ = ["Answer", "serve_queries"]


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
        return open_read_only(store_path)
    return EmbeddedStore(files).oxigraph


def serve_queries(connection, files: list[str], max_rows: int, store_path: str | None, server_pid: int) -> None:
    """The worker's loop: open the store once, then answer one request at a time."""
    # A Ctrl-C in a terminal reaches the whole process group: the server stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(server_pid)
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


def _end_with(server_pid: int) -> None:
    """End this worker the moment the server process ends, even in the middle of a query: a server
    killed outright (SIGKILL, the OOM killer) closes no pipe that a busy worker reads, and its cross
    join would go on burning a core for good. A thread waits on the server's pidfd (Linux); pyoxigraph
    lets go of the GIL while it evaluates, so the thread runs."""
    if not hasattr(os, "pidfd_open"):
        return
    try:
        pidfd = os.pidfd_open(server_pid)
    except ProcessLookupError:
        os._exit(1)  # the server is already gone
    except OSError:
        return  # a kernel without pidfds: the pipe's EOF still ends an idle worker

    def wait() -> None:
        select.select([pidfd], [], [])
        os._exit(1)

    threading.Thread(target=wait, name="zjkg-end-with-server", daemon=True).start()


def _refusal(message: str) -> Answer:
    return Answer(400, "application/json", message.encode("utf-8"))


def _reply(answer, accepted: list[str], max_rows: int) -> Answer:
    """The answer in the first accepted format its kind can be written in, or a 406 naming the kind."""
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
