"""Ranked search (zjkg.ranking): the analysis, the field weights, the report's own searches, the
index kept inside a persistent store, and `zjkg search` / `zjkg serves TOPIC` over it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from zjkg.cli import cli
from zjkg.lookup import search, substring_search
from zjkg.namespace import expand_curie
from zjkg.ranking import build_ranking, kept_folder, ranking_for, terms
from zjkg.store.persistent import persistent_store

GOLD = Path(__file__).parent / "gold"
MEASURE = "https://w3id.org/zjkg/id/measure/"
ENTITY = "https://w3id.org/zjkg/id/"


def run(runner, *args):
    result = runner.invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# ---------------------------------------------------------------- analysis

def test_traditional_spaced_and_full_width_text_is_analysed_as_simplified():
    assert terms("新質生產力") == terms("新质生产力") == terms("新质 生产力")
    assert terms("ＧＤＰ") == terms("gdp") == ["gdp"]


def test_english_is_matched_by_stems_and_whole_words():
    assert terms("drones") == terms("drone") == ["drone"]
    assert terms("urbanisation") == terms("urbanization")
    assert "ai" not in terms("chain raise") and terms("AI") == ["ai"]


def test_field_weights_rank_label_over_alias_over_quote_over_rationale():
    def document(name, field):
        return {"id": f"https://w3id.org/zjkg/id/measure/{name}", "type": "Action", "label": f"x{name}",
                "label_en": "", "notation": None, "measure": None, "measure_notation": None, "measure_label": None,
                "measure_label_en": None, "texts": {field: ["碳排放"], "label": [f"其他{name}"]}}

    # The word in the label of one, the alias of the next... each document otherwise alike.
    documents = [document("1", "rationale"), document("2", "quote"), document("3", "alias"), document("4", "label")]
    documents[3]["texts"]["label"] = ["碳排放"]
    ranked = [hit.document["id"].rsplit("/", 1)[1] for hit in build_ranking(documents).search("碳排放")]
    assert ranked == ["4", "3", "2", "1"]


# ---------------------------------------------------------------- the report

def test_items_are_scored_highest_first_with_a_snippet_and_their_measure(store):
    items = search(store, "无人机")
    assert items and [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    target = next(i for i in items if i["id"].endswith("target/4-3-2"))
    assert "无人机" in target["snippet"]
    assert target["measure"] == MEASURE + "4-3" and target["measure_notation"] == "4.3"
    assert target["measure_label"] == "增强交通运输互联互通"


def test_drone_finds_the_english_label_of_the_drone_routes(store):
    items = search(store, "drone")
    assert items[0]["id"].rsplit("/", 2)[-2:] in (["indicator", "drone-routes-new"], ["target", "4-3-2"])
    assert any(i["measure"] == MEASURE + "4-3" and "drone" in i["snippet"].lower() for i in items)


def test_ai_matches_words_not_letters_inside_them(store):
    assert substring_search(store, "AI")  # the old substring test finds "chAIn", "rAIse"...
    for item in search(store, "AI"):
        assert "ai" in terms(item["snippet"])


def test_a_search_without_a_shared_word_or_pair_finds_nothing(store):
    # 量子纠缠 shares single characters (子) with many labels, no pair: nothing, rather than noise.
    assert search(store, "量子纠缠") == []
    assert "氢能" in search(store, "氢能")[0]["snippet"]


def test_the_search_set_beats_the_substring_search(store):
    """hit@3 and MRR on tests/gold/searches.tsv: floors a little under what was measured (0.950 and
    0.916, 0.931 and 0.895 without the synonyms table; the substring search 0.644 and 0.479). The
    misses need words the graph lacks (see the set's notes: not in the graph's words, 营商环境)."""
    rows = list(csv.DictReader((GOLD / "searches.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) >= 60

    def reached(items, expect):
        iri = expand_curie(expect)
        return next((k for k, i in enumerate(items, 1) if iri in (i["id"], i.get("measure"))), None)

    ranks = [reached(search(store, r["text"]), r["expect"]) for r in rows]
    hit3 = sum(1 for k in ranks if k and k <= 3) / len(rows)
    mrr = sum(1 / k for k in ranks if k) / len(rows)
    assert hit3 >= 0.94 and mrr >= 0.9, (hit3, mrr)


def test_a_synonym_reaches_what_the_report_words_otherwise(store):
    """data/synonyms.tsv: "housing market" finds the action on the property market, through the
    synonym field, scored below the report's own words."""
    first, own = search(store, "housing market")[0], search(store, "property market")[0]
    assert first["measure"] == MEASURE + "1-2" and first["id"] == own["id"] and first["score"] < own["score"]
    assert search(store, "SRDI")[0]["measure"] == MEASURE + "3-2"  # 专精特新: specialised, refined, distinctive, innovative
    # 医疗 and healthcare: 4.4's 民营医疗机构, and 7.3's 临床专科 and 分级诊疗 in the report's word 诊疗
    for word in ("医疗", "healthcare", "醫療"):
        assert {MEASURE + "4-4", MEASURE + "7-3"} <= {hit["measure"] for hit in search(store, word)[:5]}, word
    # 托育 and childcare, which the report never says: its 学前教育 (7.3) and the review's 抚幼
    for word in ("托育", "childcare", "child care"):
        assert search(store, word)[0]["id"] == expand_curie("action:7-3-6"), word
    # 住房 and housing: the review's 居住 among the fields of livelihood security, whichever is asked
    for word in ("住房", "housing"):
        assert expand_curie("theme:2024-livelihood") in [hit["id"] for hit in search(store, word)[:3]], word
    # 营商环境: the 2024 review's theme by its own heading, and 4.1 (惠企政策精准直达) by the related words
    assert search(store, "营商")[0]["id"] == expand_curie("theme:2024-business-environment")
    from zjkg.ranking import ranked_measures

    assert [m["id"] for m in ranked_measures(store, "营商环境")] == [MEASURE + "4-1"]  # `serves 营商环境` exited 2


def test_synonyms_are_matched_by_whole_words_and_each_row_meets_the_report():
    from zjkg.ranking import fold
    from zjkg.synonyms import expansions, table

    assert "城镇化" not in expansions(["24,000 new urban jobs"], fold)  # "urbanization" is no word of it
    assert "楼市" in expansions(["促进房地产市场止跌回稳"], fold)
    own = [text for d in _documents() for field in ("label", "alias", "quote") for text in d["texts"].get(field, ())]
    # A row is met when the report holds one of its members: then the row's extra member is added.
    unmet = [row[0] for row in table() if not expansions(own, fold, rows=[(*row, "xyzzy")])]
    assert len(table()) >= 40 and unmet == []  # every row widens something the report says


def _documents():
    from zjkg.ranking import collect_documents
    from zjkg.store import open_store

    return collect_documents(open_store())


def test_the_persistent_store_keeps_the_same_ranking(store, tmp_path):
    on_disk = persistent_store(tmp_path / "db")
    assert (tmp_path / "db" / "ranking").is_dir()
    for text in ("就业", "drone", "新質生產力", "2300亿元"):
        assert search(on_disk, text) == search(store, text)
    assert ranking_for(on_disk) is ranking_for(on_disk)  # opened once per store


def test_a_store_built_before_the_search_index_is_rebuilt(tmp_path):
    path = tmp_path / "db"
    persistent_store(path)
    meta = json.loads((path / "zjkg-store.json").read_text())
    meta["ranking"] = 0  # as an older zjkg wrote it
    (path / "zjkg-store.json").write_text(json.dumps(meta))
    persistent_store(path)
    assert json.loads((path / "zjkg-store.json").read_text())["ranking"] != 0


# ---------------------------------------------------------------- the CLI

def test_search_command_ranks_and_exits_0(runner):
    result = run(runner, "search", "跨境電商", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert items[0]["measure"] == MEASURE + "1-3" and items[0]["score"] > 0 and items[0]["snippet"]



@pytest.mark.parametrize("topic", ["无人机", "carbon"])
def test_a_measure_is_ranked_by_its_best_hit_among_itself_its_actions_and_targets(store, topic):
    """Several of a measure's entities match: the measure keeps the highest score of them (rounded
    to three places) and names the entity that gave it. (One-word topics: every hit holds the word,
    so the coverage rule keeps them all.)"""
    from zjkg.ranking import ranked_measures

    hits: dict[str, list] = {}
    for hit in ranking_for(store).search(topic, limit=60):
        measure = hit.document["id"] if hit.document["type"] == "Measure" else hit.document["measure"]
        hits.setdefault(measure, []).append(hit)
    items = ranked_measures(store, topic)
    assert any(len(hits[i["id"]]) > 1 for i in items)  # the case this is about: more than one hit for a measure
    for item in items:
        best = max(hits[item["id"]], key=lambda hit: hit.score)
        assert item["type"] == "Measure" and item["score"] == round(best.score, 3), item["id"]
        assert item["matched"] == best.document["id"] and item["snippet"] == best.snippet


def test_a_synonyms_row_with_one_member_is_refused_with_its_file_and_line(tmp_path):
    from zjkg.synonyms import read_table

    path = tmp_path / "synonyms.tsv"
    path.write_text("terms\tnote\n# a comment\n楼市 | 房地产市场\t\n\n欠薪\tone member\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"^{path}:5: a row needs two members or more"):
        read_table(path)
    path.write_text("楼市 | 房地产市场 | \n", encoding="utf-8")  # an empty member is no member
    assert read_table(path) == [("楼市", "房地产市场")]


@pytest.mark.parametrize("topic, measure", [("就业", "7-1"), ("employment", "7-1"), ("人才", "3-1"), ("carbon", "5-2"),
                                            ("乡村振兴", "6-3"), ("foreign trade", "1-3")])
def test_serves_answers_a_topic_by_the_ranked_measures(runner, topic, measure):
    result = run(runner, "serves", topic, "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items[0]["id"] == MEASURE + measure
    assert all(i["relation"] == "topic" and i["goal"] is None and i["score"] > 0 and i["snippet"] for i in items)


def test_the_topic_table_says_it_is_a_topic(runner):
    result = run(runner, "serves", "就业")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("No formal goal matches '就业'")
    assert "zjkg search 就业" in result.output.splitlines()[0]


@pytest.mark.parametrize("typed", ["新質生產力", "新质 生产力", "Pledge:1", "PLEDGE:1"])
def test_formal_goals_are_found_folded_and_by_case_insensitive_curies(runner, typed):
    result = run(runner, "serves", typed, "--format", "json")
    assert result.exit_code == 0, result.output
    goals = {i["goal"] for i in json.loads(result.output)}
    assert "https://w3id.org/zjkg/id/pledge/1" in goals and all(i["relation"] != "topic" for i in json.loads(result.output))


def test_no_goal_and_no_topic_exits_2_pointing_to_search(runner):
    result = run(runner, "serves", "量子计算产业")
    assert result.exit_code == 2
    assert "zjkg search 量子计算产业" in result.output and "Did you mean" in result.output


# ---------------------------------------------------------------- kept between runs

def test_the_report_s_index_and_examples_are_kept_for_the_next_run(derived_cache, tmp_path):
    import subprocess
    import sys

    from zjkg.ask import ask
    from zjkg.resources import default_data_files
    from zjkg.store import EmbeddedStore

    files = default_data_files()
    store = EmbeddedStore(files)
    first = ask(store, "Which measures serve employment?")
    kept = kept_folder(files)
    assert kept.parent == derived_cache and (kept / "zjkg-ranking.json").is_file() and any(derived_cache.glob("router-*/router.json"))
    # A new process reads them instead of building (its answer is the same).
    script = ("import json, sys; from zjkg.ask import ask; from zjkg.store import open_store;"
              "print(json.dumps(ask(open_store(), sys.argv[1])['items']))")
    again = subprocess.run([sys.executable, "-c", script, "Which measures serve employment?"], capture_output=True,
                           text=True, check=True)
    assert json.loads(again.stdout) == first["items"]
    # A damaged index is built again, not an error.
    (kept / "zjkg-ranking.json").write_text("{}")
    assert search(EmbeddedStore(files), "就业")[0]["id"] == MEASURE + "7-1"


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    from zjkg import derived
    from zjkg.resources import default_data_files

    monkeypatch.setenv("ZJKG_CACHE", "")
    assert derived.folder(default_data_files(), "ranking", 1) is None
    monkeypatch.setenv("ZJKG_CACHE", str(tmp_path / "c"))
    assert derived.folder(default_data_files(), "ranking", 1).parent == tmp_path / "c"


def test_curie_prefixes_are_case_insensitive_everywhere(runner):
    shown = json.loads(run(runner, "show", "Pledge:1", "--format", "json").output)
    assert [e["id"] for e in shown] == ["https://w3id.org/zjkg/id/pledge/1"]


def test_the_cache_keeps_the_newest_folders_of_each_kind(tmp_path, monkeypatch):
    """Every edit of the data or the code makes a new cache folder: the oldest go beyond KEPT, and
    only of the kind written (the router's folders stay when an index is written)."""
    import os

    from zjkg import derived

    monkeypatch.setenv("ZJKG_CACHE", str(tmp_path))
    source = tmp_path / "data.ttl"
    old = []
    for i in range(derived.KEPT + 3):
        source.write_text(f"# version {i}\n", encoding="utf-8")
        destination = derived.folder([source], "index", i)
        assert derived.keep(destination, lambda d: (d / "x").write_text("x"))
        os.utime(destination, ns=(i * 10**9, i * 10**9))  # written in this order
        old.append(destination)
    router = derived.folder([source], "router", 0)
    assert derived.keep(router, lambda d: None)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index-")) == sorted(p.name for p in old[-derived.KEPT:])
    assert router.is_dir() and source.is_file()


def test_documents_carry_what_the_graph_says_of_each_entity(graph):
    import rdflib

    def label(iri, lang):
        return next(str(o) for o in graph.objects(rdflib.URIRef(iri), rdflib.RDFS.label) if o.language == lang)

    documents = {d["id"]: d for d in _documents()}
    target = documents[f"{ENTITY}target/3-2-2"]
    assert (target["type"], target["measure"], target["measure_notation"]) == ("Target", MEASURE + "3-2", "3.2")
    assert (target["label"], target["label_en"]) == (label(target["id"], "zh"), label(target["id"], "en"))
    assert target["measure_label"] == label(MEASURE + "3-2", "zh") and target["texts"]["figure"] == ["150亿元"]
    action = documents[f"{ENTITY}action/1-1-1"]  # its aliases (两重, 两新) sort before its label: still its label
    assert action["label"] == label(action["id"], "zh") and {"两重", "two majors"} <= set(action["texts"]["alias"])
    # a synonym row met by the label alone (全民参保: 社会保险) widens the document
    assert {"社保", "social security"} <= set(documents[f"{ENTITY}action/7-2-3"]["texts"]["synonym"])


@pytest.mark.parametrize("typed, entity", [("GDP", "target/main-1"), ("ｇｄｐ", "target/main-1"),
                                           ("新增省级以上5G工厂数", "indicator/5g-factories-new")])
def test_a_name_typed_whole_lifts_the_entity_that_has_it(store, typed, entity):
    """GDP is main target 1's alias, the other an indicator's label: without the lift, a figure
    whose quote says the same words ranks above them."""
    assert search(store, typed)[0]["id"] == ENTITY + entity


@pytest.mark.parametrize("text, form", [("G D P", "gdp"), ("新质-生产力！", "新质生产力"), ("6.2", "62"), ("a_b", "ab"),
                                        ("新質生產力", "新质生产力")])
def test_names_are_compared_without_case_spaces_or_punctuation(text, form):
    from zjkg.textanalysis import name_form

    assert name_form(text) == form


def test_a_snippet_is_cut_around_the_first_match():
    from zjkg.ranking_index import _snippet

    quote = "甲" * 50 + "无人机" + "乙" * 50
    document = {"label": "标签", "texts": {"label": ["标签"], "quote": [quote]}}
    snippet, field = _snippet(document, {"无人": 1.0, "人机": 1.0})
    # 60 characters from a quarter of the width before the match, marked as cut on both sides
    assert (snippet, field) == ("…" + "甲" * 15 + "无人机" + "乙" * 42 + "…", "quote")
    assert _snippet({"label": "标签", "texts": {"quote": ["无人机" + "乙" * 57]}}, {"无人": 1.0}) == ("无人机" + "乙" * 57, "quote")
    assert _snippet(document, {"氢能": 1.0}) == ("标签", "label")  # nothing matches: the label
    # a term the text lacks does not move the cut
    assert _snippet(document, {"无人": 1.0, "人机": 1.0, "氢能": 0.5})[0] == snippet
    near_start = "甲" * 5 + "无人机" + "乙" * 80  # the match near the start: cut only at the end
    assert _snippet({"label": "x", "texts": {"quote": [near_start]}}, {"无人": 1.0})[0] == near_start[:60] + "…"
    # folding changes the length (㎡ is m2): positions would not carry over, so the cut starts at 0
    square = "面积100㎡，" + "甲" * 50 + "无人机" + "乙" * 50
    assert _snippet({"label": "x", "texts": {"quote": [square]}}, {"无人": 1.0})[0] == square[:60] + "…"


def test_a_misspelt_word_gets_a_did_you_mean(store, runner):
    """`zjkg serves enviroment` and `zjkg search enviroment` found nothing and said nothing more (a
    reviewer's typo): the nearest word of the entities' names is suggested, never searched unasked."""
    from zjkg.ask import ask
    from zjkg.spelling import respelled

    assert respelled(store, "Elderley care and polution") == "elderly care and pollution"
    # words the search knows by their stem or a synonym are no typos, nor are short ones
    assert [respelled(store, w) for w in ("drones", "pensions", "childcare", "ngo", "ict", "mayor", "xyzzy")] == [None] * 7
    served = run(runner, "serves", "enviroment")
    assert served.exit_code == 2 and served.stderr.splitlines()[1] == "Did you mean: environment"
    searched = run(runner, "search", "enviroment", "--format", "json")
    assert (searched.exit_code, searched.stdout, searched.stderr) == (0, "[]\n", "Did you mean: environment (`zjkg search environment`)\n")
    assert ask(store, "enviroment")["notes"][0].endswith(". Did you mean: environment")
    assert ask(store, "Which measures serve the enviroment?")["notes"] == ["No measure's own words hold most of 'enviroment'. Did you mean: environment"]
    assert run(runner, "search", "xyzzy").stderr == ""  # nothing near: nothing suggested


def test_a_topic_s_measures_are_found_by_the_report_s_words_not_the_curator_s(store, runner):
    """`zjkg serves 长江` gave 8.3 and 2.1 through their curated rationales (2.1's says its shoreline
    goes to industry: the opposite of 长江大保护); the report says 长江 only in the ten-year review.
    No goal and no measure's own words: the message says where the report has the words, and
    names no 'nearest' goal that shares a character only (务 of 地方债务 and 服务业)."""
    from zjkg.ranking import ranked_measures

    assert ranked_measures(store, "长江大保护") == [] and ranked_measures(store, "长江") == []
    assert [m["notation"] for m in ranked_measures(store, "促进消费")] == ["1.2"]  # its own label and actions
    served = run(runner, "serves", "长江")
    assert served.exit_code == 2 and served.stderr == (
        "Error: no goal matches '长江' and no measure's own words hold it; the report has it in: "
        "observation:decade-yangtze-class-ii 长江干流断面水质保持Ⅱ类 (`zjkg search 长江`)\n")
    debt = run(runner, "serves", "地方债务")
    assert debt.exit_code == 2 and "Did you mean" not in debt.stderr
    assert run(runner, "serves", "数字经济").stderr.splitlines()[1].startswith("Did you mean: 持续深化数字赋能")


def test_a_row_reached_through_the_synonyms_table_says_so(store, runner):
    """"報告有沒有提到托育" answered with 7.3.6 and the snippet 托育, which the report never says (its
    words are 学前教育 and the review's 抚幼): read as "yes, it does". `serves 营商环境` the same of 4.1."""
    from zjkg.ask import ask

    said = ("The report does not say '托育': the first row is reached through the synonyms table (the curator's "
            "pairing of everyday words with the report's own), not the report's words.")
    assert said in ask(store, "報告有沒有提到托育")["notes"]
    assert not any("synonyms table" in note for note in ask(store, "哪些措施与就业有关")["notes"])  # the report's own word
    served = run(runner, "serves", "营商环境")
    assert "The report does not say '营商环境' of the first: it is reached through the synonyms table." in served.stdout
    assert "synonyms table" not in run(runner, "serves", "就业").stdout


def test_a_misspelt_acronym_or_word_in_a_question_gets_a_did_you_mean(store):
    """"What was the GPD in 2024?" said only that the report does not use GPD, "What does the
    report say about the enviroment?" gave no row and no suggestion. Letters swapped in an
    acronym are suggested; a letter changed in three is another acronym (CPI is not CPC)."""
    from zjkg.ask import ask

    assert "The report does not use 'GPD': no row is about it. Did you mean: GDP" in ask(store, "What was the GPD in 2024?")["notes"]
    assert "The report does not use 'CPI': no row is about it." in ask(store, "2025年CPI涨幅目标")["notes"]
    notes = ask(store, "What does the report say about the enviroment?")["notes"]
    assert any(note.endswith("Did you mean: environment") for note in notes), notes
