"""Answers zjkg cannot read, from a tiny fake endpoint on 127.0.0.1: exit 2 and one line naming it.

Each path of the fake endpoint sends one fault seen from real servers or proxies (Virtuoso's
blank-node labels and ASK table, an HTML error page, a timeout, invalid JSON, a wrong content
type...). A fault is never a traceback (the strict runner fails the test on one) and never an
empty success.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from zjkg.cli import cli
from zjkg.errors import EndpointError
from zjkg.store import RemoteStore
from zjkg.store import remote as remote_module

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
HTML = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>b{}</style></head>\n<body><h1>Bad Gateway</h1>\n<p>The proxy got no answer.</p></body></html>"


def _results(bindings, variables=("s",)) -> bytes:
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}}).encode()


# path -> (status, content type, body, seconds to wait before answering)
ANSWERS = {
    "/virtuoso-bnodes": (200, "application/sparql-results+json", _results([
        {"s": {"type": "bnode", "value": "nodeID://b10000"}},
        {"s": {"type": "bnode", "value": "nodeID://b10001"}},
        {"s": {"type": "bnode", "value": "nodeID://b10000"}},
        {"s": {"type": "bnode", "value": "b10001"}},  # a valid label that the mapping must not merge
    ]), 0),
    "/virtuoso-boolean": (200, "application/sparql-results+json", _results([
        {"s": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "0"}}]), 0),
    "/virtuoso-ask": (200, "application/sparql-results+json", _results([
        {"__ASK_RETVAL": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                          "value": "1"}}], ["__ASK_RETVAL"]), 0),
    "/virtuoso-ask-false": (200, "application/sparql-results+json", _results([], ["__ASK_RETVAL"]), 0),
    "/virtuoso-ask-two-rows": (200, "application/sparql-results+json", _results([
        {"__ASK_RETVAL": {"type": "typed-literal", "value": "1"}}] * 2, ["__ASK_RETVAL"]), 0),
    "/html-200": (200, "text/html; charset=utf-8", HTML, 0),
    "/html-502": (502, "text/html", HTML, 0),
    "/virtuoso-error": (500, "text/plain", b"Virtuoso 22023 Error SR601: something broke\n\nSPARQL query:\nSELECT ?s\nWHERE {}", 0),
    "/syntax": (400, "text/plain", b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error\n\nSPARQL query:\nSELECT", 0),
    "/invalid-json": (200, "application/sparql-results+json", b'{"head": {"vars": ["s"]}, "results": {"bindings": [', 0),
    "/not-results": (200, "application/sparql-results+json", b'{"error": "no"}', 0),
    "/empty": (200, "application/sparql-results+json", b"", 0),
    "/bad-term": (200, "application/sparql-results+json", _results([{"s": {"type": "triple-ish", "value": "x"}}]), 0),
    "/wrong-type": (200, "text/csv", b"s\nhttp://example.org/a\n", 0),
    "/bad-ntriples": (200, "application/n-triples", b"<http://a> <http://b> .\n", 0),
    "/slow": (200, "application/sparql-results+json", _results([]), 2.0),
    "/turtle-graph": (200, "text/turtle; charset=utf-8", "@prefix ex: <http://example.org/> .\nex:a ex:b \"镇江\"@zh .\n".encode(), 0),
}


# An endpoint answering every SELECT with no row, and ASK as given: with or without zjkg's data.
ANSWERS["/no-zjkg-data"] = (200, "application/sparql-results+json", _results([]), 0)
ANSWERS["/zjkg-data-no-match"] = ANSWERS["/no-zjkg-data"]
ASKS = {"/no-zjkg-data": False, "/zjkg-data-no-match": True}


class FakeEndpoint(BaseHTTPRequestHandler):
    def do_POST(self):
        from urllib.parse import parse_qs

        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        path = self.path.split("?")[0]
        status, kind, body, delay = ANSWERS[path]
        if path in ASKS and form["query"][0].lstrip().upper().startswith("ASK"):
            body = json.dumps({"head": {}, "boolean": ASKS[path]}).encode()
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the timeout case)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEndpoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(remote_module, "TIMEOUT", 0.3)


FAULTS = {
    "/html-200": "text/html",
    "/html-502": "HTTP 502: 502 Bad Gateway Bad Gateway The proxy got no answer.",
    "/virtuoso-error": "HTTP 500: Virtuoso 22023 Error SR601: something broke",
    "/syntax": "refused the query: Virtuoso 37000 Error SP030",
    "/invalid-json": "cannot read",
    "/not-results": "cannot read",
    "/empty": "cannot read",
    "/bad-term": "unknown term type 'triple-ish'",
    "/wrong-type": "answered a SELECT query with 'text/csv', not application/sparql-results+json: s http://example.org/a",
    "/slow": "did not answer within 0.3 s",
    "/no-zjkg-data": "holds no zjkg report",
}


@pytest.mark.parametrize("path", FAULTS)
@pytest.mark.parametrize("command", [["sparql", SELECT], ["search", "人才"]], ids=["sparql", "search"])
def test_an_unreadable_answer_is_exit_2_and_one_line(runner, fake, short_timeout, path, command):
    url = fake + path
    result = runner.invoke(cli, [*command, "--endpoint", url, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.output
    assert result.stdout == "", "no answer printed: never an empty success"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: the endpoint {url} ") and FAULTS[path] in lines[0], lines[0]


def test_a_turtle_answer_to_a_construct_is_read(fake):
    graph = RemoteStore(fake + "/turtle-graph").query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert list(graph) == [ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                                     ox.Literal("镇江", language="zh"))]


def test_an_endpoint_that_never_reads_the_request_is_a_timeout_naming_it(monkeypatch):
    """The socket accepts (the kernel's backlog) but nobody reads: sending a large query blocks, and
    urllib reports that timeout wrapped in a URLError, which still reads as a timeout."""
    import socket

    monkeypatch.setattr(remote_module, "TIMEOUT", 0.3)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        with pytest.raises(EndpointError) as error:
            RemoteStore(url).query("SELECT * WHERE { ?s ?p ?o } # " + "x" * 20_000_000)
    finally:
        listener.close()
    assert str(error.value) == f"the endpoint {url} did not answer within 0.3 s"


def test_an_unreadable_graph_is_an_endpoint_error(fake):
    with pytest.raises(EndpointError, match="cannot read"):
        RemoteStore(fake + "/bad-ntriples").query("CONSTRUCT WHERE { ?s ?p ?o }")


def test_a_graph_answer_to_a_select_is_refused(fake):
    with pytest.raises(EndpointError, match="answered a SELECT query with 'application/n-triples'"):
        RemoteStore(fake + "/bad-ntriples").query(SELECT)


def test_an_ask_table_of_two_rows_is_no_boolean(fake):
    with pytest.raises(EndpointError, match="an ASK query got no boolean"):
        RemoteStore(fake + "/virtuoso-ask-two-rows").query("ASK { ?s ?p ?o }")


def test_an_error_body_is_cut_to_300_characters_on_one_line():
    from zjkg.store.remote import _one_line

    assert _one_line("x" * 300) == "x" * 300
    cut = _one_line("a b\n" * 400)
    assert len(cut) == 300 and cut.endswith(" b…") and "\n" not in cut
    # Virtuoso repeats the query after its message: only the message is kept, once
    assert _one_line("Error SP030: bad\nSPARQL query:\nSELECT\nSPARQL query:\nagain") == "Error SP030: bad"


def test_nodeid_blank_nodes_become_valid_distinct_blank_nodes(fake):
    rows = RemoteStore(fake + "/virtuoso-bnodes").select(SELECT).rows
    nodes = [row["s"] for row in rows]
    assert all(isinstance(node, ox.BlankNode) for node in nodes)
    assert nodes[0] == nodes[2], "the same label is the same blank node"
    assert len({nodes[0], nodes[1], nodes[3]}) == 3, "different labels stay different blank nodes"
    assert nodes[0].value == "b10000"


def test_nodeid_blank_nodes_through_the_cli(runner, fake):
    result = runner.invoke(cli, ["sparql", SELECT, "--endpoint", fake + "/virtuoso-bnodes", "--format", "json"])
    assert result.exception is None and result.exit_code == 0, result.output
    # b10001 is taken by nodeID://b10001 when the endpoint's own b10001 comes: it is spelt in hex.
    assert [row["s"] for row in json.loads(result.stdout)] == ["_:b10000", "_:b10001", "_:b10000", "_:x623130303031"]


def test_virtuoso_booleans_are_read_as_canonical(fake):
    (row,) = RemoteStore(fake + "/virtuoso-boolean").select(SELECT).rows
    assert row["s"] == ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def test_virtuoso_ask_table_is_a_boolean(fake):
    assert RemoteStore(fake + "/virtuoso-ask").query("ASK { ?s ?p ?o }") is True
    assert RemoteStore(fake + "/virtuoso-ask-false").query("ASK { ?s ?p ?o }") is False
    with pytest.raises(EndpointError, match="ASK query got no boolean"):
        RemoteStore(fake + "/virtuoso-bnodes").query("PREFIX a: <http://a/> ASK { ?s ?p ?o }")


def test_an_empty_answer_from_an_endpoint_with_zjkg_data_is_an_empty_answer(runner, fake):
    result = runner.invoke(cli, ["search", "不存在的词", "--endpoint", fake + "/zjkg-data-no-match", "--format", "json"])
    assert result.exception is None and result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
