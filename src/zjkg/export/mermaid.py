"""Mermaid flowcharts (GitHub, GitLab, Obsidian)."""

from __future__ import annotations

import networkx as nx

from ..errors import InputError
from .normalise import AREA_COLOURS, node_label, text_colour

__all__ = ["MERMAID_MAX_EDGES", "write_mermaid"]

# Mermaid refuses to draw a flowchart with more edges than its ``maxEdges`` setting, 500 by
# default ("Edge limit exceeded"): a larger view is refused here, before anything is written.
MERMAID_MAX_EDGES = 500


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", " ")


def write_mermaid(graph: nx.MultiDiGraph) -> bytes:
    """A Mermaid ``flowchart``: a subgraph per task area, a class (colour) per area."""
    if graph.number_of_edges() > MERMAID_MAX_EDGES:
        raise InputError(f"the {graph.graph.get('name', '')} view has {graph.number_of_edges()} edges, more than Mermaid "
                         f"draws ({MERMAID_MAX_EDGES} by default): export the measures, sectors or goals view as "
                         "mermaid, or this view in another format")
    ids = {node: f"n{number}" for number, node in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    by_area: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        by_area.setdefault(data.get("area_number", "") if data.get("type") == "Measure" else "", []).append(node)
    for area in sorted(by_area, key=lambda a: (a == "", int(a) if a.isdigit() else 0)):
        indent = "  "
        if area:
            label = graph.nodes[by_area[area][0]].get("area_label", "")
            lines.append(f'  subgraph area{area}["{_mermaid_text(area + " " + label)}"]')
            indent = "    "
        for node in by_area[area]:
            lines.append(f'{indent}{ids[node]}["{_mermaid_text(node_label(graph.nodes[node]))}"]')
        if area:
            lines.append("  end")
    for a, b, key, _ in graph.edges(keys=True, data=True):
        arrow = "-->" if key in ("dependsOn", "") else f"-- {key} -->"
        lines.append(f"  {ids[a]} {arrow} {ids[b]}")
    for area, colour in AREA_COLOURS.items():
        members = [ids[n] for n in by_area.get(area, [])]
        if members:
            lines.append(f"  classDef area{area} fill:{colour},color:{text_colour(colour)}")
            lines.append(f"  class {','.join(members)} area{area}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ------------------------------------------------------------------ Neo4j (neo4j-admin import)
