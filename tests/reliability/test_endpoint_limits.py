"""The endpoint in process (Starlette's TestClient, one worker): the memory ceiling of a worker, the
light lane's fallback, and any text in any parameter of any named query is 200 or 400, never 500."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from zjkg.queries import list_queries
from zjkg.resources import default_data_files
from zjkg.server import create_app
from zjkg.server.pool import QueryPool

# 25 BINDs that double a string: under 1 kB of query, a worker of ~1 GB before the text cap refuses it.
DOUBLING = ('SELECT ?s25 WHERE { BIND("0123456789" AS ?s0) '
            + "".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1}) " for i in range(25)) + "}")


def run_apart(coroutine):
    """asyncio.run in a thread of its own: in this one, the session's Chromium (Playwright's sync API)
    may already keep an event loop running, and asyncio.run refuses to start inside it."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def client():
    app = create_app(default_data_files(), workers=1, timeout=5, max_memory_mb=64)
    with TestClient(app) as client:
        yield client


def test_a_query_past_the_workers_memory_ceiling_is_503_and_the_worker_replaced(client):
    response = client.post("/sparql", content=DOUBLING, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 503, response.text
    assert "more than 64 MB of memory" in response.json()["error"] and "--max-memory" in response.json()["error"]
    after = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/json"})
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_serve_passes_max_memory_to_the_endpoint(runner, monkeypatch):
    from conftest import MINI

    import zjkg.server
    from zjkg.cli import cli

    seen = {}
    monkeypatch.setattr(zjkg.server, "serve", lambda files, **options: seen.update(options))
    assert runner.invoke(cli, ["serve", "--data", str(MINI), "--max-memory", "300"]).exit_code == 0
    assert seen["max_memory_mb"] == 300
    assert runner.invoke(cli, ["serve", "--data", str(MINI)]).exit_code == 0
    assert seen["max_memory_mb"] == 2048  # the CLI's own default for --max-memory


def test_a_light_looking_query_that_runs_long_waits_for_an_open_slot_instead():
    """Judged light, a query may hold the kept worker only for the short limit; then it is queued
    with the heavy ones, and still answered with the full limit."""
    chain = "SELECT (COUNT(*) AS ?n) {{ {} }}".format
    heavier = chain("?a ?b ?c . ?c ?d ?e . ?e ?f ?g . ?g ?h ?i")  # ~0.15-0.25 s here
    longer_than_light = chain("?a ?b ?c . ?c ?d ?e . ?e ?f ?g")  # ~0.05 s: past the light limit below

    async def scenario():
        pool = QueryPool(default_data_files(), size=2, timeout=5, light_timeout=0.01)
        await pool.start()
        try:
            heavy = asyncio.create_task(pool.run(heavier, {}, ["application/json"], lane="open"))
            await asyncio.sleep(0.02)  # the open slot is taken
            light = await pool.run(longer_than_light, {}, ["application/json"], lane="light")
            return light, heavy.done(), await heavy
        finally:
            await pool.close()

    light, heavy_done_first, heavy = run_apart(scenario())
    assert light.status == 200 and heavy.status == 200, (light.body, heavy.body)
    assert heavy_done_first  # the light one was answered only once the heavy one had let go of the open slot


def test_the_time_limit_holds_while_asyncios_threads_are_all_busy():
    """The watch of a busy worker has threads of its own: with asyncio's shared threads all taken
    (the guard's checks, the index lookups use them), a query still stops at its time limit."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from zjkg.server.pool import QueryTimeout

    async def scenario():
        pool = QueryPool(default_data_files(), size=1, timeout=0.2)
        await pool.start()
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(1))
        released = threading.Event()
        timer = threading.Timer(1.5, released.set)  # frees the shared thread at the latest after 1.5 s
        timer.start()
        loop.run_in_executor(None, released.wait)
        start = time.monotonic()
        try:
            with pytest.raises(QueryTimeout):
                await pool.run("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", {}, ["application/json"])
            return time.monotonic() - start
        finally:
            timer.cancel()
            released.set()
            await pool.close()

    assert run_apart(scenario()) < 1.0  # with asyncio's threads: 1.5 s + the limit


PARAMETERISED = [(q.name, [p.lstrip("_") for p in q.params]) for q in list_queries() if q.params]
HOSTILE_VALUES = ["http://e/%zz", "x#a#b", "http://[::1", "http://e/\x7f", "\xff", "pledge:1\x00", "<>", '"}',
                  "' UNION { ?s ?p ?o } #", "\u202e", "a" * 15_000]
values = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_VALUES),
                   st.builds(lambda c, n: c * n, st.characters(), st.integers(1, 15_000)))
# uvicorn refuses a request line over 16 kB (h11's limit) before zjkg sees it: the values stay under.
URL_LIMIT = 16_000


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(PARAMETERISED), st.data())
def test_any_text_in_any_parameter_of_a_named_query_is_200_or_400(client, query, data):
    name, params = query
    chosen = data.draw(st.lists(st.sampled_from(params), min_size=1, unique=True), label="params")
    given_values = {param: data.draw(values, label=param) for param in chosen}
    assume(len(urlencode(given_values)) < URL_LIMIT)
    response = client.get(f"/queries/{name}", params=given_values, headers={"Accept": "application/json"})
    assert response.status_code in (200, 400), (name, given_values, response.text[:300])
    assert response.headers["content-type"].startswith("application/")
