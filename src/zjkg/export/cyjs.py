"""Cytoscape: the ``.cyjs`` file (Cytoscape desktop and Cytoscape.js) and a desktop ``styles.json``.

The cyjs file carries what opens it looking like the DOT picture instead of a grey grid: every
node's ``position`` (Graphviz's layout of the same view, see :mod:`~zjkg.export.layout`), a
Cytoscape.js ``style`` sheet (fill per task area, a label colour chosen for contrast, arrows) and
``layout: preset``. Cytoscape desktop reads positions and data but not a style sheet: the
``cytoscape-style`` export is the same look as a desktop style (File > Import > Styles from File),
its mappings reading the ``colour``, ``text_colour`` and ``name`` columns the cyjs file has.
"""

from __future__ import annotations

import json

import networkx as nx

from .normalise import CJK_FONT, node_label

__all__ = ["STYLE_NAME", "CYTOSCAPE_JS_STYLE", "write_cyjs", "write_cytoscape_style"]

STYLE_NAME = "zjkg"
CYTOSCAPE_JS_STYLE = [
    {"selector": "node", "style": {
        "shape": "round-rectangle", "background-color": "data(colour)", "label": "data(name)", "color": "data(text_colour)",
        "font-family": f"{CJK_FONT}, sans-serif", "font-size": 10, "text-valign": "center", "text-halign": "center",
        "width": "data(width)", "height": 30, "text-wrap": "wrap", "text-max-width": "240px"}},
    {"selector": "edge", "style": {
        "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1, "line-color": "#666666",
        "target-arrow-color": "#666666", "arrow-scale": 0.8}},
    {"selector": "edge[basis = 'inferred']", "style": {"line-style": "dashed"}},
    {"selector": ":selected", "style": {"border-width": 3, "border-color": "#000000"}},
]


def _json(document) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_cyjs(graph: nx.MultiDiGraph) -> bytes:
    """``{"elements": {...}, "style": [...], "layout": {"name": "preset"}}``; nodes with ``position``."""
    nodes = []
    for node, data in graph.nodes(data=True):
        classes = [data.get("type", "")] + ([f"area-{data['area_number']}"] if data.get("area_number") else [])
        name = node_label(data)
        width = min(260, 20 + 11 * len(name))  # about a CJK character per 11 px at the style's 10 px font
        element = {"data": {**{k: v for k, v in data.items() if k not in ("x", "y")}, "id": node, "name": name,
                            "width": width},
                   "classes": " ".join(c for c in classes if c)}
        if "x" in data and "y" in data:
            element["position"] = {"x": data["x"], "y": data["y"]}
        nodes.append(element)
    edges = []
    for number, (a, b, relation, data) in enumerate(graph.edges(keys=True, data=True)):
        edges.append({"data": {**data, "id": f"e{number}", "source": a, "target": b, "interaction": relation},
                      "classes": relation})
    document = {"format_version": "1.0", "generated_by": "zjkg", "target_cytoscapejs_version": "~3.34",
                "data": {"name": graph.graph.get("name", "zjkg"), "shared_name": graph.graph.get("name", "zjkg")},
                "elements": {"nodes": nodes, "edges": edges}, "style": CYTOSCAPE_JS_STYLE, "layout": {"name": "preset"}}
    return _json(document)


def _passthrough(column: str, kind: str, prop: str) -> dict:
    return {"mappingType": "passthrough", "mappingColumn": column, "mappingColumnType": kind, "visualProperty": prop}


def write_cytoscape_style(graph: nx.MultiDiGraph) -> bytes:
    """A Cytoscape desktop ``styles.json`` with the cyjs style sheet's look (the graph only names it)."""
    defaults = {
        "NODE_SHAPE": "ROUND_RECTANGLE", "NODE_FILL_COLOR": "#808080", "NODE_LABEL_COLOR": "#FFFFFF",
        "NODE_LABEL_FONT_FACE": f"{CJK_FONT},plain,10", "NODE_LABEL_FONT_SIZE": 10, "NODE_BORDER_WIDTH": 0.0,
        "NODE_SIZE_LOCKED": False, "NODE_WIDTH": 120.0, "NODE_HEIGHT": 30.0, "NODE_LABEL_WIDTH": 240.0,
        "EDGE_STROKE_UNSELECTED_PAINT": "#666666", "EDGE_TARGET_ARROW_SHAPE": "DELTA",
        "EDGE_TARGET_ARROW_UNSELECTED_PAINT": "#666666", "EDGE_WIDTH": 1.0,
        "NETWORK_BACKGROUND_PAINT": "#FFFFFF",
    }
    style = {"title": STYLE_NAME, "defaults": [{"visualProperty": k, "value": v} for k, v in defaults.items()],
             "mappings": [_passthrough("colour", "String", "NODE_FILL_COLOR"),
                          _passthrough("text_colour", "String", "NODE_LABEL_COLOR"),
                          _passthrough("name", "String", "NODE_LABEL"),
                          _passthrough("label_en", "String", "NODE_TOOLTIP"),
                          _passthrough("interaction", "String", "EDGE_TOOLTIP")]}
    return _json([style])
