"""Curated links filtered by basis and confidence, and conflicts between measures: the library, the
named queries and the CLI, each checked against the statements read straight from the data by rdflib."""

from __future__ import annotations

import json

import networkx as nx
import pytest
import rdflib

from zjkg.cli import cli
from zjkg.dependencies import implementation_order, rank
from zjkg.errors import InputError
from zjkg.export import prepare, view_rdf
from zjkg.goals import measures_serving
from zjkg.graph import build_view, measure_graph, measure_view, sector_graph
from zjkg.lookup import show
from zjkg.queries import link_filter, run_named, select_named

Z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
M = "https://w3id.org/zjkg/id/measure/"
AT_LEAST = {"high": {"high"}, "medium": {"high", "medium"}, "low": {"high", "medium", "low"}}


def links(graph, predicate, basis=None, min_confidence=None) -> set[tuple[str, str]]:
    """The reference: (subject, object) of every statement of ``predicate`` that passes the filter."""
    found = set()
    for statement in graph.subjects(rdflib.RDF.predicate, predicate):
        b = str(graph.value(statement, Z.basis)).rsplit("#")[-1]
        c = str(graph.value(statement, Z.confidence)).rsplit("#")[-1]
        if (basis is None or b == basis) and (min_confidence is None or c in AT_LEAST[min_confidence]):
            found.add((str(graph.value(statement, rdflib.RDF.subject)), str(graph.value(statement, rdflib.RDF.object))))
    return found


FILTERS = [(None, None), ("stated", None), ("inferred", None), (None, "high"), (None, "medium"), ("inferred", "medium")]


@pytest.mark.parametrize("basis, min_confidence", FILTERS)
def test_the_dependency_graph_keeps_only_the_links_asked_for(store, graph, basis, min_confidence):
    view = measure_graph(store, basis=basis, min_confidence=min_confidence)
    assert set(view.edges) == links(graph, Z.dependsOn, basis, min_confidence)
    assert view.number_of_nodes() == 30  # measures stay; only links go
    assert all(d["confidence"] in AT_LEAST[min_confidence or "low"] for *_, d in view.edges(data=True))


@pytest.mark.parametrize("basis, min_confidence", FILTERS)
def test_cross_area_dependencies_keep_only_the_links_asked_for(store, graph, basis, min_confidence):
    """The named query behind the coordination question filters like the dependency view: the
    reference's links whose two measures sit in different task areas."""
    area = {str(m): str(graph.value(m, Z.inArea)) for m in graph.subjects(Z.inArea, None)}
    expected = {(a, b) for a, b in links(graph, Z.dependsOn, basis, min_confidence) if area[a] != area[b]}
    rows = select_named(store, "cross-area-dependencies", link_filter(basis, min_confidence))
    assert {(r["measure"].value, r["depends_on"].value) for r in rows} == expected


@pytest.mark.parametrize("basis, min_confidence", FILTERS)
def test_why_chain_keeps_the_task_area_and_the_links_asked_for(store, graph, basis, min_confidence):
    """The task area is printed in the report (stated, certain): it stays unless inferred links
    alone are asked for; the goal links follow the filter."""
    expected = set()
    for predicate in (Z.servesPledge, Z.followsPrinciple, Z.contributesTo):
        expected |= {(m, str(predicate), g) for m, g in links(graph, predicate, basis, min_confidence)}
    if basis != "inferred":
        expected |= {(str(m), str(Z.inArea), str(a)) for m, a in graph.subject_objects(Z.inArea)
                     if (m, rdflib.RDF.type, Z.Measure) in graph}
    rows = select_named(store, "why-chain", link_filter(basis, min_confidence))
    assert {(r["measure"].value, r["relation"].value, r["goal"].value) for r in rows} == expected


def test_the_filters_do_narrow_the_report(graph):
    """The parametrised checks above mean something: each filter drops links on the real data."""
    everything = links(graph, Z.dependsOn)
    assert links(graph, Z.dependsOn, "stated") == set()  # the report states no dependency
    assert set() < links(graph, Z.dependsOn, None, "high") < links(graph, Z.dependsOn, None, "medium") < everything


@pytest.mark.parametrize("basis, min_confidence", FILTERS)
def test_sector_and_goal_links_are_filtered(store, graph, basis, min_confidence):
    sectors = sector_graph(store, basis=basis, min_confidence=min_confidence)
    got = {(a, b) for a, b, k in sectors.edges(keys=True) if k == "leadSector"}
    assert got == links(graph, Z.leadSector, basis, min_confidence)
    items = measures_serving(store, "pledge:1", basis=basis, min_confidence=min_confidence)
    assert {(i["id"], i["goal"]) for i in items} == links(graph, Z.servesPledge, basis, min_confidence) & {
        (m, "https://w3id.org/zjkg/id/pledge/1") for m, _ in links(graph, Z.servesPledge)}


def test_serves_keeps_the_report_hierarchy_as_stated(store):
    printed = measures_serving(store, "area:2")
    assert printed and measures_serving(store, "area:2", basis="stated", min_confidence="high") == printed
    assert measures_serving(store, "area:2", basis="inferred") == []


def test_indirect_servers_follow_only_the_kept_dependencies(store, graph):
    strict = measures_serving(store, "pledge:4", indirect=True, min_confidence="high")
    kept = links(graph, Z.dependsOn, None, "high")
    for item in strict:
        if item["relation"] == "dependsOn":
            chain = item["via"][:-1]
            assert all((b, a) in kept for a, b in zip(chain, chain[1:])), item


def test_a_bad_filter_value_is_an_input_error():
    with pytest.raises(InputError, match="not one of high, medium, low"):
        link_filter(min_confidence="certain")
    with pytest.raises(InputError, match="not one of stated, inferred"):
        link_filter(basis="maybe")
    assert link_filter("zjkg:stated")["_basis"].value == str(Z.stated)


# ---------------------------------------------------------------- named-query parameters

@pytest.mark.parametrize("basis, min_confidence", FILTERS)
def test_curated_links_query_takes_basis_and_min_confidence(store, graph, basis, min_confidence):
    values = {k: v for k, v in (("basis", basis), ("min_confidence", min_confidence)) if v}
    rows = run_named(store, "curated-links", values).rows
    got = {(r["subject"].value, r["predicate"].value, r["object"].value) for r in rows}
    predicates = [Z.servesPledge, Z.followsPrinciple, Z.contributesTo, Z.dependsOn, Z.leadSector, Z.supportingSector,
                  Z.conflictsWith]
    # The measures' SDG alignments (data/sdg.ttl) are curated links too; the targets' own are not listed
    # (the query reads the subject's notation and area).
    measures = {str(m) for m in graph.subjects(rdflib.RDF.type, Z.Measure)}
    alignments = {(s, str(p), o) for p in (rdflib.SKOS.closeMatch, rdflib.SKOS.broadMatch, rdflib.SKOS.relatedMatch)
                  for s, o in links(graph, p, basis, min_confidence) if s in measures}
    assert got == {(s, str(p), o) for p in predicates for s, o in links(graph, p, basis, min_confidence)} | alignments
    assert len(got) == len(rows)  # one row per link: the two rationales do not double it
    assert all(r["rationale"].language == "zh" and r["rationale_en"].language == "en" for r in rows)


def test_the_dependency_query_takes_the_parameters_too(store, graph):
    rows = run_named(store, "measure-dependencies", {"min_confidence": "high"}).rows
    assert {(r["measure"].value, r["depends_on"].value) for r in rows} == links(graph, Z.dependsOn, None, "high")


def test_a_bad_parameter_value_exits_2(runner):
    result = runner.invoke(cli, ["query", "curated-links", "-p", "min_confidence", "certain"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "min_confidence" in result.output and "high, medium, low" in result.output


# ---------------------------------------------------------------- conflicts

def test_conflicts_query_lists_each_pair_once_from_either_side(store, graph):
    pairs = {(str(a), str(b)) for a, b in graph.subject_objects(Z.conflictsWith)}
    rows = run_named(store, "measure-conflicts").rows
    assert {(r["measure"].value, r["conflicts_with"].value) for r in rows} == pairs
    assert all(r["basis"].value and r["confidence"].value and r["rationale_en"].value for r in rows)
    for a, b in pairs:
        for side in (a, b):
            bound = run_named(store, "measure-conflicts", {"measure_iri": side}).rows
            assert (a, b) in {(r["measure"].value, r["conflicts_with"].value) for r in bound}


def test_show_lists_conflicts_on_both_sides(store, graph):
    for a, b in graph.subject_objects(Z.conflictsWith):
        for one, other in ((str(a), str(b)), (str(b), str(a))):
            [entity] = show(store, one)
            assert other in {c["id"] for c in entity["conflicts"]}
            assert all(c["rationale"] and c["rationale_en"] and c["confidence"] for c in entity["conflicts"])


def test_show_prints_the_conflicts_table(runner):
    result = runner.invoke(cli, ["show", "6.2", "--lang", "en"])
    assert result.exit_code == 0 and result.exception is None
    assert "conflicts with" in result.output and "1.1" in result.output.split("conflicts with")[1]


def test_views_and_exports_carry_conflicts(store, graph):
    pairs = {(str(a), str(b)) for a, b in graph.subject_objects(Z.conflictsWith)}
    view = measure_view(store)
    assert {(a, b) for a, b, k in view.edges(keys=True) if k == "conflictsWith"} == pairs
    assert all(d["type"] == k for _, _, k, d in view.edges(keys=True, data=True))
    assert build_view(store, "measures").number_of_edges() == view.number_of_edges()
    full = build_view(store, "full")
    assert pairs <= {(a, b) for a, b, k in full.edges(keys=True) if k == "conflictsWith"}
    exported = view_rdf(prepare(view))
    assert all((rdflib.URIRef(a), Z.conflictsWith, rdflib.URIRef(b)) in exported for a, b in pairs)


def test_the_analytics_ignore_conflicts(store, graph, runner):
    """deps, impact, order and rank answer from dependsOn alone, though the view beside them carries conflicts."""
    dependencies = measure_graph(store)
    assert not [d for *_, d in dependencies.edges(data=True) if d["type"] != "dependsOn"]
    reference = nx.DiGraph(links(graph, Z.dependsOn))
    reference.add_nodes_from(dependencies.nodes)
    assert [{m["id"] for m in w} for w in implementation_order(dependencies)] == \
        [set(w) for w in nx.topological_generations(reference.reverse())]
    assert {i["id"]: i["score"] for i in rank(dependencies, "indegree")} == dict(reference.in_degree())
    counted_wrongly = 0  # how often counting a conflict as a dependency would change the answer
    for a, b in graph.subject_objects(Z.conflictsWith):
        for one, other in ((str(a), str(b)), (str(b), str(a))):
            notation = one.rsplit("/", 1)[-1].replace("-", ".")
            for command in ("deps", "impact"):
                result = runner.invoke(cli, [command, notation, "--format", "json"])
                assert result.exit_code == 0 and result.exception is None
                found = {i["id"] for i in json.loads(result.stdout)}
                expected = nx.descendants(reference, one) if command == "deps" else nx.ancestors(reference, one)
                assert found == expected
                counted_wrongly += other not in expected
    assert counted_wrongly


# ---------------------------------------------------------------- the commands

COMMANDS = [["serves", "pledge:1"], ["deps", "2.1"], ["impact", "4.3"], ["path", "5.2", "4.3"], ["rank"], ["order"],
            ["clusters"], ["sectors"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_analytic_command_takes_the_filters(runner, command):
    wide = runner.invoke(cli, [*command, "--format", "json"])
    narrow = runner.invoke(cli, [*command, "--basis", "inferred", "--min-confidence", "high", "--format", "json"])
    assert wide.exit_code == 0 and narrow.exit_code == 0 and narrow.exception is None
    json.loads(narrow.stdout)
    bad = runner.invoke(cli, [*command, "--min-confidence", "certain"])
    assert bad.exit_code == 2 and isinstance(bad.exception, SystemExit) and "certain" in bad.output


def test_path_follows_only_the_links_the_filter_keeps(runner, store):
    """A chain of links of any confidence, and none once only high-confidence links count."""
    from zjkg.graph import measure_graph

    every, high = measure_graph(store), measure_graph(store, min_confidence="high")
    pair = next((a, b) for a in sorted(every) for b in sorted(every)
                if a != b and nx.has_path(every, a, b) and not nx.has_path(high, a, b))
    a, b = (every.nodes[n]["notation"] for n in pair)
    assert runner.invoke(cli, ["path", a, b, "--format", "json"]).exit_code == 0
    narrow = runner.invoke(cli, ["path", a, b, "--min-confidence", "high"])
    assert narrow.exit_code == 1 and "no dependency chain" in narrow.output and a in narrow.output


def test_rank_and_deps_change_with_the_filter(runner, graph):
    high = nx.DiGraph(links(graph, Z.dependsOn, None, "high"))
    ranked = json.loads(runner.invoke(cli, ["rank", "--by", "indegree", "--min-confidence", "high", "--format", "json"]).output)
    assert {i["id"]: i["score"] for i in ranked if i["score"]} == {n: d for n, d in high.in_degree() if d}
    deps = json.loads(runner.invoke(cli, ["deps", "2.1", "--min-confidence", "high", "--format", "json"]).stdout)
    assert {d["id"] for d in deps} == (nx.descendants(high, M + "2-1") if M + "2-1" in high else set())
    assert json.loads(runner.invoke(cli, ["deps", "2.1", "--basis", "stated", "--format", "json"]).stdout) == []


@pytest.mark.parametrize("command", [["serves", "pledge:4"], ["deps", "2.1"], ["show", "1.1"]], ids=lambda c: c[0])
def test_english_tables_show_english_rationales(runner, command):
    """--lang en: the rationales (and everything else the curated layer adds) are English."""
    result = runner.invoke(cli, [*command, "--lang", "en"])
    assert result.exit_code == 0 and result.exception is None
    rows = [line for line in result.output.splitlines() if " inferred " in line or " medium " in line or " high " in line]
    assert rows and not [line for line in rows if any("\u4e00" <= ch <= "\u9fff" for ch in line)]


def test_sectors_say_whether_party_or_government(runner, graph):
    result = runner.invoke(cli, ["sectors", "--format", "json"])
    assert result.exit_code == 0 and result.exception is None
    kinds = {i["id"]: i["kind"] for i in json.loads(result.output)}
    for kind in ("PartyBody", "GovernmentDepartment"):
        typed = {str(s) for s in graph.subjects(rdflib.RDF.type, Z[kind])}
        assert typed and {s for s, k in kinds.items() if k == kind} == typed
    assert set(kinds) == {str(s) for s in graph.subjects(rdflib.RDF.type, Z.Sector)}


def test_who_leads_a_measure_is_shown_as_the_curator_s_reading(store):
    """The report names no department; `ask "措施3.1由哪个部门牵头？"` showed 市科学技术局 and a
    confidence, nothing saying it was inferred, and kept the Chinese names under --lang en."""
    from zjkg.queries import run_named

    rows = run_named(store, "lead-vs-supporting")
    assert len(rows) == 30
    assert {row["lead_basis"].value.rsplit("#", 1)[1] for row in rows} == {"inferred"}
    assert all(row["label_en"].language == "en" and row["lead_label_en"].language == "en" for row in rows)
    assert rows.variables.index("lead_basis") < rows.variables.index("lead_rationale")  # seen before the reason


def test_a_stated_link_quotes_the_measure_s_own_words(graph):
    """A link is stated only when the measure's own text names the goal's object: some “…” its
    Chinese rationale quotes is in the measure's quote or in one of its actions' or targets'. A task
    area's heading is not the measure's text: the 13 links read from a heading alone (2.1 → pledge 1
    under 夯实新质生产力产业支撑, 7.4 → pledge 5 under 民生成色...) were stated until a second review."""
    import re

    from rdflib import RDF

    stated = list(graph.subjects(Z.basis, Z.stated))
    assert stated
    for link in stated:
        measure = graph.value(link, RDF.subject)
        parts = [measure, *graph.subjects(Z.partOf, measure), *graph.objects(measure, Z.hasTarget)]
        own = "".join(str(q) for part in parts for q in graph.objects(part, Z.quote))
        rationale = next(str(r) for r in graph.objects(link, Z.rationale) if r.language == "zh")
        quoted = re.findall(r"“([^”]+)”", rationale)
        assert any(q in own for q in quoted), (link, quoted)
