"""Library functions on the small hand-written graph, where every answer is known by hand."""

from __future__ import annotations

import pytest

from zjkg.errors import NotFound, QueryRefused
from zjkg.goals import measures_serving, resolve_goals
from zjkg.guards import check_query
from zjkg.lookup import substring_search as search  # the keyword-search query, where quoting matters
from zjkg.lookup import targets
from zjkg.namespace import compact_iri, expand_curie
from zjkg.text import normalise


def test_resolve_by_alias_and_notation(mini_store):
    assert [g.id for g in resolve_goals(mini_store, "ecology")] == ["https://w3id.org/zjkg/id/pledge/1"]
    assert [g.id for g in resolve_goals(mini_store, "2")] == ["https://w3id.org/zjkg/id/area/2"]


def test_resolve_by_iri_looks_up_that_entity_only(mini_store):
    """An IRI or CURIE is looked up directly, never by listing every goal of the store."""
    queries = []
    original = mini_store.query

    def counting(text, bindings=None):
        queries.append(dict(bindings or {}))
        return original(text, bindings)

    mini_store.query = counting
    try:
        found = resolve_goals(mini_store, "pledge:1")
    finally:
        mini_store.query = original
    assert [g.id for g in found] == ["https://w3id.org/zjkg/id/pledge/1"]
    assert queries and all(q.get("_entity_iri") for q in queries)


def test_resolve_by_an_unknown_iri_still_suggests(mini_store):
    with pytest.raises(NotFound) as error:
        resolve_goals(mini_store, "https://w3id.org/zjkg/id/pledge/99")
    assert error.value.suggestions


def test_measures_serving_a_pledge(mini_store):
    items = measures_serving(mini_store, "生态")
    assert [(i["notation"], i["basis"]) for i in items] == [("1.1", "inferred"), ("2.1", "stated")]
    assert items[0]["rationale"] == "治理污染直接服务生态保护。"


def test_measures_serving_an_area_are_stated(mini_store):
    items = measures_serving(mini_store, "area:1")
    assert [i["notation"] for i in items] == ["1.1", "1.2"]
    assert {i["basis"] for i in items} == {"stated"}


def test_no_goal_raises_with_suggestions(mini_store):
    with pytest.raises(NotFound) as error:
        measures_serving(mini_store, "greem growth")
    assert "Green growth" in error.value.suggestions


def test_an_unmatched_goal_suggests_at_most_five_names(store):
    """The nearest names are among the search's five best, those sharing a word with the text (it
    ranks more for it); "港口码头船" shares none with any goal or measure name (外贸 was suggested
    for its lone 口), so nothing is suggested."""
    with pytest.raises(NotFound) as error:
        measures_serving(store, "数字经济")
    assert 0 < len(error.value.suggestions) <= 5 and error.value.suggestions[0] == "持续深化数字赋能"
    with pytest.raises(NotFound) as error:
        measures_serving(store, "港口码头船")
    assert error.value.suggestions == []


def test_search_escapes_quotes(mini_store):
    assert [i["id"] for i in search(mini_store, 'keep jobs "stable"')] == ["https://w3id.org/zjkg/id/measure/2-1"]


def test_targets_with_baseline_change(mini_store):
    [target] = targets(mini_store)
    assert target["value"] == 30 and target["baseline"]["value"] == 34.6
    assert target["change"] == pytest.approx(-4.6)


def test_normalise_and_curies():
    assert normalise("ＧＤＰ  Growth") == "gdp growth"
    assert expand_curie("pledge:1") == "https://w3id.org/zjkg/id/pledge/1"
    assert expand_curie("http://example.org/x") is None
    assert compact_iri("https://w3id.org/zjkg/ontology#Measure") == "zjkg:Measure"


@pytest.mark.parametrize("query", [
    "PREFIX load: <http://x/> SELECT ?insert WHERE { ?s load:x 'DELETE' }",
    "SELECT * WHERE { ?s ?p \"\"\"SERVICE { }\"\"\" } # SERVICE in a comment",
])
def test_guards_ignore_keywords_in_names_strings_and_comments(query):
    check_query(query)


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:b> <a:c> <a:d> }", "LOAD <http://example.org/>", "CLEAR ALL",
    "select * where { service <http://x/> { ?s ?p ?o } }", "x" * 200_000,
])
def test_guards_refuse(query):
    with pytest.raises(QueryRefused):
        check_query(query)


def test_resolve_puts_the_entity_named_exactly_first(store):
    """粮食总产量 is in the names of several indicators; the one whose name it is comes first, though
    another (grain-growth-years) sorts before it by IRI."""
    from zjkg.resolve import resolve

    found = [e.id.rsplit("/", 1)[-1] for e in resolve(store, "粮食总产量", ["Indicator"])]
    assert found[0] == "grain-output" and len(found) > 1 and sorted(found)[0] != "grain-output"


def test_resolve_one_takes_one_match_and_refuses_several_naming_them(store):
    from zjkg.errors import InputError
    from zjkg.resolve import resolve_one

    assert resolve_one(store, "2.1", ["Measure"], what="measure").id.endswith("/measure/2-1")
    with pytest.raises(InputError) as error:
        resolve_one(store, "产业", ["Measure"], what="measure")
    message = str(error.value)
    assert "matches" in message and "measures:" in message and "Give its number, e.g. 2.1" in message


def test_an_id_without_its_prefix_is_that_entity_and_a_shared_one_is_refused(store):
    """"zjkg show main-2" found nothing and suggested five SDG targets' sentences: an id copied
    without its kind's prefix names the entity; one that two kinds share (target and action 7-1-1)
    names both, which resolve_one refuses; suggestions are names, not a target's whole sentence."""
    from zjkg.errors import InputError
    from zjkg.resolve import resolve, resolve_one

    assert [compact_iri(e.id) for e in resolve(store, "main-2")] == ["target:main-2"]
    assert [compact_iri(e.id) for e in resolve(store, "ＭＡＩＮ－２")] == ["target:main-2"]  # NFKC, case-folded
    assert [compact_iri(e.id) for e in resolve(store, "ｍｅａｓｕｒｅ：２－１")] == ["measure:2-1"]  # a full-width CURIE
    assert sorted(compact_iri(e.id) for e in resolve(store, "7-1-1")) == ["action:7-1-1", "target:7-1-1"]
    with pytest.raises(InputError, match="'7-1-1' matches 2 entities: "):
        resolve_one(store, "7-1-1")
    with pytest.raises(NotFound) as missing:
        resolve(store, "xyz-99")
    assert missing.value.suggestions and all(len(name) <= 40 for name in missing.value.suggestions)


def test_python_value_reads_booleans_both_ways():
    """Virtuoso writes xsd:boolean as 1/0, Oxigraph as true/false: both read as Python booleans."""
    import pyoxigraph as ox

    from zjkg.values import python_value

    boolean = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    assert [python_value(ox.Literal(v, datatype=boolean)) for v in ("true", "1", "false", "0")] == [True, True, False, False]


def test_a_store_describes_itself_by_its_files_unless_told(tmp_path):
    """The description is how errors name the store (zjkg.export.dataset, the CLI's messages)."""
    import pyoxigraph as ox
    from conftest import MINI

    from zjkg.resources import ontology_file
    from zjkg.store import EmbeddedStore

    assert EmbeddedStore([ontology_file(), MINI]).description == f"{ontology_file()}, {MINI}"
    assert EmbeddedStore(oxigraph=ox.Store(), description="the same store, no index").description == "the same store, no index"


def test_a_store_refuses_a_non_select_query_where_it_needs_rows(mini_store):
    from zjkg.errors import InputError

    assert mini_store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1").variables == ["s"]
    with pytest.raises(InputError, match="expected a SELECT query"):
        mini_store.select("ASK { ?s ?p ?o }")


@pytest.mark.parametrize("term", ["iri", "lang", "typed", "plain"])
def test_a_term_crosses_to_a_worker_and_back_unchanged(term):
    """The server hands bound parameters to its worker processes as tuples (zjkg.server.codec)."""
    import pickle

    import pyoxigraph as ox

    from zjkg.server.codec import from_spec, to_spec

    made = {"iri": ox.NamedNode("https://w3id.org/zjkg/id/pledge/1"), "lang": ox.Literal("镇江", language="zh"),
            "typed": ox.Literal("5.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            "plain": ox.Literal("2025")}[term]
    back = from_spec(pickle.loads(pickle.dumps(to_spec(made))))
    assert back == made and type(back) is type(made)
    if term == "lang":
        assert back.language == "zh"


def test_the_packaged_resources_are_read_before_a_checkout(tmp_path, monkeypatch):
    """In a wheel the files are in zjkg/_resources; a checkout's are the fallback."""
    import zjkg.resources as resources

    package = tmp_path / "src" / "zjkg"
    for root in (package / "_resources", tmp_path):
        (root / "data").mkdir(parents=True)
        (root / "data" / "triples.ttl").write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert resources.resource_root() == package / "_resources"
    (package / "_resources" / "data" / "triples.ttl").unlink()
    assert resources.resource_root() == tmp_path
    (tmp_path / "data" / "triples.ttl").unlink()
    with pytest.raises(FileNotFoundError, match="data files are missing"):
        resources.resource_root()
