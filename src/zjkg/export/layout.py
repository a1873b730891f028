"""Positions for the formats that carry a layout (Cytoscape, GEXF): the DOT picture's own.

Graphviz lays out the same DOT the ``dot`` export writes (clusters per task area), so a cyjs file
opens in Cytoscape looking like the DOT picture. Without Graphviz, a plain deterministic layout:
one column per task area, other nodes in a column of their own type.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import networkx as nx

__all__ = ["positions"]

_SPACING = 60.0


def _graphviz(graph: nx.MultiDiGraph, dot: str) -> dict[str, tuple[float, float]] | None:
    from .dot import write_dot

    try:
        result = subprocess.run([dot, "-Tjson"], input=write_dot(graph), capture_output=True, timeout=120, check=True)
        objects = json.loads(result.stdout).get("objects", [])
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    found = {}
    for item in objects:
        if item.get("name") in graph and "pos" in item:
            x, y = (float(v) for v in item["pos"].split(","))
            found[item["name"]] = (round(x, 2), round(-y, 2))  # Graphviz's y points up, the screen's down
    return found if len(found) == graph.number_of_nodes() else None


def _columns(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    columns: dict[tuple, list[str]] = {}
    for node, data in graph.nodes(data=True):
        area = data.get("area_number", "")
        key = (0, int(area), "") if area.isdigit() and data.get("type") == "Measure" else (1, 0, data.get("type", ""))
        columns.setdefault(key, []).append(node)
    found = {}
    for column, key in enumerate(sorted(columns)):
        for row, node in enumerate(columns[key]):
            found[node] = (column * 4 * _SPACING, row * _SPACING)
    return found


def positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """``{node: (x, y)}`` in screen coordinates (y down), for every node of a prepared view."""
    dot = shutil.which("dot")
    return (_graphviz(graph, dot) if dot else None) or _columns(graph)
