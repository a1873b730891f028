"""Dependency analytics: hand-made graphs with answers known by hand, then the report's data,
checked against networkx run directly on the zjkg:dependsOn triples."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
import rdflib

from zjkg.cli import cli
from zjkg.dependencies import (
    at_risk,
    clusters,
    communities,
    dependency_chain,
    implementation_order,
    indirect_servers,
    rank,
    rests_on,
    sector_roles,
)
from zjkg.errors import CheckFailed, InputError
from zjkg.graph import NODE_ATTRIBUTES, full_graph, goal_graph, measure_graph, sector_graph

M = "https://w3id.org/zjkg/id/measure/"


@pytest.fixture
def diamond():
    """top needs left and right; both need base; lone stands apart."""
    g = nx.DiGraph()
    for n in ["top", "left", "right", "base", "lone"]:
        g.add_node(n, label=n, notation="")
    g.add_edge("top", "left", rationale="top needs left")
    g.add_edge("top", "right", rationale="top needs right")
    g.add_edge("left", "base", rationale="left needs base")
    g.add_edge("right", "base", rationale="right needs base")
    return g


def test_rests_on_by_hand(diamond):
    found = {i["id"]: (i["depth"], i["rationale"], i["reason"]) for i in rests_on(diamond, "top")}
    assert found == {"left": (1, "top needs left", "top needs left"), "right": (1, "top needs right", "top needs right"),
                     "base": (2, "top needs left", "left needs base")}
    assert [i["id"] for i in rests_on(diamond, "top", depth=1)] == ["left", "right"]
    assert rests_on(diamond, "base") == []


def test_at_risk_by_hand(diamond):
    found = {i["id"]: i["via"] for i in at_risk(diamond, "base")}
    assert found == {"left": ["left", "base"], "right": ["right", "base"], "top": ["top", "left", "base"]}


def test_a_chain_is_as_sure_as_its_weakest_link(diamond):
    """top -> left is high, left -> base low: the chain top -> left -> base is low, whichever end is asked from."""
    diamond.edges["top", "left"]["confidence"] = "high"
    diamond.edges["left", "base"]["confidence"] = "low"
    diamond.edges["right", "base"]["confidence"] = "medium"
    assert {i["id"]: i["confidence"] for i in at_risk(diamond, "base")} == {"left": "low", "right": "medium", "top": "low"}
    assert {i["id"]: i["confidence"] for i in rests_on(diamond, "top")} == {"left": "high", "right": "", "base": "low"}


def test_chain_by_hand(diamond):
    steps = dependency_chain(diamond, "top", "base")
    assert [(s["id"], s["depends_on"], s["rationale"]) for s in steps] == [
        ("top", "left", "top needs left"), ("left", "base", "left needs base")]
    with pytest.raises(CheckFailed, match="reverse chain exists"):
        dependency_chain(diamond, "base", "top")


def test_rank_by_hand(diamond):
    indegree = {i["id"]: i["score"] for i in rank(diamond, "indegree")}
    assert indegree == {"base": 2, "left": 1, "right": 1, "top": 0, "lone": 0}
    assert rank(diamond, "pagerank")[0]["id"] == "base"
    assert rank(diamond, "outdegree")[0]["id"] == "top"
    between = {i["id"]: i["score"] for i in rank(diamond, "betweenness")}
    assert between["left"] == between["right"] > 0 == between["top"] == between["base"]


def test_order_by_hand(diamond):
    waves = [[m["id"] for m in wave] for wave in implementation_order(diamond)]
    assert waves == [["base", "lone"], ["left", "right"], ["top"]]


def test_order_names_a_cycle(diamond):
    diamond.add_edge("base", "top")
    for node, notation in [("top", "1.1"), ("left", "1.2"), ("base", "1.3")]:
        diamond.nodes[node]["notation"] = notation
    with pytest.raises(CheckFailed) as error:
        implementation_order(diamond)
    # by notation where a measure has one, by id where not (right has none)
    assert str(error.value) in ("the dependencies have a cycle: 1.1 -> 1.2 -> 1.3 -> 1.1",
                                "the dependencies have a cycle: 1.1 -> right -> 1.3 -> 1.1",
                                "the dependencies have a cycle: 1.3 -> 1.1 -> 1.2 -> 1.3",
                                "the dependencies have a cycle: 1.3 -> 1.1 -> right -> 1.3",
                                "the dependencies have a cycle: 1.2 -> 1.3 -> 1.1 -> 1.2",
                                "the dependencies have a cycle: right -> 1.3 -> 1.1 -> right"), str(error.value)


@pytest.mark.parametrize("query", [rests_on, at_risk, lambda g, m: dependency_chain(g, m, "top"),
                                   lambda g, m: dependency_chain(g, "top", m)])
def test_a_node_outside_the_graph_is_an_input_error(diamond, query):
    with pytest.raises(InputError, match="^nowhere is not a measure of the dependency graph$"):
        query(diamond, "nowhere")


def test_items_carry_the_measure_s_own_attributes(diamond):
    diamond.nodes["left"].update(label="左", label_en="Left", notation="2.1", area="area:2", type="Measure")
    (item,) = [i for i in rests_on(diamond, "top") if i["id"] == "left"]
    assert {k: item[k] for k in ("type", "label", "label_en", "notation", "area")} == {
        "type": "Measure", "label": "左", "label_en": "Left", "notation": "2.1", "area": "area:2"}


def test_no_chain_names_measures_by_number_and_label_else_by_compact_iri():
    g = nx.DiGraph()
    g.add_node(M + "1-1", notation="1.1", label="甲")
    g.add_node(M + "1-2", notation="1.2")  # no label: named by its compact IRI
    with pytest.raises(CheckFailed, match="^no dependency chain from 1.1 甲 to measure:1-2$"):
        dependency_chain(g, M + "1-1", M + "1-2")


def test_clusters_by_hand():
    g = nx.DiGraph([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3"), ("a3", "b1")])
    for n in g:
        g.nodes[n].update(area=n[0], lead_sector=f"sector-{n[0]}", notation="")
    g.nodes["a1"].update(notation="1.1", area_label="一区")  # a label, where there is one, names the area
    g.nodes["a2"].update(area_label="z", lead_sector="zz")
    g.nodes["a3"].update(lead_sector="mm")
    found = clusters(g)
    assert sorted(sorted(c["ids"]) for c in found) == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    # measures by number (unnumbered first); areas and sectors by count, ties by name
    assert sorted((c["measures"], list(c["areas"].items()), list(c["lead_sectors"].items())) for c in found) == [
        (["a2", "a3", "1.1"], [("a", 1), ("z", 1), ("一区", 1)], [("mm", 1), ("sector-a", 1), ("zz", 1)]),
        (["b1", "b2", "b3"], [("b", 3)], [("sector-b", 3)])]


def test_communities_are_seeded_and_leave_igraph_s_random_source_as_they_found_it():
    """Leiden is randomised: zjkg seeds it, so the answer does not depend on the process's random
    state, and hands igraph back the random module (what igraph uses by default) afterwards."""
    import random

    import igraph

    g = nx.gnp_random_graph(80, 0.06, seed=3, directed=True)
    answers = set()
    for seed in range(4):
        random.seed(seed)
        found, modularity = communities(g)
        answers.add((tuple(sorted(tuple(sorted(c)) for c in found)), modularity))
    assert len(answers) == 1
    igraph.set_random_number_generator(random)
    random.seed(5)
    first = igraph.Graph.Erdos_Renyi(n=30, p=0.2).get_edgelist()
    communities(g)
    random.seed(5)
    assert igraph.Graph.Erdos_Renyi(n=30, p=0.2).get_edgelist() == first


def test_indirect_servers_by_hand(diamond):
    found = {i["id"]: i["via"] for i in indirect_servers(diamond, {"left": "goal"})}
    assert found == {"base": ["base", "left", "goal"]}
    found = {i["id"]: i["via"] for i in indirect_servers(diamond, {"top": "goal", "left": "goal"})}
    assert found == {"right": ["right", "top", "goal"], "base": ["base", "left", "goal"]}


# ---------------------------------------------------------------- the report's data

@pytest.fixture(scope="module")
def depends_on(graph):
    """networkx straight from the zjkg:dependsOn triples, read by rdflib: the reference."""
    z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
    reference = nx.DiGraph()
    reference.add_nodes_from(str(m) for m in graph.subjects(rdflib.RDF.type, z.Measure))
    reference.add_edges_from((str(a), str(b)) for a, b in graph.subject_objects(z.dependsOn))
    return reference


@pytest.fixture(scope="module")
def measures(store):
    return measure_graph(store)


def test_view_has_typed_nodes_and_string_attributes(measures, store):
    assert measures.number_of_nodes() == 30
    for _, data in measures.nodes(data=True):
        assert set(NODE_ATTRIBUTES) <= data.keys()
        assert all(isinstance(v, str) for v in data.values())
        assert data["type"] == "Measure" and data["lead_sector"] and data["area"]
    for _, _, data in measures.edges(data=True):
        assert data["type"] == "dependsOn" and data["rationale"] and data["basis"] == "inferred"
    for view in (full_graph(store), sector_graph(store), goal_graph(store)):
        for _, data in view.nodes(data=True):
            assert all(isinstance(v, str) for v in data.values())
    assert {d["type"] for _, d in sector_graph(store).nodes(data=True)} == {"Measure", "Sector"}


def test_views_agree_with_the_triples(measures, depends_on):
    assert set(measures.edges) == set(depends_on.edges)
    assert set(measures.nodes) == set(depends_on.nodes)


def test_deps_and_impact_agree_with_networkx(measures, depends_on):
    for node in depends_on:
        assert {i["id"] for i in rests_on(measures, node)} == nx.descendants(depends_on, node)
        assert {i["id"] for i in at_risk(measures, node)} == nx.ancestors(depends_on, node)
        lengths = nx.single_source_shortest_path_length(depends_on, node)
        assert all(i["depth"] == lengths[i["id"]] for i in rests_on(measures, node))


@pytest.mark.parametrize("args, said", [
    (["deps", "9.3"], "Measure 9.3 始终涵养严实作风，努力争取最好结果: rests on no other measure among the curated dependencies."),
    (["impact", "8.1", "--lang", "en"], "Measure 8.1 Defuse risks in key areas: no other measure rests on it among the curated dependencies."),
    (["deps", "2.1", "--min-confidence", "high", "--basis", "inferred", "--format", "json"],
     "Measure 2.1 着力建设优势产业集群: rests on no other measure among the curated dependencies kept (basis inferred, confidence at least high).")])
def test_an_empty_chain_says_what_it_means(args, said):
    """`zjkg deps 9.3` and `zjkg impact 8.1` printed "(no results)" alone, read as a failed lookup."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stderr) == (0, said + "\n")
    assert result.stdout in ("(no results)\n", "[]\n")
    assert CliRunner().invoke(cli, ["deps", "2.1"]).stderr == ""


@pytest.mark.parametrize("command", ["deps", "impact"])
def test_each_row_of_a_chain_table_gives_its_own_step_s_reason_and_the_whole_chain(measures, command):
    """A reviewer read `zjkg deps 6.1`: 4.3, four steps down, came with the reason of 6.1 -> 7.1, and
    the chain was cut after two CURIEs. Each row's why is its own step (deps: the chain's last link;
    impact: its first) and the chain is shown by number, whole."""
    from click.testing import CliRunner

    measure = "6.1" if command == "deps" else "4.3"
    items = (rests_on if command == "deps" else at_risk)(measures, M + measure.replace(".", "-"))
    table = CliRunner().invoke(cli, [command, measure]).output.splitlines()[2:]
    assert len(table) == len(items) > 3 and any(item["depth"] > 2 for item in items)
    for item, line in zip(items, table):
        step = item["via"][-2:] if command == "deps" else item["via"][:2]
        why = measures.edges[step[0], step[1]]["rationale"]
        assert why[:20] in line, (item["notation"], line)
        assert " → ".join(measures.nodes[n]["notation"] for n in item["via"]) in line


def test_order_agrees_with_networkx(measures, depends_on):
    waves = [{m["id"] for m in wave} for wave in implementation_order(measures)]
    assert waves == [set(w) for w in nx.topological_generations(depends_on.reverse())]
    position = {m: n for n, wave in enumerate(waves) for m in wave}
    assert all(position[a] > position[b] for a, b in depends_on.edges)  # prerequisites first


def test_rank_agrees_with_networkx(measures, depends_on):
    ours = {i["id"]: i["score"] for i in rank(measures, "pagerank")}
    theirs = nx.pagerank(depends_on)
    assert all(abs(ours[n] - theirs[n]) < 1e-5 for n in theirs)
    scores = [i["score"] for i in rank(measures, "betweenness")]
    assert scores == sorted(scores, reverse=True)


def test_path_on_the_report(measures):
    steps = dependency_chain(measures, M + "6-1", M + "1-1")
    assert steps[0]["id"] == M + "6-1" and steps[-1]["depends_on"] == M + "1-1"
    assert all(s["rationale"] for s in steps)
    assert len(steps) == nx.shortest_path_length(measures, M + "6-1", M + "1-1")


def test_rank_no_longer_crowns_the_work_style_commitments(measures):
    """Area 9's commitments (站稳人民立场, 涵养严实作风) are not inputs of other measures: nothing depends on them."""
    area9 = {M + "9-1", M + "9-2", M + "9-3"}
    indegree = {i["id"]: i["score"] for i in rank(measures, "indegree")}
    assert all(indegree[m] == 0 for m in area9)
    for method in ("pagerank", "indegree", "betweenness"):
        assert rank(measures, method)[0]["id"] not in area9, method


def test_clusters_cover_every_measure_once(measures):
    found = clusters(measures)
    members = [m for c in found for m in c["ids"]]
    assert sorted(members) == sorted(measures.nodes)
    assert len(found) >= 2 and found[0]["modularity"] > 0


def test_communities_against_networkx(measures):
    """igraph's Leiden, checked by networkx: the modularity it reports is networkx's for the same
    partition, at least as good as networkx's own Louvain, and the same on every run."""
    found, modularity = communities(measures)
    undirected = measures.to_undirected()
    assert modularity == pytest.approx(nx.community.modularity(undirected, found))
    louvain = nx.community.louvain_communities(undirected, seed=0)
    assert modularity >= nx.community.modularity(undirected, louvain) - 1e-9
    assert communities(measures) == (found, modularity)


def test_sector_nodes_and_only_they_carry_their_kind(store):
    sectors = sector_graph(store)
    kinds = {d["type"]: set() for _, d in sectors.nodes(data=True)}
    for _, d in sectors.nodes(data=True):
        kinds[d["type"]].add(d.get("sector_kind", "absent"))
    assert kinds == {"Measure": {"absent"}, "Sector": {"PartyBody", "GovernmentDepartment"}}


def test_sector_roles_count_leads(measures, store):
    roles = {r["label"]: r for r in sector_roles(measures, sector_graph(store))}
    assert sum(r["lead_count"] for r in roles.values()) == 30
    assert roles["市科学技术局"]["leads"] == ["3.1", "3.2", "3.3"]


# ---------------------------------------------------------------- the commands

def test_commands_answer_in_json(runner, depends_on):
    deps = json.loads(runner.invoke(cli, ["deps", "2.1", "--format", "json"]).output)
    assert deps and all({"id", "type", "label", "label_en", "depth", "via", "rationale"} <= d.keys() for d in deps)
    assert all(d["depth"] == 1 for d in json.loads(runner.invoke(cli, ["deps", "2.1", "--depth", "1", "--format", "json"]).output))
    impact = json.loads(runner.invoke(cli, ["impact", "4.3", "--format", "json"]).output)
    assert {d["id"] for d in impact} == nx.ancestors(depends_on, M + "4-3") and len(impact) >= 5
    assert all(d["via"][-1] == M + "4-3" for d in impact)
    waves = json.loads(runner.invoke(cli, ["order", "--format", "json"]).output)
    assert isinstance(waves, list) and all(isinstance(w, list) for w in waves) and sum(map(len, waves)) == 30
    ranked = json.loads(runner.invoke(cli, ["rank", "--by", "indegree", "--format", "json"]).output)
    assert len(ranked) == 30 and ranked[0]["score"] >= ranked[-1]["score"]
    for command in (["clusters"], ["sectors"], ["path", "6.1", "1.1"]):
        result = runner.invoke(cli, [*command, "--format", "json"])
        assert result.exit_code == 0 and json.loads(result.output)


def test_path_without_chain_exits_1(runner):
    result = runner.invoke(cli, ["path", "9.1", "7.1"])
    assert result.exit_code == 1 and "no dependency chain" in result.output


def test_ambiguous_measure_exits_2(runner):
    result = runner.invoke(cli, ["deps", "创新"])
    assert result.exit_code == 2 and "matches" in result.output


def test_serves_indirect_shows_each_chain_in_the_table(runner):
    direct = runner.invoke(cli, ["serves", "pledge:4"]).output.splitlines()
    table = runner.invoke(cli, ["serves", "pledge:4", "--indirect"]).output.splitlines()
    assert "via" not in direct[0].split() and table[0].split()[-1] == "via"
    chains = [line for line in table if "dependsOn" in line]
    assert chains and all(re.search(r"measure:\d+-\d+ → measure:\d+-\d+ → .*pledge:4$", line) for line in chains)


def test_serves_indirect_adds_chains_ending_at_the_goal(runner, measures):
    direct = json.loads(runner.invoke(cli, ["serves", "pledge:4", "--format", "json"]).output)
    both = json.loads(runner.invoke(cli, ["serves", "pledge:4", "--indirect", "--format", "json"]).output)
    assert both[: len(direct)] == direct
    servers = {i["id"] for i in direct}
    extra = both[len(direct):]
    assert extra
    for item in extra:
        assert item["via"][0] == item["id"] and item["via"][-1] == item["goal"]
        assert item["via"][-2] in servers and item["id"] not in servers
        # the chain's first link (via[1] rests on via[0]) is the curator's: its confidence and rationale come too
        edge = measures.edges[item["via"][1], item["via"][0]]
        assert (item["basis"], item["confidence"], item["rationale"]) == ("inferred", edge["confidence"], edge["rationale"])


# ---------------------------------------------------------------- keystones in SPARQL

@pytest.mark.parametrize("min_confidence", [None, "medium", "high"])
def test_keystone_measures_counts_what_rests_on_each_measure(store, graph, min_confidence):
    """The named query answers "which measures are the keystones" in SPARQL: each measure with the
    measures that depend on it directly, read here from the data's links themselves (rdflib), and
    the same counts as `zjkg rank --by indegree` gives from the dependency network."""
    from zjkg.queries import link_filter, select_named

    z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
    sure = {None: {z.high, z.medium, z.low}, "medium": {z.high, z.medium}, "high": {z.high}}[min_confidence]
    resting: dict[str, set[str]] = {str(m): set() for m in graph.subjects(rdflib.RDF.type, z.Measure)}
    for statement in graph.subjects(rdflib.RDF.predicate, z.dependsOn):
        if graph.value(statement, z.confidence) in sure:
            dependent, measure = graph.value(statement, rdflib.RDF.subject), graph.value(statement, rdflib.RDF.object)
            resting[str(measure)].add(str(graph.value(dependent, rdflib.namespace.SKOS.notation)))
    rows = select_named(store, "keystone-measures", link_filter(None, min_confidence)).rows
    answered = {row["measure"].value: (int(row["dependents"].value), sorted(row["dependent_measures"].value.split()))
                for row in rows}
    assert answered == {m: (len(d), sorted(d)) for m, d in resting.items()}
    assert max(n for n, _ in answered.values()) >= (2 if min_confidence is None else 1)
    counts = [int(row["dependents"].value) for row in rows]
    assert counts == sorted(counts, reverse=True)  # the keystones first
    by_rank = {item["id"]: item["score"] for item in rank(measure_graph(store, min_confidence=min_confidence), by="indegree")}
    assert by_rank == {m: n for m, (n, _) in answered.items()}
