"""GEXF 1.3 for Gephi and Gephi Lite (graphology-gexf), valid against the GEXF 1.3 XSD.

What strict readers hold a file to, and how this writer meets it: an edge's ``type`` may only be
directed, undirected or mutual (the relation is the edge's ``label`` and its ``relation``
attribute, never its type); every edge has its own id; each attribute is declared once with a
type (numbers as ``integer`` or ``double``); the graph element takes no ``name``. ``color``,
``size`` and ``position`` are in the viz namespace (``http://gexf.net/1.3/viz``), as the GEXF 1.3
RELAX NG grammar (the normative one: its ``viz.rng`` is included with that namespace), the
primer and Gephi's own files have them; the XSD derived from it leaves them namespace-less, and
an earlier writer that followed it wrote them in the GEXF namespace, which the grammar rejects
and networkx ignored. graphology (Gephi Lite), Gephi and networkx read them so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from .normalise import short_id
from .xmlattributes import declared, edge_attributes, edge_id, node_attributes

__all__ = ["write_gexf"]

_GEXF = "http://gexf.net/1.3"
_VIZ = "http://gexf.net/1.3/viz"
_TYPES = {str: "string", int: "integer", float: "double"}
_NOT_ATTVALUES = {"label", "x", "y"}  # the element's own label; the position element


def _text(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _token(text: str) -> str:
    """An ``xs:token`` (the type of a GEXF label): no line breaks or runs of spaces."""
    return " ".join(text.split())


def write_gexf(graph: nx.MultiDiGraph) -> bytes:
    """A static, directed GEXF 1.3 graph; attribute ids are the attribute names, so every reader shows the names."""
    ET.register_namespace("", _GEXF)
    ET.register_namespace("viz", _VIZ)
    g, viz = f"{{{_GEXF}}}", f"{{{_VIZ}}}"
    # No xsi:schemaLocation: the grammar allows no attribute it does not name, and it names none.
    root = ET.Element(f"{g}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{g}meta")
    ET.SubElement(meta, f"{g}creator").text = "zjkg"
    ET.SubElement(meta, f"{g}description").text = f"镇江市2025年政府工作报告 · {graph.graph.get('name', '')}"
    body = ET.SubElement(root, f"{g}graph", {"defaultedgetype": "directed", "mode": "static"})
    node_keys, edge_keys = declared(graph)
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        block = ET.SubElement(body, f"{g}attributes", {"class": domain, "mode": "static"})
        for name, kind in keys.items():
            if name not in _NOT_ATTVALUES:
                ET.SubElement(block, f"{g}attribute", {"id": name, "title": name, "type": _TYPES[kind]})
    nodes = ET.SubElement(body, f"{g}nodes", {"count": str(graph.number_of_nodes())})
    for node in graph.nodes:
        attributes = node_attributes(graph, node)
        element = ET.SubElement(nodes, f"{g}node", {"id": short_id(node), "label": _token(attributes.get("label", ""))})
        values = ET.SubElement(element, f"{g}attvalues")
        for name, value in attributes.items():
            if name not in _NOT_ATTVALUES:
                ET.SubElement(values, f"{g}attvalue", {"for": name, "value": _text(value)})
        colour = attributes["colour"].lstrip("#")
        ET.SubElement(element, f"{viz}color", {"r": str(int(colour[0:2], 16)), "g": str(int(colour[2:4], 16)),
                                             "b": str(int(colour[4:6], 16))})
        ET.SubElement(element, f"{viz}size", {"value": _text(float(attributes["size"]))})
        if "x" in attributes and "y" in attributes:
            ET.SubElement(element, f"{viz}position", {"x": _text(attributes["x"]), "y": _text(attributes["y"])})
    edges = ET.SubElement(body, f"{g}edges", {"count": str(graph.number_of_edges())})
    for source, target, relation, data in graph.edges(keys=True, data=True):
        element = ET.SubElement(edges, f"{g}edge", {"id": edge_id(source, relation, target), "source": short_id(source),
                                                   "target": short_id(target), "label": relation})
        values = ET.SubElement(element, f"{g}attvalues")
        for name, value in edge_attributes(data).items():
            ET.SubElement(values, f"{g}attvalue", {"for": name, "value": _text(value)})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
