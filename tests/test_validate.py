"""`zjkg validate`: the real data passes; deliberately broken copies fail, naming the entity."""

from __future__ import annotations

import json

import pytest
import rdflib
from conftest import StrictRunner

from zjkg.cli import cli
from zjkg.namespace import expand_curie
from zjkg.resources import annotations_file, data_file, exclusions_file
from zjkg.validate import check_numbers, check_quotes, read_exclusions, validate

Z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
ID = rdflib.Namespace("https://w3id.org/zjkg/id/")


# SHACL takes seconds per run on the report, so the suite runs it on the whole data once: on the
# report as shipped (through the CLI, which calls the library's validate); a copy carrying every
# breakage below is validated with SHACL on the entities it breaks. The checks that need no SHACL
# are called directly.

def test_the_report_data_is_valid(runner):
    result = runner.invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert validate.__module__ == "zjkg.validate"  # the command runs the library's checks


def _drop_lead(g):
    m = ID["measure/2-1"]
    lead = g.value(m, Z.leadSector)
    g.remove((m, Z.leadSector, lead))
    for st in list(g.subjects(rdflib.RDF.subject, m)):
        if g.value(st, rdflib.RDF.predicate) == Z.leadSector:
            g.remove((st, None, None))


def _main_target_without_quote(g):
    # The shapes ask a Target for its quote; a MainTarget is one through the ontology's subClassOf.
    g.remove((ID["target/main-1"], Z.quote, None))


def _bad_quote(g):
    a = ID["action/4-3-1"]
    g.set((a, Z.quote, rdflib.Literal("开工建设镇江跨海大桥")))


def _drop_target(g):
    t = ID["target/3-2-2"]
    g.remove((t, None, None))
    g.remove((None, None, t))


def _add_link(g, statement, subject, predicate, value, confidence, english: str, chinese: str):
    """A curated link as the data writes it: the triple, and its inferred statement with both rationales."""
    g.add((subject, predicate, value))
    for p, o in [(rdflib.RDF.type, rdflib.RDF.Statement), (rdflib.RDF.subject, subject), (rdflib.RDF.predicate, predicate),
                 (rdflib.RDF.object, value), (Z.basis, Z.inferred), (Z.confidence, confidence),
                 (Z.rationale, rdflib.Literal(english, lang="en")), (Z.rationale, rdflib.Literal(chinese, lang="zh"))]:
        g.add((statement, p, o))


def _cycle(g):
    # 2.1 needs 1.1, which needs 4.3: making 4.3 need 2.1 closes a loop.
    _add_link(g, ID["link/test-cycle"], ID["measure/4-3"], Z.dependsOn, ID["measure/2-1"], Z.low,
              "a test cycle", "测试用的环")


def _unknown_comparator(g):
    g.add((ID["target/1-1-2"], Z.comparator, Z.roughly))


def _missing_english(g):
    p = ID["pledge/3"]
    for label in list(g.objects(p, rdflib.RDFS.label)):
        if label.language == "en":
            g.remove((p, rdflib.RDFS.label, label))


def _link_without_rationale(g):
    g.add((ID["measure/7-4"], Z.dependsOn, ID["measure/7-1"]))


def _wrong_baseline(g):
    g.set((ID["target/3-2-4"], Z.baseline, ID["observation/2024-gdp-growth"]))


def _drop_chinese_numeral_figure(g):
    """蝉联三届国家卫生城市: without its figure, the Chinese numeral 三届 is held by nothing."""
    g.remove((ID["observation/decade-hygienic-city"], None, None))
    g.remove((None, None, ID["observation/decade-hygienic-city"]))


def _period_figure_with_a_year(g):
    g.add((ID["observation/decade-happiest-city"], Z.year, rdflib.Literal("2024", datatype=rdflib.XSD.gYear)))


def _backward_period(g):
    g.set((ID["observation/decade-healthy-city-model"], Z.periodStart, rdflib.Literal("2030", datatype=rdflib.XSD.gYear)))


def _theme_of_another_review(g):
    o = ID["observation/2024-talent-inflow"]
    g.remove((o, Z.partOf, ID["theme/2024-innovation-entities"]))
    g.add((o, Z.partOf, ID["theme/decade-strong-economy"]))


def _empty_theme(g):
    g.remove((None, Z.partOf, ID["theme/2024-major-projects"]))


def _conflict_written_twice(g):
    # conflictsWith is symmetric: the data writes 1.1 <-> 6.2 once; the reverse, with its own statement, is refused.
    _add_link(g, ID["link/6-2-conflictsWith-1-1"], ID["measure/6-2"], Z.conflictsWith, ID["measure/1-1"], Z.medium,
              "the same pair again", "同一对制约关系再写一次")


def _link_without_confidence_or_english(g):
    st = ID["link/7-3-leadSector-education"]
    g.remove((st, Z.confidence, None))
    for rationale in list(g.objects(st, Z.rationale)):
        if rationale.language == "en":
            g.remove((st, Z.rationale, rationale))


def _stated_but_not_high(g):
    g.set((ID["link/8-1-servesPledge-6"], Z.confidence, Z.low))


CASES = [
    (_drop_chinese_numeral_figure, "source", "三届"),
    (_period_figure_with_a_year, "observation:decade-happiest-city", "periodStart"),
    (_backward_period, "observation:decade-healthy-city-model", "does not run forward"),
    (_theme_of_another_review, "theme:decade-strong-economy", "observation/2024-talent-inflow is in this theme but"),
    (_empty_theme, "theme:2024-major-projects", "groups nothing"),
    (_drop_lead, "measure:2-1", "zjkg:leadSector: a measure needs exactly one lead sector"),  # the path, then why
    (_main_target_without_quote, "target:main-1", "zjkg:quote: needs exactly one zjkg:quote"),
    (_bad_quote, "action:4-3-1", "quote not found"),
    (_bad_quote, "action:4-3-1", "not its quote"),  # its annotation's span no longer reads as its quote
    (_drop_target, "source", "150"),
    (_cycle, "measure:4-3", "acyclic"),
    (_unknown_comparator, "target:1-1-2", "comparator"),
    (_missing_english, "pledge:3", "English"),
    (_link_without_rationale, "measure:7-4", "basis and rationale"),
    (_wrong_baseline, "target:3-2-4", "different indicator"),
    (_conflict_written_twice, "measure:6-2", "written twice"),
    (_link_without_confidence_or_english, "link:7-3-leadSector-education", "confidence"),
    (_link_without_confidence_or_english, "link:7-3-leadSector-education", "English"),
    (_stated_but_not_high, "link:8-1-servesPledge-6", "confidence high"),
]


def _sector_typed_by_its_subclass_only(g):
    """Not a breakage: zjkg:GovernmentDepartment is a zjkg:Sector by the ontology, which validate
    joins to the data, so the sector of 2.2 (and 2.1) typed only by its subclass is still a sector."""
    g.remove((ID["sector/miit"], rdflib.RDF.type, Z.Sector))


# The entities the broken copy's tests name: SHACL there validates these focus nodes only.
NAMED_ENTITIES = sorted({entity for _, entity, _ in CASES if entity != "source"} | {"measure:2-2", "sector:miit"})


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory):
    """`zjkg validate` on one copy of the data with every breakage applied: (result, problems).

    Every check runs on the whole copy; pySHACL is given the entities the tests name as its focus
    nodes (each still against every shape), so SHACL on the whole data runs once per suite, in
    test_the_report_data_is_valid, and here takes a tenth of the time."""
    import pyshacl

    g = rdflib.Graph().parse(str(data_file()))
    for mutate, _, _ in CASES:
        mutate(g)
    _sector_typed_by_its_subclass_only(g)
    broken = tmp_path_factory.mktemp("broken") / "broken.ttl"
    g.serialize(str(broken), format="turtle")
    focus = [expand_curie(entity) for entity in NAMED_ENTITIES]
    validate_all = pyshacl.validate
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pyshacl, "validate", lambda *args, **kwargs: validate_all(*args, focus_nodes=focus, **kwargs))
        # With the annotations, which the broken copy's quotes no longer match.
        result = StrictRunner().invoke(cli, ["validate", "--data", str(broken), "--data", str(annotations_file()),
                                             "--format", "json"])
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("mutate, entity, words", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_a_broken_copy_fails_naming_the_entity(broken_run, mutate, entity, words):
    _, problems = broken_run
    assert any(p["entity"] == entity and words in p["message"] for p in problems), problems


def test_a_class_known_through_the_ontology_is_no_problem(broken_run):
    _, problems = broken_run
    assert not [p for p in problems if p["entity"] in ("measure:2-2", "sector:miit")], problems


def test_the_cli_exits_1_on_a_broken_copy(broken_run):
    result, problems = broken_run
    assert result.exit_code == 1
    assert f"{len(problems)} problem(s) found" in result.stderr


@pytest.fixture(scope="module")
def report_graph():
    """data/triples.ttl as rdflib reads it, parsed once for the checks that need no SHACL (copy it to change it)."""
    return rdflib.Graph().parse(str(data_file()))


def test_each_breakage_alone_is_caught(source_text, report_graph):
    """A single breakage is enough to fail: the checks do not rely on each other."""
    g = rdflib.Graph()
    g += report_graph
    _bad_quote(g)
    problems = check_quotes(g, source_text) + check_numbers(g, source_text, read_exclusions(exclusions_file()))
    assert [p.entity for p in problems] == ["action:4-3-1"]


def test_an_unparseable_file_exits_2(tmp_path, runner):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .", encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--data", str(bad)])
    assert result.exit_code == 2
    assert "bad.ttl" in result.output


def test_a_stale_exclusion_is_reported(tmp_path, source_text, report_graph):
    exclusions = tmp_path / "ex.tsv"
    exclusions.write_text("context\tnumber\treason\n不存在的上下文123\t123\ttest\n", encoding="utf-8")
    problems = check_numbers(report_graph, source_text, read_exclusions(exclusions))
    assert any(p.check == "numbers" and "not in the source" in p.message for p in problems)
    # Without the shipped exclusions, the road name G312 is reported as an unexplained number, and so are
    # Chinese numerals that are not figures (一步一个脚印, 统一大市场), named as printed.
    assert any((p.check, p.entity) == ("numbers", "source") and p.message.startswith("the number 312 in …") and p.message.endswith(
        "… is held by no target or observation (add one, or list it in number-exclusions.tsv with a reason)") for p in problems)
    assert any("一个" in p.message and "脚印" in p.message for p in problems)
    assert any("一大" in p.message and "统一大市场" in p.message for p in problems)


def test_an_exclusion_may_give_its_number_in_chinese_numerals(tmp_path, report_graph):
    """The numbers check alone (no SHACL): an exclusion's number as 一 or 1 is the same; 两 is not."""
    from zjkg.errors import InputError
    from zjkg.resources import exclusions_file, source_file
    from zjkg.validate import check_numbers, read_exclusions

    data = report_graph
    text = source_file().read_text(encoding="utf-8")
    shipped = exclusions_file().read_text(encoding="utf-8")
    assert "一步一个脚印\t一\t" in shipped

    def problems_with(number):
        path = tmp_path / f"{number}.tsv"
        path.write_text(shipped.replace("一步一个脚印\t一\t", f"一步一个脚印\t{number}\t"), encoding="utf-8")
        return check_numbers(data, text, read_exclusions(path))

    assert problems_with("一") == [] and problems_with("1") == []
    wrong = problems_with("两")
    assert any("一个" in p.message and "脚印" in p.message for p in wrong)  # 一 is not 两: still uncovered
    assert any("一步一个脚印" in p.message and "covers no uncovered number" in p.message for p in wrong)
    with pytest.raises(InputError, match="not a number"):
        problems_with("一些")


@pytest.mark.parametrize("numeral, value", [
    ("零", 0), ("〇", 0), ("一", 1), ("二", 2), ("两", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("七", 7),
    ("八", 8), ("九", 9), ("十", 10), ("十七", 17), ("九十八", 98), ("一百零五", 105), ("三千零六", 3006),
    ("四万", 40_000), ("六亿", 600_000_000), ("一亿二千万", 120_000_000), ("首", 1), ("4万", None), ("多", None), ("", None),
])
def test_chinese_numerals_read_as_their_value(numeral, value):
    from zjkg.validate.numbers import chinese_number

    assert chinese_number(numeral) == (None if value is None else value)


@pytest.mark.parametrize("found", [[], ["a problem"]])
def test_the_table_says_valid_or_lists_each_problem_by_check_entity_and_message(runner, monkeypatch, found):
    """The command's own rendering, with the checks replaced (they are tested above, once)."""
    import zjkg.validate
    from zjkg.validate.problem import Problem

    problems = [Problem("quotes", "measure:2-1", message) for message in found]
    monkeypatch.setattr(zjkg.validate, "validate", lambda data, source=None: problems)
    result = runner.invoke(cli, ["validate"])
    if problems:
        assert result.exit_code == 1 and result.stderr == "Error: 1 problem(s) found\n"
        header, _, row = result.stdout.splitlines()
        assert header.split() == ["check", "entity", "message"] and row.split() == ["quotes", "measure:2-1", "a", "problem"]
    else:
        assert (result.exit_code, result.stdout) == (0, "valid: SHACL shapes conform, every quote is in the source at "
                                                        "its annotated span, every number is accounted for\n")
