"""GraphML for Gephi, yEd and Cytoscape."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx

from .normalise import CJK_FONT, node_label

__all__ = ["write_graphml"]


_Y = "http://www.yworks.com/xml/graphml"
_GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def write_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with key ids named after the attributes (Gephi) and yFiles node labels (yEd)."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(graph, buffer, named_key_ids=True)
    ET.register_namespace("", _GRAPHML)
    ET.register_namespace("y", _Y)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(buffer.getvalue())
    graph_element = root.find(f"{{{_GRAPHML}}}graph")
    position = list(root).index(graph_element)
    root.insert(position, ET.Element(f"{{{_GRAPHML}}}key", {"for": "node", "id": "nodegraphics", "yfiles.type": "nodegraphics"}))
    root.insert(position + 1, ET.Element(f"{{{_GRAPHML}}}key", {"for": "edge", "id": "edgegraphics", "yfiles.type": "edgegraphics"}))
    for node in graph_element.iter(f"{{{_GRAPHML}}}node"):
        data = graph.nodes[node.get("id")]
        label = node_label(data)
        # First among the node's data, so a reader that maps the yFiles label to "label"
        # (networkx does) still ends with the label attribute itself.
        holder = ET.Element(f"{{{_GRAPHML}}}data", {"key": "nodegraphics"})
        node.insert(0, holder)
        shape = ET.SubElement(holder, f"{{{_Y}}}ShapeNode")
        ET.SubElement(shape, f"{{{_Y}}}Geometry", {"height": "30.0", "width": str(float(max(60, 14 * len(label))))})
        ET.SubElement(shape, f"{{{_Y}}}Fill", {"color": data["colour"], "transparent": "false"})
        text = ET.SubElement(shape, f"{{{_Y}}}NodeLabel", {"fontFamily": CJK_FONT})
        text.text = label
        ET.SubElement(shape, f"{{{_Y}}}Shape", {"type": "roundrectangle"})
    for edge in graph_element.iter(f"{{{_GRAPHML}}}edge"):
        holder = ET.SubElement(edge, f"{{{_GRAPHML}}}data", {"key": "edgegraphics"})
        line = ET.SubElement(holder, f"{{{_Y}}}PolyLineEdge")
        ET.SubElement(line, f"{{{_Y}}}Arrows", {"source": "none", "target": "standard"})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# ------------------------------------------------------------------ GEXF 1.3 (Gephi)
