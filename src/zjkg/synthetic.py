"""A synthetic corpus of many reports in zjkg's own ontology, for scale tests and benchmarks.

Each synthetic report is the Zhenjiang report's structure (the same counts of principles, pledges,
areas, measures, actions, targets, observations, indicators, sectors, curated links) under its own
IRIs (``https://w3id.org/zjkg/id/synthetic/<city>-<year>/...``, its report ``.../report/<city>-<year>``),
with the city's name in its labels, every figure scaled by a seeded random factor (its labels and
quote saying the scaled figure where they wrote the template's) and the dependency network
rewired (acyclic, the same number of edges). One N-Triples file per report, so each loads into a named graph of its own.
Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .atomic import write_file
from .namespace import ID, ONTOLOGY, XSD
from .resources import data_file

__all__ = ["REPORT_TRIPLES", "reports_for", "generate_corpus", "synthetic_report"]

_VALUE = f"<{ONTOLOGY}value>"
_DEPENDS = f"<{ONTOLOGY}dependsOn>"
_QUOTE = f"<{ONTOLOGY}quote>"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_CITIES = ["zhenjiang", "nanjing", "changzhou", "wuxi", "suzhou", "yangzhou", "taizhou", "nantong", "yancheng",
           "huaian", "lianyungang", "xuzhou", "suqian", "hefei", "wuhu", "hangzhou", "ningbo", "jiaxing", "huzhou",
           "shaoxing"]


def _template() -> list[tuple[str, str, str]]:
    """The report's triples as N-Triples terms, in a stable order."""
    triples = {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(path=str(data_file()))}
    return sorted(triples)


REPORT_TRIPLES = None  # filled lazily: the number of triples one synthetic report holds


def reports_for(triples: int) -> int:
    """How many synthetic reports make about ``triples`` triples (at least one)."""
    global REPORT_TRIPLES
    if REPORT_TRIPLES is None:
        REPORT_TRIPLES = len(_template())
    return max(1, round(triples / REPORT_TRIPLES))


def _names(count: int) -> list[str]:
    years = range(2025, 2025 - 1000, -1)
    return [f"{city}-{year}" for year in years for city in _CITIES][:count]


def synthetic_report(template: list[tuple[str, str, str]], name: str, seed: int) -> str:
    """One synthetic report as N-Triples text."""
    rng = random.Random(f"{seed}:{name}")
    base = f"{ID}synthetic/{name}/"
    city = name.rsplit("-", 1)[0]

    def iri(term: str) -> str:
        return term.replace(f"<{ID}", f"<{base}", 1) if term.startswith(f"<{ID}") else term

    measures = sorted({s for s, p, o in template if p == _DEPENDS} | {o for s, p, o in template if p == _DEPENDS})
    order = measures[:]
    rng.shuffle(order)
    rank = {m: i for i, m in enumerate(order)}
    edge_count = sum(1 for _, p, _ in template if p == _DEPENDS)
    rewired: set[tuple[str, str]] = set()
    while len(rewired) < edge_count:  # an edge from a later to an earlier measure: acyclic by construction
        a, b = rng.sample(measures, 2)
        rewired.add((a, b) if rank[a] > rank[b] else (b, a))
    old_edges = sorted((s, o) for s, p, o in template if p == _DEPENDS)
    mapping = dict(zip(old_edges, sorted(rewired)))

    # The scaled figures first (in the template's order, as they always were drawn), so that each
    # entity's labels say its own figure: "changzhou·地区生产总值增长5.0%以上" held the value 6.4.
    scaled = {}
    for s, p, o in template:
        if p == _VALUE:
            old = Decimal(o.split('"')[1])
            scaled[s] = (old, old * Decimal(str(round(rng.uniform(0.6, 1.6), 2))))
    report = f"report/{_REPORT_NAME}"
    lines = []
    for s, p, o in template:
        if p == _DEPENDS:
            s, o = mapping[(s, o)]
        if p == _VALUE:
            o = f'"{scaled[s][1].normalize():f}"^^<{XSD}decimal>'
        elif o.startswith('"') and (o.endswith("@zh") or o.endswith("@en")):
            if s in scaled:
                o = _with_figure(o, *scaled[s])
            o = o.replace('"', f'"{city}·' if o.endswith("@zh") else f'"{city.title()}: ', 1)
        elif p == _QUOTE and s in scaled:  # the words it was read from say its figure too
            o = _with_figure(o, *scaled[s])
        lines.append(f"{iri(s)} {p} {iri(o)} .".replace(report, f"report/{name}"))
    # Statements keep their ids; their rdf:subject and rdf:object follow the rewired edge.
    return _rewire_statements(lines, mapping, iri)


_REPORT_NAME = "zhenjiang-2025"  # the template report's id: each synthetic report takes its own name
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _with_figure(literal: str, old: Decimal, new: Decimal) -> str:
    """A label with the entity's figure, where it is written as the figure (5.0 for the value 5),
    replaced by the scaled one; other numbers (a year, a unit's scale) stay."""
    def replace(match: re.Match) -> str:
        return f"{new.normalize():f}" if Decimal(match.group()) == old else match.group()

    return _NUMBER.sub(replace, literal)


def _rewire_statements(lines: list[str], mapping, iri) -> str:
    """Make each dependsOn statement describe the rewired edge it stands for."""
    subject_of, object_of, predicate_of = {}, {}, {}
    for line in lines:
        s, p, o = line[:-2].split(" ", 2)
        if p == f"<{_RDF}subject>":
            subject_of[s] = o
        elif p == f"<{_RDF}object>":
            object_of[s] = o
        elif p == f"<{_RDF}predicate>":
            predicate_of[s] = o
    new_edge = {(iri(a), iri(b)): (iri(c), iri(d)) for (a, b), (c, d) in mapping.items()}
    replace = {}
    for statement, predicate in predicate_of.items():
        if predicate == _DEPENDS:
            old = (subject_of[statement], object_of[statement])
            replace[statement] = new_edge[old]
    out = []
    for line in lines:
        s, p, o = line[:-2].split(" ", 2)
        if s in replace and p == f"<{_RDF}subject>":
            o = replace[s][0]
        elif s in replace and p == f"<{_RDF}object>":
            o = replace[s][1]
        out.append(f"{s} {p} {o} .")
    return "\n".join(sorted(set(out))) + "\n"


def generate_corpus(directory: Path | str, *, reports: int, seed: int = 0) -> list[Path]:
    """Write ``reports`` synthetic reports, one ``.nt`` file each, into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    template = _template()
    written = []
    for name in _names(reports):
        path = directory / f"{name}.nt"
        # Whole or not at all: on a full disk, WriteFailed and no truncated report left behind.
        write_file(path, synthetic_report(template, name, seed).encode("utf-8"))
        written.append(path)
    return written
