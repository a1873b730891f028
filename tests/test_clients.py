"""Standard SPARQL clients with their default settings against a real `zjkg serve`: graph results.

SPARQLWrapper and rdflib's SPARQLStore, left to their defaults, ask a CONSTRUCT or DESCRIBE for
RDF/XML (SPARQLWrapper: ``Accept: application/rdf+xml``; SPARQLStore: RDF/XML and SPARQL XML).
Each must get the graph the embedded store gives. ``*/*`` and a missing Accept get a sensible
default (Turtle for graphs, SPARQL JSON for SELECT and ASK); 406 only where nothing fits.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest
import rdflib
from rdflib.compare import isomorphic
from test_server import request

CONSTRUCT = ("PREFIX zjkg: <https://w3id.org/zjkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "CONSTRUCT { ?a zjkg:dependsOn ?b ; rdfs:label ?l } WHERE { ?a zjkg:dependsOn ?b ; rdfs:label ?l }")
DESCRIBE = "DESCRIBE <https://w3id.org/zjkg/id/measure/2-1>"
SELECT = "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT ?m WHERE { ?m a zjkg:Measure } ORDER BY ?m"


@pytest.fixture(scope="module")
def server(served):
    return served


def embedded_graph(store, query: str) -> rdflib.Graph:
    """The embedded store's answer, written as N-Triples by pyoxigraph and read by rdflib."""
    import pyoxigraph as ox

    return rdflib.Graph().parse(data=ox.serialize(store.query(query), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_defaults_fetch_a_graph(server, store, query):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")  # no return format set: its default, XML
    client.setQuery(query)
    result = client.query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    graph = result.convert()
    assert isinstance(graph, rdflib.Graph) and len(graph) > 0
    assert isomorphic(graph, embedded_graph(store, query))


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_rdflib_sparqlstore_defaults_fetch_a_graph(server, store, query):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = rdflib.Graph(store=SPARQLStore(f"{server}/sparql"))  # its default return format
    graph = remote.query(query).graph
    assert len(graph) > 0
    assert isomorphic(graph, embedded_graph(store, query))


@pytest.mark.parametrize("accept", ["*/*", "", "application/*;q=0.5, */*;q=0.1"], ids=["any", "empty", "application"])
def test_any_accept_gets_turtle_for_a_graph_and_json_for_rows(server, store, accept):
    headers = {"Accept": accept}
    status, response, body = request(f"{server}/sparql?" + urllib.parse.urlencode({"query": CONSTRUCT}), headers=headers)
    assert status == 200
    expected = "application/n-triples" if accept and accept.startswith("application/*") else "text/turtle"
    assert response["Content-Type"].startswith(expected)
    parsed = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle" if expected == "text/turtle" else "nt")
    assert isomorphic(parsed, embedded_graph(store, CONSTRUCT))
    status, response, body = request(f"{server}/sparql?" + urllib.parse.urlencode({"query": SELECT}), headers=headers)
    assert status == 200 and response["Content-Type"].startswith("application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 30


def test_a_request_without_accept_header(server):
    import http.client

    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}), skip_accept_encoding=True)
    connection.endheaders()  # no Accept header at all
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type").startswith("application/sparql-results+json")
    assert json.loads(response.read())["boolean"] is True


@pytest.mark.parametrize("query,accept", [(CONSTRUCT, "application/sparql-results+json"), (SELECT, "application/rdf+xml"),
                                          (CONSTRUCT, "text/html")])
def test_406_only_where_nothing_fits(server, query, accept):
    status, _, body = request(f"{server}/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    assert status == 406, body


def test_a_graph_rdf_xml_cannot_hold_comes_in_another_accepted_format(server, store):
    """A predicate without an XML local name (<https://example.org/p/1>) cannot be an RDF/XML element
    (pyoxigraph writes it as <oxprefix:>, which is not XML): the next accepted format, or 406."""
    query = "CONSTRUCT { ?m <https://example.org/p/1> ?n } WHERE { ?m <https://w3id.org/zjkg/ontology#dependsOn> ?n }"
    url = f"{server}/sparql?" + urllib.parse.urlencode({"query": query})
    links = len(embedded_graph(store, query))
    assert links > 0
    status, response, body = request(url, headers={"Accept": "application/rdf+xml, text/turtle;q=0.5"})
    assert status == 200 and response["Content-Type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")) == links
    assert request(url, headers={"Accept": "application/rdf+xml"})[0] == 406
    named = f"{server}/sparql?" + urllib.parse.urlencode({"query": query.replace("/p/1>", "/p/one>")})
    status, response, body = request(named, headers={"Accept": "application/rdf+xml"})
    assert status == 200 and len(rdflib.Graph().parse(data=body, format="xml")) == links
