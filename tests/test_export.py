"""Every export format, read back by a real consumer: the XSDs (lxml), graphology (the loaders of
Gephi Lite and Sigma.js), networkx, Graphviz, Cytoscape.js, Kùzu, rdflib and pyld, headless
Chromium. A consumer missing on a developer's machine skips; in CI it fails."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from conftest import isomorphic, need

from zjkg.cli import cli
from zjkg.export import AREA_COLOURS, EXPORT_FORMATS, export, export_view, prepare, view_rdf
from zjkg.export.normalise import NUMERIC
from zjkg.graph import build_view

VIEWS = ["measures", "full", "sectors", "goals"]
JS = Path(__file__).parent / "js"
SCHEMAS = Path(__file__).parent / "data" / "schemas"
VIEW_FORMATS = [f for f in EXPORT_FORMATS if f not in ("nq", "trig")]


@pytest.fixture(scope="session")
def exported(store):
    """``exported(view, fmt)``: the export's bytes, made once per session (the layout runs Graphviz)."""
    return cache(lambda view, fmt: export(store, view, fmt)[""])


@pytest.fixture(scope="module", params=VIEWS)
def view(request, store):
    return request.param, prepare(build_view(store, request.param))


def _export(graph, fmt) -> bytes:
    return export_view(graph, fmt)[""]


def test_views_have_the_expected_shape(store, graph):
    measures = build_view(store, "measures")
    assert measures.number_of_nodes() == 30
    for kind in ("dependsOn", "conflictsWith"):  # the measures view carries both kinds, keyed by kind
        written = set(graph.subject_objects(rdflib.URIRef(f"https://w3id.org/zjkg/ontology#{kind}")))
        assert {(a, b) for a, b, k in measures.edges(keys=True) if k == kind} == {(str(a), str(b)) for a, b in written}
    sectors = build_view(store, "sectors")
    assert {d["type"] for _, d in sectors.nodes(data=True)} == {"Measure", "Sector"}


def test_prepare_normalises_attributes_once():
    g = nx.DiGraph()
    g.add_node("zjkg:m1", label="bad\x00\x0bname", label_en=None, type="Measure", area="https://w3id.org/zjkg/id/area/3",
               tags=["a", "b"], value="2300", year="2025")
    g.add_node("zjkg:m2", value="not a number")
    g.add_edge("zjkg:m1", "zjkg:m2", type="dependsOn", rationale=None)
    p = prepare(g)
    data = p.nodes["zjkg:m1"]
    assert data["label"] == "badname" and data["label_en"] == "" and data["tags"] == "a; b"
    assert data["colour"] == AREA_COLOURS["3"] and data["area_number"] == "3" and data["text_colour"] == "#ffffff"
    assert data["value"] == 2300.0 and isinstance(data["value"], float) and data["year"] == 2025 and isinstance(data["year"], int)
    assert "value" not in p.nodes["zjkg:m2"]  # not a number: no value, rather than a string where a number goes
    for _, d in p.nodes(data=True):
        assert all(isinstance(v, NUMERIC[k]) if k in NUMERIC else isinstance(v, str) for k, v in d.items())
    (_, _, key, edge), = p.edges(keys=True, data=True)
    assert key == edge["relation"] == "dependsOn" and "type" not in edge and edge["rationale"] == ""
    for fmt in VIEW_FORMATS:
        export_view(g, fmt)  # None, lists and control characters break no writer
    # a node the view gave no id or type is named by itself and typed Entity
    assert (p.nodes["zjkg:m2"]["id"], p.nodes["zjkg:m2"]["type"]) == ("zjkg:m2", "Entity")


def test_prepare_orders_edges_by_source_then_target():
    g = nx.DiGraph([("b", "a"), ("a", "c"), ("c", "a"), ("a", "b")])
    assert [(a, b) for a, b in prepare(g).edges()] == [("a", "b"), ("a", "c"), ("b", "a"), ("c", "a")]
    # two relations between the same pair: by relation name, whatever else the edges carry
    multi = nx.MultiDiGraph()
    multi.add_edge("a", "b", key="servesPledge", rationale="a")
    multi.add_edge("a", "b", key="dependsOn", rationale="z")
    assert [key for _, _, key in prepare(multi).edges(keys=True)] == ["dependsOn", "servesPledge"]


@pytest.mark.parametrize("data, lang, label", [
    ({"type": "Measure", "notation": "3.2", "label": "推进产业", "label_en": "Industry"}, "zh", "3.2 推进产业"),
    ({"type": "Measure", "notation": "3.2", "label": "推进产业", "label_en": "Industry"}, "en", "3.2 Industry"),
    ({"type": "Measure", "notation": "3.2", "label": "推进产业", "label_en": ""}, "en", "3.2 推进产业"),
    ({"type": "Pledge", "notation": "1", "label": "创新", "label_en": "Innovation"}, "en", "Innovation"),
    ({"type": "Measure", "notation": "", "label": "推进产业"}, "zh", "推进产业"),
])
def test_node_label_numbers_measures_in_the_language_asked(data, lang, label):
    from zjkg.export.normalise import node_label

    assert node_label(data, lang) == label


@pytest.mark.parametrize("fmt", VIEW_FORMATS)
def test_exports_are_deterministic(store, exported, fmt):
    """Made twice, the same bytes (a file format's other copy is the session's, made by another test)."""
    first = export(store, "measures", fmt)
    second = export(store, "measures", fmt) if fmt == "csv" else {"": exported("measures", fmt)}
    assert first == second


# ---------------------------------------------------------------- GraphML and GEXF: the schemas

def _schema(name: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _invalid(schema, content: bytes) -> list[str]:
    from lxml import etree

    schema.validate(etree.fromstring(content))
    return [f"{e.line}: {e.message}" for e in schema.error_log][:5]


@pytest.mark.parametrize("name", VIEWS)
def test_graphml_is_valid_graphml_1_0(exported, name):
    assert _invalid(_schema("graphml-1.0/graphml.xsd"), exported(name, "graphml")) == []


def test_the_graphml_schema_rejects_what_strict_loaders_reject(exported):
    """The schema is no rubber stamp: a repeated key, an IRI as node id and yFiles markup all fail it."""
    schema = _schema("graphml-1.0/graphml.xsd")
    text = exported("measures", "graphml").decode()
    key = re.search(r"<key [^>]*/>", text).group(0)
    assert _invalid(schema, text.replace(key, key + key, 1).encode())
    node_id = re.search(r'<node id="([^"]+)"', text).group(1)
    assert _invalid(schema, text.replace(f'"{node_id}"', '"https://w3id.org/zjkg/id/measure/1-1"').encode())
    yfiles = '<data key="n-label"><y:ShapeNode xmlns:y="http://www.yworks.com/xml/graphml"/></data>'
    assert _invalid(schema, re.sub(r'<data key="n-label">[^<]*</data>', yfiles, text, count=1).encode())


GEXF_GRAMMAR = SCHEMAS / "gexf-1.3" / "gexf.rng"


@pytest.mark.parametrize("name", VIEWS)
def test_gexf_is_valid_gexf_1_3(exported, name):
    """Against the GEXF 1.3 RELAX NG grammar, the normative one (its viz.rng included in the viz
    namespace); the XSD derived from it leaves color, size and position namespace-less."""
    if not GEXF_GRAMMAR.is_file():
        pytest.skip("the GEXF 1.3 RELAX NG grammar is not shipped (see tests/data/schemas/README.md)")
    from lxml import etree

    grammar = etree.RelaxNG(etree.parse(str(GEXF_GRAMMAR)))
    content = exported(name, "gexf")
    assert grammar.validate(etree.fromstring(content)), grammar.error_log
    # ...and it rejects what graphology throws on (a relation as the edge's type) and the viz
    # elements in the GEXF namespace, as the writer once put them.
    text = content.decode()
    edge = re.search(r'<edge [^>]*label="(\w+)"', text)
    assert not grammar.validate(etree.fromstring(text.replace(edge.group(0), edge.group(0) + f' type="{edge.group(1)}"', 1).encode()))
    assert not grammar.validate(etree.fromstring(text.replace("<viz:color", "<color", 1).encode()))


# ---------------------------------------------------------------- GraphML and GEXF: graphology and networkx

def _graphology(fmt: str, path: Path) -> dict:
    need("node", shutil.which("node"))
    need("the npm package graphology (npm ci --prefix tests/js)", (JS / "node_modules" / f"graphology-{fmt}").is_dir())
    result = subprocess.run(["node", str(JS / "load-graph.js"), fmt, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def _networkx(fmt: str, path: Path) -> nx.DiGraph:
    return nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path, version="1.3")


def _same(read_by_graphology, read_by_networkx, context):
    """Same keys; numbers equal and numbers in both readers; strings equal."""
    assert set(read_by_graphology) == set(read_by_networkx), context
    for key, value in read_by_networkx.items():
        other = read_by_graphology[key]
        if isinstance(value, int | float):
            assert isinstance(other, int | float) and other == value, (context, key, other, value)
        else:
            assert other == value, (context, key)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("name", VIEWS)
def test_graphology_reads_what_networkx_reads(exported, store, tmp_path, fmt, name):
    path = tmp_path / f"{name}.{fmt}"
    path.write_bytes(exported(name, fmt))
    loaded, read = _graphology(fmt, path), _networkx(fmt, path)
    view = build_view(store, name)
    assert loaded["type"] == "directed" and loaded["order"] == read.number_of_nodes() == view.number_of_nodes()
    assert loaded["size"] == read.number_of_edges() == view.number_of_edges()
    ids = [e["id"] for e in loaded["edges"]]
    assert len(set(ids)) == len(ids)  # every edge its own id
    for node in loaded["nodes"]:
        attributes = node["attributes"]
        expected = dict(read.nodes[node["id"]])
        rgb = tuple(int(attributes["colour"][i:i + 2], 16) for i in (1, 3, 5))
        if fmt == "gexf":  # both read GEXF's viz elements (networkx ignored them in the GEXF namespace)
            viz = expected.pop("viz")
            assert attributes.pop("color") == "rgb({},{},{})".format(*rgb) and tuple(viz["color"][c] for c in "rgb") == rgb
            assert (attributes.pop("x"), attributes.pop("y")) == (viz["position"]["x"], viz["position"]["y"])
        else:  # graphology turns numeric r, g, b attributes into one color; networkx keeps the three
            assert attributes.pop("color") == "#{:02x}{:02x}{:02x}".format(*rgb)
            assert tuple(expected.pop(c) for c in "rgb") == rgb
            assert isinstance(expected["x"], float) and isinstance(expected["y"], float)
        assert attributes["iri"] in view  # the IRI survives beside the short id
        _same(attributes, expected, node["id"])
    for edge in loaded["edges"]:
        data = dict(read.edges[edge["source"], edge["target"]])
        assert data.pop("id") == edge["id"]
        assert edge["attributes"]["relation"] in ("dependsOn", "partOf", "inArea", "hasTarget", "indicator", "baseline",
                                                  "servesPledge", "followsPrinciple", "contributesTo", "leadSector",
                                                  "supportingSector", "conflictsWith")
        _same(edge["attributes"], data, edge["id"])
    # numbers are numbers, in both readers
    sizes = [n["attributes"]["size"] for n in loaded["nodes"]]
    assert all(isinstance(s, int) for s in sizes) and all(isinstance(d["size"], int) for _, d in read.nodes(data=True))
    if name == "full":
        figures = [n["attributes"] for n in loaded["nodes"] if "value" in n["attributes"]]
        assert len(figures) > 50 and all(isinstance(f["value"], int | float) and isinstance(f.get("year", 0), int)
                                         for f in figures)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_attributes_are_declared_once_with_their_types(exported, fmt):
    from lxml import etree

    root = etree.fromstring(exported("full", fmt))
    if fmt == "graphml":
        keys = [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter("{*}key")]
        ids = [k.get("id") for k in root.iter("{*}key")]
        numbers = {"int", "double"}
    else:
        keys = [(a.getparent().get("class"), a.get("title"), a.get("type")) for a in root.iter("{*}attribute")]
        ids = [(a.getparent().get("class"), a.get("id")) for a in root.iter("{*}attribute")]
        numbers = {"integer", "double"}
    assert len(ids) == len(set(ids)) and len({k[:2] for k in keys}) == len(keys)
    declared = {(domain, name): kind for domain, name, kind in keys}
    assert declared[("node", "size")] in numbers and declared[("node", "value")] == "double"
    assert declared[("node", "year")] in numbers and declared[("edge", "relation")] == "string"
    assert ("edge", "type") not in declared


# ---------------------------------------------------------------- Graphviz

def _contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (written out here, not taken from the exporter)."""
    def luminance(colour):
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        rgb = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", VIEWS)
def test_dot_labels_are_readable_on_their_fill(exported, store, name):
    text = exported(name, "dot").decode()
    nodes = re.findall(r'fillcolor="(#[0-9a-fA-F]{6})", fontcolor="(#[0-9a-fA-F]{6})"', text)
    assert len(nodes) >= build_view(store, name).number_of_nodes()  # every node (and legend entry) has both
    worst = min(_contrast(fill, font) for fill, font in nodes)
    assert worst >= 4.5, worst  # WCAG AA for normal text


def test_dot_renders_in_graphviz_with_chinese_labels(view, tmp_path):
    name, graph = view
    need("graphviz (dot)", shutil.which("dot"))
    path = tmp_path / f"{name}.dot"
    path.write_bytes(_export(graph, "dot"))
    result = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    svg = result.stdout.decode("utf-8")
    assert svg.count('class="node"') >= graph.number_of_nodes()  # no id collapsed (zjkg:m1 -> zjkg)
    assert svg.count('class="edge"') >= graph.number_of_edges()
    some = next(d for _, d in graph.nodes(data=True) if d["type"] == "Measure" or name != "measures")
    assert some["label"][:4] in svg
    if name == "measures":
        assert svg.count('class="cluster"') >= 10  # nine task areas and the legend


def test_dot_uses_an_installed_cjk_font(store):
    need("fontconfig (fc-list)", shutil.which("fc-list"))
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    need("a CJK font (fonts-noto-cjk)", "Noto Sans CJK SC" in fonts)
    assert 'fontname="Noto Sans CJK SC"' in _export(prepare(build_view(store, "measures")), "dot").decode()


# ---------------------------------------------------------------- Cytoscape

def _cytoscape(path: Path) -> dict:
    need("node", shutil.which("node"))
    need("the npm package cytoscape (npm ci --prefix tests/js)", (JS / "node_modules" / "cytoscape").is_dir())
    result = subprocess.run(["node", str(JS / "load-cyjs.js"), str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", VIEWS)
def test_cyjs_opens_in_cytoscape_js_styled_and_laid_out(exported, store, tmp_path, name):
    path = tmp_path / f"{name}.cyjs"
    path.write_bytes(exported(name, "cyjs"))
    loaded = _cytoscape(path)
    graph = build_view(store, name)
    assert loaded["nodes"] == graph.number_of_nodes() and loaded["edges"] == graph.number_of_edges()
    assert loaded["danglingEdges"] == 0
    assert all(loaded["classes"].get(d["type"]) for _, d in graph.nodes(data=True))
    # Its own style sheet is applied: each node filled with its area's colour, its label readable on it.
    assert loaded["styleRules"] >= 2 and loaded["layout"] == "preset"
    for node in loaded["drawn"]:
        rgb = tuple(int(node["colour"][i:i + 2], 16) for i in (1, 3, 5))
        assert node["background"] == "rgb({},{},{})".format(*rgb), node
        assert node["label"] and _contrast(node["colour"], node["textColour"]) >= 4.5, node
    assert set(loaded["arrows"]) == {"triangle"}
    # Preset positions: spread out (not one grey heap), and those of Graphviz's picture of the same view.
    points = {(round(p["x"]), round(p["y"])) for p in loaded["positions"].values()}
    assert len(points) == loaded["nodes"]
    need("graphviz (dot)", shutil.which("dot"))
    layout = json.loads(subprocess.run(["dot", "-Tjson"], input=exported(name, "dot"), capture_output=True, check=True).stdout)
    drawn = {o["name"]: tuple(float(v) for v in o["pos"].split(",")) for o in layout["objects"] if "pos" in o and o["name"] in graph}
    for node, (x, y) in drawn.items():
        assert loaded["positions"][node] == pytest.approx({"x": x, "y": -y}, abs=0.01), node


def test_cytoscape_desktop_style_maps_the_cyjs_columns(exported):
    style, = json.loads(exported("measures", "cytoscape-style"))
    columns = set(json.loads(exported("measures", "cyjs"))["elements"]["nodes"][0]["data"])
    mapped = {m["visualProperty"]: m["mappingColumn"] for m in style["mappings"] if m["mappingType"] == "passthrough"}
    assert mapped["NODE_FILL_COLOR"] == "colour" and mapped["NODE_LABEL_COLOR"] == "text_colour"
    assert {c for p, c in mapped.items() if p.startswith("NODE")} <= columns
    assert style["title"] and {d["visualProperty"] for d in style["defaults"]} >= {"NODE_SHAPE", "EDGE_TARGET_ARROW_SHAPE"}


# ---------------------------------------------------------------- RDF views

def test_rdf_exports_read_back_isomorphic(view):
    name, graph = view
    expected = view_rdf(graph)
    nt = rdflib.Graph().parse(data=_export(graph, "nt").decode(), format="nt")
    ttl = rdflib.Graph().parse(data=_export(graph, "ttl").decode(), format="turtle")
    jsonld_text = _export(graph, "jsonld").decode()
    jsonld = rdflib.Graph().parse(data=jsonld_text, format="json-ld")
    assert isomorphic(nt, expected) and isomorphic(ttl, expected) and isomorphic(jsonld, expected)
    document = json.loads(jsonld_text)
    assert "label" in document["@context"] and "dependsOn" in document["@context"]


def test_jsonld_reads_back_in_pyld(store):
    pyld = pytest.importorskip("pyld")
    graph = prepare(build_view(store, "measures"))
    document = json.loads(_export(graph, "jsonld"))
    nquads = pyld.jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), view_rdf(graph))


def test_rdf_export_agrees_with_the_store(store, graph):
    """The view's triples are the report's own triples."""
    exported = rdflib.Graph().parse(data=_export(prepare(build_view(store, "full")), "nt").decode(), format="nt")
    missing = [t for t in exported if t not in graph]
    assert not missing, missing[:5]


# ---------------------------------------------------------------- Neo4j CSV, loaded into Kùzu

_KUZU_TYPES = {"": "STRING", "string": "STRING", "int": "INT64", "long": "INT64", "float": "DOUBLE", "double": "DOUBLE"}


def _kuzu_columns(header: list[str]) -> list[tuple[str, str]]:
    """Kùzu columns from neo4j-admin headers: ``name:type`` (no type: a string); ``:LABEL`` -> ``labels``."""
    columns = []
    for field in header:
        name, _, kind = field.partition(":")
        if kind in ("ID", "START_ID", "END_ID", "TYPE", "LABEL"):
            name, kind = {"ID": ("id", ""), "LABEL": ("labels", ""), "TYPE": ("type", "")}.get(kind, (None, ""))
        if name:
            columns.append((name, _KUZU_TYPES[kind]))
    return columns


def test_neo4j_csv_loads_into_kuzu_typed_and_labelled(tmp_path, runner, store):
    kuzu = pytest.importorskip("kuzu") if not os.environ.get("CI") else __import__("kuzu")
    out = tmp_path / "neo4j"
    result = runner.invoke(cli, ["export", "--to", "csv", "--view", "full", "-o", str(out)])
    assert result.exit_code == 0 and result.exception is None, result.output
    headers = {name: next(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8")))) for name in
               ("nodes.csv", "relationships.csv")}
    assert {"value:float", "year:int", "unit", "quote", ":LABEL", "id:ID"} <= set(headers["nodes.csv"])
    node_columns = _kuzu_columns(headers["nodes.csv"])
    database = kuzu.Database(str(tmp_path / "kuzu"))
    connection = kuzu.Connection(database)
    declared = ", ".join(f"{name} {kind}" for name, kind in node_columns)
    connection.execute(f"CREATE NODE TABLE Entity({declared}, PRIMARY KEY (id))")
    relation_columns = _kuzu_columns(headers["relationships.csv"])
    connection.execute(f"CREATE REL TABLE Link(FROM Entity TO Entity, {', '.join(f'{n} {k}' for n, k in relation_columns)})")
    connection.execute(f"COPY Entity FROM '{out / 'nodes.csv'}' (header=true, parallel=false)")
    connection.execute(f"COPY Link FROM '{out / 'relationships.csv'}' (header=true, parallel=false)")

    def rows(query, **parameters):
        answer = connection.execute(query, parameters)
        found = []
        while answer.has_next():
            found.append(answer.get_next())
        return found

    view = build_view(store, "full")
    assert rows("MATCH (n:Entity) RETURN count(n)") == [[view.number_of_nodes()]]
    assert rows("MATCH ()-[l:Link]->() RETURN count(l)") == [[view.number_of_edges()]]
    # Multiple labels: the main targets are main targets and targets, as the store types them.
    main = rows("MATCH (n:Entity) WHERE n.labels CONTAINS 'MainTarget' RETURN n.id, n.labels ORDER BY n.id")
    in_store = sorted(r["t"].value for r in store.select(
        "SELECT ?t WHERE { ?t a <https://w3id.org/zjkg/ontology#MainTarget>, <https://w3id.org/zjkg/ontology#Target> }"))
    assert [m[0] for m in main] == in_store and all(set(m[1].split(";")) >= {"MainTarget", "Target"} for m in main)
    # Typed properties: every target's figure is a number, its year an integer, unit and quote as the store has them.
    figures = {r["t"].value: r for r in store.select(
        "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT ?t ?value ?unit ?year ?quote WHERE { ?t a zjkg:Target ; "
        "zjkg:value ?value ; zjkg:unit ?unit ; zjkg:quote ?quote . OPTIONAL { ?t zjkg:year ?year } }")}
    loaded = {r[0]: r[1:] for r in rows(
        "MATCH (t:Entity) WHERE t.labels CONTAINS 'Target' AND t.value IS NOT NULL RETURN t.id, t.value, t.unit, t.year, t.quote")}
    assert len(figures) > 20 and set(loaded) == set(figures)
    for target, (value, unit, year, quote) in loaded.items():
        expected = figures[target]
        assert isinstance(value, float) and value == float(expected["value"].value)
        assert unit == expected["unit"].value and quote == expected["quote"].value
        assert year == (int(expected["year"].value) if "year" in expected else None)
    # A numeric comparison works because the value is a number, not text ("620" < "6000" as text).
    large = rows("MATCH (t:Entity) WHERE t.labels CONTAINS 'Target' AND t.value >= 1000.0 RETURN count(t)")[0][0]
    assert large == sum(1 for r in figures.values() if float(r["value"].value) >= 1000)
    # Relationships keep their type and basis.
    depends_on = sum(1 for *_, kind in view.edges(keys=True) if kind == "dependsOn")
    assert depends_on and rows("MATCH (a:Entity)-[l:Link]->(b:Entity) WHERE l.type = 'dependsOn' RETURN count(l)") == [[depends_on]]
    assert rows("MATCH ()-[l:Link]->() WHERE l.type = 'dependsOn' AND l.basis <> 'inferred' RETURN count(l)") == [[0]]
    # Exporting again replaces its own files; a folder holding anything else is refused, untouched
    # (it was replaced whole: a reviewer's thesis beside the export was removed).
    (out / "nodes.csv").write_text("old", encoding="utf-8")
    again = runner.invoke(cli, ["export", "--to", "csv", "-o", str(out)])
    assert again.exit_code == 0 and again.exception is None and (out / "nodes.csv").read_text(encoding="utf-8") != "old"
    (out / "thesis.docx").write_text("mine", encoding="utf-8")
    (out / "sub").mkdir()
    refused = runner.invoke(cli, ["export", "--to", "csv", "-o", str(out)])
    assert refused.exit_code == 2 and refused.stderr == (
        f"Error: {out}: holds files this export does not write (sub, thesis.docx); give a new or empty folder "
        "(the export writes import.sh, nodes.csv, relationships.csv)\n")
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "mine" and (out / "sub").is_dir()


# ---------------------------------------------------------------- Mermaid

def test_mermaid_flowchart(exported, store):
    view = build_view(store, "measures")
    lines = exported("measures", "mermaid").decode().splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(1 for line in lines if "-->" in line) == view.number_of_edges() > 0
    assert sum(1 for line in lines if line.strip().startswith("subgraph")) == 9
    for fill, text in re.findall(r"classDef area\d fill:(#\w{6}),color:(#\w{6})", "\n".join(lines)):
        assert _contrast(fill, text) >= 4.5, (fill, text)


@pytest.mark.parametrize("name", ["sectors", "goals"])
def test_mermaid_views_stay_under_the_edge_limit(exported, name):
    assert sum(1 for line in exported(name, "mermaid").decode().splitlines() if "-->" in line) <= 500


def test_mermaid_refuses_the_full_view_before_writing(runner, tmp_path, store):
    from zjkg.graph import build_view

    edges = build_view(store, "full").number_of_edges()
    assert edges > 500
    target = tmp_path / "full.mmd"
    result = runner.invoke(cli, ["export", "--to", "mermaid", "--view", "full", "-o", str(target)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)  # a clean exit, no traceback
    assert f"{edges} edges" in result.output and "500" in result.output and "\n" not in result.output.strip()
    assert not target.exists() and not list(tmp_path.iterdir())


# ---------------------------------------------------------------- the command

def test_export_to_stdout_and_errors(runner, tmp_path):
    result = runner.invoke(cli, ["export", "--to", "dot"])
    assert result.exit_code == 0 and result.output.startswith("digraph")
    assert runner.invoke(cli, ["export", "--to", "csv"]).exit_code == 2
    assert runner.invoke(cli, ["export", "--to", "pdf"]).exit_code == 2
    missing = runner.invoke(cli, ["export", "--to", "dot", "-o", str(tmp_path / "no" / "such" / "x.dot")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    target = tmp_path / "m.gexf"
    written = runner.invoke(cli, ["export", "--to", "gexf", "-o", str(target)])
    assert (written.exit_code, written.stdout, written.stderr) == (0, "", f"wrote {target}\n")  # where it went, on stderr
    assert target.read_bytes().startswith(b"<?xml") and not list(tmp_path.glob(".*.tmp"))
    directory = runner.invoke(cli, ["export", "--to", "csv", "-o", str(tmp_path / "neo4j")])
    assert directory.exit_code == 0 and directory.stderr.splitlines() == [
        f"wrote {tmp_path / 'neo4j' / name}" for name in ("nodes.csv", "relationships.csv", "import.sh")]


# ---------------------------------------------------------------- the browser

@pytest.mark.parametrize("name", ["measures", "full"])
def test_html_opens_offline_in_headless_chromium(browser, exported, store, tmp_path, name):
    path = tmp_path / f"{name}.html"
    path.write_bytes(exported(name, "html"))
    page = browser.new_page()
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.zjkgNetwork !== undefined")
    page.wait_for_timeout(500)
    shown = page.evaluate("window.zjkgNetwork.body.data.nodes.length")
    assert shown == build_view(store, name).number_of_nodes()
    assert page.locator("#graph canvas").count() == 1
    # every node and its label inside the canvas left of the details panel (the right of the
    # picture was under it, the labels at both sides cut)
    inside = page.evaluate("""() => { const net = window.zjkgNetwork, box = document.getElementById("graph").getBoundingClientRect();
        return net.body.data.nodes.getIds().every(id => { const b = net.getBoundingBox(id);  // the label's too
            const a = net.canvasToDOM({x: b.left, y: b.top}), z = net.canvasToDOM({x: b.right, y: b.bottom});
            return a.x >= 0 && a.y >= 0 && z.x <= box.width && z.y <= box.height; }); }""")
    assert inside or name == "full"  # the full view is too large to fit readably; it is panned
    # Search selects and shows details; clicking a node shows its details.
    page.fill("#search", "2.1")
    assert "匹配" in page.inner_text("#hits")
    assert "2.1" in page.inner_text("#details")
    assert "dependsOn" in page.inner_text("#details")  # its links, by relation
    assert not {"colour", "text_colour", "quote_start"} & set(page.inner_text("#details").split())  # the drawing's fields
    assert page.evaluate("window.zjkgNetwork.getSelectedNodes().length") >= 1
    page.fill("#search", "")
    position = page.evaluate("""() => { const net = window.zjkgNetwork; const id = net.body.data.nodes.getIds()[0];
        const p = net.canvasToDOM(net.getPosition(id)); return {x: p.x, y: p.y, id: id}; }""")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_timeout(200)
    assert page.inner_text("#details").strip() != "点击节点查看详情 · Click a node for details"
    # a conflict is drawn dashed, red and without arrows; the legend says so
    conflicts = page.evaluate("window.zjkgNetwork.body.data.edges.get().filter(e => e.dashes)")
    if name in ("measures", "full"):
        assert conflicts and all(e["arrows"] == "" and e["color"]["color"] == "#d62728" for e in conflicts)
        assert "冲突 conflicts with (no direction)" in page.inner_text("#legend")
    assert errors == []
    assert requests == [path.as_uri()], requests  # nothing loaded from the network
    page.close()


def test_dot_draws_a_conflict_apart_from_a_dependency_with_a_legend(exported, store):
    """The conflicts 1.1-5.2, 2.1-5.2... were drawn as arrows like the dependencies: the picture
    read as 1.1 resting on 5.2. And the full view's kinds of node had no key."""
    text = exported("measures", "dot").decode()
    conflicts = [line for line in text.splitlines() if 'color="#d62728"' in line and "legend" not in line]
    expected = sum(1 for *_, key in build_view(store, "measures").edges(keys=True) if key == "conflictsWith")
    assert len(conflicts) == expected > 0 and all("style=dashed" in line and "dir=none" in line for line in conflicts)
    assert "冲突 conflicts with (no direction)" in text and "依赖 depends on" in text
    full = exported("full", "dot").decode()
    assert all(name in full for name in ("承诺 pledge", "目标 target", "部门 sector", "观测 observation"))


def test_html_inlines_the_vendored_vis_network_not_pyvis(exported, monkeypatch):
    import sys
    from importlib.resources import files

    vendored = (files("zjkg") / "vendor" / "vis-network.min.js").read_bytes()
    need("the npm package vis-network (npm ci --prefix tests/js)", (JS / "node_modules" / "vis-network").is_dir())
    upstream = JS / "node_modules" / "vis-network" / "standalone" / "umd" / "vis-network.min.js"
    assert vendored == upstream.read_bytes()  # the vendored file is the npm package's, unchanged
    version = json.loads((JS / "node_modules" / "vis-network" / "package.json").read_text())["version"]
    assert f"@version {version}" in vendored.decode()[:400]
    monkeypatch.setitem(sys.modules, "pyvis", None)  # importing pyvis now fails: the page must not need it
    from zjkg.export.html import _vis_network_js

    assert vendored.decode() in _vis_network_js() and f"@version {version}" in exported("measures", "html").decode()


def test_two_iris_never_share_a_short_id():
    g = nx.DiGraph()
    g.add_node("https://example.org/a/b", type="Measure")
    g.add_node("https://example.org/a_b", type="Measure")
    from zjkg.errors import InputError

    for fmt in ("graphml", "gexf"):
        with pytest.raises(InputError, match="would both be the node id"):
            export_view(g, fmt)


def test_an_entitys_classes_and_comparators_are_its_local_names_sorted_and_spaced(store, graph):
    """What the exports attach to a node (zjkg.export.figures), read against the graph itself:
    an observation said as "at least ... growth" has two comparators, a main target two classes."""
    from zjkg.export.figures import entity_figures
    from zjkg.namespace import ONTOLOGY, local_name

    figures = entity_figures(store)
    comparator = rdflib.URIRef(ONTOLOGY + "comparator")
    several = [e for e in figures if len(set(graph.objects(rdflib.URIRef(e), comparator))) > 1]
    assert several  # the case this is about
    for entity in several:
        expected = " ".join(sorted(local_name(str(c)) for c in graph.objects(rdflib.URIRef(entity), comparator)))
        assert figures[entity]["comparator"] == expected, entity
    main = "https://w3id.org/zjkg/id/target/main-1"
    assert figures[main]["classes"] == " ".join(sorted(local_name(str(c)) for c in graph.objects(rdflib.URIRef(main), rdflib.RDF.type)))
    assert " " in figures[main]["classes"]
