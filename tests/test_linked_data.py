"""Linked data on the endpoint: dereferenceable IRIs, the ontology, VoID/DCAT and the service description.

Handlers in-process through Starlette's TestClient (with the real worker pool behind them); one real
`zjkg serve` process read by rdflib, the way a linked-data client fetches an IRI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from zjkg.namespace import ID, ONTOLOGY
from zjkg.resources import default_data_files, ontology_file

ZJKG = rdflib.Namespace(ONTOLOGY)
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    from starlette.testclient import TestClient

    from zjkg.server import create_app

    with TestClient(create_app(default_data_files(), workers=1), base_url="http://127.0.0.1:7878") as client:
        yield client


def parsed(response, fmt="turtle") -> rdflib.Graph:
    return rdflib.Graph().parse(data=response.text, format=fmt)


# ---------------------------------------------------------------- resources

def test_a_resource_gives_its_statements_as_turtle_and_json_ld(client, graph):
    measure = rdflib.URIRef(ID + "measure/2-1")
    turtle = client.get("/id/measure/2-1", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    assert turtle.headers["vary"] == "Accept"
    served = parsed(turtle)
    own = set(graph.triples((measure, None, None)))
    pointing = set(graph.triples((None, None, measure)))
    assert own and pointing and own | pointing <= set(served)  # every statement of it and about it
    assert (rdflib.URIRef(ID + "action/2-1-1"), RDFS.label, None) in served  # its neighbours' labels too
    jsonld = client.get("/id/measure/2-1", headers={"Accept": "application/ld+json"})
    # text and JSON say their charset (a browser would guess otherwise); XML declares its own
    assert jsonld.status_code == 200 and jsonld.headers["content-type"] == "application/ld+json; charset=utf-8"
    assert isomorphic(served, parsed(jsonld, "json-ld"))
    xml = client.get("/id/measure/2-1", headers={"Accept": "application/rdf+xml"})  # SPARQLWrapper's and rdflib's first choice
    assert xml.headers["content-type"] == "application/rdf+xml" and isomorphic(served, parsed(xml, "xml"))


@pytest.mark.parametrize("accept", [None, "*/*", "application/*;q=0.5, text/plain;q=0.1"])
def test_a_client_without_preferences_gets_rdf(client, accept):
    headers = {} if accept is None else {"Accept": accept}
    response = client.get("/id/pledge/4", headers=headers)
    assert response.status_code == 200 and not response.headers["content-type"].startswith("text/html")
    assert len(rdflib.Graph().parse(data=response.content, format=response.headers["content-type"].split(";")[0])) > 5


def test_a_browser_gets_a_page_with_labels_quotes_and_links(client, graph):
    measure = rdflib.URIRef(ID + "measure/2-1")
    response = client.get("/id/measure/2-1", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept"
    page = response.text
    for label in graph.objects(measure, RDFS.label):
        assert str(label) in page, label.language
    for quote in graph.objects(measure, ZJKG.quote):
        assert str(quote) in page
    for action in graph.subjects(ZJKG.partOf, measure):
        assert f'href="/id/{action[len(ID):]}"' in page  # links to related entities, served here
    assert 'href="/id/pledge/' in page or 'href="/id/area/' in page


def test_a_page_puts_each_statement_in_its_section(client, graph):
    """Sections in order; links (from and to) in three-cell rows with the basis and rationale;
    literals among the other statements; a link to the entity as data at the end."""
    from lxml import html

    def sections(path):
        page = html.fromstring(client.get(path, headers={"Accept": BROWSER}).content)
        return page, {h2.text_content(): [[cell.text_content() for cell in row] for row in h2.getnext().iter("tr")]
                      for h2 in page.iter("h2") if h2.getnext().tag == "table"}, [h2.text_content() for h2 in page.iter("h2")]

    page, tables, headings = sections("/id/measure/2-1")
    assert headings == ["原文 The report's words", "关联 Links from here", "被引用 Links to here", "其他 Other statements"]
    for heading in ("关联 Links from here", "被引用 Links to here"):
        rows = tables[heading]
        assert rows[0] == ["property", "entity", "basis · rationale"] and all(len(row) == 3 for row in rows)
    conflict = next(row for row in tables["关联 Links from here"] if row[0] == "zjkg:conflictsWith")
    other = rdflib.URIRef(ID + "measure/5-2")
    assert all(str(label) in conflict[1] for label in graph.objects(other, RDFS.label))  # named in both languages
    assert conflict[2].startswith("inferred · ") and len(conflict[2]) > 20  # its basis by its word, then why
    assert ["skos:notation", "2.1"] in tables["其他 Other statements"]
    assert not any(row[0] == "skos:notation" for row in tables["关联 Links from here"])
    assert not any(row[0] == "zjkg:conflictsWith" for row in tables["其他 Other statements"])
    (data_link,) = [a for a in page.iter("a") if a.get("type") == "text/turtle"]
    assert (data_link.get("href"), data_link.text_content()) == ("/id/measure/2-1", "Turtle or JSON-LD")
    _, _, target_headings = sections("/id/target/main-1")
    assert target_headings[:2] == ["原文 The report's words", "数字 Figures"]


def test_a_targets_page_shows_its_figures(client, store):
    page = client.get("/id/target/main-1", headers={"Accept": "text/html"}).text
    # The figure as the store holds it (an xsd:decimal in canonical form: "5.0" is read as 5).
    row = next(iter(store.select(f"SELECT ?value ?unit ?year WHERE {{ <{ID}target/main-1> <{ONTOLOGY}value> ?value ; "
                                 f"<{ONTOLOGY}unit> ?unit ; <{ONTOLOGY}year> ?year }}")))
    assert "数字 Figures" in page
    for name in ("value", "unit", "year"):
        assert f"<th>zjkg:{name}</th><td>{row[name].value}</td>" in page


@pytest.mark.parametrize("path", ["/id/measure/99-99", "/id/nothing", "/id/measure/2-1%3E%20%7B%7D",
                                  "/id/measure/2-1/../../ontology"])
def test_an_unknown_id_is_404(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and "no entity" in response.json()["error"]


def test_an_unknown_id_in_a_browser_is_a_404_page(client):
    """A browser asking for /id/measure/99 was shown the raw JSON meant for a client."""
    response = client.get("/id/measure/99", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "No entity &lt;https://w3id.org/zjkg/id/measure/99&gt; in this dataset" in response.text


def test_what_nothing_can_satisfy_is_406(client):
    response = client.get("/id/measure/2-1", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/turtle" in response.json()["error"]
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/.well-known/void", headers={"Accept": "text/html"}).status_code == 406


# ---------------------------------------------------------------- the ontology

def test_the_ontology_as_turtle_json_ld_and_a_pylode_page(client):
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.content == ontology_file().read_bytes()
    assert turtle.headers["vary"] == "Accept"
    written = rdflib.Graph().parse(str(ontology_file()))
    jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert jsonld.status_code == 200 and isomorphic(written, parsed(jsonld, "json-ld"))
    page = client.get("/ontology", headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "pyLODE" in page.text  # made by pyLODE, which names itself in the page
    for term in ("Measure", "MainTarget", "dependsOn", "servesPledge"):
        assert term in page.text
    assert '<script src="http' not in page.text and '<link href="http' not in page.text  # nothing from the network
    assert client.get("/ontology", headers={"Accept": BROWSER}).text == page.text  # kept, not remade


def test_the_ontology_page_says_what_to_install_without_pylode(monkeypatch):
    import sys

    from zjkg.server.pages import ontology_page

    monkeypatch.setitem(sys.modules, "pylode", None)
    with pytest.raises(ImportError, match=r"zjkg\[pages\]"):
        ontology_page()


def test_pylode_is_imported_only_for_the_ontology_page():
    import subprocess
    import sys

    code = "import sys, zjkg.server; print('pylode' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


# ---------------------------------------------------------------- VoID, DCAT, service description

def test_void_counts_what_the_store_holds(client, store):
    from zjkg.lookup import class_counts

    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    void = parsed(response)
    dataset = rdflib.URIRef("https://w3id.org/zjkg/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void and (dataset, RDF.type, DCAT.Dataset) in void
    total = int(next(iter(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    assert void.value(dataset, VOID.triples).toPython() == total
    partitions = {str(void.value(p, VOID["class"])).rsplit("#", 1)[-1]: void.value(p, VOID.entities).toPython()
                  for p in void.objects(dataset, VOID.classPartition)}
    assert partitions == class_counts(store)
    graphs = {str(g): void.value(g, VOID.triples).toPython() for g in void.objects(dataset, VOID.subset)}
    from zjkg.store import graph_for

    data = [f for f in default_data_files() if f != ontology_file()]
    # Each file's distinct triples, read by the parser alone (rdflib took 2 s for the same counts).
    assert graphs == {str(graph_for(f).value): len(set(ox.parse(path=str(f)))) for f in data}
    assert str(void.value(dataset, VOID.sparqlEndpoint)) == "http://127.0.0.1:7878/sparql"
    service = void.value(predicate=DCAT.servesDataset, object=dataset)
    assert str(void.value(service, DCAT.endpointURL)) == "http://127.0.0.1:7878/sparql"
    licence = str(void.value(dataset, rdflib.URIRef("http://purl.org/dc/terms/license")))
    assert licence == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.rstrip("/") in (REPOSITORY / "data" / "LICENSE").read_text()  # what the data's licence file says
    examples = list(void.objects(dataset, VOID.exampleResource))
    assert len(examples) >= 3
    for example in examples:  # every example resource dereferences
        assert client.get("/id/" + str(example)[len(ID):], headers={"Accept": "text/turtle"}).status_code == 200
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json") and isomorphic(void, parsed(jsonld, "json-ld"))


def test_the_shipped_void_file_is_the_stores_description(store):
    from zjkg.void import statistics, void_turtle

    shipped = (REPOSITORY / "data" / "void.ttl").read_text(encoding="utf-8")
    assert shipped == void_turtle(statistics(store)), (
        "data/void.ttl is stale: regenerate it with python -c \"from zjkg.store import open_store; "
        "from zjkg.void import statistics, void_turtle; open('data/void.ttl', 'w').write(void_turtle(statistics(open_store())))\"")


def test_the_service_description_lists_graphs_features_and_formats(client):
    from zjkg.server.result_formats import GRAPH_TYPES, SELECT_TYPES

    response = client.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    sd = parsed(response)
    service = sd.value(predicate=RDF.type, object=SD.Service)
    assert str(sd.value(service, SD.endpoint)) == "http://127.0.0.1:7878/sparql"
    assert {SD.UnionDefaultGraph, SD.DereferencesURIs} <= set(sd.objects(service, SD.feature))
    assert SD.BasicFederatedQuery not in set(sd.objects(service, SD.feature))  # SERVICE is refused
    assert set(sd.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no update language: read-only
    dataset = sd.value(service, SD.defaultDataset)
    names = {str(sd.value(n, SD.name)) for n in sd.objects(dataset, SD.namedGraph)}
    from zjkg.store import graph_for

    assert names == {str(graph_for(f).value) for f in default_data_files() if f != ontology_file()}
    formats = {str(f).rsplit("/", 1)[-1] for f in sd.objects(service, SD.resultFormat)}
    assert len(formats) == len({t for t in SELECT_TYPES + GRAPH_TYPES if t != "application/json" and t != "application/xml"})
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "Turtle", "JSON-LD"} <= formats


# ---------------------------------------------------------------- a real linked-data client

def test_rdflib_dereferences_an_iri_on_a_running_server(graph, served):
    base = served
    fetched = rdflib.Graph().parse(f"{base}/id/measure/2-1")  # rdflib's own Accept and parser choice
    measure = rdflib.URIRef(ID + "measure/2-1")
    assert set(graph.triples((measure, None, None))) <= set(fetched)
    void = rdflib.Graph().parse(f"{base}/.well-known/void")
    assert str(void.value(rdflib.URIRef("https://w3id.org/zjkg/dataset"), VOID.sparqlEndpoint)) == f"{base}/sparql"
    assert json.loads(json.dumps(len(void))) > 20
