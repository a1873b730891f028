"""The endpoint's parts in process, without a server. The body limit: the middleware in a trivial app, placed as create_app
places it (inside Starlette's error middleware, so a body found too large while read is a 413, not a 500). The lanes,
Accept headers, and the worker pool driven directly."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from zjkg.resources import ontology_file
from zjkg.server.app import BodyLimit
from zjkg.server.pool import QueryPool, QueryTimeout

JSON_RESULTS = ["application/sparql-results+json"]
# A cross join over the ontology alone: well past the pool tests' time limits.
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


async def _echo(request):
    return PlainTextResponse(str(len(await request.body())))


@pytest.fixture
def client():
    started = []

    @contextlib.asynccontextmanager
    async def lifespan(app):
        started.append(True)  # the lifespan scope reaches the app through the middleware
        yield

    app = Starlette(routes=[Route("/", _echo, methods=["POST"])], lifespan=lifespan,
                    middleware=[Middleware(BodyLimit, limit=10)])
    with TestClient(app) as client:
        assert started == [True]
        yield client


def test_a_body_at_the_limit_passes(client):
    response = client.post("/", content=b"x" * 10)
    assert (response.status_code, response.text) == (200, "10")


def test_a_declared_length_over_the_limit_is_413_before_the_body_is_read(client):
    response = client.post("/", content=b"x" * 11)
    assert response.status_code == 413
    assert response.json()["error"] == "the request body is over 10 bytes"


def test_a_chunked_body_over_the_limit_is_413(client):
    response = client.post("/", content=iter([b"x" * 6, b"x" * 6]))  # no Content-Length: counted as read
    assert "content-length" not in response.request.headers
    assert response.status_code == 413 and response.json()["error"] == "the request body is over 10 bytes"


@pytest.mark.parametrize("text, user_query, lane", [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", False, "named"),  # a named query waits in its own lane
    ("ASK { ?s ?p ?o }", True, "light"),
    ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", True, "open"),
])
def test_each_query_waits_in_its_lane(text, user_query, lane):
    from zjkg.server.app import _lane

    assert _lane(text, user_query) == lane


@pytest.mark.parametrize("header, types", [
    ("", ["*/*"]),  # no header: anything
    ("text/turtle;q=0.5, application/ld+json", ["application/ld+json", "text/turtle"]),  # by quality
    ("x/y;q=0.5, z/w;q=0.5", ["x/y", "z/w"]),  # ties in header order
    ("a/b;q=0, c/d", ["c/d"]), ("a/b;q=high, c/d", ["c/d"]),  # refused, or a quality that is no number
    ("A/B , c/d; charset=utf-8", ["a/b", "c/d"]),  # case folded, other parameters ignored
    (", ,", []),
])
def test_accept_headers_are_read_by_quality(header, types):
    from zjkg.server.result_formats import accepted_types

    assert accepted_types(header) == types


@pytest.mark.parametrize("accepted, chosen", [
    (["*/*"], "text/turtle"), (["application/*"], "application/ld+json"), (["text/*"], "text/turtle"),
    (["image/*", "application/n-triples"], "application/n-triples"), (["image/png"], None),
])
def test_the_first_acceptable_offer_is_chosen(accepted, chosen):
    from zjkg.server.result_formats import choose

    assert choose(accepted, ["text/turtle", "application/ld+json", "application/n-triples"]) == chosen


def _in_own_loop(coroutine):
    """Run ``coroutine`` in a thread with its own event loop: a test process may already run a loop in
    its main thread (Playwright's sync API does, for the browser tests on the same xdist worker)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_closing_the_pool_stops_every_worker_even_a_replacement_under_way():
    """A query past its limit gets its worker replaced; closing the pool right then leaves no
    worker process behind and no worker on its books."""

    async def scenario():
        pool = QueryPool([ontology_file()], size=2, timeout=0.3)
        await pool.start()
        assert len(multiprocessing.active_children()) == 2
        with pytest.raises(QueryTimeout):
            await pool.run(CROSS_JOIN, {}, JSON_RESULTS, lane="open")
        await asyncio.sleep(0)  # the replacement starts its process
        answer = await pool.run("ASK { ?s ?p ?o }", {}, JSON_RESULTS)  # the other still answers
        assert b"true" in answer.body
        await pool.close()
        return pool

    pool = _in_own_loop(scenario())
    assert multiprocessing.active_children() == [] and not pool._all

    async def closed_before_the_replacement_starts():
        pool = QueryPool([ontology_file()], size=1, timeout=0.3)
        await pool.start()
        with pytest.raises(QueryTimeout):
            await pool.run(CROSS_JOIN, {}, JSON_RESULTS, lane="open")
        await pool.close()  # the replacement's task has not run yet: it is cancelled, not left to start
        await asyncio.sleep(0.3)
        return multiprocessing.active_children()

    assert _in_own_loop(closed_before_the_replacement_starts()) == []


def test_light_sparql_is_answered_while_the_open_slot_is_taken():
    """Two workers: one open slot, taken by a cross join. A light query does not wait for it: it
    goes to the worker kept free, and is answered while the cross join still runs."""

    async def scenario():
        pool = QueryPool([ontology_file()], size=2, timeout=1.5)
        await pool.start()
        try:
            heavy = asyncio.create_task(pool.run(CROSS_JOIN, {}, JSON_RESULTS, lane="open"))
            while not pool._open_slots.locked():
                await asyncio.sleep(0.01)
            answer = await pool.run("ASK { ?s ?p ?o }", {}, JSON_RESULTS, lane="light")
            still_running = not heavy.done()
            with pytest.raises(QueryTimeout):
                await heavy
            return answer, still_running
        finally:
            await pool.close()

    answer, still_running = _in_own_loop(scenario())
    assert b"true" in answer.body and still_running
