"""Every export format, read back by a real consumer: networkx, Graphviz, Cytoscape.js, rdflib and
pyld, headless Chromium. A consumer missing on a developer's machine skips; in CI it fails."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from zjkg.cli import cli
from zjkg.export import AREA_COLOURS, EXPORT_FORMATS, export_view, prepare, view_rdf
from zjkg.graph import build_view

VIEWS = ["measures", "full", "sectors", "goals"]
JS = Path(__file__).parent / "js"


def need(tool: str, found) -> None:
    """Skip for a missing consumer on a developer's machine; never in CI, where .ci/run installs it."""
    if not found:
        message = f"{tool} is not installed (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module", params=VIEWS)
def view(request, store):
    return request.param, prepare(build_view(store, request.param))


def _export(graph, fmt) -> bytes:
    return export_view(graph, fmt)[""]


def test_views_have_the_expected_shape(store):
    assert build_view(store, "measures").number_of_nodes() == 30
    assert build_view(store, "measures").number_of_edges() == 48
    sectors = build_view(store, "sectors")
    assert {d["type"] for _, d in sectors.nodes(data=True)} == {"Measure", "Sector"}


def test_prepare_normalises_attributes_once():
    g = nx.DiGraph()
    g.add_node("zjkg:m1", label="bad\x00\x0bname", label_en=None, type="Measure", area="https://w3id.org/zjkg/id/area/3",
               tags=["a", "b"])
    g.add_edge("zjkg:m1", "zjkg:m2", type="dependsOn", rationale=None)
    p = prepare(g)
    data = p.nodes["zjkg:m1"]
    assert data["label"] == "badname" and data["label_en"] == "" and data["tags"] == "a; b"
    assert data["colour"] == AREA_COLOURS["3"] and data["area_number"] == "3"
    assert all(isinstance(v, str) for _, d in p.nodes(data=True) for v in d.values())
    assert all(isinstance(v, str) for *_, d in p.edges(keys=True, data=True) for v in d.values())
    for fmt in EXPORT_FORMATS:
        export_view(g, fmt)  # None, lists and control characters break no writer


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_exports_are_deterministic(store, fmt):
    first = export_view(build_view(store, "measures"), fmt)
    second = export_view(build_view(store, "measures"), fmt)
    assert first == second


def _compare_with(graph, read):
    assert set(read.nodes) == set(graph.nodes)
    assert sorted((a, b) for a, b, *_ in read.edges) == sorted((a, b) for a, b, *_ in graph.edges)
    for node, data in graph.nodes(data=True):
        for key in ("label", "label_en", "type", "area", "colour"):
            assert read.nodes[node].get(key, "") == data[key], (node, key)


def test_graphml_reads_back_in_networkx(view, tmp_path):
    name, graph = view
    path = tmp_path / f"{name}.graphml"
    path.write_bytes(_export(graph, "graphml"))
    read = nx.read_graphml(path)
    _compare_with(graph, read)
    text = path.read_text(encoding="utf-8")
    assert '<key id="label"' in text and 'id="d0"' not in text  # named keys: Gephi shows the label
    assert "y:NodeLabel" in text and 'yfiles.type="nodegraphics"' in text  # yEd shows labels
    assert 'attr.type="string"' in text and 'attr.type="int"' not in text


def test_gexf_reads_back_in_networkx(view, tmp_path):
    name, graph = view
    path = tmp_path / f"{name}.gexf"
    path.write_bytes(_export(graph, "gexf"))
    read = nx.read_gexf(path, version="1.3")
    _compare_with(graph, read)
    node, data = next(iter(graph.nodes(data=True)))
    colour = data["colour"].lstrip("#")
    assert read.nodes[node]["viz"]["color"]["r"] == int(colour[:2], 16)
    assert read.nodes[node]["viz"]["size"] == float(data["size"])
    text = path.read_text(encoding="utf-8")
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in text and 'version="1.3"' in text


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


def test_dot_uses_an_installed_cjk_font(tmp_path, store):
    need("fontconfig (fc-list)", shutil.which("fc-list"))
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    need("a CJK font (fonts-noto-cjk)", "Noto Sans CJK SC" in fonts)
    assert 'fontname="Noto Sans CJK SC"' in _export(prepare(build_view(store, "measures")), "dot").decode()


def test_cyjs_loads_in_headless_cytoscape_js(view, tmp_path):
    name, graph = view
    need("node", shutil.which("node"))
    need("the npm package cytoscape (npm ci --prefix tests/js)", (JS / "node_modules" / "cytoscape").is_dir())
    path = tmp_path / f"{name}.cyjs"
    path.write_bytes(_export(graph, "cyjs"))
    result = subprocess.run(["node", str(JS / "load-cyjs.js"), str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["nodes"] == graph.number_of_nodes() and loaded["edges"] == graph.number_of_edges()
    assert loaded["danglingEdges"] == 0
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert all(loaded["classes"].get(t) for t in types)


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


def test_neo4j_csv_directory(tmp_path, runner):
    out = tmp_path / "neo4j"
    result = runner.invoke(cli, ["export", "--to", "csv", "--view", "full", "-o", str(out)])
    assert result.exit_code == 0, result.output
    nodes = list(csv.DictReader(io.StringIO((out / "nodes.csv").read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO((out / "relationships.csv").read_text(encoding="utf-8"))))
    assert {"id:ID", ":LABEL"} <= nodes[0].keys() and {":START_ID", ":END_ID", ":TYPE"} <= edges[0].keys()
    ids = {n["id:ID"] for n in nodes}
    assert all(e[":START_ID"] in ids and e[":END_ID"] in ids for e in edges)
    assert {"Measure", "Pledge", "Sector"} <= {n[":LABEL"] for n in nodes}
    # Exporting again replaces the directory whole.
    (out / "stale.csv").write_text("old", encoding="utf-8")
    assert runner.invoke(cli, ["export", "--to", "csv", "-o", str(out)]).exit_code == 0
    assert not (out / "stale.csv").exists()


def test_mermaid_flowchart(store):
    text = _export(prepare(build_view(store, "measures")), "mermaid").decode()
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(1 for line in lines if "-->" in line) == 48
    assert sum(1 for line in lines if line.strip().startswith("subgraph")) == 9


def test_export_to_stdout_and_errors(runner, tmp_path):
    result = runner.invoke(cli, ["export", "--to", "dot"])
    assert result.exit_code == 0 and result.output.startswith("digraph")
    assert runner.invoke(cli, ["export", "--to", "csv"]).exit_code == 2
    assert runner.invoke(cli, ["export", "--to", "pdf"]).exit_code == 2
    missing = runner.invoke(cli, ["export", "--to", "dot", "-o", str(tmp_path / "no" / "such" / "x.dot")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    target = tmp_path / "m.gexf"
    assert runner.invoke(cli, ["export", "--to", "gexf", "-o", str(target)]).exit_code == 0
    assert target.read_bytes().startswith(b"<?xml") and not list(tmp_path.glob(".*.tmp"))


# ---------------------------------------------------------------- the browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    need("chromium", CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else __import__(
        "playwright.sync_api", fromlist=["sync_playwright"])
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.mark.parametrize("name", ["measures", "full"])
def test_html_opens_offline_in_headless_chromium(browser, store, tmp_path, name):
    path = tmp_path / f"{name}.html"
    path.write_bytes(_export(prepare(build_view(store, name)), "html"))
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
    # Search selects and shows details; clicking a node shows its details.
    page.fill("#search", "2.1")
    assert "匹配" in page.inner_text("#hits")
    assert "2.1" in page.inner_text("#details")
    assert page.evaluate("window.zjkgNetwork.getSelectedNodes().length") >= 1
    page.fill("#search", "")
    position = page.evaluate("""() => { const net = window.zjkgNetwork; const id = net.body.data.nodes.getIds()[0];
        const p = net.canvasToDOM(net.getPosition(id)); return {x: p.x, y: p.y, id: id}; }""")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_timeout(200)
    assert page.inner_text("#details").strip() != "点击节点查看详情 · Click a node for details"
    assert errors == []
    assert requests == [path.as_uri()], requests  # nothing loaded from the network
    page.close()
