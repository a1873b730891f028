"""The whole dataset out: every triple the store holds, the ontology's included, in an RDF format.

N-Quads and TriG keep each file's graph (the ontology in the default graph, the report's data in
``<https://w3id.org/zjkg/graph/triples>``, a corpus's reports each in their own); Turtle,
N-Triples and JSON-LD hold the union of the graphs. Blank nodes (the ontology's OWL lists) are
relabelled by RDFC-1.0 canonicalisation and statements sorted, so the bytes depend on the data
only. JSON-LD is compacted with :data:`DATASET_CONTEXT`.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..choices import DATASET_FORMATS
from ..errors import InputError
from ..namespace import ONTOLOGY, PREFIXES
from ..store import Store

__all__ = ["DATASET_CONTEXT", "dataset_quads", "export_dataset"]

_LINKS = ("partOf", "inArea", "hasTarget", "indicator", "baseline", "servesPledge", "followsPrinciple",
          "contributesTo", "dependsOn", "leadSector", "supportingSector", "comparator", "basis")
DATASET_CONTEXT = {
    "@vocab": ONTOLOGY,
    **PREFIXES,
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "notation": {"@id": "skos:notation"},
    "value": {"@id": "zjkg:value", "@type": "xsd:decimal"},
    "year": {"@id": "zjkg:year", "@type": "xsd:gYear"},
    **{name: {"@id": f"zjkg:{name}", "@type": "@id"} for name in _LINKS},
}
_RDF_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
                "trig": ox.RdfFormat.TRIG}


def dataset_quads(store: Store) -> list[ox.Quad]:
    """Every quad of a local store (in memory or on disk), blank nodes canonicalised, sorted."""
    oxigraph = getattr(store, "oxigraph", None)
    if oxigraph is None:
        raise InputError(f"{store.description or 'this store'}: the whole dataset can only be exported from local "
                         "files or an on-disk store, not from a SPARQL endpoint")
    dataset = ox.Dataset(oxigraph.quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    seen = dict.fromkeys(q.triple for q in quads)  # the union of the graphs, in order, once each
    return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def export_dataset(store: Store, fmt: str) -> bytes:
    """The whole dataset in ``fmt`` (one of :data:`~zjkg.choices.DATASET_FORMATS`)."""
    if fmt not in DATASET_FORMATS:
        raise InputError(f"the data view is the whole dataset as RDF: export it as one of {', '.join(DATASET_FORMATS)}, "
                         f"not {fmt}")
    quads = dataset_quads(store)
    if fmt in ("nq", "trig"):
        return ox.serialize(quads, format=_RDF_FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
    triples = _triples(quads)
    if fmt != "jsonld":
        return ox.serialize(triples, format=_RDF_FORMATS[fmt], prefixes=PREFIXES if fmt == "ttl" else None)
    import rdflib

    graph = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    document = json.loads(graph.serialize(format="json-ld", context=DATASET_CONTEXT, auto_compact=True, sort_keys=True))
    if "@graph" in document:  # one order whatever the serialiser's
        document["@graph"].sort(key=lambda item: item.get("@id", ""))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
