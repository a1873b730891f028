"""Resolve what a person types to entities, and answer "which measures serve goal X".

A goal is a Pledge, Principle, MainTarget or TaskArea. Input may be an IRI, a CURIE
(``pledge:1``), a printed number (``2`` for task area 2, ``2.1`` for a measure) or part of a
Chinese or English label or alias (``新质生产力``, ``productive forces``, ``GDP``). Matching is
NFKC-normalised and case-insensitive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InputError, NotFound
from .namespace import ZJKG, expand_curie, is_iri, local_name
from .queries import select_named
from .results import python_value, text_value
from .store import Source

__all__ = ["Entity", "GOAL_CLASSES", "normalise", "entity_index", "resolve", "resolve_goals", "measures_serving"]

GOAL_CLASSES = ("Pledge", "Principle", "MainTarget", "TaskArea")


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    label: str
    label_en: str
    notation: str | None
    aliases: tuple[str, ...]

    def names(self) -> Iterable[str]:
        yield self.label
        yield self.label_en
        yield from self.aliases

    def item(self) -> dict:
        return {"id": self.id, "type": self.type, "label": self.label, "label_en": self.label_en}


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: how every comparison of names is made.

    >>> normalise("  Ｇ ＤＰ ")
    'g dp'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def entity_index(store: Source, classes: Iterable[str] | None = None, *, iri: str | None = None) -> list[Entity]:
    """Every entity of the given class local names (all classes when None), in class then IRI order;
    with ``iri``, only that entity.

    With classes, the index query runs once per class with the class bound, so a corpus of many
    reports is not listed whole to find a pledge.
    """
    bindings = [{"_class_iri": ox.NamedNode(getattr(ZJKG, c))} for c in sorted(classes)] if classes else [{}]
    if iri is not None:
        bindings = [{**bound, "_entity_iri": ox.NamedNode(iri)} for bound in bindings]
    return [_entity(row["entity"].value, local_name(row["class"].value), text_value(row, "label"),
                    text_value(row, "label_en"), python_value(row.get("notation")), python_value(row.get("aliases")))
            for bound in bindings for row in select_named(store, "entity-index", bound)]


def _entity(iri: str, cls: str, label: str | None, label_en: str | None, notation: str | None,
            aliases: str | None) -> Entity:
    """An Entity from one entity-index row (or the name index's), aliases joined by " | "."""
    return Entity(iri, cls, label or "", label_en or "", notation, tuple(sorted(a for a in (aliases or "").split(" | ") if a)))


def resolve(store: Source, text: str, classes: Iterable[str] | None = None, *, what: str = "entity") -> list[Entity]:
    """Entities matching ``text``: an exact IRI, CURIE or number first; else every name containing it.

    Raises :class:`NotFound` (with the nearest names) when nothing matches.
    """
    if "\x00" in text:
        raise InputError(f"{what} {text!r}: NUL bytes are not allowed")
    wanted = normalise(text)
    if not wanted:
        raise InputError(f"{what}: empty text")
    iri = expand_curie(text.strip()) or text.strip()
    if is_iri(iri):  # looked up directly: a script asking by IRI in a loop does not list a corpus
        found = entity_index(store, classes, iri=iri)
        if found:
            return found
    index = store.names  # a persistent store's name index: no listing of the corpus
    if index is not None:
        exact = [_entity(*row) for row in index.exact(iri, wanted, classes)]
        matches = [] if exact else [_entity(*row) for row in index.containing(wanted, classes)]
    else:
        candidates = entity_index(store, classes)
        exact = [e for e in candidates if e.id == iri or (e.notation is not None and normalise(e.notation) == wanted)]
        matches = [] if exact else [e for e in candidates if any(wanted in normalise(name) for name in e.names())]
    if exact:
        return exact
    if matches:
        # Names equal to the text first, then in IRI order (already sorted).
        return sorted(matches, key=lambda e: not any(normalise(n) == wanted for n in e.names()))
    import difflib  # only when nothing matched

    names = index.names(classes) if index is not None else sorted({n for e in candidates for n in (e.label, e.label_en)})
    nearest = difflib.get_close_matches(text.strip(), names, n=5, cutoff=0.3)
    if not nearest:  # Chinese text rarely scores well on whole-label ratios: rank by shared characters.
        nearest = sorted(names, key=lambda n: -len(set(wanted) & set(normalise(n))))[:5]
    kinds = ", ".join(sorted(set(classes))) if classes else "entity"
    raise NotFound(f"no {kinds} matches {text!r}", nearest)


def resolve_goals(store: Source, text: str) -> list[Entity]:
    return resolve(store, text, GOAL_CLASSES, what="goal")


_RELATION_WORDS = {
    "servesPledge": "serves pledge", "followsPrinciple": "follows principle",
    "contributesTo": "contributes to", "inArea": "is numbered under",
}


def measures_serving(store: Source, goal_text: str, *, indirect: bool = False) -> list[dict]:
    """Measures that serve each goal matching ``goal_text``, with why (relation, basis, rationale).

    Every item carries ``via`` (the ids from the measure to the goal, the measure first), ``area``
    and ``goal``. Items are ordered by goal, then measure. With ``indirect``, measures that serve a
    goal through a dependency chain follow, ``via`` running measure, ..., direct server, goal.
    """
    items = []
    for goal in resolve_goals(store, goal_text):
        rows = select_named(store, "measures-serving-goal", {"_goal_iri": ox.NamedNode(goal.id)})
        for row in rows:
            relation = local_name(row["relation"].value)
            basis = python_value(row.get("basis"))
            rationale = python_value(row.get("rationale"))
            if relation == "inArea":
                # The hierarchy is the report's own: the measure is printed under the area.
                basis = ZJKG.stated
                rationale = f"举措{row['notation'].value}列于任务{goal.notation}之下 / printed under task area {goal.notation}"
            items.append({
                "id": row["measure"].value, "type": "Measure",
                "label": row["label"].value, "label_en": row["label_en"].value,
                "notation": row["notation"].value,
                "area": row["area"].value, "area_label": row["area_label"].value, "area_label_en": row["area_label_en"].value,
                "goal": goal.id, "goal_type": goal.type, "goal_label": goal.label, "goal_label_en": goal.label_en,
                "relation": relation, "relation_text": _RELATION_WORDS[relation],
                "basis": local_name(basis) if basis else None, "rationale": rationale,
                "via": [row["measure"].value, goal.id],
            })
    items.sort(key=lambda i: (i["goal"], _notation_key(i["notation"])))
    if indirect:
        items += _indirect(store, items)
    return items


def _indirect(store: Source, direct_items: list[dict]) -> list[dict]:
    from .dependencies import indirect_servers
    from .graph import measure_graph

    graph = measure_graph(store)
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
                "basis": "inferred", "rationale": item["rationale"], "via": item["via"], "depth": item["depth"],
            })
    return found


def _notation_key(notation: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in notation.split("."))

