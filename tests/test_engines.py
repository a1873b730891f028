"""Engine portability: the same answers from the embedded store, `oxigraph serve` and Virtuoso 7.

Every named query is run unbound and bound (each parameter with the example its ``#+ params:``
header gives and with real values from the data), and every CLI command with ``--endpoint``;
each answer is compared with the embedded store's, in order and term for term. Only what is
engine-local is made neutral: blank-node labels, and the order of rows that differ only by their
blank nodes. What engines do differently and zjkg evens out is compared as zjkg gives it: the
values joined by ``GROUP_CONCAT`` (sorted by zjkg.queries), Virtuoso's ``"1"``/``"0"`` booleans
and ``nodeID://`` labels (read by zjkg.store.remote).
One server of each kind serves the whole session (engine_servers.py starts and stops them).
"""

from __future__ import annotations

import json
import os
import re

import pyoxigraph as ox
import pytest
from engine_servers import missing, oxigraph_server, virtuoso_server

from zjkg.cli import cli
from zjkg.queries import bind_parameters, list_queries, run_named
from zjkg.resources import default_data_files
from zjkg.store import EmbeddedStore, RemoteStore

pytestmark = pytest.mark.xdist_group("engines")  # one Virtuoso and one oxigraph server per run

ENGINES = ["oxigraph-serve", "virtuoso"]
QUERIES = list_queries()


def _require(*programs: str) -> None:
    absent = missing(*programs)
    if absent is None:
        return
    message = f"{absent} is not installed (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)  # in CI a missing engine is a failure, not a skip
    pytest.skip(message)


@pytest.fixture(scope="session")
def oxigraph_serve_url(tmp_path_factory):
    _require("oxigraph")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-union"), default_data_files()) as url:
        yield url


@pytest.fixture(scope="session")
def virtuoso_url(tmp_path_factory):
    _require("virtuoso-t", "isql-vt")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso"), default_data_files()) as url:
        yield url


@pytest.fixture(params=ENGINES)
def engine(request):
    """(name, endpoint URL) of each server engine."""
    fixture = {"oxigraph-serve": "oxigraph_serve_url", "virtuoso": "virtuoso_url"}[request.param]
    return request.param, request.getfixturevalue(fixture)


# -- what may differ, made neutral -------------------------------------------------------------

def neutral(term):
    """A term as a comparable tuple; a blank node's label dropped (labels are engine-local)."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    return ("literal", term.value, term.datatype.value, term.language)


def neutral_rows(rows) -> list[dict]:
    return [{name: neutral(term) for name, term in row.items()} for row in rows]


def assert_same_answer(ours, theirs, what: str) -> None:
    """The same rows, and in the same order, except where rows differ only by which blank node
    they hold: blank-node labels are engine-local, and so is the order they sort in."""
    mine, yours = neutral_rows(ours), neutral_rows(theirs)
    assert sorted(map(repr, yours)) == sorted(map(repr, mine)), f"{what}: other rows"
    named = [row for row in mine if ("bnode",) not in row.values()]
    assert [row for row in yours if ("bnode",) not in row.values()] == named, f"{what}: other order"


# -- the cases --------------------------------------------------------------------------------

def header_examples(description: str) -> list[str]:
    """The example values a ``#+ params:`` line gives: "e.g. measure:4-3", "e.g. 人才 or talent",
    "such as 2024", "stated or inferred", "high, medium or low"."""
    match = re.search(r"(?:e\.g\.|such as)\s+(\S+?)(?:\s+or\s+(\S+?))?(?=[;,)]|\s|$)", description)
    if match:
        return [value for value in match.groups() if value]
    match = re.match(r"\s*((?:[\w:-]+,\s*)*[\w:-]+)\s+or\s+([\w:-]+)\b", description)  # "high, medium or low"
    return [*re.split(r",\s*", match.group(1)), match.group(2)] if match else []


def bound_cases():
    """(query name, {param: value}) for each parameter: its header examples, then the first and
    last real values the unbound query gives in the parameter's own column; and per query, every
    parameter bound to its first example at once. Also (query, param, value) for each parameter
    whose column the unbound query fills: the value in the middle of that column."""
    store = EmbeddedStore(default_data_files())
    cases, selecting = [], []
    for query in QUERIES:
        if not query.params:
            continue
        unbound = run_named(store, query.name)
        for param, description in query.params.items():
            values = header_examples(description)
            # An _iri parameter takes IRIs (entity-description's column also holds literals, its "in" side).
            wanted = ox.NamedNode if param.endswith("_iri") else ox.Literal
            column = sorted({row[param].value for row in unbound if isinstance(row.get(param), wanted)})
            if column:
                selecting.append((query.name, param, column[len(column) // 2]))
            values += column[:1] + column[-1:]
            assert values, f"{query.name}: no example for {param} in its header and none in the data"
            seen = set()  # one case per term: the header's CURIE and the data's IRI may be the same
            for value in values:
                term = bind_parameters(query, {param: value})[param]
                if term not in seen:
                    seen.add(term)
                    cases.append((query.name, {param: value}))
        if len(query.params) > 1:
            cases.append((query.name, {p: header_examples(d)[0] for p, d in query.params.items()
                                       if header_examples(d)}))
    return cases, selecting


BOUND, SELECTING = bound_cases()


def _case_id(case):
    name, values = case
    return name + "[" + ",".join(f"{k.lstrip('_')}={v}" for k, v in values.items()) + "]"


# Unbound, entity-description is every statement of the graph twice over, with labels joined
# (23,000 rows, 10 s on the two engines): test_every_statement_is_the_same compares the statements,
# and its bound cases compare its joins (labels, basis, rationale) entity by entity.
UNBOUND = [q.name for q in QUERIES if q.name != "entity-description"]


def test_every_statement_is_the_same(engine, store):
    """Every triple of the union graph, term for term: what the engines were loaded with and how
    they give it back (datatypes, language tags, long literals)."""
    engine_name, url = engine
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    ours = store.select(query).rows
    theirs = RemoteStore(url).select(query).rows
    assert len(ours) > 10_000
    assert sorted(map(repr, neutral_rows(theirs))) == sorted(map(repr, neutral_rows(ours))), engine_name


@pytest.fixture(scope="session")
def embedded_answer(store):
    """run_named on the embedded store, once per query and binding: each is compared with both
    engines, and the store's answer does not change between them."""
    answers = {}

    def answer(name, values=None):
        key = (name, tuple(sorted((values or {}).items())))
        if key not in answers:
            answers[key] = run_named(store, name) if values is None else run_named(store, name, values)
        return answers[key]

    return answer


@pytest.mark.parametrize("name", UNBOUND)
def test_named_query_unbound_gives_the_same_rows(engine, embedded_answer, name):
    engine_name, url = engine
    ours = embedded_answer(name)
    theirs = run_named(RemoteStore(url), name)
    assert ours.variables == theirs.variables
    assert len(ours) > 0, f"{name} gives no row on the embedded store: nothing is compared"
    assert_same_answer(ours, theirs, f"{name} on {engine_name}")


@pytest.mark.parametrize("case", BOUND, ids=[_case_id(c) for c in BOUND])
def test_named_query_bound_gives_the_same_rows(engine, embedded_answer, case):
    engine_name, url = engine
    name, values = case
    query = next(q for q in QUERIES if q.name == name)
    ours = embedded_answer(name, values)
    theirs = run_named(RemoteStore(url), name, values)
    assert_same_answer(ours, theirs, f"{name} {values} on {engine_name}")
    # The parameter filters: each row carries the bound term in the parameter's column.
    terms = bind_parameters(query, values)
    for row in theirs:
        for param, term in terms.items():
            if param in row:
                assert row[param] == term


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_group_concat_column_is_known(query):
    """joined_columns finds every GROUP_CONCAT, so every joined column is sorted."""
    from zjkg.queries import joined_columns

    code = re.sub(r"(?m)^\s*#.*$", "", query.text)  # whole-line comments may name GROUP_CONCAT
    direct = re.findall(r"GROUP_CONCAT\s*\(.*?\)\s*AS\s+\?(\w+)", code, flags=re.IGNORECASE | re.DOTALL)
    assert len(direct) == code.upper().count("GROUP_CONCAT")
    assert set(direct) <= set(joined_columns(query.text))


@pytest.mark.parametrize("name,param,value", SELECTING, ids=[f"{n}[{p.lstrip('_')}={v}]" for n, p, v in SELECTING])
def test_a_bound_parameter_selects_the_unbound_rows_with_that_value(store, name, param, value):
    """On the embedded store (the reference the engines are compared with): binding a parameter to a
    value of its column gives exactly the unbound rows with that value, in the same order, and at
    least one. (A filter that ignores its parameter fails here.)"""
    unbound = run_named(store, name)
    bound = run_named(store, name, {param: value})
    expected = [row for row in unbound if param in row and row[param].value == value]
    assert len(bound) > 0
    assert neutral_rows(bound) == neutral_rows(expected)


# -- the CLI --------------------------------------------------------------------------------

def _a_dependency() -> tuple[str, str]:
    """The numbers of the first measure that depends on another, and of that other (from the data,
    so deps, impact and path have something to show whatever the curation)."""
    store = EmbeddedStore(default_data_files())
    rows = store.select("PREFIX zjkg: <https://w3id.org/zjkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                        "SELECT ?a ?b WHERE { ?m zjkg:dependsOn ?n . ?m skos:notation ?a . ?n skos:notation ?b } "
                        "ORDER BY ?a ?b LIMIT 1")
    (row,) = rows.rows
    return row["a"].value, row["b"].value


DEPENDENT, PREREQUISITE = _a_dependency()

COMMANDS = [
    ["serves", "新质生产力"],
    ["serves", "GDP"],
    ["serves", "pledge:5", "--indirect"],
    ["search", "人才"],
    ["search", "talent"],
    ["show", "3.2"],
    ["show", "pledge:1"],
    ["targets"],
    ["targets", "--measure", "3.2"],
    ["stats"],
    ["query", "measures-by-principle", "-p", "principle_iri", "principle:6"],
    ["query", "observations-by-year", "-p", "year", "2024"],
    ["query", "curated-links", "-p", "basis", "stated", "-p", "min_confidence", "medium"],
    ["query", "keyword-search", "-p", "text", '"two majors"'],
    ["query", "cross-area-dependencies"],
    ["query", "targets-with-baselines"],
    ["query", "sector-workload"],
    ["query", "lead-vs-supporting", "-p", "measure_iri", "measure:2-1"],
    ["query", "entity-index", "-p", "class_iri", "zjkg:Action"],
    ["deps", DEPENDENT],
    ["impact", PREREQUISITE],
    ["path", DEPENDENT, PREREQUISITE],
    ["rank"],
    ["rank", "--by", "betweenness"],
    ["order"],
    ["clusters"],
    ["sectors"],
    ["sparql", "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT ?m WHERE { ?m a zjkg:Measure } ORDER BY ?m"],
    ["sparql", "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> ASK { ?m zjkg:dependsOn ?n }"],
    ["sparql", "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> ASK { ?m zjkg:dependsOn ?m }"],
    ["sparql", "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
               "CONSTRUCT { ?m rdfs:label ?l ; zjkg:dependsOn ?n } WHERE { ?m zjkg:dependsOn ?n ; rdfs:label ?l }"],
]

# Text that would break out of a pasted query: bound, it matches nothing, alike on every engine.
EMPTY = [["query", "keyword-search", "-p", "text", "\"}'\\"], ["search", "\" } UNION { ?s ?p ?o"]]
COMMANDS += EMPTY


@pytest.fixture(scope="session")
def embedded_outputs():
    return {}


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_cli_with_endpoint_gives_the_same_json(engine, runner, embedded_outputs, args):
    engine_name, url = engine
    key = tuple(args)
    if key not in embedded_outputs:
        local = runner.invoke(cli, [*args, "--format", "json"])
        embedded_outputs[key] = local
    local = embedded_outputs[key]
    remote = runner.invoke(cli, [*args, "--format", "json", "--endpoint", url])
    assert local.exception is None and remote.exception is None, (local.output, remote.output)
    assert local.exit_code == remote.exit_code == 0, (local.output, remote.output)
    answer = json.loads(local.output)
    assert answer or args in EMPTY, f"{args}: the embedded store gives an empty answer: nothing is compared"
    # The JSON text itself: order of rows and keys, types (true is not 1) and values.
    assert remote.output == local.output, f"{' '.join(args)} differs on {engine_name}"


# Files and streamed dumps, compared byte for byte.
FILES = [["export", "--to", "dot", "--view", "full"], ["export", "--to", "graphml", "--view", "measures"],
         ["export", "--to", "mermaid", "--view", "goals"], ["export", "--to", "nt", "--view", "full"],
         ["query", "entity-relations", "--format", "csv"], ["query", "targets-with-baselines", "--format", "jsonl"],
         ["targets", "--format", "tsv"], ["show", "2.1", "--format", "table"]]


@pytest.mark.parametrize("args", FILES, ids=[" ".join(a) for a in FILES])
def test_files_and_dumps_with_endpoint_are_the_same_bytes(engine, runner, embedded_outputs, args):
    engine_name, url = engine
    key = ("bytes", *args)
    if key not in embedded_outputs:
        embedded_outputs[key] = runner.invoke(cli, args)
    local = embedded_outputs[key]
    remote = runner.invoke(cli, [*args, "--endpoint", url])
    assert local.exit_code == remote.exit_code == 0, (local.output, remote.output)
    assert local.stdout.strip(), f"{args}: the embedded store writes nothing: nothing is compared"
    assert remote.stdout == local.stdout, f"{' '.join(args)} differs on {engine_name}"
