"""Each text writer on a graph small enough to read whole: the exact text it writes.

The expected texts were read line by line when written: an area's subgraph named by its number and
label, a measure's box numbered, quotes and angle brackets escaped as each format escapes them, a
relation other than dependsOn named on its arrow, a colour class per area (Mermaid), a legend of
the task areas with the TaskArea's own label where no measure names it (DOT)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest

from zjkg.export import export_view

ID = "https://w3id.org/zjkg/id/"  # node ids are IRIs, as the views' are


def _tiny() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="tiny")
    g.add_node(ID + "measure/1-1", type="Measure", notation="1.1", label='扩大"有效"<投资>', label_en="Invest <more>",
               area="https://w3id.org/zjkg/id/area/1", area_label="稳增长")
    g.add_node(ID + "measure/1-2", type="Measure", notation="1.2", label="稳就业\n保民生", label_en="Jobs",
               area="https://w3id.org/zjkg/id/area/1", area_label="稳增长")  # a line break inside a label
    g.add_node(ID + "measure/2-1", type="Measure", notation="2.1", label="建设产业集群", label_en="Clusters",
               area="https://w3id.org/zjkg/id/area/2", area_label="强产业")
    g.add_node(ID + "area/2", type="TaskArea", notation="2", label="强产业", label_en="Industry")
    g.add_node(ID + "area/3", type="TaskArea", notation="3", label="创新", label_en="Innovation")  # no measure: legend only
    g.add_node(ID + "pledge/1", type="Pledge", label="承诺一", label_en="Pledge one")
    g.add_edge(ID + "measure/2-1", ID + "measure/1-1", key="dependsOn", type="dependsOn", rationale="2.1 needs 1.1")
    g.add_edge(ID + "measure/1-1", ID + "pledge/1", key="servesPledge", type="servesPledge", rationale="")
    return g


MERMAID = r'''flowchart LR
  subgraph area1["1 稳增长"]
    n2["1.1 扩大#quot;有效#quot;#lt;投资#gt;"]
    n3["1.2 稳就业 保民生"]
  end
  subgraph area2["2 强产业"]
    n4["2.1 建设产业集群"]
  end
  n0["强产业"]
  n1["创新"]
  n5["承诺一"]
  n2 -- servesPledge --> n5
  n4 --> n2
  classDef area1 fill:#e6194b,color:#000000
  class n2,n3 area1
  classDef area2 fill:#3cb44b,color:#000000
  class n4 area2
'''

DOT = r'''digraph "zjkg-tiny" {
  graph [rankdir=LR, fontname="Noto Sans CJK SC", fontsize=12, labelloc=t, compound=true, label="镇江市2025年政府工作报告 · tiny"];
  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC", fontsize=10];
  edge [fontname="Noto Sans CJK SC", fontsize=8, color="#666666"];
  subgraph "cluster_area_1" {
    label="1 稳增长"; color="#e6194b"; style=rounded;
    "https://w3id.org/zjkg/id/measure/1-1" [label="1.1 扩大\"有效\"<投资>", fillcolor="#e6194b", fontcolor="#000000", tooltip="Invest <more>"];
    "https://w3id.org/zjkg/id/measure/1-2" [label="1.2 稳就业\n保民生", fillcolor="#e6194b", fontcolor="#000000", tooltip="Jobs"];
  }
  subgraph "cluster_area_2" {
    label="2 强产业"; color="#3cb44b"; style=rounded;
    "https://w3id.org/zjkg/id/measure/2-1" [label="2.1 建设产业集群", fillcolor="#3cb44b", fontcolor="#000000", tooltip="Clusters"];
  }
  "https://w3id.org/zjkg/id/area/2" [label="强产业", fillcolor="#3cb44b", fontcolor="#000000", tooltip="Industry"];
  "https://w3id.org/zjkg/id/area/3" [label="创新", fillcolor="#4363d8", fontcolor="#ffffff", tooltip="Innovation"];
  "https://w3id.org/zjkg/id/pledge/1" [label="承诺一", fillcolor="#f032e6", fontcolor="#000000", tooltip="Pledge one"];
  "https://w3id.org/zjkg/id/measure/1-1" -> "https://w3id.org/zjkg/id/pledge/1" [tooltip="servesPledge"];
  "https://w3id.org/zjkg/id/measure/2-1" -> "https://w3id.org/zjkg/id/measure/1-1" [tooltip="2.1 needs 1.1", color="#666666"];
  subgraph "cluster_legend" {
    label="图例 Legend"; color="#999999"; style=dashed;
    "legend-1" [label="1 稳增长", fillcolor="#e6194b", fontcolor="#000000"];
    "legend-2" [label="2 强产业", fillcolor="#3cb44b", fontcolor="#000000"];
    "legend-3" [label="3 创新", fillcolor="#4363d8", fontcolor="#ffffff"];
    "legend-Pledge" [label="承诺 pledge", fillcolor="#f032e6", fontcolor="#000000"];
    "legend-1" -> "legend-2" [style=invis];
    "legend-2" -> "legend-3" [style=invis];
    "legend-3" -> "legend-Pledge" [style=invis];
    "legend-dependsOn-from" [label="", shape=point, width=0.05]; "legend-dependsOn-to" [label="", shape=point, width=0.05];
    "legend-dependsOn-from" -> "legend-dependsOn-to" [label="依赖 depends on", color="#666666"];
  }
}
'''


def test_mermaid_writes_subgraphs_escaped_labels_named_arrows_and_area_classes():
    assert export_view(_tiny(), "mermaid")[""].decode() == MERMAID


def test_dot_writes_area_clusters_escaped_labels_tooltips_and_a_legend():
    assert export_view(_tiny(), "dot")[""].decode() == DOT


# The file formats, compared with files under tests/fixtures/writers read when they were written.
# The layout is the plain column layout (Graphviz hidden), whose positions do not depend on the
# installed Graphviz: area 1's measures in the first column, area 2's in the next, then one column
# per other type.
FIXTURES = Path(__file__).parent / "fixtures" / "writers"


@pytest.fixture
def without_graphviz(monkeypatch):
    import zjkg.export.layout as layout

    monkeypatch.setattr(layout.shutil, "which", lambda name: None)


@pytest.mark.parametrize("fmt, name", [("graphml", "tiny.graphml"), ("gexf", "tiny.gexf"), ("cyjs", "tiny.cyjs"),
                                       ("cytoscape-style", "tiny.style.json"), ("ttl", "tiny.ttl")])
def test_each_file_format_writes_what_it_wrote_when_read(without_graphviz, fmt, name):
    assert export_view(_tiny(), fmt)[""].decode() == (FIXTURES / name).read_text(encoding="utf-8")


def test_the_neo4j_import_files_are_what_they_were_when_read(without_graphviz):
    written = export_view(_tiny(), "csv")
    assert sorted(written) == ["import.sh", "nodes.csv", "relationships.csv"]
    for name, data in written.items():
        assert data.decode() == (FIXTURES / f"tiny-neo4j-{name}").read_text(encoding="utf-8"), name


def test_a_line_break_in_a_label_stays_in_one_quoted_field_that_the_import_reads_whole(without_graphviz):
    """neo4j-admin reads a quoted field across lines only with --multiline-fields; and since --nodes and
    --relationships take several files, the database is named before them (5.19 reads a trailing name as a file)."""
    graph = _tiny()
    node = next(iter(graph.nodes))
    graph.nodes[node]["label"] = "第一行\n第二行"
    written = export_view(graph, "csv")
    rows = list(csv.reader(io.StringIO(written["nodes.csv"].decode())))
    assert [row[2] for row in rows if row[0] == node] == ["第一行\n第二行"]
    command = written["import.sh"].decode().splitlines()[-1].split()
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert "--multiline-fields=true" in command


def test_the_html_page_carries_the_graph_as_vis_network_draws_it(without_graphviz):
    """The page's data, read back from its script: labels numbered, English as the tooltip, the
    DOT picture's positions, arrows, an edge's rationale (else its relation) as its tooltip, the
    legend of the areas present and their names."""
    import json
    import re

    page = export_view(_tiny(), "html")[""].decode()
    data = json.loads(re.search(r"const data = (\{.*?\});\n", page, re.DOTALL).group(1))
    nodes = {n["id"].rsplit("/", 2)[-2] + "/" + n["id"].rsplit("/", 1)[-1]: n for n in data["nodes"]}
    first = nodes["measure/1-1"]
    assert (first["label"], first["title"], first["color"], first["value"]) == ('1.1 扩大"有效"<投资>', "Invest <more>", "#e6194b", 14)
    assert (first["x"], first["y"]) == (0.0, 0.0) and "x" not in first["data"] and first["data"]["notation"] == "1.1"
    edges = {(e["from"].rsplit("/", 1)[-1], e["to"].rsplit("/", 1)[-1]): e for e in data["edges"]}
    assert edges[("2-1", "1-1")]["title"] == "2.1 needs 1.1" and edges[("1-1", "1")]["title"] == "servesPledge"
    assert {e["arrows"] for e in data["edges"]} == {"to"}
    assert data["legend"] == {"1": "#e6194b", "2": "#3cb44b", "3": "#4363d8"} and data["areas"] == {"1": "稳增长", "2": "强产业"}
    assert data["title"] == "tiny" and "<\\/" not in data["nodes"][0]["label"]


def test_a_label_cannot_close_the_page_s_script(without_graphviz):
    hostile = _tiny()
    hostile.nodes[ID + "pledge/1"]["label"] = "</script><script>alert(1)</script>"
    page = export_view(hostile, "html")[""].decode()
    assert page.count("</script>") == export_view(_tiny(), "html")[""].decode().count("</script>")
    assert "<\\/script><script>alert(1)<\\/script>" in page  # still there, as data
