"""Linked data on the endpoint: resource IRIs that dereference, the ontology, VoID and the service description.

``https://w3id.org/zjkg/id/measure/2-1`` is served at ``/id/measure/2-1``: RDF (Turtle, JSON-LD,
N-Triples, and whatever else the server writes graphs in) to a client that asks for it, an HTML page
to a browser, ``Vary: Accept`` on both; ``/ontology`` likewise, its HTML page made by pyLODE on the
first request and kept. Every question goes to the worker pool like any query, the IRI bound, never
pasted into the text.
"""

from __future__ import annotations

import asyncio
import json
import re

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..namespace import ID
from ..queries import get_query
from ..resources import ontology_file
from ..void import STATISTICS, void_triples
from .codec import to_spec
from .pages import entity_page, ontology_page
from .pool import MemoryLimit, QueryTimeout, WorkerCrashed
from .result_formats import GRAPH_TYPES, SELECT_TYPES, accepted_types, choose

__all__ = ["resource", "ontology", "void", "service_description"]

_JSON = ["application/sparql-results+json"]
_SAFE_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")
# The resource's own statements, the statements that point at it, and the labels of both ends' neighbours.
_DESCRIBE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?_iri ?p ?o . ?o rdfs:label ?o_label . ?s ?q ?_iri . ?s rdfs:label ?s_label }
WHERE {
  { ?_iri ?p ?o OPTIONAL { ?o rdfs:label ?o_label } }
  UNION
  { ?s ?q ?_iri OPTIONAL { ?s rdfs:label ?s_label } }
}"""
_EXISTS = "ASK { ?_iri ?p ?o }"
_RDF_MEDIA = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
              "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
_VOID_TYPES = [t for t in GRAPH_TYPES if t in _RDF_MEDIA]  # Turtle first: the default for */* and no Accept


class _Failed(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _error(status: int, message: str, vary: bool = True) -> Response:
    response = JSONResponse({"error": message, "status": status}, status_code=status)
    if vary:
        response.headers["Vary"] = "Accept"
    return response


def _negotiate(request: Request, offered: list[str]) -> str | None:
    """The media type to answer in: a browser's text/html only when it asks for it, else the first RDF type."""
    return choose(accepted_types(request.headers.get("accept", "")), offered)


async def _ask_pool(request: Request, text: str, bindings: dict, accepted: list[str]):
    try:
        answer = await request.app.state.pool.run(text, bindings, accepted)
    except (QueryTimeout, MemoryLimit) as error:
        raise _Failed(503, str(error)) from None
    except WorkerCrashed as error:
        raise _Failed(500, str(error)) from None
    if answer.status != 200:
        raise _Failed(answer.status, answer.body.decode("utf-8"))
    return answer


async def _select(request: Request, text: str, bindings: dict | None = None) -> list[dict]:
    answer = await _ask_pool(request, text, bindings or {}, _JSON)
    results = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    variables = [v.value for v in results.variables]
    return [{v: term for v, term in zip(variables, row) if term is not None} for row in results]


def _with_vary(response: Response) -> Response:
    response.headers["Vary"] = "Accept"
    return response


def _missing_page(iri: str) -> str:
    from html import escape

    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>404 · zjkg</title></head><body>'
            f'<h1>404</h1><p>No entity &lt;{escape(iri)}&gt; in this dataset · 本数据集中没有这个实体。</p>'
            f'<p><a href="/">zjkg</a> · <a href="/ontology">ontology</a></p></body></html>')


async def resource(request: Request) -> Response:
    """/id/KIND/NAME: the entity ``https://w3id.org/zjkg/id/KIND/NAME`` as RDF or as an HTML page."""
    path = request.path_params["path"]
    media = _negotiate(request, [*GRAPH_TYPES, "text/html"])
    if media is None:
        return _error(406, "a resource can be sent as " + ", ".join([*GRAPH_TYPES, "text/html"]))
    if not _SAFE_PATH.fullmatch(path):
        return _error(404, f"no entity /id/{path}")
    iri = ID + path
    bindings = {"_iri": to_spec(ox.NamedNode(iri))}
    try:
        answer = await _ask_pool(request, _EXISTS, bindings, _JSON)
        if not json.loads(answer.body)["boolean"]:
            if media == "text/html":  # a browser shows a page, not the JSON for a client
                return _with_vary(HTMLResponse(_missing_page(iri), status_code=404))
            return _error(404, f"no entity <{iri}> in this dataset")
        if media == "text/html":
            query = get_query("entity-description")
            rows = await _select(request, query.text, {"_entity_iri": to_spec(ox.NamedNode(iri))})
            return _with_vary(HTMLResponse(entity_page(iri, rows)))
        answer = await _ask_pool(request, _DESCRIBE, bindings, [media])
    except _Failed as failure:
        return _error(failure.status, str(failure))
    return _with_vary(Response(answer.body, media_type=_charset(answer.media_type)))


def _charset(media: str) -> str:
    return media + ("; charset=utf-8" if media.startswith("text/") or "json" in media else "")


async def ontology(request: Request) -> Response:
    """/ontology: the ontology file as Turtle (as written), in the other RDF formats, or pyLODE's HTML page."""
    media = _negotiate(request, [*_VOID_TYPES, "text/html"])
    if media is None:
        return _error(406, "the ontology can be sent as " + ", ".join([*_VOID_TYPES, "text/html"]))
    if media == "text/turtle":
        return _with_vary(Response(ontology_file().read_bytes(), media_type=_charset(media)))
    if media == "text/html":
        state = request.app.state
        async with state.ontology_lock:  # made once (pyLODE takes about two seconds), then kept
            if state.ontology_html is None:
                try:
                    state.ontology_html = await asyncio.to_thread(ontology_page)
                except ImportError as error:
                    return _error(501, str(error))
        return _with_vary(HTMLResponse(state.ontology_html))
    quads = ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return _with_vary(Response(ox.serialize(triples, format=_RDF_MEDIA[media]), media_type=_charset(media)))


async def _statistics(request: Request) -> dict[str, list[dict]]:
    """The counts VoID and the service description give, asked once (the data is read-only) and kept."""
    state = request.app.state
    async with state.statistics_lock:
        if state.statistics is None:
            state.statistics = {name: await _select(request, text) for name, text in STATISTICS.items()}
    return state.statistics


def _endpoint(request: Request) -> str:
    return str(request.url.replace(path="/sparql", query=""))


async def void(request: Request) -> Response:
    """/.well-known/void: the dataset in VoID and DCAT, counted from the store this server answers from."""
    media = _negotiate(request, _VOID_TYPES)
    if media is None:
        return _error(406, "the dataset description can be sent as " + ", ".join(_VOID_TYPES))
    try:
        stats = await _statistics(request)
    except _Failed as failure:
        return _error(failure.status, str(failure))
    from ..void import PREFIXES

    body = ox.serialize(void_triples(stats, _endpoint(request)), format=_RDF_MEDIA[media],
                        **({"prefixes": PREFIXES} if media == "text/turtle" else {}))
    return _with_vary(Response(body, media_type=_charset(media)))


_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = {  # the W3C format IRIs (http://www.w3.org/ns/formats/) of the media types the server writes
    "application/sparql-results+json": "SPARQL_Results_JSON", "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV", "text/tab-separated-values": "SPARQL_Results_TSV", "text/turtle": "Turtle",
    "application/n-triples": "N-Triples", "application/ld+json": "JSON-LD", "application/rdf+xml": "RDF_XML",
}


async def service_description(request: Request) -> Response:
    """GET /sparql without a query: the SPARQL 1.1 service description, its named graphs counted from the store."""
    try:
        stats = await _statistics(request)
    except _Failed as failure:
        return _error(failure.status, str(failure))
    node, endpoint = ox.NamedNode, ox.NamedNode(_endpoint(request))
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        (service, _RDF_TYPE, node(_SD + "Service")),
        (service, _SD + "endpoint", endpoint),
        (service, _SD + "supportedLanguage", node(_SD + "SPARQL11Query")),
        # The default graph is the union of every graph (ontology and data files alike).
        (service, _SD + "feature", node(_SD + "UnionDefaultGraph")),
        (service, _SD + "feature", node(_SD + "DereferencesURIs")),
        (service, _SD + "defaultEntailmentRegime", node("http://www.w3.org/ns/entailment/Simple")),
        (service, _SD + "defaultDataset", dataset),
        (dataset, _RDF_TYPE, node(_SD + "Dataset")),
        (dataset, _SEE_ALSO, node(str(request.url.replace(path="/.well-known/void", query="")))),  # VoID and DCAT
        (dataset, _SD + "defaultGraph", default),
        (default, _RDF_TYPE, node(_SD + "Graph")),
        (default, _VOID + "triples", _integer(stats["triples"][0]["n"].value)),
    ]  # no sd:BasicFederatedQuery: SERVICE is refused; no update language: the endpoint is read-only
    seen = {f for f in (*SELECT_TYPES, *GRAPH_TYPES) if f in _FORMATS}
    triples += [(service, _SD + "resultFormat", node("http://www.w3.org/ns/formats/" + _FORMATS[f])) for f in sorted(seen)]
    for row in stats["graphs"]:
        named, graph = ox.BlankNode("named-" + row["graph"].value.rsplit("/", 1)[-1]), ox.BlankNode("graph-" + row["graph"].value.rsplit("/", 1)[-1])
        triples += [(dataset, _SD + "namedGraph", named), (named, _RDF_TYPE, node(_SD + "NamedGraph")),
                    (named, _SD + "name", row["graph"]), (named, _SD + "graph", graph),
                    (graph, _RDF_TYPE, node(_SD + "Graph")), (graph, _VOID + "triples", _integer(row["n"].value))]
    body = ox.serialize([ox.Triple(s, node(p), o) for s, p, o in triples], format=ox.RdfFormat.TURTLE,
                        prefixes={"sd": _SD, "void": _VOID, "format": "http://www.w3.org/ns/formats/"})
    return Response(body, media_type="text/turtle; charset=utf-8")


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_VOID = "http://rdfs.org/ns/void#"
_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"


def _integer(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
