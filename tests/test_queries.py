"""Named queries: well-formed files, parsed by both engines, same rows where they take no parameter."""

from __future__ import annotations

import re

import pytest
import rdflib

from zjkg.errors import InputError, NotFound
from zjkg.queries import bind_parameters, get_query, list_queries, run_named
from zjkg.resources import queries_dir
from zjkg.results import plain_row
from conftest import comparable

QUERIES = sorted(queries_dir().glob("*.rq"))
NAMES = [p.stem for p in QUERIES]


def test_there_are_at_least_twelve_research_questions():
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_query_file_is_well_formed(path):
    query = get_query(path.stem)
    assert query.summary and " / " in query.summary, "summary in Chinese / English"
    assert query.description
    text = path.read_text(encoding="utf-8")
    assert "ORDER BY" in text
    used = set(re.findall(r"\?(_\w+)", text))
    assert used == set(query.params), "every ?_parameter is documented in #+ params, and only those"
    for prefix in set(re.findall(r"\b([a-z]+):\w", re.sub(r"<[^>]*>|#.*", "", text))):
        assert f"PREFIX {prefix}:" in text, f"missing PREFIX {prefix}:"


@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_query_parses_in_rdflib_and_pyoxigraph(path, store):
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    store.query(text)  # raises QuerySyntaxError on a parse error


@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_parameterless_run_gives_the_same_rows_on_both_engines(path, store, graph):
    text = path.read_text(encoding="utf-8")
    ours = store.select(text)
    theirs = graph.query(text)
    variables = ours.variables
    ox_rows = [plain_row(r) for r in ours.rows]
    rdflib_rows = [{str(k): _rdflib_value(v) for k, v in r.asdict().items()} for r in theirs]
    assert len(ox_rows) == len(rdflib_rows)
    assert comparable(ox_rows, variables) == comparable(rdflib_rows, variables)


def _rdflib_value(term):
    if isinstance(term, rdflib.BNode):
        return "_:"
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if hasattr(value, "as_integer_ratio"):  # Decimal
            return int(value) if value == int(value) else float(value)
        return str(term)
    return str(term)


def test_list_queries_reads_headers():
    names = [q.name for q in list_queries()]
    assert names == sorted(names)
    assert "measures-serving-goal" in names


def test_unknown_query_name_suggests_the_nearest():
    with pytest.raises(NotFound) as error:
        get_query("measures-by-pledg")
    assert "measures-by-pledge" in str(error.value)


def test_unknown_parameter_is_an_input_error():
    with pytest.raises(InputError, match="no parameter"):
        bind_parameters(get_query("measures-by-pledge"), {"color": "red"})


def test_bound_parameter_filters_and_unbound_does_not(store):
    every = run_named(store, "measures-by-pledge")
    one = run_named(store, "measures-by-pledge", {"pledge_iri": "pledge:4"})
    assert {r["pledge"].value for r in one} == {"https://w3id.org/zjkg/id/pledge/4"}
    assert 0 < len(one) < len(every)
    year = run_named(store, "observations-by-year", {"year": "2024"})
    assert len(year) == len(run_named(store, "observations-by-year"))  # every observation is for 2024
    assert len(run_named(store, "observations-by-year", {"year": "2014"})) == 0


@pytest.mark.parametrize("text", ['"', "'", "}", "{", "\\", '") } SELECT * WHERE { ?s ?p ?o } #', "人才'}"])
def test_hostile_text_is_data_never_syntax(store, text):
    rows = run_named(store, "keyword-search", {"text": text})
    for row in rows:  # only entities whose text really contains it
        assert text.lower() in row["matched"].value.lower()


def test_nul_bytes_are_refused():
    with pytest.raises(InputError, match="NUL"):
        bind_parameters(get_query("keyword-search"), {"text": "a\x00b"})


def test_substitution_and_rdflib_initbindings_agree(store, graph):
    """The same parameter, bound by pyoxigraph substitutions and by rdflib initBindings."""
    query = get_query("measures-serving-goal")
    ours = {r["measure"].value for r in run_named(store, "measures-serving-goal", {"goal_iri": "pledge:2"})}
    bindings = {"_goal_iri": rdflib.URIRef("https://w3id.org/zjkg/id/pledge/2")}
    theirs = {str(r.measure) for r in graph.query(query.text, initBindings=bindings)}
    assert ours == theirs and len(ours) >= 2
