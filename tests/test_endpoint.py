"""The same answers from the embedded store and from a real SPARQL server (oxigraph serve) that
holds every file in its default graph, as `oxigraph load` does without --graph. Every named query
is compared on servers holding zjkg's named graphs in tests/test_engines.py."""

from __future__ import annotations

import json

import pytest

from zjkg.cli import cli

COMMANDS = [
    ["serves", "新质生产力"],
    ["serves", "GDP"],
    ["serves", "pledge:5"],
    ["search", "人才"],
    ["show", "3.2"],
    ["targets"],
    ["targets", "--measure", "3.2"],
    ["stats"],
    ["query", "measures-by-principle", "-p", "principle_iri", "principle:6"],
    ["query", "observations-by-year", "-p", "year", "2024"],
    ["query", "keyword-search", "-p", "text", "\"}'\\"],
    ["query", "cross-area-dependencies"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_endpoint_answers_like_the_embedded_store(runner, oxigraph_endpoint, args):
    local = runner.invoke(cli, [*args, "--format", "json"])
    remote = runner.invoke(cli, [*args, "--format", "json", "--endpoint", oxigraph_endpoint])
    assert local.exit_code == remote.exit_code == 0, (local.output, remote.output)
    assert json.loads(local.output) == json.loads(remote.output)


def test_malformed_query_at_the_endpoint_exits_2(runner, oxigraph_endpoint):
    result = runner.invoke(cli, ["sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", oxigraph_endpoint])
    assert result.exit_code == 2


def test_a_construct_through_the_endpoint_gives_the_embedded_triples(runner, oxigraph_endpoint):
    construct = ("PREFIX zjkg: <https://w3id.org/zjkg/ontology#> "
                 "CONSTRUCT { ?m zjkg:servesPledge ?p } WHERE { ?m zjkg:servesPledge ?p }")
    remote = runner.invoke(cli, ["sparql", construct, "--endpoint", oxigraph_endpoint, "--format", "json"])
    local = runner.invoke(cli, ["sparql", construct, "--format", "json"])
    assert remote.exit_code == 0 and local.exit_code == 0, remote.output
    triples = json.loads(remote.output)
    assert triples and sorted(map(json.dumps, triples)) == sorted(map(json.dumps, json.loads(local.output)))
