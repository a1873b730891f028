"""``zjkg serve``: a read-only SPARQL 1.1 endpoint, the named queries over HTTP, and a query page.

Starlette routes over a :class:`~zjkg.server.pool.QueryPool`. Every query passes the shared guards
(:mod:`zjkg.guards`) before a worker sees it; the worker runs it under a deadline and can be
killed. Safe defaults: bound to 127.0.0.1, updates refused (403), SERVICE and LOAD refused, a time
limit (503 with a JSON body), a request size cap (413), a row cap, no CORS unless asked (and then
``*``, never the caller's Origin reflected), static files only from the package's own folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from importlib.resources import files as package_files
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..cost import is_light
from ..errors import InputError, NotFound, QueryRefused, ZjkgError
from ..guards import check_query
from ..queries import bind_parameters, get_query, list_queries, narrowing_for
from ..store.persistent import open_index, pinned_snapshot, release_snapshot
from .codec import to_spec
from .linked_data import ontology, resource, service_description, void
from .pool import DEFAULT_MAX_MEMORY_MB, MemoryLimit, QueryPool, QueryTimeout, WorkerCrashed
from .result_formats import GRAPH_TYPES, SELECT_TYPES, accepted_types, choose

__all__ = ["create_app", "serve", "MAX_BODY_BYTES"]

MAX_BODY_BYTES = 1_000_000
_STATIC = package_files("zjkg") / "static"
_REFUSAL_STATUS = {"update": 403, "service": 403, "size": 413, "nesting": 400, "operators": 400, "syntax": 400}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def _accepted(request: Request) -> list[str]:
    return accepted_types(request.headers.get("accept", ""))


def _offers(accepted: list[str], offered: list[str]) -> bool:
    return choose(accepted, offered) is not None


class BodyLimit:
    """Pure ASGI middleware: refuse a request body over ``limit`` bytes with 413, before reading it all."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _error(413, f"the request body is over {self.limit} bytes")(scope, receive, send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _error(413, f"the request body is over {self.limit} bytes")(scope, receive, send)


class _TooLarge(Exception):
    pass


async def _answer(request: Request, text: str, bindings: dict | None = None, narrowing: dict | None = None, *,
                  user_query: bool = False) -> Response:
    accepted = _accepted(request)
    if not any(_offers(accepted, offered) for offered in (SELECT_TYPES, GRAPH_TYPES)):
        return _error(406, "none of the accepted types can be produced: ask for " + ", ".join(SELECT_TYPES + GRAPH_TYPES))
    try:
        # In a thread: a query of up to the size limit takes up to ~0.1 s to check, and the event
        # loop keeps answering everyone else meanwhile.
        lane = await asyncio.to_thread(_lane, text, user_query)
    except QueryRefused as refusal:
        return _error(_REFUSAL_STATUS.get(refusal.reason, 400), str(refusal))
    try:
        result = await request.app.state.pool.run(text, bindings or {}, accepted, narrowing, lane=lane)
    except (QueryTimeout, MemoryLimit) as error:
        return _error(503, str(error))
    except WorkerCrashed as error:
        return _error(500, str(error))
    if result.status == 406:
        offered = SELECT_TYPES if result.kind in ("select", "ask") else GRAPH_TYPES
        return _error(406, f"a {result.kind} result can be sent as {', '.join(offered)}")
    if result.status != 200:
        return _error(result.status, result.body.decode("utf-8"))
    media = result.media_type + ("; charset=utf-8" if result.media_type.startswith("text/") or "json" in result.media_type else "")
    return Response(result.body, media_type=media)


def _lane(text: str, user_query: bool) -> str:
    """Check ``text`` (raise QueryRefused) and say where it waits for a worker (QueryPool.run)."""
    check_query(text)
    if not user_query:
        return "named"
    return "light" if is_light(text) else "open"


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol: GET, POST form, POST application/sparql-query; the service description."""
    if request.method in ("GET", "HEAD"):
        try:
            pairs = parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as error:
            return _error(400, f"the query string is not UTF-8 once decoded (byte {error.start})")
    else:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as error:
            return _error(400, f"the request body is not UTF-8 (byte {error.start})")
        if kind == "application/sparql-query":
            pairs = [("query", body)]
        elif kind == "application/sparql-update":
            return _error(403, "updates are refused: zjkg's endpoint is read-only")
        elif kind == "application/x-www-form-urlencoded":
            try:
                pairs = parse_qsl(body, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError as error:
                return _error(400, f"the form is not UTF-8 once decoded (byte {error.start})")
        else:
            return _error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if sum(1 for key, _ in pairs if key == "query") > 1:
        return _error(400, "give one query parameter: the SPARQL protocol allows exactly one")
    params = dict(pairs)
    if "update" in params:
        return _error(403, "updates are refused: zjkg's endpoint is read-only")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return _error(400, "default-graph-uri and named-graph-uri are not supported: the dataset is fixed")
    if "query" not in params:
        return await service_description(request)
    return await _answer(request, params["query"], user_query=True)


async def query_list(request: Request) -> Response:
    """The named queries with their parameters and text."""
    return JSONResponse([{"name": q.name, "summary": q.summary, "description": q.description, "tags": list(q.tags),
                          "params": {p.lstrip("_"): d for p, d in q.params.items()}, "query": q.text}
                         for q in list_queries()])


async def named_query(request: Request) -> Response:
    """/queries/NAME?param=value: one named query with its parameters bound."""
    try:
        query = get_query(request.path_params["name"])
        terms = bind_parameters(query, dict(request.query_params))
    except NotFound as error:
        return _error(404, str(error))
    except ZjkgError as error:
        return _error(400, str(error))
    name_index = request.app.state.name_index
    # The index lookup is SQLite (milliseconds to a fifth of a second at 3M triples): off the event loop.
    narrowing = await asyncio.to_thread(narrowing_for, name_index, query.name, terms) if name_index else None
    return await _answer(request, query.text, {name: to_spec(term) for name, term in terms.items()},
                         {name: [to_spec(term) for term in candidates] for name, candidates in (narrowing or {}).items()})


async def ask(request: Request) -> Response:
    """/ask?q=QUESTION: the question routed to a named query, answered as ``zjkg ask --format json``."""
    from ..ask import ask as answer_question
    from .asking import PoolStore

    question = request.query_params.get("q", "")
    if not question.strip():
        return _error(400, "give the question as ?q=, e.g. /ask?q=哪些措施服务于民生保障")
    if len(question) > 1000:
        return _error(400, "the question is over 1000 characters")
    state = request.app.state
    if state.ask_store is None:
        store_path = state.store_path
        state.ask_store = PoolStore(state.pool, asyncio.get_running_loop(), names=state.name_index,
                                    ranking_path=None if store_path is None else _ranking_path(store_path))
    try:
        # The router is plain Python and asks the pool for rows: a thread, off the event loop
        # (one at a time: its first call builds the search index the next ones share).
        async with state.ask_lock:
            answer = await asyncio.to_thread(answer_question, state.ask_store, question)
    except (QueryTimeout, MemoryLimit) as error:
        return _error(503, str(error))
    except ZjkgError as error:
        return _error(400 if error.exit_code == 2 else 500, str(error))
    if "explain" not in request.query_params:
        answer.pop("reading", None)
    return JSONResponse(answer)


def _ranking_path(store_path: Path) -> Path:
    from ..ranking import DIRECTORY

    return Path(store_path) / DIRECTORY


async def index(request: Request) -> Response:
    return FileResponse(str(_STATIC / "index.html"), media_type="text/html; charset=utf-8")


async def _no_content(request: Request) -> Response:
    return Response(status_code=204)


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette):
    await app.state.pool.start()
    try:
        yield
    finally:
        await app.state.pool.close()
        if app.state.snapshot is not None:
            release_snapshot(app.state.snapshot)


def create_app(data_files: list[Path], *, store_path: Path | None = None, timeout: float = 5.0, workers: int = 2,
               max_rows: int = 10_000, cors: bool = False, max_body: int = MAX_BODY_BYTES,
               max_memory_mb: int = DEFAULT_MAX_MEMORY_MB) -> Starlette:
    """The endpoint as an ASGI app; the worker pool starts with the app and stops with it.

    The workers load ``data_files`` into memory, or, given ``store_path`` (a persistent store that
    :func:`zjkg.store.persistent.persistent_store` built), open it read-only; its name index then
    narrows the named queries it can, as ``zjkg query`` does.
    """
    middleware = [Middleware(BodyLimit, limit=max_body)]
    if cors:
        # A fixed "*": the caller's Origin is never reflected, and no credentials are allowed.
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["Content-Type", "Accept"], allow_credentials=False))
    app = Starlette(routes=[
        Route("/", index),
        Route("/favicon.ico", _no_content),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", query_list),
        Route("/queries/{name}", named_query),
        Route("/ask", ask),
        Route("/id/{path:path}", resource),
        Route("/ontology", ontology),
        Route("/.well-known/void", void),
        Mount("/static", StaticFiles(directory=str(_STATIC)), name="static"),
    ], middleware=middleware, lifespan=_lifespan)
    # One consistent snapshot per server: the workers and the name index read a hard-linked copy
    # of the store taken now, so a rebuild of store_path while serving changes no answer.
    app.state.snapshot = pinned_snapshot(store_path) if store_path is not None else None
    app.state.pool = QueryPool(list(data_files), size=workers, timeout=timeout, max_rows=max_rows,
                               store_path=app.state.snapshot, max_memory_mb=max_memory_mb)
    app.state.name_index = open_index(app.state.snapshot) if store_path is not None else None
    # /ask reads the same snapshot as the workers.
    app.state.store_path, app.state.ask_store, app.state.ask_lock = app.state.snapshot, None, asyncio.Lock()
    # Made on first request and kept (the data is read-only): the dataset's counts, the ontology's page.
    app.state.statistics, app.state.statistics_lock = None, asyncio.Lock()
    app.state.ontology_html, app.state.ontology_lock = None, asyncio.Lock()
    return app


def serve(data_files: list[Path], *, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Run the endpoint with uvicorn until interrupted."""
    import socket

    import uvicorn

    with socket.socket() as probe:  # a busy port is one clear line, before the banner and the workers
        try:
            probe.bind((host, port))
        except OSError as error:
            from ..atomic import describe_os_error

            raise InputError(f"cannot listen on {host}:{port}: {describe_os_error(error)}") from None
    app = create_app(data_files, **options)
    print(json.dumps({"serving": f"http://{host}:{port}/", "sparql": f"http://{host}:{port}/sparql"}), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
