"""Which measures serve goal X, and why.

A goal is a Pledge, Principle, MainTarget or TaskArea, named as :mod:`zjkg.resolve` reads it (or
in traditional characters, or with spaces: 新質生產力, "新质 生产力"). Any other topic (就业,
employment, carbon) is answered by the measures the search ranks for it (:mod:`zjkg.ranking`),
each marked ``relation: "topic"`` with its score and the words that matched.

A goal may also be a UN Sustainable Development Goal or SDG target (data/sdg.ttl), named by its
number (``SDG 8``, ``可持续发展目标8``, ``Goal 13``, ``SDG 8.5``), CURIE (``sdg:8.5``) or IRI. SDGs are not
matched by words of their titles, so a search for the report's own goals (``生态``) is not flooded by
the UN's. A measure serves an SDG target it is aligned with (skos:closeMatch, broadMatch or
relatedMatch, each the curator's reading), and an SDG goal through its targets.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .errors import NotFound
from .namespace import PREFIXES, ZJKG, compact_iri, expand_curie, local_name
from .queries import link_filter, select_named
from .resolve import Entity, entity_index, names_an_id, resolve
from .store import Store
from .text import normalise
from .values import python_value, text_value

__all__ = ["GOAL_CLASSES", "SDG_CLASSES", "sdg_iri", "resolve_goals", "measures_serving", "measures_on_topic",
           "sdg_aligned_goals"]

GOAL_CLASSES = ("Pledge", "Principle", "MainTarget", "TaskArea")
SDG_CLASSES = ("SDGGoal", "SDGTarget")
_SDG_NUMBER = re.compile(r"^(?:sdg|可持续发展目标|goal|目标)\s*((?:1[0-7]|[1-9])(?:\.(?:\d{1,2}|[a-z]))?)$")


def sdg_iri(text: str) -> str | None:
    """The UN SDG KOS IRI a goal's or target's number names, or None.

    >>> sdg_iri("SDG 13"), sdg_iri("可持续发展目标8"), sdg_iri("sdg:8.5"), sdg_iri("新质生产力")
    ('http://metadata.un.org/sdg/13', 'http://metadata.un.org/sdg/8', 'http://metadata.un.org/sdg/8.5', None)
    """
    found = _SDG_NUMBER.match(normalise(text))
    if found:
        return PREFIXES["sdg"] + found.group(1)
    iri = expand_curie(text.strip()) or text.strip()
    return iri if iri.startswith(PREFIXES["sdg"]) else None


def _sdg_goals(store: Store, text: str, sdg: str) -> list[Entity]:
    found = entity_index(store, SDG_CLASSES, iri=sdg)
    if not found:
        raise NotFound(f"no SDG goal or target {text!r} in the graph: it holds the 17 goals and the targets "
                       "the measures are aligned with", ["SDG 8", "SDG 8.5", "可持续发展目标13"])
    return found


# "pledge 1", "承诺1", "第五项任务", "main target 3": a goal by its kind and number.
_KIND_WORDS = {"pledge": r"pledge|承诺", "principle": r"(?:guiding )?principle|原则", "area": r"(?:task )?area|任务|领域",
               "target:main-": r"main (?:expected )?target|主要(?:预期)?目标"}
_NUMERALS = "一二三四五六七八九"
_NUMBERED = [(curie, re.compile(rf"^(?:{words})\s*[-#:]?\s*第?(\d|[{_NUMERALS}])[项条个]?$|^第?(\d|[{_NUMERALS}])[项条个]?(?:{words})$"))
             for curie, words in _KIND_WORDS.items()]


def numbered_goal(text: str) -> str | None:
    """The CURIE of the goal ``text`` names by its kind and number, or None.

    >>> numbered_goal("Pledge 1"), numbered_goal("第五项任务"), numbered_goal("主要目标3"), numbered_goal("新质生产力")
    ('pledge:1', 'area:5', 'target:main-3', None)
    """
    wanted = normalise(text)
    for curie, pattern in _NUMBERED:
        if found := pattern.match(wanted):
            number = found.group(1) or found.group(2)
            number = str(_NUMERALS.index(number) + 1) if number in _NUMERALS else number
            return f"{curie}{number}" if curie.endswith("-") else f"{curie}:{number}"
    return None


def resolve_goals(store: Store, text: str) -> list[Entity]:
    """The formal goals ``text`` names: an SDG goal or target by its number, CURIE or IRI; a goal by
    its kind and number ("承诺1"); else as typed, else folded (traditional to simplified, the spaces
    inside Chinese dropped), as the search folds it."""
    sdg = sdg_iri(text)
    if sdg is not None:
        return _sdg_goals(store, text, sdg)
    numbered = numbered_goal(text)
    if numbered is not None:
        found = entity_index(store, GOAL_CLASSES, iri=expand_curie(numbered))
        if not found:
            raise NotFound(f"no goal {text.strip()!r} ({numbered}) in the graph (`zjkg query entity-index -p class_iri "
                           "zjkg:Pledge` lists the pledges; Principle, TaskArea, MainTarget the others)")
        return found
    try:
        return resolve(store, text, GOAL_CLASSES, what="goal")
    except NotFound:
        folded = _folded(text)
        if not folded or folded == text.strip():
            raise
        return resolve(store, folded, GOAL_CLASSES, what="goal")


def _folded(text: str) -> str:
    import re

    from .ranking import fold

    return re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", fold(text)).strip()


def measures_on_topic(store: Store, topic: str) -> list[dict]:
    """The measures the search ranks for ``topic`` (no formal goal), as items like
    :func:`measures_serving`'s: ``relation`` "topic", ``goal`` None, with ``score`` and ``snippet``."""
    from .ranking import ranked_measures

    return [{**item, "goal": None, "topic": topic, "relation": "topic", "relation_text": "is ranked by the search for",
             "basis": None, "confidence": None, "rationale": None, "rationale_en": None, "via": [item["id"]]}
            for item in ranked_measures(store, topic)]


_RELATION_WORDS = {
    "servesPledge": "serves pledge", "followsPrinciple": "follows principle",
    "contributesTo": "contributes to", "inArea": "is numbered under",
}


def measures_serving(store: Store, goal_text: str, *, indirect: bool = False, basis: str | None = None,
                     min_confidence: str | None = None) -> list[dict]:
    """Measures that serve each goal matching ``goal_text``, with why (relation, basis, confidence, rationale).

    Every item carries ``via`` (the ids from the measure to the goal, the measure first), ``area``
    and ``goal``. Items are ordered by goal, then measure. With ``indirect``, measures that serve a
    goal through a dependency chain follow, ``via`` running measure, ..., direct server, goal.
    ``basis`` ("stated"/"inferred") and ``min_confidence`` ("high"/"medium"/"low") keep only the
    links, direct and in the chains, of that basis and at least that confidence (docs/curation.md).
    """
    try:
        goals = resolve_goals(store, goal_text)
    except NotFound:
        if sdg_iri(goal_text) is not None or names_an_id(goal_text) or numbered_goal(goal_text):  # "pledge:7", "10": a mistake
            raise
        # No formal goal: the topic's measures, by the search; nothing found either, then the
        # nearest names by the same ranking (never alphabetical), and a pointer to `zjkg search`.
        items = measures_on_topic(store, goal_text)
        if items:
            return items
        from .ranking import held_hits, ranking_for, weighted_terms
        from .spelling import respelled
        from .textanalysis import term_set

        english = goal_text.isascii()
        # Where the report does use the words (a review's figure, a target): said, not guessed at.
        elsewhere = held_hits(store, goal_text, limit=3, coverage=0.75, own=True)
        if elsewhere:
            found = "; ".join(f"{compact_iri(h.document['id'])} {h.document['label_en' if english else 'label']}" for h in elsewhere)
            raise NotFound(f"no goal matches {goal_text!r} and no measure's own words hold it; the report has it in: {found} "
                           f"(`zjkg search {goal_text}`)") from None
        # The nearest names, those that share a word with it (a pair of characters, an English
        # word): one shared character (务 of 地方债务 and 服务业) is no nearness.
        wanted = {t for t, weight in weighted_terms(goal_text).items() if weight == 1.0}
        nearest = [h.document["label_en" if english else "label"]
                   for h in ranking_for(store).search(goal_text, limit=5, classes=[*GOAL_CLASSES, "Measure"], loose=True)
                   if wanted & term_set(h.document["label_en" if english else "label"])]
        if (spelled := respelled(store, goal_text)) is not None:  # "enviroment": the word first, then the names
            nearest = [spelled, *nearest]
        raise NotFound(f"no goal matches {goal_text!r} and the search ranks no measure for it "
                       f"(try `zjkg search {goal_text}`)", nearest) from None
    filters = link_filter(basis, min_confidence)
    items = []
    for goal in goals:
        if goal.type in SDG_CLASSES:
            items += _sdg_servers(store, goal, basis, min_confidence)
            continue
        rows = select_named(store, "measures-serving-goal", {"_goal_iri": ox.NamedNode(goal.id), **filters})
        for row in rows:
            relation = local_name(row["relation"].value)
            link_basis = python_value(row.get("basis"))
            confidence = python_value(row.get("confidence"))
            rationale, rationale_en = python_value(row.get("rationale")), python_value(row.get("rationale_en"))
            if relation == "inArea":
                # The hierarchy is the report's own: the measure is printed under the area.
                link_basis, confidence = ZJKG.stated, ZJKG.high
                rationale = f"举措{row['notation'].value}列于任务{goal.notation}之下"
                rationale_en = f"measure {row['notation'].value} is printed under task area {goal.notation}"
            items.append({
                "id": row["measure"].value, "type": "Measure",
                "label": row["label"].value, "label_en": row["label_en"].value,
                "notation": row["notation"].value,
                "area": row["area"].value, "area_label": row["area_label"].value, "area_label_en": row["area_label_en"].value,
                "goal": goal.id, "goal_type": goal.type, "goal_label": goal.label, "goal_label_en": goal.label_en,
                "relation": relation, "relation_text": _RELATION_WORDS[relation],
                "basis": local_name(link_basis) if link_basis else None,
                "confidence": local_name(confidence) if confidence else None,
                "rationale": rationale, "rationale_en": rationale_en,
                "via": [row["measure"].value, goal.id],
            })
    items.sort(key=lambda i: (i["goal"], _notation_key(i["notation"])))
    if indirect:
        items += _indirect(store, items, basis, min_confidence)
    return items


_MATCH_WORDS = {"closeMatch": "closely matches SDG target", "broadMatch": "falls under SDG target",
                "relatedMatch": "is related to SDG target"}


_CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}


def _alignments(store: Store, goal: Entity):
    """The alignments with an SDG target, or with any target of an SDG goal: (row, the subject's
    measure-attributes row or None for a target's own alignment, basis, confidence)."""
    parameter = "_sdg_goal_iri" if goal.type == "SDGGoal" else "_sdg_iri"
    measures = {row["measure"].value: row for row in select_named(store, "measure-attributes").rows}
    for row in select_named(store, "sdg-alignments", {parameter: ox.NamedNode(goal.id)}).rows:
        yield (row, measures.get(row["subject"].value), local_name(python_value(row.get("basis")) or ZJKG.inferred),
               local_name(python_value(row.get("confidence")) or ""))


def _sdg_servers(store: Store, goal: Entity, basis: str | None = None, min_confidence: str | None = None) -> list[dict]:
    """The measures aligned with an SDG target, or with any target of an SDG goal (of that basis and
    at least that confidence, when given)."""
    items = []
    for row, measure, link_basis, confidence in _alignments(store, goal):
        if measure is None:  # a target's own alignment: serves lists measures (sdg_aligned_goals the targets)
            continue
        if (basis and link_basis != basis) or (min_confidence and _CONFIDENCE_RANK.get(confidence, -1) < _CONFIDENCE_RANK[min_confidence]):
            continue
        relation = local_name(row["match"].value)
        target = row["sdg"].value
        items.append({
            "id": measure["measure"].value, "type": "Measure",
            "label": text_value(measure, "label"), "label_en": text_value(measure, "label_en"),
            "notation": text_value(measure, "notation"), "area": text_value(measure, "area"),
            "area_label": text_value(measure, "area_label"), "area_label_en": text_value(measure, "area_label_en"),
            "goal": goal.id, "goal_type": goal.type, "goal_label": goal.label, "goal_label_en": goal.label_en,
            "relation": relation, "relation_text": f"{_MATCH_WORDS[relation]} {text_value(row, 'sdg_notation')[4:]}",
            "sdg_target": target, "basis": link_basis, "confidence": confidence,
            "rationale": python_value(row.get("rationale")), "rationale_en": python_value(row.get("rationale_en")),
            "via": [measure["measure"].value, target] + ([goal.id] if target != goal.id else []),
        })
    return items


def sdg_aligned_goals(store: Store, text: str) -> list[dict]:
    """The report's targets (a main target, a measure's target) aligned with the SDG goal or target
    ``text`` names, which :func:`measures_serving` leaves out (it lists measures): {"id", "type",
    "label", "label_en", "sdg", "match", "basis", "confidence"}. Empty when ``text`` names no SDG."""
    sdg = sdg_iri(text)
    if sdg is None:
        return []
    found = []
    for goal in _sdg_goals(store, text, sdg):
        for row, measure, link_basis, confidence in _alignments(store, goal):
            if measure is None:
                kinds = [e.type for e in entity_index(store, iri=row["subject"].value)]
                found.append({"id": row["subject"].value, "type": kinds[0] if kinds else "", "label": text_value(row, "label"),
                              "label_en": text_value(row, "label_en"), "sdg": row["sdg"].value,
                              "match": local_name(row["match"].value), "basis": link_basis, "confidence": confidence})
    return found


def _indirect(store: Store, direct_items: list[dict], basis: str | None, min_confidence: str | None) -> list[dict]:
    from .dependencies import indirect_servers
    from .graph import measure_graph

    graph = measure_graph(store, basis=basis, min_confidence=min_confidence)
    goals = {i["goal"]: i for i in direct_items}
    found = []
    for goal, sample in goals.items():
        direct = {i["id"]: goal for i in direct_items if i["goal"] == goal}
        for item in indirect_servers(graph, direct):
            node = graph.nodes[item["id"]]
            found.append({
                "id": item["id"], "type": "Measure", "label": item["label"], "label_en": item["label_en"],
                "notation": item["notation"], "area": node["area"], "area_label": node["area_label"],
                "area_label_en": node["area_label_en"], "goal": goal, "goal_type": sample["goal_type"],
                "goal_label": sample["goal_label"], "goal_label_en": sample["goal_label_en"],
                "relation": "dependsOn", "relation_text": "is a prerequisite of a measure that serves",
                "basis": "inferred", "confidence": item["confidence"] or None, "rationale": item["rationale"],
                "rationale_en": item["rationale_en"], "via": item["via"], "depth": item["depth"],
            })
    return found


def _notation_key(notation: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in notation.split("."))

