"""Every quote anchored to its span (W3C Web Annotation): generated, current, and checked by validate."""

from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from zjkg.anchors import (
    AnchorError,
    FoldedText,
    Hint,
    anchor_quotes,
    annotations_turtle,
    generate,
    main,
    read_hints,
    sha256_hex,
    source_version_iri,
)
from zjkg.resources import anchor_hints_file, annotations_file, data_file, source_file
from zjkg.text import normalise_source
from zjkg.validate import check_anchors

Z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
X = "https://w3id.org/zjkg/id/x/"

# The issue's own pattern, blank nodes and all: any SPARQL user's query must find every annotation.
ISSUE_SHAPE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
SELECT ?entity ?quote ?source ?start ?end ?exact ?prefix ?suffix WHERE {
  ?entity zjkg:quote ?quote .
  ?anno a oa:Annotation ; oa:hasBody ?entity ;
        oa:hasTarget [ oa:hasSource ?source ;
                       oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                                      [ a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix ] ] .
} ORDER BY ?entity
"""


@pytest.fixture(scope="module")
def source_bytes():
    return source_file().read_bytes()


def test_annotations_file_is_what_the_generator_writes():
    """The drift check: data/annotations.ttl equals what the quotes and the hints give today."""
    assert annotations_file().read_text(encoding="utf-8") == generate()


def test_every_quote_is_found_by_the_issues_pattern_and_its_span_reads_as_the_quote(store, source_bytes):
    text = source_bytes.decode("utf-8")
    quoted = store.select("PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT DISTINCT ?e WHERE { ?e zjkg:quote ?q } ORDER BY ?e")
    rows = store.select(ISSUE_SHAPE)
    assert len(rows) == len(quoted) > 300
    assert [r["entity"].value for r in rows] == [r["e"].value for r in quoted]  # one annotation each
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert row["start"].datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        assert row["source"].value == source_version_iri(sha256_hex(source_bytes))
        assert normalise_source(text[start:end]) == normalise_source(row["quote"].value), row["entity"]
        assert text[start:end] == row["exact"].value
        assert text[:start].endswith(row["prefix"].value) and text[end:].startswith(row["suffix"].value)
        # prefix + exact + suffix is enough on its own to find the span (a TextQuoteSelector's purpose)
        assert text.count(row["prefix"].value + row["exact"].value + row["suffix"].value) == 1, row["entity"]


def test_rdflib_reads_the_same_annotations(store, graph):
    """An independent parser reads the same spans: rdflib's graph walked selector by selector (its
    SPARQL engine takes seconds on this join), against pyoxigraph's answer to the issue's query."""
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    via_rdflib = []
    for position in graph.subjects(rdflib.RDF.type, oa.TextPositionSelector):
        start, end = graph.value(position, oa.start), graph.value(position, oa.end)
        for target in graph.subjects(oa.hasSelector, position):
            for anno in graph.subjects(oa.hasTarget, target):
                if (anno, rdflib.RDF.type, oa.Annotation) in graph:
                    via_rdflib += [(str(entity), int(start), int(end)) for entity in graph.objects(anno, oa.hasBody)]
    via_oxigraph = sorted((r["entity"].value, int(r["start"].value), int(r["end"].value)) for r in store.select(ISSUE_SHAPE))
    assert sorted(via_rdflib) == via_oxigraph and len(via_oxigraph) > 300


def test_a_quote_across_a_line_break_maps_back_to_the_original_text(source_bytes):
    text = source_bytes.decode("utf-8")
    anchors = {a.entity: a for a in anchor_quotes(text, [(X + "1", "新签约亿元以上产业项目总投资额达到2300亿元")])}
    a = anchors[X + "1"]
    assert a.exact == "新签约亿\n元以上产业项目总投资额达到 2300亿元" == text[a.start:a.end]


def test_full_width_forms_fold_and_offsets_count_code_points():
    text = "甲\n乙 85％，丙"
    (a,) = anchor_quotes(text, [(X + "1", "乙85%,")])
    assert (a.start, a.end, a.exact) == (2, 8, "乙 85％，")
    folded = FoldedText(text)
    assert folded.text == normalise_source(text) and len(folded.origin) == len(folded.text)


def test_a_repeated_quote_without_a_hint_fails_naming_the_entity():
    text = "新引进人才4万人。另：新引进人才4万人。"
    with pytest.raises(AnchorError) as caught:
        anchor_quotes(text, [(X + "target", "新引进人才4万人"), (X + "fine", "另")])
    assert [entity for entity, _ in caught.value.problems] == [X + "target"]
    assert X + "target" in str(caught.value) and X + "fine" not in str(caught.value)
    assert "2 times" in str(caught.value)


def test_a_quote_not_in_the_text_fails_naming_the_entity():
    with pytest.raises(AnchorError) as caught:
        anchor_quotes("甲乙丙", [(X + "1", "丁")])
    assert caught.value.problems == [(X + "1", "quote not found in the source text: '丁'")]
    assert str(caught.value) == f"1 quote(s) cannot be anchored:\n{X}1: quote not found in the source text: '丁'"


def test_the_context_widens_until_the_quote_with_it_is_unique():
    """Prefix and suffix start at 16 code points; a repeated quote whose 16-point surroundings repeat
    too gets 32, which reaches what tells its occurrences apart."""
    same = "的" * 20
    text = "开头：" + same + "甲" + same + "中间：" + same + "甲" + same + "末尾"
    (anchor,) = anchor_quotes(text, [(X + "1", "甲")], [Hint(X + "1", 1, None, "the first")])
    assert (anchor.prefix, anchor.suffix) == ("开头：" + same, same + "中间：" + same[:9])
    assert text.count(anchor.prefix + anchor.exact + anchor.suffix) == 1
    (unique,) = anchor_quotes("甲乙丙", [(X + "1", "乙")])
    assert (unique.prefix, unique.suffix) == ("甲", "丙")


@pytest.mark.parametrize("row", ["x:1\t1\t\t", "x:1\t1\t实际\tboth", "x:1\t\t\tneither", "\t1\t\tno entity"])
def test_a_hint_row_without_an_entity_a_reason_or_exactly_one_locator_is_refused(tmp_path, row):
    from zjkg.errors import InputError

    path = tmp_path / "hints.tsv"
    path.write_text("# a comment\nentity\toccurrence\tcontext\treason\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_hints(path)
    assert str(error.value) == f"{path}: row 2 needs an entity, a reason, and either an occurrence or a context"


def test_hints_pick_the_occurrence_by_number_or_by_context():
    text = "一年来\n目标增长5%。\n一年来\n实际增长5%。"
    by_number = anchor_quotes(text, [(X + "1", "增长5%")], [Hint(X + "1", 2, None, "the review's")])
    by_context = anchor_quotes(text, [(X + "1", "增长5%")], [Hint(X + "1", None, "实际增长5％", "the review's")])
    assert by_number == by_context and text[by_number[0].start - 2:by_number[0].start] == "实际"
    with pytest.raises(AnchorError, match="occurs 2 times in the source, not once"):
        anchor_quotes(text, [(X + "1", "增长5%")], [Hint(X + "1", None, "一年来", "ambiguous context")])
    with pytest.raises(AnchorError, match="occurrence 3"):
        anchor_quotes(text, [(X + "1", "增长5%")], [Hint(X + "1", 3, None, "too far")])


def test_stale_hints_fail():
    text = "甲乙丙甲乙"
    with pytest.raises(AnchorError, match="no zjkg:quote"):
        anchor_quotes(text, [(X + "1", "丙")], [Hint(X + "2", 1, None, "an entity that has gone")])
    with pytest.raises(AnchorError, match="no longer repeated"):
        anchor_quotes(text, [(X + "1", "丙")], [Hint(X + "1", 1, None, "its quote is unique now")])


def test_a_heading_printed_twice_back_to_back_is_one_occurrence():
    text = "一年来\n重点强化创新主体培育重点强化创新主体培育\n新成立"
    (a,) = anchor_quotes(text, [(X + "1", "重点强化创新主体培育")])
    assert (a.start, a.exact) == (4, "重点强化创新主体培育")


def test_the_shipped_hints_are_all_needed_and_all_reasoned():
    hints = read_hints(anchor_hints_file())
    assert len(hints) >= 10 and all(len(h.reason) > 20 for h in hints)
    assert {h.entity.rsplit("/id/", 1)[1] for h in hints} >= {"review/2024", "review/decade", "target/3-1-6"}


def test_the_target_repeating_a_2024_figure_is_anchored_in_its_own_measure(store, source_bytes):
    """target:3-1-6 and observation:2024-talent-inflow share words; each is anchored at its own place."""
    text = source_bytes.decode("utf-8")
    spans = {r["entity"].value.rsplit("/id/", 1)[1]: int(r["start"].value) for r in store.select(ISSUE_SHAPE)}
    target, observation = spans["target/3-1-6"], spans["observation/2024-talent-inflow"]
    assert target < text.index("2.推动科技成果转化应用") < text.index("一年来一年来") < observation


def test_the_turtle_is_deterministic_and_parses_in_both_engines():
    text = '甲“乙”\\\n丙\t丁。说"是"'
    anchors = anchor_quotes(text, [(X + "b", "丙丁"), (X + "a", "甲“乙”"), (X + "c", '说"是"')])
    turtle = annotations_turtle(reversed(anchors), "0" * 64, length=len(text))
    assert turtle == annotations_turtle(anchors, "0" * 64, length=len(text))
    g = rdflib.Graph().parse(data=turtle, format="turtle")
    assert {str(o) for o in g.objects(None, OA.exact)} == {"甲“乙”", "丙\t丁", '说"是"'}
    assert {str(o) for o in g.objects(None, OA.prefix)} >= {"甲“乙”\\\n"}  # a backslash and a line break, escaped
    assert len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) == len(g)


def test_check_exits_1_when_the_file_is_stale_and_0_when_current(tmp_path, capsys):
    stale = tmp_path / "annotations.ttl"
    shipped = annotations_file().read_text(encoding="utf-8")
    stale.write_text(shipped.replace("oa:start ", "oa:start 1", 1), encoding="utf-8")
    assert stale.read_text(encoding="utf-8") != shipped
    assert main(["--check", "--output", str(stale)]) == 1
    assert "stale" in capsys.readouterr().err
    assert main(["--output", str(stale)]) == 0  # regenerates it
    assert stale.read_text(encoding="utf-8") == annotations_file().read_text(encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 0


def test_the_module_runs_as_a_program():
    done = subprocess.run([sys.executable, "-m", "zjkg.anchors", "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "current" in done.stdout


# ---------------------------------------------------------------- zjkg validate checks every selector
# (the check itself on a mutated graph here; tests/test_validate.py runs it through `zjkg validate`)

@pytest.fixture(scope="module")
def broken_annotations(tmp_path_factory):
    """The shipped annotations, each mutation applied to a different entity; one validate run."""
    g = rdflib.Graph().parse(str(annotations_file()))
    anno = "https://w3id.org/zjkg/id/annotation/"

    def node(entity, part):
        return rdflib.URIRef(f"{anno}{entity}#{part}")

    start = g.value(node("measure/2-1", "position"), OA.start)
    g.set((node("measure/2-1", "position"), OA.start, rdflib.Literal(int(start) + 1, datatype=start.datatype)))
    g.set((node("pledge/3", "quote"), OA.prefix, rdflib.Literal("不是这里")))
    g.set((node("target/3-1-6", "quote"), OA.exact, rdflib.Literal("新引进大专以上人才4万人")))
    g.set((node("measure/3-2", "quote"), OA.suffix, rdflib.Literal("不是后文")))
    g.remove((rdflib.URIRef(anno + "action/4-3-1"), None, None))
    g.parse(str(data_file()))
    return g, check_anchors(g, source_file().read_bytes())


@pytest.mark.parametrize("entity, words", [
    ("measure:2-1", "not its quote"),
    ("pledge:3", "oa:prefix '不是这里' is not the text just before the span"),
    ("measure:3-2", "oa:suffix '不是后文' is not the text just after the span"),
    ("target:3-1-6", "oa:exact '新引进大专以上人才4万人' is not the text of the span"),
    ("action:4-3-1", "has a zjkg:quote and 0 annotations, not one: run `python -m zjkg.anchors`"),
])
def test_validate_names_the_entity_whose_selector_is_wrong(broken_annotations, entity, words):
    _, problems = broken_annotations
    assert any(p.check == "anchors" and p.entity == entity and words in p.message for p in problems), problems


def test_validate_reports_only_the_broken_anchors(broken_annotations):
    _, problems = broken_annotations
    assert sorted({p.entity for p in problems}) == ["action:4-3-1", "measure:2-1", "measure:3-2", "pledge:3", "target:3-1-6"]


def test_validate_fails_when_the_source_text_changed(broken_annotations, source_bytes):
    """Any change to the file changes its hash: every annotation then points at another version."""
    graph, _ = broken_annotations
    changed = source_bytes.replace("2300亿元".encode(), "2400亿元".encode(), 1)
    problems = check_anchors(graph, changed)
    assert len(problems) >= 300 and "pledge:1" in {p.entity for p in problems}
    assert all("not at the source text as shipped" in p.message for p in problems if p.entity == "pledge:1")


# ---------------------------------------------------------------- zjkg show prints the quote in its context

def test_show_prints_each_quote_between_its_prefix_and_suffix(runner, store, source_bytes):
    from zjkg.cli import cli

    text = source_bytes.decode("utf-8")
    result = runner.invoke(cli, ["show", "target:3-1-6", "--format", "json"])
    assert result.exit_code == 0 and result.exception is None, result.output
    (entity,) = json.loads(result.stdout)
    anchor = entity["anchor"]
    assert text[anchor["start"]:anchor["end"]] == anchor["exact"]
    assert text[:anchor["start"]].endswith(anchor["prefix"]) and text[anchor["end"]:].startswith(anchor["suffix"])
    assert anchor["start"] < text.index("2.推动科技成果转化应用")  # its own occurrence, not the review's
    table = runner.invoke(cli, ["show", "target:3-1-6"])
    assert table.exit_code == 0 and table.exception is None
    line = next(line for line in table.output.splitlines() if line.strip().startswith("quote ["))
    assert line.strip().startswith(f"quote [{anchor['start']}, {anchor['end']})")
    assert "【新引进大专以上人才4万人】" in line and "人才攻关联合体4个。【" in line  # the break inside 大专 is dropped


def test_show_of_an_entity_without_a_quote_has_no_anchor(runner):
    from zjkg.cli import cli

    result = runner.invoke(cli, ["show", "report:zhenjiang-2025", "--format", "json"])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert json.loads(result.stdout)[0]["anchor"] is None


# ---------------------------------------------------------------- the export views carry the offsets

@pytest.fixture(scope="module")
def full_view(store):
    from zjkg.graph import build_view

    return build_view(store, "full")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exported_nodes_carry_their_quote_offsets(full_view, store, tmp_path, fmt):
    """Read back by networkx: each quoted node's quote_start / quote_end are its annotation's."""
    import networkx as nx

    from zjkg.export import export_view

    path = tmp_path / f"full.{fmt}"
    path.write_bytes(export_view(full_view, fmt)[""])
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path, version="1.3")
    from zjkg.namespace import compact_iri

    # The exports name nodes by CURIE (action:1-1-1).
    spans = {compact_iri(r["entity"].value): (int(r["start"].value), int(r["end"].value)) for r in store.select(ISSUE_SHAPE)}
    carried = {node: (int(data["quote_start"]), int(data["quote_end"]))
               for node, data in graph.nodes(data=True) if data.get("quote_start") not in (None, "")}
    assert carried == {node: span for node, span in spans.items() if node in graph}
    assert len(carried) > 300
