"""The attribute table both XML graph formats (GraphML, GEXF) declare: names, kinds, values per element."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from ..errors import InputError
from .normalise import NUMERIC, node_label, short_id

__all__ = ["node_attributes", "edge_attributes", "edge_id", "declared"]

# ``id`` is the element's own id (the short one); the IRI is the ``iri`` attribute. An attribute a
# node or edge does not have ("") is left out rather than written empty.
_SKIPPED = {"id"}


def node_attributes(graph: nx.MultiDiGraph, node: str) -> dict:
    """What a node's element carries: its IRI, its display label, and every other attribute."""
    data = graph.nodes[node]
    attributes = {"iri": node, "label": node_label(data)}
    attributes.update({k: v for k, v in data.items() if k not in _SKIPPED and k != "label"})
    attributes["label_zh"] = data.get("label", "")
    return {k: v for k, v in attributes.items() if v != ""}


def edge_attributes(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in _SKIPPED and v != ""}


def edge_id(source: str, relation: str, target: str) -> str:
    """Unique per edge (a view has one edge per source, relation and target) and an NMTOKEN."""
    return f"{short_id(source)}--{relation}--{short_id(target)}"


def declared(graph: nx.MultiDiGraph, attributes: Callable[[nx.MultiDiGraph, str], dict] = node_attributes,
             ) -> tuple[dict[str, type], dict[str, type]]:
    """Every node and edge attribute name with its kind (str, int or float), in sorted order, the
    nodes' as ``attributes`` gives them.

    Raises :class:`InputError` when two nodes would get the same short id (IRIs that differ only
    in characters an NMTOKEN cannot hold), rather than merge them silently.
    """
    seen: dict[str, str] = {}
    for node in graph.nodes:
        other = seen.setdefault(short_id(node), node)
        if other != node:
            raise InputError(f"{other} and {node} would both be the node id {short_id(node)!r}")
    nodes: dict[str, type] = {}
    for node in graph.nodes:
        for key, value in attributes(graph, node).items():
            nodes[key] = NUMERIC.get(key, type(value)) if isinstance(value, int | float) else str
    edges: dict[str, type] = {}
    for *_, data in graph.edges(keys=True, data=True):
        for key, value in edge_attributes(data).items():
            edges[key] = type(value) if isinstance(value, int | float) else str
    return dict(sorted(nodes.items())), dict(sorted(edges.items()))
