"""The endpoint's parts that need no worker, in process. The body limit: the middleware in a trivial app, placed as create_app
places it (inside Starlette's error middleware, so a body found too large while read is a 413, not a 500)."""

from __future__ import annotations

import contextlib

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from zjkg.server.app import BodyLimit


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
