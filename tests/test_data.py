"""The data is true to the report: counts, figures, baselines, curated links, round trips."""

from __future__ import annotations

import re

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from zjkg.lookup import class_counts, targets
from zjkg.namespace import ZJKG
from zjkg.resources import data_file, default_data_files
from zjkg.validate import normalise_source

Z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")


def test_counts_match_the_report(store, source_text):
    """Counts per class, with the principles, pledges, areas and measures counted in the source text itself."""
    text = normalise_source(source_text)
    lines = source_text.splitlines()
    principles = len(re.findall(r"坚持[^，。]{2,12}的(?:根本保证|价值取向|正确路径|内在要求|重要保障|重要方法)", text))
    pledges = len(re.findall(r"努力在.+?上展现更大作为", text))
    areas = len([line for line in lines if re.match(r"^[1-9] \S", line)])
    numbered = len([line for line in lines if re.match(r"^\s*\d\s*[.．](?!\s*\d)", line)])
    commitments = text.count("市政府将始终")  # area 9's three measures are not numbered
    counts = class_counts(store)
    assert (principles, pledges, areas) == (6, 6, 9)
    assert counts["Principle"] == principles
    assert counts["Pledge"] == pledges
    assert counts["TaskArea"] == areas
    assert counts["Measure"] == numbered + commitments == 30
    assert counts["MainTarget"] == 5
    assert counts["Report"] == 1


def test_measures_per_area_follow_the_poster(store):
    rows = store.select("""PREFIX zjkg: <https://w3id.org/zjkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?n (COUNT(?m) AS ?c) WHERE { ?m zjkg:inArea ?a . ?a skos:notation ?n } GROUP BY ?n ORDER BY ?n""")
    assert {r["n"].value: int(r["c"].value) for r in rows} == {
        "1": 3, "2": 4, "3": 3, "4": 4, "5": 3, "6": 3, "7": 4, "8": 3, "9": 3}


def test_every_target_has_its_figure(store):
    items = targets(store)
    assert len(items) >= 40
    quantitative = [t for t in items if t["value"] is not None]
    assert len(quantitative) >= 35
    for t in quantitative:
        assert t["unit"] and t["comparator"] and t["year"] == 2025 and t["quote"] and t["indicator"], t["id"]
        # The value as written appears in the quote (NFKC, whitespace removed).
        written = str(t["value"])
        assert any(w in normalise_source(t["quote"]) for w in {written, written.rstrip("0").rstrip(".") if "." in written else written, f"{t['value']:.1f}"}), t
    main = [t for t in items if t["type"] == "MainTarget"]
    assert len(main) == 5
    assert sum(1 for t in main if t["value"] is None) == 3  # income, energy intensity and grain are qualitative


def test_baselines_share_the_indicator_and_are_2024(store):
    with_baseline = [t for t in targets(store) if t["baseline"]]
    assert len(with_baseline) >= 5
    by_id = {t["id"]: t for t in with_baseline}
    gdp = by_id["https://w3id.org/zjkg/id/target/main-1"]
    assert gdp["baseline"] == {"id": "https://w3id.org/zjkg/id/observation/2024-gdp-growth", "value": 5.8, "unit": "%", "year": 2024}
    assert gdp["change"] == pytest.approx(-0.8)
    for t in with_baseline:
        assert t["baseline"]["year"] == 2024


def test_estimated_observations_are_flagged(graph, source_text):
    estimated = {str(o) for o in graph.subjects(Z.estimated, rdflib.Literal(True))}
    assert len(estimated) >= 8
    for observation in estimated:
        quote = str(graph.value(rdflib.URIRef(observation), Z.quote))
        start = normalise_source(source_text).find(normalise_source(quote))
        window = normalise_source(source_text)[max(0, start - 40): start + len(quote)]
        assert "预计" in window, observation


def test_curated_links_have_basis_and_rationale(graph):
    curated = [Z.servesPledge, Z.followsPrinciple, Z.contributesTo, Z.dependsOn, Z.leadSector, Z.supportingSector]
    for predicate in curated:
        for s, o in graph.subject_objects(predicate):
            statements = [st for st in graph.subjects(rdflib.RDF.subject, s)
                          if graph.value(st, rdflib.RDF.predicate) == predicate and graph.value(st, rdflib.RDF.object) == o]
            assert len(statements) == 1, (s, predicate, o)
            assert graph.value(statements[0], Z.basis) in (Z.stated, Z.inferred)
            assert len(str(graph.value(statements[0], Z.rationale))) >= 4


def test_goal_coverage(graph):
    measures = set(graph.subjects(rdflib.RDF.type, Z.Measure))
    for pledge in graph.subjects(rdflib.RDF.type, Z.Pledge):
        assert len(set(graph.subjects(Z.servesPledge, pledge))) >= 2, pledge
    for principle in graph.subjects(rdflib.RDF.type, Z.Principle):
        assert set(graph.subjects(Z.followsPrinciple, principle)), principle
    for target in graph.subjects(rdflib.RDF.type, Z.MainTarget):
        assert set(graph.subjects(Z.contributesTo, target)), target
    for measure in measures:
        assert graph.value(measure, Z.leadSector) is not None, measure
        assert set(graph.objects(measure, Z.servesPledge)), measure


def test_dependency_network_is_acyclic_and_wide(graph):
    edges = list(graph.subject_objects(Z.dependsOn))
    dependency = nx.DiGraph(edges)
    assert len(edges) >= 40
    assert dependency.number_of_nodes() >= 25  # "touching most measures"
    assert nx.is_directed_acyclic_graph(dependency)
    assert not any(a == b for a, b in edges)


def test_every_entity_from_the_text_has_a_quote_and_english(graph):
    quoted = [Z.Principle, Z.Pledge, Z.TaskArea, Z.Measure, Z.Action, Z.Target, Z.Observation]
    for cls in quoted:
        for entity in graph.subjects(rdflib.RDF.type, cls):
            assert graph.value(entity, Z.quote) is not None, entity
    for entity in set(graph.subjects(rdflib.RDFS.label, None)):
        languages = sorted(label.language for label in graph.objects(entity, rdflib.RDFS.label))
        assert languages == ["en", "zh"], entity


def test_turtle_round_trips_between_pyoxigraph_and_rdflib():
    text = data_file().read_bytes()
    via_rdflib = rdflib.Graph().parse(data=text, format="turtle")
    nt = ox.serialize(ox.parse(text, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    via_oxigraph = rdflib.Graph().parse(data=nt, format="nt")
    assert len(via_rdflib) > 3000
    assert isomorphic(via_rdflib, via_oxigraph)
    back = ox.serialize(ox.parse(via_rdflib.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.N_TRIPLES)
    assert isomorphic(rdflib.Graph().parse(data=back, format="nt"), via_rdflib)


def test_serialisation_is_deterministic():
    from zjkg.export.rdf import canonical_ntriples

    files = default_data_files()
    first = canonical_ntriples(files)
    assert first == canonical_ntriples(list(reversed(files)))  # load order does not matter
    assert first == canonical_ntriples(files)
    lines = first.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_data_file_is_framed_per_subject():
    """One frame per subject, one predicate per line: diffs stay small and stable."""
    text = data_file().read_text(encoding="utf-8")
    subjects = re.findall(r"^([a-z]+:[\w-]+)\n    a ", text, flags=re.MULTILINE)
    assert len(subjects) == len(set(subjects)) > 400
    assert text.isascii() is False and text.encode("utf-8").decode("utf-8") == text


def test_ontology_terms_are_the_closed_namespace():
    g = rdflib.Graph().parse(str(default_data_files()[0]))
    defined = {str(s) for s in g.subjects(rdflib.RDFS.isDefinedBy, None) if str(s).startswith(str(Z))}
    assert defined == set(ZJKG)
    with pytest.raises(AttributeError):
        ZJKG.Measrue  # noqa: B018 - a misspelt term must raise


def test_ontology_terms_are_labelled_and_defined():
    g = rdflib.Graph().parse(str(default_data_files()[0]))
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    for term in ZJKG:
        term = rdflib.URIRef(term)
        assert sorted(label.language for label in g.objects(term, rdflib.RDFS.label)) == ["en", "zh"], term
        assert sorted(d.language for d in g.objects(term, skos.definition)) == ["en", "zh"], term
    for prop in g.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty):
        if prop in (Z.partOf, Z.basis):
            continue
        assert g.value(prop, rdflib.RDFS.range) is not None, prop
