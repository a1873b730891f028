"""The data is true to the report: counts, figures, baselines, curated links, round trips."""

from __future__ import annotations

import re

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from conftest import isomorphic

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
    assert gdp["baseline"] == {"id": "https://w3id.org/zjkg/id/observation/2024-gdp-growth", "label": "2024年地区生产总值预计增长5.8%以上",
                               "value": 5.8, "unit": "%", "year": 2024}
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


CURATED = [Z.servesPledge, Z.followsPrinciple, Z.contributesTo, Z.dependsOn, Z.leadSector, Z.supportingSector, Z.conflictsWith]


def _statement(graph, s, predicate, o):
    statements = [st for st in graph.subjects(rdflib.RDF.subject, s)
                  if graph.value(st, rdflib.RDF.predicate) == predicate and graph.value(st, rdflib.RDF.object) == o]
    assert len(statements) == 1, (s, predicate, o)
    return statements[0]


def _label(graph, entity, lang):
    return next(str(label) for label in graph.objects(entity, rdflib.RDFS.label) if label.language == lang)


def test_curated_links_have_basis_confidence_and_two_rationales(graph):
    for predicate in CURATED:
        for s, o in graph.subject_objects(predicate):
            statement = _statement(graph, s, predicate, o)
            basis, confidence = graph.value(statement, Z.basis), graph.value(statement, Z.confidence)
            assert basis in (Z.stated, Z.inferred) and confidence in (Z.high, Z.medium, Z.low), statement
            assert basis != Z.stated or confidence == Z.high, statement  # the report's own words leave no doubt
            rationales = {r.language: str(r) for r in graph.objects(statement, Z.rationale)}
            assert sorted(rationales) == ["en", "zh"], statement
            assert len(rationales["zh"]) >= 15 and len(rationales["en"].split()) >= 8, statement


def test_no_rationale_restates_its_labels(graph):
    """A rationale says why: not "X是Y" with the two labels, and no sentence is reused as boilerplate."""
    seen = {"zh": set(), "en": set()}
    for predicate in CURATED:
        for s, o in graph.subject_objects(predicate):
            statement = _statement(graph, s, predicate, o)
            for rationale in graph.objects(statement, Z.rationale):
                text = str(rationale)
                assert text not in seen[rationale.language], statement
                seen[rationale.language].add(text)
            zh = str(next(r for r in graph.objects(statement, Z.rationale) if r.language == "zh"))
            subject, target = _label(graph, s, "zh"), _label(graph, o, "zh")
            assert f"{subject}是{target}" not in zh and zh.rstrip("。") not in (subject, target), statement


def test_goal_coverage(graph):
    """Every pledge, principle and main target has measures; every measure a lead. Area 9's commitments
    are about the government itself and serve no pledge; every other measure serves one."""
    area9 = rdflib.URIRef("https://w3id.org/zjkg/id/area/9")
    for pledge in graph.subjects(rdflib.RDF.type, Z.Pledge):
        assert len(set(graph.subjects(Z.servesPledge, pledge))) >= 2, pledge
    for principle in graph.subjects(rdflib.RDF.type, Z.Principle):
        assert set(graph.subjects(Z.followsPrinciple, principle)), principle
    for target in graph.subjects(rdflib.RDF.type, Z.MainTarget):
        assert set(graph.subjects(Z.contributesTo, target)), target
    for measure in graph.subjects(rdflib.RDF.type, Z.Measure):
        assert graph.value(measure, Z.leadSector) is not None, measure
        serves = set(graph.objects(measure, Z.servesPledge))
        assert bool(serves) == (graph.value(measure, Z.inArea) != area9), measure


def test_dependency_network_is_acyclic_and_concrete(graph):
    """No boilerplate: nothing depends on area 9's commitments of work style, no measure on itself."""
    edges = list(graph.subject_objects(Z.dependsOn))
    dependency = nx.DiGraph(edges)
    assert edges and nx.is_directed_acyclic_graph(dependency)
    assert not any(a == b for a, b in edges)
    area9 = rdflib.URIRef("https://w3id.org/zjkg/id/area/9")
    assert not [(a, b) for a, b in edges if graph.value(b, Z.inArea) == area9]


def test_conflicts_are_written_once_between_measures(graph):
    pairs = list(graph.subject_objects(Z.conflictsWith))
    assert pairs
    for a, b in pairs:
        assert a != b and (b, Z.conflictsWith, a) not in graph
        assert (a, rdflib.RDF.type, Z.Measure) in graph and (b, rdflib.RDF.type, Z.Measure) in graph
    assert (Z.conflictsWith, rdflib.RDF.type, rdflib.OWL.SymmetricProperty) in graph


def test_sectors_are_typed_party_or_government(graph):
    sectors = set(graph.subjects(rdflib.RDF.type, Z.Sector))
    party, government = set(graph.subjects(rdflib.RDF.type, Z.PartyBody)), set(graph.subjects(rdflib.RDF.type, Z.GovernmentDepartment))
    assert sectors == party | government and not party & government
    assert all(_label(graph, s, "zh").startswith(("市委", "市纪委")) for s in party)
    finance = {_label(graph, s, "zh"): s for s in sectors}
    # financial-affairs work is not the Finance Bureau's
    golden_ear = rdflib.URIRef("https://w3id.org/zjkg/id/measure/6-3")
    assert finance["市地方金融管理局"] in set(graph.objects(golden_ear, Z.supportingSector))
    assert finance["市财政局"] not in set(graph.objects(golden_ear, Z.supportingSector))


def test_every_entity_from_the_text_has_a_quote_and_english(graph):
    quoted = [Z.Principle, Z.Pledge, Z.TaskArea, Z.Measure, Z.Action, Z.Target, Z.Observation, Z.ReviewTheme,
              Z.Section, Z.Passage]
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


def _undouble(line: str) -> str:
    """A bold run-in heading as printed twice (重点…培育重点…培育, 深化深化““智改…) read once."""
    return re.sub(r"(.+?)\1", r"\1", line)


def _printed_headings(source_text: str) -> list[str]:
    """The review's bold headings: lines printed twice over, consecutive ones joined, titles left out."""
    headings, current = [], ""
    for line in source_text.splitlines():
        line = normalise_source(line)
        title = _undouble(line).endswith("年来")  # 一年来, 十年来: the reviews' own titles
        if line and not title and len(_undouble(line)) * 2 == len(line):
            current += _undouble(line)
            continue
        if current:
            headings.append(current)
        current = ""
    return headings


def test_the_reviews_printed_headings_are_themes_grouping_their_observations(graph, source_text):
    headings = _printed_headings(source_text)
    assert len(headings) >= 8  # seven in the 2024 review, the ten-year review's headline
    themes = {normalise_source(str(label)): theme for theme in graph.subjects(rdflib.RDF.type, Z.ReviewTheme)
              for label in graph.objects(theme, rdflib.RDFS.label) if label.language == "zh"}
    for heading in headings:
        assert heading in themes, heading
        theme = themes[heading]
        observations = [o for o in graph.subjects(Z.partOf, theme) if (o, rdflib.RDF.type, Z.Observation) in graph]
        sub_themes = [t for t in graph.subjects(Z.partOf, theme) if (t, rdflib.RDF.type, Z.ReviewTheme) in graph]
        assert observations or sub_themes, heading
        for o in observations:  # an observation of a theme is printed after the heading, in the same review
            assert (o, Z.partOf, graph.value(theme, Z.partOf)) in graph, o
            start = normalise_source(source_text).find(normalise_source(str(graph.value(o, Z.quote))))
            assert start > normalise_source(source_text).find(normalise_source(str(graph.value(theme, Z.quote)))), o


def test_figures_in_chinese_numerals_are_values(graph):
    from zjkg.validate import chinese_number

    written_in_chinese = []
    for cls in (Z.Target, Z.Observation):
        for entity in graph.subjects(rdflib.RDF.type, cls):
            value, unit = graph.value(entity, Z.value), graph.value(entity, Z.unit)
            quote = normalise_source(str(graph.value(entity, Z.quote)))
            if value is None or re.search(r"(?<![\d.])" + re.escape(str(value.toPython()).rstrip("0").rstrip(".")), quote):
                continue
            numerals = re.findall(r"(首|[零〇一二两三四五六七八九十百千万亿]+)" + re.escape(str(unit)[0]), quote)
            assert any(chinese_number(n) == value.toPython() for n in numerals), (entity, value, unit, quote)
            written_in_chinese.append(entity)
    assert len(written_in_chinese) >= 9  # 三届 (twice), 两届, 两度, 连续十年, 三个, 三大, 连续五年, 首个


def test_decade_totals_are_periods_not_2024_figures(graph, source_text):
    decade = rdflib.URIRef("https://w3id.org/zjkg/id/review/decade")
    text = normalise_source(source_text)
    for o in graph.subjects(Z.partOf, decade):
        if (o, rdflib.RDF.type, Z.Observation) not in graph:
            continue
        quote = normalise_source(str(graph.value(o, Z.quote)))
        start = text.find(quote)
        # The text dates a figure 2024 by "2024年，" opening its sentence; the rest are the decade's.
        sentence = text[text.rfind("。", 0, start) + 1: start + len(quote)]
        dated = "2024年," in sentence
        year, begin, end = (graph.value(o, p) for p in (Z.year, Z.periodStart, Z.periodEnd))
        if dated:
            assert str(year) == "2024" and begin is None and end is None, o
        else:
            assert year is None and (str(begin), str(end)) == ("2014", "2024"), o


def test_every_baseline_is_like_for_like(graph):
    baselines = list(graph.subject_objects(Z.baseline))
    assert len(baselines) >= 6
    qualitative = 0
    for target, observation in baselines:
        assert graph.value(target, Z.indicator) == graph.value(observation, Z.indicator), target
        assert graph.value(target, Z.unit) == graph.value(observation, Z.unit), target  # both None when qualitative
        assert str(graph.value(observation, Z.year)) == "2024", target
        qualitative += graph.value(target, Z.value) is None
    assert qualitative >= 2
    # 新签约亿元以上产业项目 (industrial projects only) is not 签约亿元以上项目 (all projects): no baseline.
    assert graph.value(rdflib.URIRef("https://w3id.org/zjkg/id/target/1-1-1"), Z.baseline) is None


def test_qualitative_observations_are_stated_achievements(graph):
    qualitative = [o for o in graph.subjects(rdflib.RDF.type, Z.Observation) if graph.value(o, Z.value) is None]
    assert len(qualitative) >= 20
    for o in qualitative:
        assert graph.value(o, Z.unit) is None and graph.value(o, Z.quote) is not None, o


def _english(graph, entity) -> str:
    return next(str(label) for label in graph.objects(entity, rdflib.RDFS.label) if label.language == "en")


def _plain(number) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def test_english_labels_read_hundreds_of_millions_in_billions(graph):
    """2300亿元 is 230 billion yuan, 4.6亿元 460 million yuan, 2.5亿美元 250 million US dollars."""
    from decimal import Decimal

    checked = 0
    for entity in graph.subjects(Z.unit, None):
        unit, value = str(graph.value(entity, Z.unit)), graph.value(entity, Z.value)
        if unit not in ("亿元", "亿美元", "万元") or value is None:
            continue
        yuan = value.toPython() * (Decimal(100_000_000) if unit != "万元" else Decimal(10_000))
        currency = "US dollars" if unit == "亿美元" else "yuan"
        billions = yuan / Decimal(1_000_000_000)
        expected = f"{_plain(billions)} billion {currency}" if billions >= 1 else f"{_plain(yuan / 1_000_000)} million {currency}"
        assert expected in _english(graph, entity), (entity, expected)
        assert "(100 million" not in _english(graph, entity), entity
        checked += 1
    assert checked >= 15


def test_established_terms_have_their_standard_english(graph):
    renderings = {
        "专精特新": ["specialised, refined, distinctive and innovative (SRDI)"],
        "四上": ["four above", "construction", "wholesale", "retail", "services"],
        "两重": ["major national strategies"],
        "两新": ["equipment renewal", "trade-ins"],
        "大专以上": ["junior-college degree or higher"],
    }
    found = 0
    for entity, label in graph.subject_objects(rdflib.RDFS.label):
        if label.language != "zh":
            continue
        for term, words in renderings.items():
            if term in str(label):
                found += 1
                assert all(w in _english(graph, entity) for w in words), (entity, term, _english(graph, entity))
    assert found >= 8


def test_every_sector_alias_is_a_curated_statement(graph):
    """The report names no department, so a sector's short name (市发改委, 市人社局) is the curator's:
    each carries an rdf:Statement as a curated link does (docs/curation.md, "Curated aliases")."""
    seen: set[str] = set()
    aliases = [(s, o) for s in graph.subjects(rdflib.RDF.type, Z.Sector) for o in graph.objects(s, rdflib.SKOS.altLabel)]
    assert len(aliases) >= 16
    for sector, alias in aliases:
        statement = _statement(graph, sector, rdflib.SKOS.altLabel, alias)
        assert graph.value(statement, Z.basis) == Z.inferred, statement
        assert graph.value(statement, Z.confidence) in (Z.high, Z.medium, Z.low), statement
        rationales = {r.language: str(r) for r in graph.objects(statement, Z.rationale)}
        assert sorted(rationales) == ["en", "zh"] and rationales["zh"] not in seen, statement
        seen.add(rationales["zh"])


@pytest.mark.parametrize("path, graph", [
    ("ontology/zjkg.ttl", None), ("ontology/extra.ttl", None), ("elsewhere/shapes.ttl", None),  # the default graph
    ("data/triples.ttl", "triples"), ("corpus/report 2.nt", "report-2"),  # a named graph per data file
])
def test_each_file_goes_to_its_graph(path, graph):
    from pathlib import Path

    import pyoxigraph as ox

    from zjkg.store import graph_for

    expected = ox.DefaultGraph() if graph is None else ox.NamedNode("https://w3id.org/zjkg/graph/" + graph)
    assert graph_for(Path(path)) == expected
