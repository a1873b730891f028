"""The endpoint's cost estimate (zjkg.cost.is_light): what it lets into the kept worker's lane."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjkg.cost import is_light

Z = "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> "
LIGHT = [
    "ASK {}",
    Z + "SELECT (COUNT(?m) AS ?n) WHERE { ?m a zjkg:Measure }",
    "SELECT ?s WHERE { ?s ?p \"x\"@zh . ?s <http://p> ?o } LIMIT 10",
    "SELECT ?s WHERE { ?s ?p \"5\"^^<http://www.w3.org/2001/XMLSchema#int> ; <http://q> ?o , ?o2 FILTER(?o != ?o2) }",
    "SELECT ?s WHERE { ?s <http://p>/<http://q> ?o }",
    "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s <http://l> ?l } }",
    "SELECT ?s WHERE { ?s <http://p> 5 }",
    Z + "SELECT ?m ?l { ?m a zjkg:Measure ; zjkg:label ?l FILTER(CONTAINS(?l, \"人才\")) } ORDER BY ?l",
]
HEAVY = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",  # the cross join of the tests
    "SELECT * { ?a ?b ?c . ?c ?e ?f }",  # two scans of the whole store
    "SELECT ?s ?o WHERE { ?s a <http://C> . ?o a <http://D> }",  # anchored, but a cross join
    "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?x <http://l> ?l } }",  # the OPTIONAL joins nothing
    "SELECT ?s WHERE { ?s <http://p>* ?o }",
    "SELECT ?s WHERE { ?s <http://p>+ ?o }",
    "SELECT ?s WHERE { { SELECT ?s { ?s ?p ?o } } }",
    "SELECT ?s WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s ?q ?r } }",
    "SELECT ?s WHERE { ?s ?p [ <http://q> ?o ] }",
    "SELECT ?s WHERE { VALUES ?s { <http://a> } ?s ?p ?o }",
    "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
    'SELECT ?s5 WHERE { BIND("0123456789" AS ?s0) '
    + "".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1}) " for i in range(5)) + "}",
    "SELECT ?s WHERE { " + " . ".join(f"?s <http://p{i}> ?o{i}" for i in range(9)) + " }",  # 9 patterns
    "ASK { " + " " * 2000 + "}",  # longer than a light query
]


@pytest.mark.parametrize("text", LIGHT)
def test_light_queries_are_called_light(text):
    assert is_light(text)


@pytest.mark.parametrize("text", HEAVY)
def test_heavy_or_unknown_shapes_are_not(text):
    assert not is_light(text)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(list("?abc <>{}().;,*+/|^!\"'@#:0 \n")) | st.characters(), max_size=300))
def test_any_text_is_estimated_without_an_error(text):
    assert is_light(text) in (True, False)


def test_the_expression_limit_holds_at_its_boundary():
    """MAX_LIGHT_EXPRESSIONS FILTERs or BINDs are light, one more is not; a query that starts with
    its pattern at the first character is read like any other."""
    from zjkg.cost import MAX_LIGHT_EXPRESSIONS

    def query(count: int) -> str:
        return "SELECT ?s WHERE { ?s <http://p> ?o " + "FILTER(?o != 1) " * count + "}"

    assert is_light(query(MAX_LIGHT_EXPRESSIONS)) and not is_light(query(MAX_LIGHT_EXPRESSIONS + 1))
    assert is_light("ASK{?s <http://p> ?o}")
