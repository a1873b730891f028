"""One normalisation for every writer: XML-safe text, typed numbers, a colour per task area, a size.

After :func:`prepare`, a node's attributes are strings except the numbers, which stay numbers so
that every format can type them (:data:`NUMERIC`); a number a node does not have is absent, never
"". Edges carry ``relation`` (the property's local name: a name of its own, since GEXF and
Cytoscape reserve ``type``), ``basis`` and ``rationale``.
"""

from __future__ import annotations

import re

import networkx as nx

from ..graph import NODE_ATTRIBUTES
from ..namespace import compact_iri

__all__ = ["AREA_COLOURS", "TYPE_COLOURS", "TYPE_NAMES", "LINK_STYLES", "CJK_FONT", "NUMERIC", "prepare", "node_label", "clean",
           "short_id", "text_colour", "link_style", "legend_keys"]

# A colour per task area (1-9), readable on white and distinct in Gephi, yEd, Graphviz and the browser.
AREA_COLOURS = {"1": "#e6194b", "2": "#3cb44b", "3": "#4363d8", "4": "#f58231", "5": "#2e8b57",
                "6": "#911eb4", "7": "#d4a017", "8": "#800000", "9": "#008080"}
TYPE_COLOURS = {"Measure": "#808080", "TaskArea": "#000075", "Pledge": "#f032e6", "Principle": "#9a6324",
                "MainTarget": "#e6beff", "Target": "#aaffc3", "Action": "#fabebe", "Indicator": "#ffd8b1",
                "Observation": "#a9a9a9", "Sector": "#46f0f0", "Report": "#000000", "Review": "#dcdcdc"}
TYPE_NAMES = {"TaskArea": "任务领域 task area", "Pledge": "承诺 pledge", "Principle": "原则 principle",
              "MainTarget": "主要目标 main target", "Target": "目标 target", "Action": "行动 action", "Indicator": "指标 indicator",
              "Observation": "观测 observation", "Sector": "部门 sector", "Report": "报告 report", "Review": "回顾 review"}
# How a link is drawn, by relation: (legend label, colour, dashed, directed). A conflict is no
# dependency: drawn alike, "1.1 -> 5.2" read as 1.1 resting on 5.2.
LINK_STYLES = {"dependsOn": ("依赖 depends on", "#666666", False, True),
               "conflictsWith": ("冲突 conflicts with (no direction)", "#d62728", True, False)}
_OTHER_LINK = ("", "#999999", False, True)


def link_style(relation: str) -> tuple[str, str, bool, bool]:
    return LINK_STYLES.get(relation, _OTHER_LINK)


def legend_keys(graph) -> tuple[list[str], list[str]]:
    """The kinds of node drawn in their kind's fill (not an area's: a task area is its area's
    colour) and the relations drawn apart, that ``graph`` holds: what a legend beside the areas explains."""
    kinds = sorted({d.get("type") for _, d in graph.nodes(data=True)
                    if d.get("type") in TYPE_NAMES and d.get("colour") == TYPE_COLOURS[d["type"]]})
    return kinds, sorted({key for *_, key in graph.edges(keys=True)} & set(LINK_STYLES))


CJK_FONT = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk; without a CJK font Graphviz draws boxes
# Node attributes that are numbers, and their kind: every writer declares them as numbers.
NUMERIC = {"size": int, "value": float, "year": int, "x": float, "y": float}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_NMTOKEN = re.compile(r"[^\w.:-]")


def clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(clean(v) for v in value)
    return _XML_ILLEGAL.sub("", str(value))


def _number(kind, value):
    """``value`` as an int or float, or None when it is missing or not a number."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if kind is int and number == int(number) else (number if kind is float else None)


def short_id(iri: str) -> str:
    """A node id every format accepts: the CURIE (``measure:1-1``), an XML NMTOKEN (GraphML's id type)."""
    return _NOT_NMTOKEN.sub("_", compact_iri(iri))


def _area_number(data: dict) -> str:
    area = data.get("area", "")
    return area.rsplit("/", 1)[-1] if area else (data.get("notation", "") if data.get("type") == "TaskArea" else "")


def prepare(graph: nx.Graph) -> nx.MultiDiGraph:
    """A copy with XML-safe string attributes, typed numbers, ``colour``, ``text_colour``, ``area_number``, ``size``.

    Nodes keep their IRIs as ids; edges are keyed by relation. Nodes and edges are inserted in
    sorted order, so every writer sees the same order whatever order the store gave.
    """
    result = nx.MultiDiGraph(name=clean(graph.graph.get("name", "zjkg")))
    degree = dict(graph.in_degree()) if graph.is_directed() else dict(graph.degree())
    for node in sorted(graph.nodes):
        given = graph.nodes[node]
        data = dict.fromkeys(NODE_ATTRIBUTES, "")
        data.update({k: clean(v) for k, v in given.items() if k not in NUMERIC})
        data["id"] = data["id"] or clean(node)
        data["type"] = data["type"] or "Entity"
        area = _area_number(data)
        data["area_number"] = area
        data["colour"] = AREA_COLOURS.get(area) or TYPE_COLOURS.get(data.get("type", ""), "#808080")
        data["text_colour"] = text_colour(data["colour"])  # a label on the node's fill stays readable
        data["size"] = 10 + 4 * degree.get(node, 0)
        for key, kind in NUMERIC.items():
            if key in given and key != "size":
                number = _number(kind, given[key])
                if number is not None:
                    data[key] = number
        result.add_node(clean(node), **data)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else ((a, b, d.get("type", ""), d) for a, b, d in graph.edges(data=True))
    for a, b, key, data in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        attributes = {k: clean(v) for k, v in data.items() if k != "type"}
        relation = clean(data.get("relation") or data.get("type") or key)
        attributes["relation"] = relation
        attributes.setdefault("basis", "")
        attributes.setdefault("rationale", "")
        result.add_edge(clean(a), clean(b), key=relation, **attributes)
    return result


def node_label(data: dict, lang: str = "zh") -> str:
    label = data.get("label_en") if lang == "en" and data.get("label_en") else data.get("label", "")
    return f"{data['notation']} {label}" if data.get("type") == "Measure" and data.get("notation") else label


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (``#rrggbb``), by WCAG 2 contrast ratio."""
    channels = [int(fill.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"
