"""The closed sets a person picks from: defined once here, light to import (the CLI's options are
built from them at start-up, before networkx or rdflib load), and used by the library modules."""

from __future__ import annotations

__all__ = ["LANGS", "VIEWS", "EXPORT_VIEWS", "RANKINGS", "EXPORT_FORMATS", "DIRECTORY_FORMATS", "DATASET_FORMATS", "BASES",
           "CONFIDENCES"]

LANGS = ("zh", "en")
VIEWS = ("measures", "full", "sectors", "goals")
RANKINGS = ("pagerank", "betweenness", "indegree", "outdegree")
EXPORT_FORMATS = ("graphml", "gexf", "cyjs", "cytoscape-style", "dot", "mermaid", "csv", "jsonld", "ttl", "nt", "nq", "trig", "html")
# The export views: the graph views, and "data", the whole dataset (RDF formats only).
EXPORT_VIEWS = VIEWS + ("data",)
DATASET_FORMATS = ("jsonld", "ttl", "nt", "nq", "trig")
DIRECTORY_FORMATS = ("csv",)
BASES = ("stated", "inferred")  # a curated link's zjkg:basis
CONFIDENCES = ("high", "medium", "low")  # a curated link's zjkg:confidence, strongest first
