"""The dataset described in VoID and DCAT: what `/.well-known/void` serves and `data/void.ttl` ships.

The figures come from the store (triples, triples per named graph, entities per class), so the
description cannot drift from the data: a test rebuilds ``data/void.ttl`` from the store and compares.
The licences are the ones LICENSE and data/LICENSE state: the data and the ontology CC BY 4.0 (what
this description is about), the code MIT.
"""

from __future__ import annotations

import pyoxigraph as ox

from .namespace import ENTITY_CLASSES, ID, ONTOLOGY, XSD

__all__ = ["DATASET", "DEFAULT_ENDPOINT", "PREFIXES", "STATISTICS", "void_triples", "void_turtle", "statistics"]

DATASET = "https://w3id.org/zjkg/dataset"
DEFAULT_ENDPOINT = "http://127.0.0.1:7878/sparql"  # where `zjkg serve` answers by default
EXAMPLES = ("measure/2-1", "target/main-1", "pledge/4", "indicator/gdp")

_VOID, _DCAT, _DCT = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
PREFIXES = {"void": _VOID, "dcat": _DCAT, "dcterms": _DCT, "zjkg": ONTOLOGY, "xsd": XSD}

# What the description counts; each runs over the union of the graphs, as every query does.
STATISTICS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "graphs": "SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph",
    "classes": "SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE { VALUES ?class { "
               + " ".join(f"<{ONTOLOGY}{name}>" for name in ENTITY_CLASSES) + " } ?entity a ?class } GROUP BY ?class ORDER BY ?class",
    "subjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
}


def statistics(store) -> dict[str, list[dict]]:
    """The :data:`STATISTICS` rows (dicts of pyoxigraph terms) from a :class:`zjkg.store.Store`."""
    return {name: list(store.select(text)) for name, text in STATISTICS.items()}


def _n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def void_triples(stats: dict[str, list[dict]], endpoint: str = DEFAULT_ENDPOINT) -> list[ox.Triple]:
    """The VoID and DCAT description of the dataset, given :func:`statistics`' rows and the endpoint's URL."""
    node, dataset = ox.NamedNode, ox.NamedNode(DATASET)
    service, dump = ox.BlankNode("service"), ox.BlankNode("dump")
    out = []

    def add(subject, predicate, obj):
        out.append(ox.Triple(subject, node(predicate), obj))

    add(dataset, _RDF_TYPE, node(_VOID + "Dataset"))
    add(dataset, _RDF_TYPE, node(_DCAT + "Dataset"))
    add(dataset, _DCT + "title", ox.Literal("镇江市2025年政府工作报告知识图谱", language="zh"))
    add(dataset, _DCT + "title", ox.Literal("zjkg: a knowledge graph of the 2025 Zhenjiang government work report", language="en"))
    add(dataset, _DCT + "description", ox.Literal(
        "The report's principles, pledges, task areas, measures, targets, indicators and figures, each with the "
        "report's own words (zjkg:quote); what the report does not state is marked inferred.", language="en"))
    add(dataset, _DCT + "license", node(_DATA_LICENCE))
    add(dataset, _DCT + "source", node(ID + "report/zhenjiang-2025"))
    add(dataset, _DCT + "language", ox.Literal("zh"))
    add(dataset, _DCT + "language", ox.Literal("en"))
    add(dataset, _VOID + "uriSpace", ox.Literal(ID))
    add(dataset, _VOID + "vocabulary", node(ONTOLOGY))
    add(dataset, _VOID + "sparqlEndpoint", node(endpoint))
    add(dataset, _DCAT + "landingPage", node("https://w3id.org/zjkg"))
    for example in EXAMPLES:
        add(dataset, _VOID + "exampleResource", node(ID + example))
    add(dataset, _VOID + "triples", _n(int(stats["triples"][0]["n"].value)))
    add(dataset, _VOID + "distinctSubjects", _n(int(stats["subjects"][0]["n"].value)))
    add(dataset, _VOID + "properties", _n(int(stats["properties"][0]["n"].value)))
    for row in stats["classes"]:
        partition = ox.BlankNode("class-" + row["class"].value.rsplit("#", 1)[-1])
        add(dataset, _VOID + "classPartition", partition)
        add(partition, _VOID + "class", row["class"])
        add(partition, _VOID + "entities", _n(int(row["n"].value)))
    for row in stats["graphs"]:  # the named graphs: one per data file (the ontology is in the default graph)
        graph = row["graph"]
        add(dataset, _VOID + "subset", graph)
        add(graph, _RDF_TYPE, node(_VOID + "Dataset"))
        add(graph, _VOID + "triples", _n(int(row["n"].value)))
    add(dataset, _DCAT + "distribution", dump)
    add(dump, _RDF_TYPE, node(_DCAT + "Distribution"))
    add(dump, _DCAT + "accessService", service)
    add(dump, _DCAT + "mediaType", node("https://www.iana.org/assignments/media-types/application/sparql-results+json"))
    add(dump, _DCT + "license", node(_DATA_LICENCE))
    add(service, _RDF_TYPE, node(_DCAT + "DataService"))
    add(service, _DCAT + "endpointURL", node(endpoint))
    add(service, _DCAT + "servesDataset", dataset)
    add(service, _DCT + "conformsTo", node("https://www.w3.org/TR/sparql11-protocol/"))
    return out


def void_turtle(stats: dict[str, list[dict]], endpoint: str = DEFAULT_ENDPOINT) -> str:
    """:func:`void_triples` as Turtle (deterministic: the triples in a fixed order)."""
    return ox.serialize(void_triples(stats, endpoint), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")
