"""`zjkg serve` as a real process on 127.0.0.1: real SPARQL clients, every bad request, a bounded
load, and the query page in headless Chromium."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
import rdflib
from conftest import query_workers, start_server, stop  # noqa: F401  (re-exported: other test modules import them from here)

from zjkg.cli import cli

COUNT_MEASURES = "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT (COUNT(?m) AS ?n) WHERE { ?m a zjkg:Measure }"
SELECT_MEASURES = """PREFIX zjkg: <https://w3id.org/zjkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?m ?n ?l WHERE { ?m a zjkg:Measure ; skos:notation ?n ; rdfs:label ?l } ORDER BY ?m ?l"""
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server():
    process, base = start_server("--timeout", "2", "--max-rows", "2000")
    yield base
    stop(process)


def request(url, *, data=None, headers=None, method=None):
    """(status, headers, body) without raising on HTTP errors."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sparql_get(base, query, accept="application/sparql-results+json"):
    return request(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


def still_answers(base):
    status, _, body = sparql_get(base, COUNT_MEASURES)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "30"


def cli_rows(runner, query):
    return json.loads(runner.invoke(cli, ["sparql", query, "--format", "json"]).output)


# ---------------------------------------------------------------- protocol and real clients

def test_get_post_form_and_post_query_agree(server):
    get = sparql_get(server, SELECT_MEASURES)
    form = request(f"{server}/sparql", data=urllib.parse.urlencode({"query": SELECT_MEASURES}).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    direct = request(f"{server}/sparql", data=SELECT_MEASURES.encode(),
                     headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert get[0] == form[0] == direct[0] == 200
    assert json.loads(get[2]) == json.loads(form[2]) == json.loads(direct[2])
    assert len(json.loads(get[2])["results"]["bindings"]) == 60


def test_sparqlwrapper_gets_the_cli_answer(server, runner):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(SELECT_MEASURES)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    theirs = [{k: v["value"] for k, v in b.items()} for b in bindings]
    assert theirs == [{k: str(v) for k, v in row.items()} for row in cli_rows(runner, SELECT_MEASURES)]


def test_rdflib_sparqlstore_gets_the_cli_answer(server, runner):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    theirs = [{"m": str(r.m), "n": str(r.n), "l": str(r.l)} for r in graph.query(SELECT_MEASURES)]
    assert theirs == [{k: str(v) for k, v in row.items()} for row in cli_rows(runner, SELECT_MEASURES)]


@pytest.mark.parametrize("accept, fmt", [("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                                         ("text/csv", ox.QueryResultsFormat.CSV),
                                         ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
                                         ("application/sparql-results+json", ox.QueryResultsFormat.JSON)])
def test_select_formats_parse(server, accept, fmt):
    status, headers, body = sparql_get(server, SELECT_MEASURES, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    if fmt == ox.QueryResultsFormat.CSV:  # lossy by design: pyoxigraph will not parse it; csv will
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
        assert rows[0]["m"].startswith("https://w3id.org/zjkg/id/measure/")
    else:
        rows = list(ox.parse_query_results(body, format=fmt))
    assert len(rows) == 60


def test_ask_and_construct_formats(server, graph):
    status, _, body = sparql_get(server, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> CONSTRUCT { ?a zjkg:dependsOn ?b } WHERE { ?a zjkg:dependsOn ?b }"
    graphs = []
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")):
        status, headers, body = sparql_get(server, construct, accept)
        assert status == 200 and headers["content-type"].startswith(accept)
        graphs.append(rdflib.Graph().parse(data=body.decode(), format=fmt))
    assert len(graphs[0]) == len(list(graph.subject_objects(rdflib.URIRef("https://w3id.org/zjkg/ontology#dependsOn")))) > 0
    from rdflib.compare import isomorphic

    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


def test_service_description_and_named_queries(server):
    status, headers, body = request(f"{server}/sparql")
    assert status == 200 and "sparql-service-description" in body.decode()
    rdflib.Graph().parse(data=body.decode(), format="turtle")
    status, _, body = request(f"{server}/queries")
    listing = json.loads(body)
    assert len(listing) >= 12 and {"name", "summary", "params", "query"} <= listing[0].keys()
    status, _, body = request(f"{server}/queries/measures-by-pledge?pledge_iri=pledge:4", headers={"Accept": "application/json"})
    pledges = {b["pledge"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert status == 200 and pledges == {"https://w3id.org/zjkg/id/pledge/4"}


def test_named_query_binding_is_the_clis(server, runner):
    hostile = "\"}'\\ ) } #"
    url = f"{server}/queries/keyword-search?" + urllib.parse.urlencode({"text": hostile})
    status, _, body = request(url)
    http_rows = json.loads(body)["results"]["bindings"]
    cli_out = json.loads(runner.invoke(cli, ["query", "keyword-search", "-p", "text", hostile, "--format", "json"]).output)
    assert status == 200 and len(http_rows) == len(cli_out)
    status, _, body = request(f"{server}/queries/keyword-search?" + urllib.parse.urlencode({"text": "人才"}))
    cli_out = json.loads(runner.invoke(cli, ["query", "keyword-search", "-p", "text", "人才", "--format", "json"]).output)
    assert [b["entity"]["value"] for b in json.loads(body)["results"]["bindings"]] == [r["entity"] for r in cli_out]
    assert request(f"{server}/queries/no-such-query")[0] == 404
    assert request(f"{server}/queries/measures-by-pledge?colour=red")[0] == 400


# ---------------------------------------------------------------- what a stranger can send

def test_malformed_query_is_400_with_the_parsers_message(server):
    status, _, body = sparql_get(server, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and "1:" in json.loads(body)["error"]
    still_answers(server)


@pytest.mark.parametrize("how", ["form", "sparql-update", "in-query", "load"])
def test_updates_are_403_and_the_data_untouched(server, how):
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    if how == "form":
        status = request(f"{server}/sparql", data=urllib.parse.urlencode({"update": insert}).encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})[0]
    elif how == "sparql-update":
        status = request(f"{server}/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"})[0]
    elif how == "in-query":
        status = sparql_get(server, insert)[0]
    else:
        status = sparql_get(server, "LOAD <http://127.0.0.1:9/x.ttl>")[0]
    assert status == 403
    assert json.loads(sparql_get(server, "ASK { <urn:x> ?p ?o }")[2])["boolean"] is False
    still_answers(server)


def test_a_20_mb_body_is_413(server):
    body = b"query=" + b"x" * (20 * 1024 * 1024)
    try:
        status = request(f"{server}/sparql", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})[0]
    except (ConnectionError, urllib.error.URLError):
        status = 413  # the server may close the connection while the client is still sending
    assert status == 413
    still_answers(server)


@pytest.mark.parametrize("path", ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/pyproject.toml",
                                  "/static/..%2f..%2fserver.py", "/%2e%2e/%2e%2e/etc/passwd", "/static//etc/passwd"])
def test_no_file_outside_the_static_folder(server, path):
    status, _, body = request(server + path)
    assert status in (400, 404)
    assert b"root:" not in body and b"import" not in body
    assert request(f"{server}/static/app.js")[0] == 200


def test_an_explosive_cross_join_times_out_with_503(server):
    started = time.monotonic()
    status, headers, body = sparql_get(server, EXPLOSIVE)
    assert status == 503 and headers["content-type"].startswith("application/json")
    assert "time limit" in json.loads(body)["error"]
    assert time.monotonic() - started < 10
    still_answers(server)


def test_deep_nesting_is_refused_before_the_engine(server):
    status, _, body = sparql_get(server, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert status == 400 and "nests" in json.loads(body)["error"]
    still_answers(server)


def test_a_crash_in_the_engine_leaves_the_server_answering():
    # A worker dying under a query (as pyoxigraph's process does on some inputs) is simulated by
    # killing the worker processes while a long query runs: the client gets a 500 naming the crash,
    # and the server goes on with replaced workers.
    process, base = start_server("--timeout", "20", "--workers", "1")
    try:
        answers = []
        thread = threading.Thread(target=lambda: answers.append(sparql_get(base, EXPLOSIVE)))
        thread.start()
        time.sleep(1.5)
        for worker in query_workers(process.pid, expected=1):
            os.kill(worker, signal.SIGKILL)
        thread.join(timeout=30)
        status, _, body = answers[0]
        assert status == 500 and "crashed" in json.loads(body)["error"]
        deadline = time.monotonic() + 30
        while sparql_get(base, COUNT_MEASURES)[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        still_answers(base)
    finally:
        stop(process)


def test_service_is_refused_and_the_listener_sees_nothing(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    seen, answered = [], threading.Event()

    def accept():
        # Listens while the request is in flight and half a second after its answer: a server that
        # called out would have connected by then.
        end = None
        while end is None or time.monotonic() < end:
            if end is None and answered.is_set():
                end = time.monotonic() + 0.5
            try:
                connection, _ = listener.accept()
                seen.append(connection)
            except OSError:
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        status, _, body = sparql_get(server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    finally:
        answered.set()
        thread.join()
    listener.close()
    assert status == 403 and "SERVICE" in json.loads(body)["error"]
    assert seen == []


def test_unsupported_accept_is_406(server):
    assert sparql_get(server, COUNT_MEASURES, "image/png")[0] == 406
    assert sparql_get(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")[0] == 406


def test_row_cap(server):
    status, _, body = sparql_get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and "LIMIT" in json.loads(body)["error"]


def test_no_cors_by_default_and_never_a_reflected_origin(server):
    _, headers, _ = request(f"{server}/sparql?query=" + urllib.parse.quote(COUNT_MEASURES),
                            headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in headers}
    process, base = start_server("--cors")
    try:
        _, headers, _ = request(f"{base}/sparql?query=" + urllib.parse.quote(COUNT_MEASURES), headers={"Origin": "https://evil.example"})
        assert headers["access-control-allow-origin"] == "*"
    finally:
        stop(process)


def _listening_addresses(port: int) -> set[str]:
    """The local addresses the kernel lists as LISTENing on ``port`` (Linux /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, port_hex = local.rsplit(":", 1)
                if state == "0A" and int(port_hex, 16) == port:
                    found.add(address)
    return found


def test_binds_loopback_by_default(server):
    # What the kernel says is listening, not the URL the test built: 127.0.0.1 is 0100007F here.
    port = int(server.rsplit(":", 1)[1])
    assert _listening_addresses(port) == {"0100007F"}


# ---------------------------------------------------------------- load

def test_a_bounded_load_is_answered_in_full(server):
    """8 clients, 800 queries on loopback: every one answered correctly."""
    queries = [COUNT_MEASURES, SELECT_MEASURES, "ASK { ?s ?p ?o }"]

    def client(number):
        answered = 0
        for i in range(100):
            status, _, body = sparql_get(server, queries[(number + i) % len(queries)])
            answered += status == 200 and bool(body)
        return answered

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(client, range(8))) == 800


# ---------------------------------------------------------------- the query page

ROWS = ".tabPanel.active .yasr tbody tr"


def _run_in_the_active_tab(page, text=None):
    """Run the active YASGUI tab (after setting its query to ``text``) and wait for its results."""
    if text is not None:
        page.evaluate("text => { window.zjkgYasgui.getTab().setQuery(text); }", text)
    page.evaluate("() => { window.zjkgDone = false; window.zjkgYasgui.getTab().getYasr().once('drawn', () => { window.zjkgDone = true; }); }")
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_function("window.zjkgDone === true")


def test_the_query_page_is_yasgui_and_stays_offline(server, browser, graph, tmp_path):
    zjkg = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
    pledged = len(set(graph.subject_objects(zjkg.servesPledge)))
    dependencies = len(set(graph.subject_objects(zjkg.dependsOn)))
    assert pledged > 10 and dependencies > 10  # enough for two pages of ten
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    requests, errors = [], []
    context.on("request", lambda req: requests.append(req.url))  # every request, workers' included
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("window.zjkgYasgui.getTab().getEndpoint()") == f"{server}/sparql"

    # A named query opens in a tab of its own and runs: all its rows, in pages.
    page.select_option("#examples", "measures-by-pledge")
    assert page.evaluate("window.zjkgYasgui.getTab().getName()") == "measures-by-pledge"
    assert "servesPledge" in page.evaluate("window.zjkgYasgui.getTab().getQuery()")
    _run_in_the_active_tab(page)
    assert f"{pledged} results" in page.inner_text(".tabPanel.active .yasr_response_chip")
    assert page.locator(ROWS).count() == min(pledged, 50)  # YASGUI's first page holds 50
    page.select_option(".tabPanel.active .yasr select.tableSizer", "10")
    assert page.locator(ROWS).count() == 10
    assert f"of {pledged} entries" in page.inner_text(".tabPanel.active .dt-info")
    # Sorting: a header click orders the rows by that column, a second click the other way.
    page.select_option(".tabPanel.active .yasr select.tableSizer", "-1")  # all rows on one page
    assert page.locator(ROWS).count() == pledged
    header = page.locator(".tabPanel.active .yasr thead th", has_text="measure_label")
    column = [h.strip() for h in page.locator(".tabPanel.active .yasr thead th").all_inner_texts()].index("measure_label")

    def sorted_by_click(direction):
        header.click()
        page.wait_for_function("d => document.querySelector('.tabPanel.active .yasr thead th.dt-ordering-' + d) !== null", arg=direction)
        return [row.locator("td").nth(column).inner_text() for row in page.locator(ROWS).all()]

    ascending, descending = sorted_by_click("asc"), sorted_by_click("desc")
    assert ascending != descending and sorted(ascending) == sorted(descending)
    assert ascending[0] == descending[-1] and ascending[-1] == descending[0] and ascending[0] != ascending[-1]

    # A graph result (CONSTRUCT) is shown, as a table of triples.
    construct = ("PREFIX zjkg: <https://w3id.org/zjkg/ontology#> "
                 "CONSTRUCT { ?a zjkg:dependsOn ?b } WHERE { ?a zjkg:dependsOn ?b }")
    _run_in_the_active_tab(page, construct)
    assert f"{dependencies} results" in page.inner_text(".tabPanel.active .yasr_response_chip")
    assert "dependsOn" in page.inner_text(".tabPanel.active .yasr tbody")
    page.screenshot(path=str(tmp_path / "yasgui.png"), full_page=True)

    # A malformed query shows the parser's message, and the page goes on.
    _run_in_the_active_tab(page, "SELECT * WHERE { ?s ?p }")
    assert "400" in page.inner_text(".tabPanel.active .yasr")
    assert all(e.startswith("Failed to load resource") and "400" in e for e in errors), errors
    assert requests and all(url.startswith(server + "/") for url in requests), [u for u in requests if not u.startswith(server)]
    context.close()


# ---------------------------------------------------------------- serving a persistent store

@pytest.fixture(scope="module")
def served_corpus(tmp_path_factory):
    """The report and two synthetic reports: their files, and a persistent store built from them."""
    from zjkg.resources import default_data_files
    from zjkg.store.persistent import persistent_store
    from zjkg.synthetic import generate_corpus

    work = tmp_path_factory.mktemp("served")
    files = [*default_data_files(), *generate_corpus(work / "reports", reports=2, seed=3)]
    persistent_store(work / "db", files)
    return files, work / "db"


def _entities(body) -> list[str]:
    return [b["entity"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_a_served_store_answers_as_the_files_in_memory(served_corpus, runner):
    files, db = served_corpus
    in_memory = [arg for f in files for arg in ("--data", str(f))]
    process, base = start_server("--store", str(db), "--timeout", "2")
    try:
        for text in ("人才", "GDP", "no such text anywhere"):
            status, _, body = request(f"{base}/queries/keyword-search?" + urllib.parse.urlencode({"text": text}))
            expected = json.loads(runner.invoke(cli, ["query", "keyword-search", "-p", "text", text, *in_memory,
                                                      "--format", "json"]).output)
            assert status == 200 and _entities(body) == [row["entity"] for row in expected]
        status, _, body = sparql_get(base, "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> "
                                           "SELECT (COUNT(?r) AS ?n) WHERE { ?r a zjkg:Report }")
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "3"
        # A worker killed on a timeout is replaced by one that opens the store, not reloads the files.
        assert sparql_get(base, EXPLOSIVE)[0] == 503
        status, _, body = sparql_get(base, COUNT_MEASURES)
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "90"
    finally:
        stop(process)


def test_the_served_store_narrows_keyword_search_by_its_index(served_corpus, tmp_path):
    """An index that forgets one entity's texts hides that entity: so the endpoint did start from the index."""
    import shutil
    import sqlite3

    from zjkg.store.textindex import FILE

    _, db = served_corpus
    copy = tmp_path / "db"
    shutil.copytree(db, copy)
    url = "/queries/keyword-search?" + urllib.parse.urlencode({"text": "人才"})

    def served_entities():
        process, base = start_server("--store", str(copy))
        try:
            status, _, body = request(base + url)
        finally:
            stop(process)
        assert status == 200
        return _entities(body)

    before = served_entities()
    database = sqlite3.connect(copy / FILE)
    with database:
        database.execute("DELETE FROM texts WHERE entity = ?", (before[0],))
    database.close()
    after = served_entities()
    assert len(before) > 1 and after == before[1:]


def test_the_vendored_yasgui_is_the_pinned_npm_build_unchanged():
    from importlib.resources import files

    from conftest import need
    from test_export import JS

    upstream = JS / "node_modules" / "@zazuko" / "yasgui"
    need("the npm package @zazuko/yasgui (npm ci --prefix tests/js)", upstream.is_dir())
    pinned = json.loads((JS / "package.json").read_text())["dependencies"]["@zazuko/yasgui"]
    assert json.loads((upstream / "package.json").read_text())["version"] == pinned
    vendored = files("zjkg") / "static" / "vendor" / "yasgui"
    for name in ("yasgui.min.js", "yasgui.min.css"):
        assert (vendored / name).read_bytes() == (upstream / "build" / name).read_bytes(), name
    assert "MIT License" in (vendored / "LICENSE").read_text()
