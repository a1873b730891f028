"""GraphML 1.0 for Gephi, Gephi Lite, Sigma.js, yEd and Cytoscape, valid against the GraphML 1.0 XSD.

What strict readers (graphology-graphml, the XSD) hold a file to, and how this writer meets it:
node and edge ids are XML NMTOKENs (the CURIE ``measure:1-1``; the IRI is the ``iri`` attribute),
every edge has its own id, each key is declared once with a type (numbers as ``int`` or
``double``), and ``<data>`` holds text only (no yFiles markup: yEd shows the ``label`` attribute
through its Properties Mapper). Positions (``x``, ``y``: the DOT picture's) and the fill as ``r``,
``g``, ``b`` are the attributes Gephi's GraphML importer and graphology (so Gephi Lite and
Sigma.js) read as a node's place and colour.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from .normalise import short_id
from .xmlattributes import declared, edge_attributes, edge_id, node_attributes

__all__ = ["write_graphml"]

_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_TYPES = {str: "string", int: "int", float: "double"}


def _text(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _node_attributes(graph: nx.MultiDiGraph, node: str) -> dict:
    attributes = node_attributes(graph, node)
    colour = attributes["colour"].lstrip("#")
    attributes.update(r=int(colour[0:2], 16), g=int(colour[2:4], 16), b=int(colour[4:6], 16))
    return attributes


def write_graphml(graph: nx.MultiDiGraph) -> bytes:
    """A directed GraphML graph: ``<key>`` per attribute (ids ``n-NAME``, ``e-NAME``), then nodes, then edges."""
    ET.register_namespace("", _GRAPHML)
    ET.register_namespace("xsi", _XSI)
    root = ET.Element(f"{{{_GRAPHML}}}graphml", {
        f"{{{_XSI}}}schemaLocation": f"{_GRAPHML} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    node_keys, edge_keys = declared(graph, _node_attributes)
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys.items():
            ET.SubElement(root, f"{{{_GRAPHML}}}key", {"id": f"{domain[0]}-{name}", "for": domain,
                                                      "attr.name": name, "attr.type": _TYPES[kind]})
    body = ET.SubElement(root, f"{{{_GRAPHML}}}graph", {"id": graph.graph.get("name") or "zjkg", "edgedefault": "directed"})
    for node in graph.nodes:
        element = ET.SubElement(body, f"{{{_GRAPHML}}}node", {"id": short_id(node)})
        for name, value in _node_attributes(graph, node).items():
            ET.SubElement(element, f"{{{_GRAPHML}}}data", {"key": f"n-{name}"}).text = _text(value)
    for source, target, relation, data in graph.edges(keys=True, data=True):
        element = ET.SubElement(body, f"{{{_GRAPHML}}}edge", {"id": edge_id(source, relation, target),
                                                             "source": short_id(source), "target": short_id(target)})
        for name, value in edge_attributes(data).items():
            ET.SubElement(element, f"{{{_GRAPHML}}}data", {"key": f"e-{name}"}).text = _text(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
