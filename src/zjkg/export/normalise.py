"""One normalisation for every writer: string-only, XML-safe attributes, a colour per task area, a size."""

from __future__ import annotations

import re

import networkx as nx

from ..graph import NODE_ATTRIBUTES

__all__ = ["AREA_COLOURS", "TYPE_COLOURS", "CJK_FONT", "prepare", "node_label", "clean"]

# A colour per task area (1-9), readable on white and distinct in Gephi, yEd, Graphviz and the browser.
AREA_COLOURS = {"1": "#e6194b", "2": "#3cb44b", "3": "#4363d8", "4": "#f58231", "5": "#2e8b57",
                "6": "#911eb4", "7": "#d4a017", "8": "#800000", "9": "#008080"}
TYPE_COLOURS = {"Measure": "#808080", "TaskArea": "#000075", "Pledge": "#f032e6", "Principle": "#9a6324",
                "MainTarget": "#e6beff", "Target": "#aaffc3", "Action": "#fabebe", "Indicator": "#ffd8b1",
                "Observation": "#a9a9a9", "Sector": "#46f0f0", "Report": "#000000", "Review": "#dcdcdc"}
CJK_FONT = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk; without a CJK font Graphviz draws boxes
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(clean(v) for v in value)
    return _XML_ILLEGAL.sub("", str(value))


def _area_number(data: dict) -> str:
    area = data.get("area", "")
    return area.rsplit("/", 1)[-1] if area else (data.get("notation", "") if data.get("type") == "TaskArea" else "")


def prepare(graph: nx.Graph) -> nx.MultiDiGraph:
    """A copy with string-only, XML-safe attributes plus ``colour``, ``area_number`` and ``size``.

    Nodes keep their IRIs as ids; edges are keyed by relation type. Nodes and edges are inserted in
    sorted order, so every writer sees the same order whatever order the store gave.
    """
    result = nx.MultiDiGraph(name=clean(graph.graph.get("name", "zjkg")))
    degree = dict(graph.in_degree()) if graph.is_directed() else dict(graph.degree())
    for node in sorted(graph.nodes):
        data = dict.fromkeys(NODE_ATTRIBUTES, "")
        data.update({k: clean(v) for k, v in graph.nodes[node].items()})
        data["id"] = data["id"] or clean(node)
        data["type"] = data["type"] or "Entity"
        area = _area_number(data)
        data["area_number"] = area
        data["colour"] = AREA_COLOURS.get(area) or TYPE_COLOURS.get(data.get("type", ""), "#808080")
        data["size"] = str(10 + 4 * degree.get(node, 0))
        result.add_node(clean(node), **data)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else ((a, b, d.get("type", ""), d) for a, b, d in graph.edges(data=True))
    for a, b, key, data in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        attributes = {k: clean(v) for k, v in data.items()}
        attributes.setdefault("type", clean(key))
        result.add_edge(clean(a), clean(b), key=clean(key), **attributes)
    return result


def node_label(data: dict, lang: str = "zh") -> str:
    label = data.get("label_en") if lang == "en" and data.get("label_en") else data.get("label", "")
    return f"{data['notation']} {label}" if data.get("type") == "Measure" and data.get("notation") else label
