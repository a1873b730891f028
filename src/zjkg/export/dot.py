"""Graphviz DOT."""

from __future__ import annotations

import networkx as nx

from .normalise import (
    AREA_COLOURS,
    CJK_FONT,
    LINK_STYLES,
    TYPE_COLOURS,
    TYPE_NAMES,
    legend_keys,
    link_style,
    node_label,
    text_colour,
)

__all__ = ["write_dot"]


def _dot_quote(text: str) -> str:
    """A DOT double-quoted string: every id is quoted, so `zjkg:m1` never collapses into `zjkg`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_dot(graph: nx.MultiDiGraph) -> bytes:
    """DOT with a cluster per task area, Chinese labels in a CJK font, and a legend of the areas.

    Every node's label is black or white, whichever contrasts more with its fill (the light fills
    of targets, indicators and area 7 are unreadable in white)."""
    font = _dot_quote(CJK_FONT)
    lines = [f"digraph {_dot_quote('zjkg-' + graph.graph.get('name', 'graph'))} {{",
             f"  graph [rankdir=LR, fontname={font}, fontsize=12, labelloc=t, compound=true,"
             f" label={_dot_quote('镇江市2025年政府工作报告 · ' + graph.graph.get('name', ''))}];",
             f"  node [shape=box, style=\"rounded,filled\", fontname={font}, fontsize=10];",
             f"  edge [fontname={font}, fontsize=8, color=\"#666666\"];"]
    by_area: dict[str, list[str]] = {}
    area_labels: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") == "Measure" and data.get("area_number"):
            by_area.setdefault(data["area_number"], []).append(node)
            area_labels[data["area_number"]] = data.get("area_label", "")
        elif data.get("type") == "TaskArea":
            area_labels.setdefault(data.get("notation", ""), data.get("label", ""))

    def node_line(node: str, indent: str) -> str:
        data = graph.nodes[node]
        tooltip = data.get("label_en", "")
        return (f"{indent}{_dot_quote(node)} [label={_dot_quote(node_label(data))}, fillcolor={_dot_quote(data['colour'])},"
                f" fontcolor={_dot_quote(text_colour(data['colour']))}, tooltip={_dot_quote(tooltip)}];")

    for area in sorted(by_area, key=lambda a: int(a) if a.isdigit() else 0):
        colour = AREA_COLOURS.get(area, "#808080")
        lines.append(f"  subgraph {_dot_quote('cluster_area_' + area)} {{")
        lines.append(f"    label={_dot_quote(area + ' ' + area_labels.get(area, ''))}; color={_dot_quote(colour)}; style=rounded;")
        lines += [node_line(n, "    ") for n in by_area[area]]
        lines.append("  }")
    clustered = {n for nodes in by_area.values() for n in nodes}
    lines += [node_line(n, "  ") for n in graph.nodes if n not in clustered]
    for a, b, key, data in graph.edges(keys=True, data=True):
        tooltip = data.get("rationale", "") or key
        lines.append(f"  {_dot_quote(a)} -> {_dot_quote(b)} [tooltip={_dot_quote(tooltip)}{_edge_style(key)}];")
    legend = sorted(set(by_area) | {n for n in area_labels if n in AREA_COLOURS}, key=lambda a: int(a) if a.isdigit() else 0)
    # ... and the fills of the other kinds of node, and the links drawn apart, that the view holds
    kinds, links = legend_keys(graph)
    entries = [(area, area + " " + area_labels.get(area, ""), AREA_COLOURS.get(area, "#808080")) for area in legend]
    entries += [(kind, TYPE_NAMES[kind], TYPE_COLOURS[kind]) for kind in kinds]
    if entries or links:
        lines.append(f"  subgraph {_dot_quote('cluster_legend')} {{")
        lines.append(f"    label={_dot_quote('图例 Legend')}; color=\"#999999\"; style=dashed;")
        for name, label, fill in entries:
            lines.append(f"    {_dot_quote('legend-' + name)} [label={_dot_quote(label)},"
                         f" fillcolor={_dot_quote(fill)}, fontcolor={_dot_quote(text_colour(fill))}];")
        for (first, *_), (second, *_) in zip(entries, entries[1:]):
            lines.append(f"    {_dot_quote('legend-' + first)} -> {_dot_quote('legend-' + second)} [style=invis];")
        for relation in links:
            ends = [_dot_quote(f"legend-{relation}-{end}") for end in ("from", "to")]
            lines.append(f"    {ends[0]} [label=\"\", shape=point, width=0.05]; {ends[1]} [label=\"\", shape=point, width=0.05];")
            lines.append(f"    {ends[0]} -> {ends[1]} [label={_dot_quote(LINK_STYLES[relation][0])}{_edge_style(relation)}];")
        lines.append("  }")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _edge_style(relation: str) -> str:
    """The DOT attributes that draw ``relation`` apart (a conflict: dashed, red, no arrow), or ""."""
    if relation not in LINK_STYLES:
        return ""
    _, colour, dashed, directed = link_style(relation)
    return f", color={_dot_quote(colour)}" + (", style=dashed, penwidth=1.5" if dashed else "") + ("" if directed else ", dir=none")


# ------------------------------------------------------------------ Mermaid
