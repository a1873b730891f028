"""Named queries: well-formed files, parsed by both engines, same rows where they take no parameter."""

from __future__ import annotations

import re

import pytest
import rdflib
from conftest import comparable

from zjkg.errors import InputError, NotFound
from zjkg.queries import bind_parameters, get_query, list_queries, run_named
from zjkg.resources import queries_dir
from zjkg.values import plain_row

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


@pytest.fixture(scope="module")
def parity_files():
    from conftest import FIXTURES, MINI

    from zjkg.resources import ontology_file

    return [ontology_file(), MINI, FIXTURES / "parity.ttl"]


@pytest.fixture(scope="module")
def small_store(parity_files):
    from zjkg.store import EmbeddedStore

    return EmbeddedStore(parity_files)


@pytest.fixture(scope="module")
def small_graph(parity_files):
    g = rdflib.Graph()
    for path in parity_files:
        g.parse(str(path))
    return g


def _same_rows(text, ox_store, rdflib_graph):
    ours = ox_store.select(text)
    variables = ours.variables
    ox_rows = [plain_row(r) for r in ours.rows]
    rdflib_rows = [{str(k): _rdflib_value(v) for k, v in r.asdict().items()} for r in rdflib_graph.query(text)]
    assert len(ox_rows) == len(rdflib_rows)
    assert comparable(ox_rows, variables) == comparable(rdflib_rows, variables)
    return len(ox_rows)


# rdflib is 8-200x slower than pyoxigraph, so the parity check of every query runs on a small
# hand-written graph (mini.ttl + parity.ttl) in which every query has rows, and one query on the report.
# Both engines parse each query here, so a syntax either one refuses fails this test.
@pytest.mark.parametrize("path", QUERIES, ids=NAMES)
def test_parameterless_run_gives_the_same_rows_on_both_engines(path, small_store, small_graph):
    assert _same_rows(path.read_text(encoding="utf-8"), small_store, small_graph) > 0, "the fixture must give rows"


def test_the_report_gives_the_same_rows_on_both_engines(store, graph):
    text = (queries_dir() / "targets-with-baselines.rq").read_text(encoding="utf-8")
    assert _same_rows(text, store, graph) > 0


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


def test_unknown_parameter_is_an_input_error_naming_the_query_s_parameters():
    with pytest.raises(InputError) as error:
        bind_parameters(get_query("measures-by-pledge"), {"color": "red"})
    assert str(error.value) == "query 'measures-by-pledge' has no parameter 'color' (its parameters: report_iri, pledge_iri, basis, min_confidence)"
    with pytest.raises(InputError) as error:
        bind_parameters(get_query("class-counts"), {"x": "1"})
    assert str(error.value) == "query 'class-counts' has no parameter 'x' (its parameters: none)"


def test_a_choice_parameter_outside_its_choices_is_an_input_error():
    with pytest.raises(InputError) as error:
        bind_parameters(get_query("measures-serving-goal"), {"basis": "sure"})
    assert str(error.value) == "parameter 'basis': 'sure' is not one of stated, inferred"


def test_bound_parameter_filters_and_unbound_does_not(store):
    every = run_named(store, "measures-by-pledge")
    one = run_named(store, "measures-by-pledge", {"pledge_iri": "pledge:4"})
    assert {r["pledge"].value for r in one} == {"https://w3id.org/zjkg/id/pledge/4"}
    assert 0 < len(one) < len(every)
    year = run_named(store, "observations-by-year", {"year": "2024"})
    every = run_named(store, "observations-by-year")
    periods = [r for r in every if r.get("period_start") is not None]  # ten-year figures have no single year
    assert periods and all(r.get("year") is None for r in periods)
    assert len(year) + len(periods) == len(every)  # every other observation is for 2024
    assert len(run_named(store, "observations-by-year", {"year": "2014"})) == 0


def test_review_themes_count_what_they_group(store, graph):
    import rdflib

    z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
    rows = run_named(store, "review-themes")
    assert len(rows) == len(set(graph.subjects(rdflib.RDF.type, z.ReviewTheme))) > 0
    for row in rows:
        theme = rdflib.URIRef(row["theme"].value)
        grouped = [o for o in graph.subjects(z.partOf, theme) if (o, rdflib.RDF.type, z.Observation) in graph]
        assert int(row["observations"].value) == len(grouped), theme
        assert int(row["qualitative_observations"].value) == sum(graph.value(o, z.value) is None for o in grouped), theme
    decade = run_named(store, "review-themes", {"review_iri": "review:decade"})
    assert 0 < len(decade) < len(rows)
    assert {r["_review_iri"].value for r in decade} == {"https://w3id.org/zjkg/id/review/decade"}


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


TYPICAL = {"goal_iri": "pledge:1", "pledge_iri": "pledge:1", "principle_iri": "principle:6", "target_iri": "target:main-1",
           "measure_iri": "measure:2-1", "depends_on_iri": "measure:1-1", "entity_iri": "measure:2-1", "class_iri": "zjkg:Measure", "text": "人才",
           "sector_iri": "sector:drc", "report_iri": "report:zhenjiang-2025", "basis_iri": "zjkg:inferred", "year": "2024", "reference_year": "2014",
           "review_iri": "review:2024", "basis": "inferred", "min_confidence": "medium",
           "kind_iri": "zjkg:PartyBody", "sdg_iri": "sdg:9.2", "sdg_goal_iri": "sdg:9"}


@pytest.mark.parametrize("name", [n for n in NAMES if get_query(n).params], ids=str)
def test_the_planner_hint_does_not_change_answers(name, store):
    """Bound parameters reach pyoxigraph twice: substituted, and as a VALUES block for the planner.

    Every parameter of each query is bound (its typical value), and the rows must equal those of
    the substitution alone, in the same order; for the queries that test a parameter with BOUND()
    (``FILTER (!BOUND(?_basis) || ...)``), of the VALUES block alone, as a remote endpoint gets it:
    pyoxigraph 0.5.13's substitution leaves BOUND(?_x) false for the substituted variable. Only the
    order inside a GROUP_CONCAT may differ: SPARQL leaves it to the engine's plan, so those values
    are compared as sorted parts.
    """
    import pyoxigraph as ox

    from zjkg.store.binding import with_values

    query = get_query(name)
    bound = bind_parameters(query, {p.lstrip("_"): TYPICAL[p.lstrip("_")] for p in query.params})
    separators = {variable: separator for separator, variable
                  in re.findall(r'GROUP_CONCAT\(.*?separator="([^"]*)"\) AS \?(\w+)\)', query.text)}

    def normalised(row):
        return {k: sorted(v.split(separators[k])) if k in separators else v for k, v in plain_row(row).items()}

    hinted = store.select(query.text, bound)
    if re.search(r"BOUND\(\?_", query.text):
        plain = store.oxigraph.query(with_values(query.text, bound), use_default_graph_as_union=True)
    else:
        plain = store.oxigraph.query(query.text, use_default_graph_as_union=True,
                                  substitutions={ox.Variable(k): v for k, v in bound.items()})
    plain_rows = [{v.value: t for v, t in zip(plain.variables, row) if t is not None} for row in plain]
    assert hinted.rows, "the typical values find something"
    assert [normalised(r) for r in hinted.rows] == [normalised(r) for r in plain_rows]


def test_a_where_in_a_comment_is_not_where_the_values_go(store):
    text = ("PREFIX zjkg: <https://w3id.org/zjkg/ontology#>\n# find measures WHERE { they are }\n"
            "SELECT ?_m ?n WHERE { ?_m zjkg:partOf ?n }")
    import pyoxigraph as ox

    rows = store.select(text, {"_m": ox.NamedNode("https://w3id.org/zjkg/id/action/2-1-1")}).rows
    assert [r["n"].value for r in rows] == ["https://w3id.org/zjkg/id/measure/2-1"]


@pytest.mark.parametrize("header, words", [
    ("#+ summary: [unclosed\n", "not valid YAML"),
    ("#+ - just\n#+ - a list\n", "YAML mapping"),
    ("#+ summary: s / s\n#+ params: [a, b]\n", "YAML mapping"),
])
def test_a_bad_header_is_an_input_error_naming_the_file(tmp_path, header, words):
    (tmp_path / "broken.rq").write_text(header + "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        get_query("broken", tmp_path)
    assert "broken.rq" in str(error.value) and words in str(error.value)


def test_the_narrowing_gives_up_past_its_limit(monkeypatch):
    from zjkg.queries import narrowing_for
    from zjkg.store import textindex

    class Index:
        def containing_text(self, text):
            return [f"https://example.org/{i}" for i in range(5)]

    query = get_query("keyword-search")
    bound = bind_parameters(query, {"text": "人才"})
    assert len(narrowing_for(Index(), "keyword-search", bound)["entity"]) == 5
    monkeypatch.setattr(textindex, "NARROWING_LIMIT", 5)
    assert len(narrowing_for(Index(), "keyword-search", bound)["entity"]) == 5  # at the limit: still narrowed
    monkeypatch.setattr(textindex, "NARROWING_LIMIT", 4)
    assert narrowing_for(Index(), "keyword-search", bound) is None  # more candidates than the limit: scan instead


@pytest.mark.parametrize("name", ["class-counts", "keyword-search"])
def test_a_query_listing_the_entity_classes_lists_the_namespace_s(name):
    # The entity classes are defined once (zjkg.namespace.ENTITY_CLASSES); a query that lists them
    # (as VALUES or FILTER IN, for speed) must list exactly those, or a class goes missing from
    # stats, search or resolution.
    from zjkg.namespace import ENTITY_CLASSES

    text = get_query(name).text
    listing = re.search(r"(?:VALUES \?class \{|\?class IN \()([^})]*)", text)
    assert listing, f"{name} no longer lists the classes: drop it from this test"
    assert sorted(re.findall(r"zjkg:(\w+)", listing.group(1))) == sorted(ENTITY_CLASSES)
