"""Asking and search: accuracy on the gold sets and latency, written into docs/performance.md.

    python benchmarks/ask.py            # measure, print, and rewrite the "Asking and search" section
    python benchmarks/ask.py --print    # measure and print only

Side by side, on tests/gold/questions.tsv (per language) and tests/gold/searches.tsv:

- the substring search (the `keyword-search` named query, unranked: today's `zjkg search` before
  the ranking), the ranked search (zjkg.ranking) and the router (`zjkg ask`). A search "answers" a
  question when its first item (exact) or one of its first three (top-3) holds the expected element,
  the router when it runs the expected query with the expected parameters and the rows hold the
  element (zjkg.ask.judge);
- hit@1, hit@3 and MRR of the two searches on the search set (an item reaches a measure when it is
  the measure, or an action or target of it);
- warm latency (in process, the store open, median over every question or search) and cold latency
  (the whole `zjkg` process, median of repeated runs, beside the import floor
  `python -c "import pyoxigraph, click"`), in memory and on a persistent store (`--store`).

Numbers depend on the machine (and on its load: the floor is measured in the same turns).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = ROOT / "tests" / "gold"
PERFORMANCE = ROOT / "docs" / "performance.md"
BIN = Path(sys.executable).parent
ZJKG = str(BIN / "zjkg") if (BIN / "zjkg").exists() else shutil.which("zjkg")
START, END = "<!-- ask:start -->", "<!-- ask:end -->"
LANGS = ("zh", "zh-Hant", "en")


def rows(name: str) -> list[dict]:
    with (GOLD / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def median_ms(function, items) -> float:
    times = []
    for item in items:
        start = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cold_ms(commands: list[list[str]], repeat: int) -> list[float]:
    """Median whole-process time of each command, the commands taking turns (fair under load)."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[i].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def reaches(items: list[dict], expect: str) -> int | None:
    from zjkg.namespace import expand_curie

    iri = expand_curie(expect)
    return next((k for k, item in enumerate(items, 1) if iri in (item["id"], item.get("measure"))), None)


def measure(repeat: int) -> dict:
    import compileall

    import zjkg
    from zjkg.ask import ask, contains, judge
    from zjkg.errors import ZjkgError
    from zjkg.lookup import search, substring_search
    from zjkg.store import open_store

    # Bytecode as an installed package has it (pip compiles at install; an environment with
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module from source in every process).
    compileall.compile_dir(str(Path(zjkg.__file__).parent), quiet=1)
    store = open_store()
    questions, searches = rows("questions.tsv"), rows("searches.tsv")

    def safely(function):
        def run(text):
            try:
                return function(store, text)
            except ZjkgError:
                return []
        return run

    methods = {"substring search": safely(substring_search), "ranked search": safely(search)}
    ask(store, "warm up")  # builds the search index and the router once, as the first question would
    accuracy: dict[str, Counter] = {name: Counter() for name in [*methods, "router"]}
    total = Counter(q["lang"] for q in questions)
    wrong: dict[str, list[str]] = defaultdict(list)
    for question in questions:
        lang, params = question["lang"], json.loads(question["params"])
        for name, method in methods.items():
            items = method(question["question"])
            accuracy[name][(lang, "exact")] += bool(items) and contains(items[:1], question["expect"])
            accuracy[name][(lang, "top3")] += contains(items[:3], question["expect"])
        answer = ask(store, question["question"])
        exact, top3 = judge(answer, question["query"], params, question["expect"])
        accuracy["router"][(lang, "exact")] += exact
        accuracy["router"][(lang, "top3")] += top3
        if not exact:
            got = answer["query"] or "no reading"
            got_params = {**answer["params"], **({"topic": answer["topic"]} if answer.get("topic") else {})}
            wrong[question["query"]].append(f"{question['id']} {question['question']} → {got} "
                                            f"{json.dumps(got_params, ensure_ascii=False)} (expected {question['params']}"
                                            f"{'' if answer['query'] != question['query'] else ', ' + question['expect']})")
    search_quality = {}
    for name, method in methods.items():
        ranks = [reaches(method(s["text"]), s["expect"]) for s in searches]
        search_quality[name] = {"hit@1": sum(k == 1 for k in ranks) / len(ranks),
                                "hit@3": sum(bool(k and k <= 3) for k in ranks) / len(ranks),
                                "MRR": sum(1 / k for k in ranks if k) / len(ranks)}
    warm = {
        "substring search": median_ms(methods["substring search"], [s["text"] for s in searches]),
        "ranked search": median_ms(methods["ranked search"], [s["text"] for s in searches]),
        "router": median_ms(lambda q: ask(store, q), [q["question"] for q in questions]),
    }
    with tempfile.TemporaryDirectory() as work:
        persistent = str(Path(work) / "db")
        # The first run of a process on the report builds the search index and the router and
        # keeps them (zjkg.derived); the cold runs below read them, as every run after the first does.
        subprocess.run([ZJKG, "ask", "warm up"], check=True, capture_output=True)
        subprocess.run([ZJKG, "stats", "--store", persistent], check=True, capture_output=True)  # built once
        question, text = "哪些措施服务于民生保障？", "人才"
        commands = {
            "floor": [sys.executable, "-c", "import pyoxigraph, click"],
            "zjkg serves 新质生产力": [ZJKG, "serves", "新质生产力", "--format", "json"],
            "zjkg query keyword-search -p text 人才": [ZJKG, "query", "keyword-search", "-p", "text", text, "--format", "json"],
            "zjkg search 人才": [ZJKG, "search", text, "--format", "json"],
            f"zjkg ask {question}": [ZJKG, "ask", question, "--format", "json"],
            "zjkg search 人才 --store": [ZJKG, "search", text, "--store", persistent, "--format", "json"],
            f"zjkg ask {question} --store": [ZJKG, "ask", question, "--store", persistent, "--format", "json"],
        }
        cold = dict(zip(commands, cold_ms(list(commands.values()), repeat)))
    return {"total": dict(total), "accuracy": {k: dict((f"{a}/{b}", v) for (a, b), v in c.items()) for k, c in accuracy.items()},
            "search": search_quality, "warm_ms": warm, "cold_ms": cold, "wrong": dict(sorted(wrong.items())),
            "questions": len(questions), "searches": len(searches)}


def table(results: dict) -> str:
    total, accuracy = results["total"], results["accuracy"]

    def rate(method, lang, kind):
        if lang == "Chinese":
            n = total["zh"] + total["zh-Hant"]
            return (accuracy[method].get(f"zh/{kind}", 0) + accuracy[method].get(f"zh-Hant/{kind}", 0)) / n
        return accuracy[method].get(f"{lang}/{kind}", 0) / total[lang]

    out = [f"On the gold set ({results['questions']} questions: zh {total['zh']}, zh-Hant {total['zh-Hant']}, "
           f"en {total['en']}) and the search set ({results['searches']} searches), both in `tests/gold/`.", "",
           "**Answering the questions** (exact: the expected element in the first item, or for the router the "
           "expected query, parameters and element; top-3: in the first three items, or the expected reading among "
           "the router's best three):", "",
           "| method | " + " | ".join(f"{lang} exact | {lang} top-3" for lang in (*LANGS, "Chinese")) + " | warm ms |",
           "|---|" + "---|---|" * (len(LANGS) + 1) + "---|"]
    for method in ("substring search", "ranked search", "router"):
        cells = [f"{100 * rate(method, lang, 'exact'):.1f}% | {100 * rate(method, lang, 'top3'):.1f}%" for lang in (*LANGS, "Chinese")]
        out.append(f"| {method} | " + " | ".join(cells) + f" | {results['warm_ms'][method]:.1f} |")
    out += ["", "**The search set** (an item reaches a measure when it is the measure, or one of its actions or targets):", "",
            "| search | hit@1 | hit@3 | MRR |", "|---|---|---|---|"]
    for method, quality in results["search"].items():
        out.append(f"| {method} | {quality['hit@1']:.3f} | {quality['hit@3']:.3f} | {quality['MRR']:.3f} |")
    floor = results["cold_ms"]["floor"]
    out += ["", "**Cold start** (the whole process, median; the commands took turns):", "",
            "| command | ms | ratio to the floor |", "|---|---|---|"]
    for command, ms in results["cold_ms"].items():
        name = '`python -c "import pyoxigraph, click"` (the floor)' if command == "floor" else f"`{command}`"
        out.append(f"| {name} | {ms:.1f} | {ms / floor:.2f}x |")
    out += ["", "**Still wrong** (router, by the expected query):", ""]
    for query, misses in results["wrong"].items():
        out.append(f"- `{query}` ({len(misses)}): " + "; ".join(misses))
    return "\n".join(out) + "\n"


def write(text: str) -> None:
    page = PERFORMANCE.read_text(encoding="utf-8")
    section = f"{START}\n{text}{END}"
    if START in page and END in page:
        before, rest = page.split(START, 1)
        page = before + section + rest.split(END, 1)[1]
    else:
        page = page.rstrip("\n") + "\n\n## Asking and search\n\n`python benchmarks/ask.py` measures and rewrites this section.\n\n" + section + "\n"
    PERFORMANCE.write_text(page, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--print", action="store_true", help="print the tables; do not rewrite docs/performance.md")
    parser.add_argument("--repeat", type=int, default=15, help="runs of each cold command (default 15)")
    options = parser.parse_args()
    results = measure(options.repeat)
    text = table(results)
    print(text)
    if not options.print:
        write(text)
        (HERE / "ask-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
