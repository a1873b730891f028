"""Cytoscape.js JSON (Cytoscape desktop and the browser)."""

from __future__ import annotations

import json

import networkx as nx

from .normalise import node_label

__all__ = ["write_cyjs"]


def write_cyjs(graph: nx.MultiDiGraph) -> bytes:
    """``{"elements": {"nodes": [...], "edges": [...]}}`` with ``data`` and ``classes`` (type, area)."""
    nodes = []
    for node, data in graph.nodes(data=True):
        classes = [data.get("type", "")] + ([f"area-{data['area_number']}"] if data.get("area_number") else [])
        nodes.append({"data": {"id": node, "name": node_label(data), **data}, "classes": " ".join(c for c in classes if c)})
    edges = []
    for number, (a, b, key, data) in enumerate(graph.edges(keys=True, data=True)):
        edges.append({"data": {"id": f"e{number}", "source": a, "target": b, "interaction": key, **data}, "classes": key})
    document = {"format_version": "1.0", "generated_by": "zjkg", "data": {"name": graph.graph.get("name", "zjkg")},
                "elements": {"nodes": nodes, "edges": edges}}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ------------------------------------------------------------------ Graphviz DOT
