"""The CLI over CliRunner: every command, every format, the errors and their exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import rdflib
from conftest import MINI

from zjkg.cli import cli
from zjkg.namespace import expand_curie
from zjkg.resources import ontology_file

PLEDGE_1 = "https://w3id.org/zjkg/id/pledge/1"
AREA_2 = "https://w3id.org/zjkg/id/area/2"


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input)


def test_serves_new_quality_productive_forces_answers_each_matching_goal(runner):
    result = run(runner, "serves", "新质生产力", "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert {i["goal"] for i in items} == {PLEDGE_1, AREA_2}
    for item in items:
        assert {"id", "type", "label", "label_en", "via", "area", "goal"} <= item.keys()
        assert item["type"] == "Measure"
        assert item["via"] == [item["id"], item["goal"]]
        assert item["basis"] in ("stated", "inferred") and item["rationale"]
    assert "新质生产力" in result.output  # UTF-8, not \\u-escaped


def test_serves_in_english_finds_the_same_goals(runner):
    zh = json.loads(run(runner, "serves", "新质生产力", "--format", "json").output)
    en = json.loads(run(runner, "serves", "productive forces", "--format", "json").output)
    assert zh == en


@pytest.mark.parametrize("goal, expected", [
    ("pledge:4", {"https://w3id.org/zjkg/id/pledge/4"}),
    ("https://w3id.org/zjkg/id/principle/6", {"https://w3id.org/zjkg/id/principle/6"}),
    ("2", {AREA_2}),
    ("粮食", {"https://w3id.org/zjkg/id/target/main-5"}),
])
def test_serves_accepts_curies_iris_numbers_and_names(runner, goal, expected):
    items = json.loads(run(runner, "serves", goal, "--format", "json").output)
    assert {i["goal"] for i in items} == expected
    assert items


def test_serves_table_is_aligned_by_display_width(runner):
    from zjkg.render import display_width

    result = run(runner, "serves", "pledge:1")
    lines = result.output.splitlines()
    rule = lines[1]
    for line in lines[2:]:
        assert display_width(line) <= len(rule) + 60
    assert result.exit_code == 0 and len(lines) > 3
    header_cells = lines[0].split()
    assert header_cells[:3] == ["goal", "measure", "label"]
    third = [display_width(line.split("  ")[0]) for line in lines[2:]]
    assert len(set(third)) == 1


def test_serves_lang_en_shows_english_labels(runner):
    result = run(runner, "serves", "pledge:4", "--lang", "en")
    assert "Keep fighting the battle against pollution" in result.output


def test_unknown_goal_exits_2_with_the_nearest_labels(runner):
    result = run(runner, "serves", "量子计算产业")
    assert result.exit_code == 2
    assert "no " in result.output and "Did you mean" in result.output


@pytest.mark.parametrize("text", ['"', "'}", "{", "\\", "a\\'b", '") } ; DROP ALL #'])
def test_hostile_goal_and_text_are_data(runner, text):
    for command in ("serves", "search"):
        result = run(runner, command, text, "--format", "json")
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 0:
            assert isinstance(json.loads(result.output), list)


def test_nul_byte_is_an_input_error(runner):
    for command in ("serves", "search", "show"):
        result = run(runner, command, "a\x00b")
        assert result.exit_code == 2 and "NUL" in result.output


def test_search_returns_actions_and_targets_with_their_measure(runner):
    items = json.loads(run(runner, "search", "人才", "--format", "json").output)
    assert items
    kinds = {i["type"] for i in items}
    assert {"Action", "Target"} <= kinds
    for item in items:
        if item["type"] in ("Action", "Target"):
            assert item["measure"].startswith("https://w3id.org/zjkg/id/measure/")
    english = json.loads(run(runner, "search", "TALENT", "--format", "json").output)
    assert english


def test_search_is_nfkc_normalised(runner):
    fullwidth = json.loads(run(runner, "search", "Ｇ３１２", "--format", "json").output)
    assert any("G312" in i["label"] for i in fullwidth)


def test_show_by_number_curie_and_name(runner, graph):
    by_number = json.loads(run(runner, "show", "2.1", "--format", "json").output)
    by_curie = json.loads(run(runner, "show", "measure:2-1", "--format", "json").output)
    assert by_number == by_curie
    measure = by_number[0]
    assert measure["id"] == "https://w3id.org/zjkg/id/measure/2-1" and measure["type"] == "Measure"
    leads = [s for s in measure["statements"] if s["property"].endswith("#leadSector")]
    assert leads and leads[0]["basis"] == "inferred" and leads[0]["rationale"]
    # the link's confidence as its reification gives it
    z = "https://w3id.org/zjkg/ontology#"
    (statement,) = [st for st in graph.subjects(rdflib.RDF.subject, rdflib.URIRef(measure["id"]))
                    if str(graph.value(st, rdflib.RDF.predicate)) == z + "leadSector"]
    assert leads[0]["confidence"] == str(graph.value(statement, rdflib.URIRef(z + "confidence"))).removeprefix(z)
    table = run(runner, "show", "2.1")
    assert table.exit_code == 0 and "zjkg:leadSector" in table.output
    lead = next(line for line in table.output.splitlines() if "zjkg:leadSector" in line)
    assert "sector:" in lead and "https://" not in lead  # values as compact IRIs
    for lang in ("zh", "en"):
        first = run(runner, "show", "2.1", "--lang", lang).output.splitlines()[0]
        name = measure["label_en"] if lang == "en" else measure["label"]
        assert first == f"{measure['id']}  (Measure)  {name}"


def test_show_unknown_id_exits_2_with_suggestions(runner):
    result = run(runner, "show", "measure:99-9")
    assert result.exit_code == 2 and "Did you mean" in result.output


def test_a_number_or_id_that_names_nothing_is_an_input_error_not_a_search(runner):
    """A reviewer's `show 2.5` listed PM2.5, 42.5万平方米 and 2.5亿美元 (no measure 2.5), exit 0, and
    `serves pledge:7` searched "pledge:7" as a topic and listed measures 7.1-7.4."""
    for args in (["show", "2.5"], ["deps", "9.9"], ["serves", "pledge:7"], ["serves", "10"], ["serves", "承诺7"]):
        result = run(runner, *args)
        assert result.exit_code == 2 and result.stdout == "", (args, result.output)
        assert result.stderr.startswith("Error: no "), (args, result.stderr)
    assert "is numbered '2.5'" in run(runner, "show", "2.5").stderr


@pytest.mark.parametrize("goal,curie", [("承诺1", "pledge:1"), ("Pledge 2", "pledge:2"), ("第五项任务", "area:5"),
                                        ("原则3", "principle:3"), ("main target 4", "target:main-4"),
                                        ("ｐｌｅｄｇｅ：１", "pledge:1")])
def test_a_goal_by_its_kind_and_number_is_that_goal(runner, goal, curie):
    items = json.loads(run(runner, "serves", goal, "--format", "json").output)
    assert items and {item["goal"] for item in items} == {expand_curie(curie)}, goal


@pytest.mark.parametrize("text, iri", [("measure:7.4", "measure/7-4"), ("action:1.1.1", "action/1-1-1"),
                                       ("ｍｅａｓｕｒｅ：７．４", "measure/7-4"), ("sdg:8.1", "sdg/8.1"),
                                       ("<https://w3id.org/zjkg/id/measure/2-1>", "measure/2-1"), ("<measure:2-1>", "measure/2-1")])
def test_a_curie_with_the_report_s_dotted_number_names_its_entity(runner, text, iri):
    """`show measure:7.4` was "no entity matches": zjkg's ids are hyphenated (measure:7-4), the
    report's numbers dotted. The UN's SDG targets keep their dots. An IRI in angle brackets, as
    SPARQL and Turtle write it, is that IRI."""
    result = run(runner, "show", text)
    assert result.exit_code == 0 and result.stdout.split()[0].endswith(iri), result.output


def test_an_sdg_s_aligned_targets_are_named_beside_its_measures(runner):
    """"serves SDG 8.1" said "(no results)": no measure is aligned with it, but main target 1 (GDP
    growth) is. The table names the targets aligned, with where to look; the JSON stays the measures."""
    result = run(runner, "serves", "SDG 8.1")
    assert result.exit_code == 0
    assert ("Also aligned with sdg:8.1: target:main-1 地区生产总值增长5.0%以上 (relatedMatch, inferred, medium); "
            "`zjkg serves target:main-1` lists the measures that serve it.") in result.output.splitlines()
    assert "`zjkg show target:7-1-1` shows it and its measure." in run(runner, "serves", "SDG 8").output
    assert json.loads(run(runner, "serves", "SDG 8.1", "--format", "json").output) == []
    assert "Also aligned" not in run(runner, "serves", "新质生产力").output



def test_a_measure_without_targets_says_so(runner):
    """`zjkg targets --measure 2.2` printed "(no results)" alone, read as a failed lookup."""
    result = run(runner, "targets", "--measure", "2.2", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")  # the output stays what it says
    assert result.stderr == "Measure 2.2 持续深化数字赋能: the report sets it no numeric target; `zjkg show 2.2` lists its actions.\n"
    assert run(runner, "targets", "--measure", "3.2").stderr == ""


def test_targets_carry_figures_and_baselines(runner):
    items = json.loads(run(runner, "targets", "--format", "json").output)
    assert len(items) >= 45
    for item in items:
        assert {"id", "type", "label", "label_en", "measure", "indicator", "value", "unit", "comparator",
                "year", "quote", "baseline"} <= item.keys()
    upgrade = next(i for i in items if i["id"].endswith("/target/3-2-2"))
    assert upgrade["value"] == 150 and upgrade["unit"] == "亿元" and upgrade["comparator"] == ["reach"]
    assert upgrade["baseline"]["value"] == 161.3 and upgrade["baseline"]["year"] == 2024
    with_indicator = [i for i in items if i["indicator"]]
    assert with_indicator and all(i["indicator_label"] and i["indicator_label_en"] for i in with_indicator)
    one = json.loads(run(runner, "targets", "--measure", "3.2", "--format", "json").output)
    assert {i["measure"] for i in one} == {"https://w3id.org/zjkg/id/measure/3-2"} and len(one) == 4


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_formats_parse(runner, fmt):
    result = run(runner, "targets", "--format", fmt)
    rows = list(csv.DictReader(io.StringIO(result.output), delimiter="," if fmt == "csv" else "\t"))
    assert len(rows) >= 45
    assert "baseline.value" in rows[0] and "quote" in rows[0]


def test_query_list_and_run_with_parameter(runner):
    listing = json.loads(run(runner, "query", "--list", "--format", "json").output)
    assert len(listing) >= 12 and all(q["summary"] for q in listing)
    result = run(runner, "query", "measures-by-pledge", "-p", "pledge_iri", "pledge:5", "--format", "json")
    rows = json.loads(result.output)
    assert rows and {r["pledge"] for r in rows} == {"https://w3id.org/zjkg/id/pledge/5"}


def test_query_unknown_name_exits_2_with_suggestion(runner):
    result = run(runner, "query", "measures-by-pledg")
    assert result.exit_code == 2 and "measures-by-pledge" in result.output


def test_sparql_from_argument_file_and_stdin(runner, tmp_path):
    text = "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT (COUNT(?m) AS ?n) WHERE { ?m a zjkg:Measure }"
    assert json.loads(run(runner, "sparql", text, "--format", "json").output) == [{"n": 30}]
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    assert json.loads(run(runner, "sparql", str(path), "--format", "json").output) == [{"n": 30}]
    assert json.loads(run(runner, "sparql", "-", "--format", "json", input=text).output) == [{"n": 30}]


def test_sparql_ask_and_construct(runner):
    ask = run(runner, "sparql", "ASK { ?s ?p ?o }")
    assert ask.output.strip() == "true"
    construct = run(runner, "sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", "--format", "json")
    assert len(json.loads(construct.output)) == 3


def test_malformed_sparql_exits_2_with_position(runner):
    result = run(runner, "sparql", "SELECT * WHERE { ?s ?p }")
    assert result.exit_code == 2
    assert "1:" in result.output and "syntax" in result.output.lower()


@pytest.mark.parametrize("text, words", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "nests"),
])
def test_guards_refuse_before_the_engine(runner, text, words):
    result = run(runner, "sparql", text)
    assert result.exit_code == 2 and words in result.output


def test_unreachable_endpoint_exits_2_naming_the_url(runner):
    url = "http://127.0.0.1:9/sparql"
    result = run(runner, "serves", "新质生产力", "--endpoint", url)
    assert result.exit_code == 2 and url in result.output


def test_data_option_loads_other_files(runner):
    result = run(runner, "serves", "生态", "--data", str(ontology_file()), "--data", str(MINI), "--format", "json")
    items = json.loads(result.output)
    assert [i["notation"] for i in items] == ["1.1", "2.1"]
    assert [i["basis"] for i in items] == ["inferred", "stated"]


def test_missing_data_file_exits_2(runner, tmp_path):
    result = run(runner, "stats", "--data", str(tmp_path / "none.ttl"))
    assert result.exit_code == 2 and "none.ttl" in result.output


def test_stats_json(runner):
    counts = json.loads(run(runner, "stats", "--format", "json").output)
    assert counts["Measure"] == 30 and counts["Pledge"] == 6 and counts["TaskArea"] == 9


def test_every_command_has_help_with_an_example_and_is_in_the_readme(runner):
    from pathlib import Path

    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name
        assert f"zjkg {name}" in readme, f"README does not mention `zjkg {name}`"


# The installed entry point (zjkg.cli:main) ends the process without freeing the stores it opened;
# these check that nothing is lost by that: the whole output, the exit code, the error message.
def _entry_point(*args):
    return subprocess.run([sys.executable, "-c", "from zjkg.cli import main; main()", *args],
                          capture_output=True, timeout=120)


def test_entry_point_writes_the_whole_answer(runner):
    result = _entry_point("query", "entity-relations", "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == run(runner, "query", "entity-relations", "--format", "csv").output
    assert result.stdout.count(b"\n") > 500


def test_entry_point_keeps_the_exit_code_and_the_message_of_an_error():
    result = _entry_point("query", "measures-by-pledge", "-p", "pledge_iri", "not an iri")
    assert result.returncode == 2
    assert b"no Pledge matches 'not an iri'" in result.stderr and result.stdout == b""
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["query", "entity-relations", "--format", "csv"], ["show", "6.2"]])
def test_entry_point_stops_quietly_when_the_reader_leaves(args):
    """`zjkg show 6.2 | head -1` exited 1 (click's own answer to a closed pipe), `query` 0."""
    writer = subprocess.Popen([sys.executable, "-c", "from zjkg.cli import main; main()", *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    writer.stdout.readline()
    writer.stdout.close()  # as `| head -1` does
    assert writer.wait(timeout=120) == 0
    assert b"Traceback" not in writer.stderr.read()
    writer.stderr.close()


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_a_streamed_dump_equals_the_rendered_answer(runner, store, fmt):
    from zjkg.queries import run_named
    from zjkg.render import render
    from zjkg.values import plain_row

    answer = run_named(store, "observations-by-year")
    shown = [v for v in answer.variables if not v.startswith("_")]  # the parameters are how it was asked
    items = [{v: (dict.fromkeys(shown) | plain_row(row))[v] for v in shown} for row in answer.rows]
    result = run(runner, "query", "observations-by-year", "--format", fmt)
    assert result.exit_code == 0
    assert len(items) > 50 and result.output == render(items, fmt)
    assert not any(column.startswith("_") for column in result.output.splitlines()[0].replace("\t", ",").split(","))
    rendered = json.loads(run(runner, "query", "actions-by-measure", "--format", "json").stdout)
    assert rendered and not any(key.startswith("_") for row in rendered for key in row)


def test_the_embedded_store_streams_rows_as_it_reads_them(store):
    import inspect

    from zjkg.queries import stream_named
    from zjkg.render import stream_rows

    answer = stream_named(store, "entity-relations")
    assert inspect.isgenerator(answer.rows)  # made as read, not a list built first
    first = next(iter(answer))
    assert set(first) <= set(answer.variables)
    chunks = list(stream_rows(answer.variables, ({"x": n} for n in range(2500)), "jsonl", batch=1000))
    assert [chunk.count("\n") for chunk in chunks] == [1000, 1000, 500]
    assert "".join(chunks) == "".join(f'{{"x": {n}}}\n' for n in range(2500))  # each batch starts clean
    csv_chunks = list(stream_rows(["x", "y"], ({"x": n, "y": None} for n in range(5)), "csv", batch=2))
    assert csv_chunks == ["x,y\n0,\n1,\n", "2,\n3,\n", "4,\n"]


def test_a_qualitative_baseline_is_named_not_printed_as_empty_figures(runner):
    """A baseline observation without a figure (粮食产量 "basically stable") shows what the report
    says of it and its year in the table (粮食总产量保持增长 year=2024), never "value= unit=" nor only
    its id; the JSON keeps its id and label."""
    items = json.loads(runner.invoke(cli, ["targets", "--format", "json"]).output)
    qualitative = [i for i in items if i["baseline"] and i["baseline"]["value"] is None]
    assert qualitative and all(i["baseline"]["label"] and i["baseline"]["id"] for i in qualitative)
    table = runner.invoke(cli, ["targets"]).output
    assert "value= " not in table and "unit= " not in table and "label=" not in table
    for item in qualitative:
        line = next(line for line in table.splitlines() if item["label"] in line)
        assert f"{item['baseline']['label']} year=2024" in line and "id=" not in line


def test_observations_by_year_give_indicators_in_english_with_lang_en(runner):
    rows = json.loads(runner.invoke(cli, ["query", "observations-by-year", "-p", "year", "2024", "--format", "json"]).output)
    with_indicator = [r for r in rows if r.get("indicator_label")]
    assert with_indicator and all(r.get("indicator_label_en") for r in with_indicator)
    table = runner.invoke(cli, ["query", "observations-by-year", "-p", "year", "2024", "--lang", "en"]).output
    assert all(r["indicator_label_en"] in table for r in with_indicator)


@pytest.mark.parametrize("command", ["query", "sparql"])
def test_the_limits_are_in_the_help_with_their_units_and_defaults(runner, command):
    from zjkg.cli.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT

    result = runner.invoke(cli, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    help_text = " ".join(result.output.split())
    assert "--timeout SECONDS" in help_text and f"[default: {DEFAULT_TIMEOUT}; x>=0]" in help_text
    assert "--max-memory MB" in help_text and f"[default: {DEFAULT_MAX_MEMORY_MB}; x>=0]" in help_text
    assert (DEFAULT_TIMEOUT, DEFAULT_MAX_MEMORY_MB) == (5.0, 2048)  # docs/endpoint.md gives these for serve too
    serve = " ".join(runner.invoke(cli, ["serve", "--help"], terminal_width=200).output.split())
    assert f"--timeout SECONDS Seconds a query may run; then the client gets 503 and the worker is replaced. [default: {DEFAULT_TIMEOUT}; x>=0.1]" in serve
    assert "--max-memory MB" in serve and f"[default: {DEFAULT_MAX_MEMORY_MB}; x>=0]" in serve


def test_an_unknown_query_name_fails_before_any_store_is_opened(runner, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("not turtle at all .", encoding="utf-8")  # loading it would be the error instead
    for where in (["--endpoint", "http://127.0.0.1:1/sparql"], ["--data", str(broken)]):
        result = runner.invoke(cli, ["query", "nope", *where])
        assert (result.exit_code, result.stderr.splitlines()[0]) == (2, "Error: no named query called 'nope'"), where


@pytest.mark.parametrize("command, header, row", [
    (["query", "--list"], ["name", "summary", "params"], ("measures-by-pledge", "report_iri, pledge_iri, basis, min_confidence")),
    (["sectors"], ["sector", "kind", "leads", "supports", "centrality", "(led)"], ("市发展和改革委员会", "GovernmentDepartment")),
    (["clusters"], ["cluster", "size", "measures", "areas", "lead_sectors"], ("1",)),
])
def test_listing_tables_have_their_columns(runner, command, header, row):
    lines = run(runner, *command).output.splitlines()
    assert lines[0].split() == header
    assert any(line.startswith(row[0]) and all(cell in line for cell in row) for line in lines[2:]), lines[:4]


@pytest.mark.parametrize("args", [[], ["query"], ["serve"]])
def test_h_is_short_for_help_on_the_group_and_each_command(runner, args):
    short, long = runner.invoke(cli, [*args, "-h"]), runner.invoke(cli, [*args, "--help"])
    assert (short.exit_code, short.exception) == (0, None) and short.output == long.output and "Usage:" in short.output


@pytest.mark.parametrize("content, error", [
    (b"\xffSELECT", "Error: {path}: not UTF-8 text (byte 0xff at offset 0); save the query as UTF-8\n"),
    (b"", "Error: {path}: empty, no query to run\n"),
    (None, "Error: {path}: is a directory, not a query file\n")])
def test_a_query_file_that_cannot_be_read_is_an_input_error(runner, tmp_path, content, error):
    """A query file that is not UTF-8 gave a UnicodeDecodeError traceback (exit 1), an empty one
    "error at 1:1: expected [_]", a directory "writing to dir.rq failed" though it was reading."""
    path = tmp_path / "q.rq"
    path.mkdir() if content is None else path.write_bytes(content)
    result = runner.invoke(cli, ["sparql", str(path)])
    assert (result.exit_code, result.stderr) == (2, error.format(path=path))


def test_a_query_file_with_a_byte_order_mark_or_in_utf_16_runs(runner, tmp_path):
    """Windows Notepad saves UTF-16 or UTF-8 with a byte-order mark: "error at 1:10: expected CONSTRUCT"."""
    for name, content in (("bom.rq", "\ufeffASK {}".encode()), ("wide.rq", "ASK {}".encode("utf-16"))):
        (tmp_path / name).write_bytes(content)
        result = runner.invoke(cli, ["sparql", str(tmp_path / name)])
        assert (result.exit_code, result.stdout) == (0, "true\n"), name
    piped = runner.invoke(cli, ["sparql", "-"], input=b"\xff\xfdASK {}")
    assert piped.exit_code == 2 and "standard input: not UTF-8 text" in piped.stderr


def test_an_entity_parameter_is_typed_as_anywhere_else_and_must_exist(runner):
    """`-p measure_iri 3.2` was refused ("not an IRI or a known CURIE (e.g. pledge:1)") though every
    other command takes a printed number, and `-p pledge_iri pledge:99` answered "(no results)",
    exit 0, for a pledge the report does not have."""
    by_number = json.loads(run(runner, "query", "actions-by-measure", "-p", "measure_iri", "4.3", "--format", "json").stdout)
    by_curie = json.loads(run(runner, "query", "actions-by-measure", "-p", "measure_iri", "measure:4-3", "--format", "json").stdout)
    assert by_number == by_curie and by_number
    by_name = json.loads(run(runner, "query", "measures-by-pledge", "-p", "pledge_iri", "新质生产力", "--format", "json").stdout)
    assert {row["pledge"] for row in by_name} == {"https://w3id.org/zjkg/id/pledge/1"}
    missing = run(runner, "query", "measures-by-pledge", "-p", "pledge_iri", "pledge:99")
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: no Pledge matches 'pledge:99'")


@pytest.mark.parametrize("text, error", [
    ("SELECT ?m WHERE { ?m a zjkg:Measure } LIMIT 2",
     "Error: SPARQL syntax error at 1:36: the prefix zjkg: is not declared (add: PREFIX zjkg: <https://w3id.org/zjkg/ontology#>)\n"),
    ('SELECT ?m WHERE { ?m <urn:x:y> "a:b" . ?m foo:y ?z }',  # not the a: of a string nor the x: of an IRI
     "Error: SPARQL syntax error at 1:48: the prefix foo: is not declared\n"),
    ("SELEC ?m WHERE { ?m a ?x }", "Error: SPARQL syntax error: error at 1:10: expected CONSTRUCT\n")])
def test_a_syntax_error_is_one_line_naming_an_undeclared_prefix(runner, text, error):
    """A query using zjkg: undeclared printed five lines of Unicode ranges with "Prefix not found"
    buried among them: the prefix is named, with the PREFIX line to add when it is zjkg's."""
    result = runner.invoke(cli, ["sparql", text])
    assert (result.exit_code, result.stderr) == (2, error)


def test_show_of_the_report_s_dotted_triple_shows_the_action_and_the_target(runner):
    """`zjkg show 1.1.1` said no entity is numbered 1.1.1: zjkg's ids hyphenate it (action:1-1-1,
    target:1-1-1, both of measure 1.1)."""
    shown = json.loads(run(runner, "show", "1.1.1", "--format", "json").stdout)
    assert [e["id"] for e in shown] == ["https://w3id.org/zjkg/id/action/1-1-1", "https://w3id.org/zjkg/id/target/1-1-1"]


def test_show_of_a_word_many_entities_hold_asks_for_one(runner):
    """`zjkg show 持续` described 61 entities, about 800 lines, every SDG target holding 可持续: more
    than five is a search, and the error lists the first ones with their ids."""
    many = run(runner, "show", "持续")
    assert many.exit_code == 2 and many.stderr.startswith("Error: '持续' names 61 entities: give one of them, by id or a longer name (")
    assert "measure:1-1 持续扩大有效益的投资" in many.stderr and many.stdout == ""
    few = json.loads(run(runner, "show", "财政局", "--format", "json").stdout)
    assert [e["id"] for e in few] == ["https://w3id.org/zjkg/id/sector/finance"]


@pytest.mark.parametrize("command", [["validate"], ["serves", "新质生产力"], ["stats"]])
def test_empty_data_is_said_to_be_empty(runner, tmp_path, command):
    """`validate --data empty.ttl` listed 130 "held by no target" problems, `serves` said "no goal
    matches": the data held no triple at all."""
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix x: <http://example.org/> .\n", encoding="utf-8")
    result = runner.invoke(cli, [*command, "--data", str(empty)])
    assert (result.exit_code, result.stderr) == (2, f"Error: {empty}: no triples to load (the data is empty)\n")
