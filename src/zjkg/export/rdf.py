"""RDF of a view: Turtle, N-Triples, JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from ..namespace import ONTOLOGY, PREFIXES

__all__ = ["canonical_ntriples", "JSONLD_CONTEXT", "view_rdf", "write_nt", "write_ttl", "write_jsonld"]


JSONLD_CONTEXT = {
    "@vocab": ONTOLOGY,
    **{p: PREFIXES[p] for p in ("zjkg", "rdfs", "skos", "xsd", "measure", "area", "pledge", "principle", "target",
                                 "sector", "action", "indicator", "observation", "review", "report")},
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "notation": {"@id": "skos:notation"},
    **{name: {"@id": f"zjkg:{name}", "@type": "@id"} for name in
       ("partOf", "inArea", "hasTarget", "indicator", "baseline", "servesPledge", "followsPrinciple",
        "contributesTo", "dependsOn", "leadSector", "supportingSector", "conflictsWith")},
}


def view_rdf(graph: nx.MultiDiGraph):
    """The RDF of a view as an rdflib Graph: each node's type, labels and number; each edge's triple."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS

    rdf = rdflib.Graph()
    for prefix in ("zjkg", "measure", "area", "pledge", "principle", "target", "sector"):
        rdf.bind(prefix, PREFIXES[prefix])
    for node, data in graph.nodes(data=True):
        subject = rdflib.URIRef(node)
        rdf.add((subject, RDF.type, rdflib.URIRef(ONTOLOGY + data["type"])))
        for language, label in (("zh", data["label"]), ("en", data["label_en"])):
            if label:
                rdf.add((subject, RDFS.label, rdflib.Literal(label, lang=language)))
        if data.get("notation"):
            rdf.add((subject, SKOS.notation, rdflib.Literal(data["notation"])))
    for a, b, key in graph.edges(keys=True):
        rdf.add((rdflib.URIRef(a), rdflib.URIRef(ONTOLOGY + key), rdflib.URIRef(b)))
    return rdf


def _sorted_ntriples(graph: nx.MultiDiGraph) -> str:
    lines = view_rdf(graph).serialize(format="nt").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(line for line in lines if line.strip())))


def write_nt(graph: nx.MultiDiGraph) -> bytes:
    return _sorted_ntriples(graph).encode("utf-8")


def write_ttl(graph: nx.MultiDiGraph) -> bytes:
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(_sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)]
    prefixes = {p: PREFIXES[p] for p in ("rdf", "rdfs", "skos", "zjkg", "measure", "area", "pledge", "principle",
                                          "target", "sector", "action", "indicator", "observation", "review", "report")}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_jsonld(graph: nx.MultiDiGraph) -> bytes:
    """JSON-LD compacted with :data:`JSONLD_CONTEXT` (short keys: ``label``, ``dependsOn``...)."""
    rdf = view_rdf(graph)
    document = json.loads(rdf.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, sort_keys=True))
    if "@graph" in document:  # one order whatever the serialiser's
        document["@graph"].sort(key=lambda item: item.get("@id", ""))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def canonical_ntriples(files: Iterable[Path | str]) -> str:
    """The triples of ``files`` as N-Triples, one per line, sorted, without duplicates.

    Blank nodes (the ontology's OWL lists) are relabelled by RDFC-1.0 canonicalisation, so the
    output depends only on the graph, not on file or parse order.
    """
    import pyoxigraph as ox

    dataset = ox.Dataset()
    for path in files:
        for quad in ox.parse(path=str(path)):
            dataset.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = {f"{q.subject} {q.predicate} {q.object} ." for q in dataset}
    return "".join(f"{line}\n" for line in sorted(lines))
