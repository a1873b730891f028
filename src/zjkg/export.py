"""Graph exports for the tools researchers look with, all fed by the views of :mod:`zjkg.graph`.

One code path: ``build_view`` -> :func:`prepare` (attributes normalised once: strings only, no
``None``, no XML-illegal characters, a colour per task area, a size) -> one writer per format.
Every writer returns ``{relative_path: bytes}``: one entry for a file format, several for a
directory format (Neo4j CSV). Output is deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import networkx as nx

from .errors import InputError
from .graph import NODE_ATTRIBUTES
from .namespace import ONTOLOGY, PREFIXES

__all__ = ["EXPORT_FORMATS", "DIRECTORY_FORMATS", "AREA_COLOURS", "prepare", "export_view", "write_files",
           "view_rdf", "JSONLD_CONTEXT", "CJK_FONT"]

# A colour per task area (1-9), readable on white and distinct in Gephi, yEd, Graphviz and the browser.
AREA_COLOURS = {"1": "#e6194b", "2": "#3cb44b", "3": "#4363d8", "4": "#f58231", "5": "#2e8b57",
                "6": "#911eb4", "7": "#d4a017", "8": "#800000", "9": "#008080"}
TYPE_COLOURS = {"Measure": "#808080", "TaskArea": "#000075", "Pledge": "#f032e6", "Principle": "#9a6324",
                "MainTarget": "#e6beff", "Target": "#aaffc3", "Action": "#fabebe", "Indicator": "#ffd8b1",
                "Observation": "#a9a9a9", "Sector": "#46f0f0", "Report": "#000000", "Review": "#dcdcdc"}
CJK_FONT = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk; without a CJK font Graphviz draws boxes
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(_clean(v) for v in value)
    return _XML_ILLEGAL.sub("", str(value))


def _area_number(data: dict) -> str:
    area = data.get("area", "")
    return area.rsplit("/", 1)[-1] if area else (data.get("notation", "") if data.get("type") == "TaskArea" else "")


def prepare(graph: nx.Graph) -> nx.MultiDiGraph:
    """A copy with string-only, XML-safe attributes plus ``colour``, ``area_number`` and ``size``.

    Nodes keep their IRIs as ids; edges are keyed by relation type. Nodes and edges are inserted in
    sorted order, so every writer sees the same order whatever order the store gave.
    """
    result = nx.MultiDiGraph(name=_clean(graph.graph.get("name", "zjkg")))
    degree = dict(graph.in_degree()) if graph.is_directed() else dict(graph.degree())
    for node in sorted(graph.nodes):
        data = dict.fromkeys(NODE_ATTRIBUTES, "")
        data.update({k: _clean(v) for k, v in graph.nodes[node].items()})
        data["id"] = data["id"] or _clean(node)
        data["type"] = data["type"] or "Entity"
        area = _area_number(data)
        data["area_number"] = area
        data["colour"] = AREA_COLOURS.get(area) or TYPE_COLOURS.get(data.get("type", ""), "#808080")
        data["size"] = str(10 + 4 * degree.get(node, 0))
        result.add_node(_clean(node), **data)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else ((a, b, d.get("type", ""), d) for a, b, d in graph.edges(data=True))
    for a, b, key, data in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        attributes = {k: _clean(v) for k, v in data.items()}
        attributes.setdefault("type", _clean(key))
        result.add_edge(_clean(a), _clean(b), key=_clean(key), **attributes)
    return result


def _node_label(data: dict, lang: str = "zh") -> str:
    label = data.get("label_en") if lang == "en" and data.get("label_en") else data.get("label", "")
    return f"{data['notation']} {label}" if data.get("type") == "Measure" and data.get("notation") else label


# ------------------------------------------------------------------ GraphML (Gephi, yEd, Cytoscape)

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
        label = _node_label(data)
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

def write_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 with ``viz:color`` and ``viz:size``; networkx's wrong xsi namespace and today's date fixed."""
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        colour = data["colour"].lstrip("#")
        data["viz"] = {"color": {"r": int(colour[0:2], 16), "g": int(colour[2:4], 16), "b": int(colour[4:6], 16), "a": 1.0},
                       "size": float(data["size"])}
    buffer = io.BytesIO()
    nx.write_gexf(copy, buffer, version="1.3")
    text = buffer.getvalue().decode("utf-8")
    text = text.replace('xmlns:xsi="http://w3.org/2001/XMLSchema-instance"', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    # The writer stamps today's date and its own version: drop both so the bytes depend on the graph only.
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>zjkg</creator>", text, count=1)
    return text.encode("utf-8")


# ------------------------------------------------------------------ Cytoscape (desktop and Cytoscape.js)

def write_cyjs(graph: nx.MultiDiGraph) -> bytes:
    """``{"elements": {"nodes": [...], "edges": [...]}}`` with ``data`` and ``classes`` (type, area)."""
    nodes = []
    for node, data in graph.nodes(data=True):
        classes = [data.get("type", "")] + ([f"area-{data['area_number']}"] if data.get("area_number") else [])
        nodes.append({"data": {"id": node, "name": _node_label(data), **data}, "classes": " ".join(c for c in classes if c)})
    edges = []
    for number, (a, b, key, data) in enumerate(graph.edges(keys=True, data=True)):
        edges.append({"data": {"id": f"e{number}", "source": a, "target": b, "interaction": key, **data}, "classes": key})
    document = {"format_version": "1.0", "generated_by": "zjkg", "data": {"name": graph.graph.get("name", "zjkg")},
                "elements": {"nodes": nodes, "edges": edges}}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ------------------------------------------------------------------ Graphviz DOT

def _dot_quote(text: str) -> str:
    """A DOT double-quoted string: every id is quoted, so `zjkg:m1` never collapses into `zjkg`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_dot(graph: nx.MultiDiGraph) -> bytes:
    """DOT with a cluster per task area, Chinese labels in a CJK font, and a legend of the areas."""
    font = _dot_quote(CJK_FONT)
    lines = [f"digraph {_dot_quote('zjkg-' + graph.graph.get('name', 'graph'))} {{",
             f"  graph [rankdir=LR, fontname={font}, fontsize=12, labelloc=t, compound=true,"
             f" label={_dot_quote('镇江市2025年政府工作报告 · ' + graph.graph.get('name', ''))}];",
             f"  node [shape=box, style=\"rounded,filled\", fontname={font}, fontsize=10, fontcolor=white];",
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
        return (f"{indent}{_dot_quote(node)} [label={_dot_quote(_node_label(data))}, fillcolor={_dot_quote(data['colour'])},"
                f" tooltip={_dot_quote(tooltip)}];")

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
        lines.append(f"  {_dot_quote(a)} -> {_dot_quote(b)} [tooltip={_dot_quote(tooltip)}];")
    legend = sorted(set(by_area) | {n for n in area_labels if n in AREA_COLOURS}, key=lambda a: int(a) if a.isdigit() else 0)
    if legend:
        lines.append(f"  subgraph {_dot_quote('cluster_legend')} {{")
        lines.append(f"    label={_dot_quote('图例 Legend: 任务领域 task areas')}; color=\"#999999\"; style=dashed;")
        for area in legend:
            lines.append(f"    {_dot_quote('legend-' + area)} [label={_dot_quote(area + ' ' + area_labels.get(area, ''))},"
                         f" fillcolor={_dot_quote(AREA_COLOURS.get(area, '#808080'))}];")
        for first, second in zip(legend, legend[1:]):
            lines.append(f"    {_dot_quote('legend-' + first)} -> {_dot_quote('legend-' + second)} [style=invis];")
        lines.append("  }")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ------------------------------------------------------------------ Mermaid

def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", " ")


def write_mermaid(graph: nx.MultiDiGraph) -> bytes:
    """A Mermaid ``flowchart``: a subgraph per task area, a class (colour) per area."""
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
            lines.append(f'{indent}{ids[node]}["{_mermaid_text(_node_label(graph.nodes[node]))}"]')
        if area:
            lines.append("  end")
    for a, b, key, _ in graph.edges(keys=True, data=True):
        arrow = "-->" if key in ("dependsOn", "") else f"-- {key} -->"
        lines.append(f"  {ids[a]} {arrow} {ids[b]}")
    for area, colour in AREA_COLOURS.items():
        members = [ids[n] for n in by_area.get(area, [])]
        if members:
            lines.append(f"  classDef area{area} fill:{colour},color:#fff")
            lines.append(f"  class {','.join(members)} area{area}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ------------------------------------------------------------------ Neo4j (neo4j-admin import)

_NODE_COLUMNS = ("label", "label_en", "notation", "area", "area_label", "lead_sector", "lead_sector_label", "colour")


def write_neo4j_csv(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` (``id:ID``, ``:LABEL``) and ``relationships.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE``)."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", ":LABEL", *_NODE_COLUMNS])
    for node, data in graph.nodes(data=True):
        writer.writerow([node, data.get("type", "Entity"), *(data.get(c, "") for c in _NODE_COLUMNS)])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow([":START_ID", ":END_ID", ":TYPE", "basis", "rationale"])
    for a, b, key, data in graph.edges(keys=True, data=True):
        writer.writerow([a, b, key, data.get("basis", ""), data.get("rationale", "")])
    readme = ("neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j\n")
    return {"nodes.csv": nodes.getvalue().encode("utf-8"), "relationships.csv": edges.getvalue().encode("utf-8"),
            "import.sh": readme.encode("utf-8")}


# ------------------------------------------------------------------ RDF (Turtle, N-Triples, JSON-LD)

JSONLD_CONTEXT = {
    "@vocab": ONTOLOGY,
    **{p: PREFIXES[p] for p in ("zjkg", "rdfs", "skos", "xsd", "measure", "area", "pledge", "principle", "target",
                                 "sector", "action", "indicator", "observation", "review", "report")},
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "notation": {"@id": "skos:notation"},
    **{name: {"@id": f"zjkg:{name}", "@type": "@id"} for name in
       ("partOf", "inArea", "hasTarget", "indicator", "baseline", "servesPledge", "followsPrinciple",
        "contributesTo", "dependsOn", "leadSector", "supportingSector")},
}


def view_rdf(graph: nx.MultiDiGraph):
    """The RDF of a view as an rdflib Graph: each node's type, labels and number; each edge's triple."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS

    rdf = rdflib.Graph()
    for prefix in ("zjkg", "measure", "area", "pledge", "principle", "target", "sector"):
        rdf.bind(prefix, PREFIXES[prefix])
    for node, data in graph.nodes(data=True):
        subject = rdflib.URIRef(node)
        rdf.add((subject, RDF.type, rdflib.URIRef(ONTOLOGY + data["type"])))
        for language, label in (("zh", data["label"]), ("en", data["label_en"])):
            if label:
                rdf.add((subject, RDFS.label, rdflib.Literal(label, lang=language)))
        if data.get("notation"):
            rdf.add((subject, SKOS.notation, rdflib.Literal(data["notation"])))
    for a, b, key in graph.edges(keys=True):
        rdf.add((rdflib.URIRef(a), rdflib.URIRef(ONTOLOGY + key), rdflib.URIRef(b)))
    return rdf


def _sorted_ntriples(graph: nx.MultiDiGraph) -> str:
    lines = view_rdf(graph).serialize(format="nt").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(line for line in lines if line.strip())))


def write_nt(graph: nx.MultiDiGraph) -> bytes:
    return _sorted_ntriples(graph).encode("utf-8")


def write_ttl(graph: nx.MultiDiGraph) -> bytes:
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(_sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)]
    prefixes = {p: PREFIXES[p] for p in ("rdf", "rdfs", "skos", "zjkg", "measure", "area", "pledge", "principle",
                                          "target", "sector", "action", "indicator", "observation", "review", "report")}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_jsonld(graph: nx.MultiDiGraph) -> bytes:
    """JSON-LD compacted with :data:`JSONLD_CONTEXT` (short keys: ``label``, ``dependsOn``...)."""
    rdf = view_rdf(graph)
    document = json.loads(rdf.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, sort_keys=True))
    if "@graph" in document:  # one order whatever the serialiser's
        document["@graph"].sort(key=lambda item: item.get("@id", ""))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# ------------------------------------------------------------------ HTML (any browser, offline)

def _vis_network_js() -> str:
    """vis-network as shipped inside the pyvis package: inlined so the page needs no network."""
    from importlib.resources import files

    try:
        return (files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise InputError("the html export needs vis-network from the pyvis package: pip install pyvis") from None


def write_html(graph: nx.MultiDiGraph) -> bytes:
    """One self-contained page: pan, zoom, search, click for details, a colour per area, a legend."""
    from importlib.resources import files

    nodes = [{"id": n, "label": _node_label(d), "title": d.get("label_en", ""), "color": d["colour"],
              "value": int(d["size"]), "data": d} for n, d in graph.nodes(data=True)]
    edges = [{"from": a, "to": b, "arrows": "to", "title": d.get("rationale") or k, "data": d}
             for a, b, k, d in graph.edges(keys=True, data=True)]
    legend = {a: c for a, c in AREA_COLOURS.items()
              if any(d.get("area_number") == a for _, d in graph.nodes(data=True))}
    area_names = {}
    for _, d in graph.nodes(data=True):
        if d.get("area_number") and d.get("area_label"):
            area_names[d["area_number"]] = d["area_label"]
    payload = json.dumps({"nodes": nodes, "edges": edges, "legend": legend, "areas": area_names,
                          "title": graph.graph.get("name", "")}, ensure_ascii=False, sort_keys=True)
    payload = payload.replace("</", "<\\/")  # nothing in the data can close the <script> element
    template = (files("zjkg") / "templates" / "graph.html").read_text(encoding="utf-8")
    page = (template.replace("/*VIS_NETWORK*/", _vis_network_js().replace("</script", "<\\/script"))
            .replace("/*GRAPH_DATA*/null", payload))
    return page.encode("utf-8")


# ------------------------------------------------------------------ dispatch

_WRITERS: dict[str, tuple[Callable, str]] = {
    "graphml": (write_graphml, "graphml"), "gexf": (write_gexf, "gexf"), "cyjs": (write_cyjs, "cyjs"),
    "dot": (write_dot, "dot"), "mermaid": (write_mermaid, "mmd"), "csv": (write_neo4j_csv, ""),
    "jsonld": (write_jsonld, "jsonld"), "ttl": (write_ttl, "ttl"), "nt": (write_nt, "nt"), "html": (write_html, "html"),
}
EXPORT_FORMATS = tuple(_WRITERS)
DIRECTORY_FORMATS = ("csv",)


def export_view(graph: nx.Graph, fmt: str) -> dict[str, bytes]:
    """Write a view in ``fmt``: ``{"": bytes}`` for a file format, ``{name: bytes}`` for a directory."""
    try:
        writer, _ = _WRITERS[fmt]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}") from None
    written = writer(prepare(graph))
    return written if isinstance(written, dict) else {"": written}


def write_files(files: dict[str, bytes], destination) -> list:
    """Write an export beside its destination, then swap it in: never a half-written file or directory."""
    from pathlib import Path

    from .atomic import staged_directory, write_file

    destination = Path(destination)
    parent = destination.parent if str(destination.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{destination}: the directory {parent} does not exist")
    if set(files) == {""}:
        write_file(destination, files[""])
        return [destination]
    if destination.exists() and not destination.is_dir():
        raise InputError(f"{destination}: exists and is not a directory")
    with staged_directory(destination) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)
    return [destination / name for name in files]
