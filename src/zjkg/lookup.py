"""Read-only views for the CLI's lookups: search, show, targets, stats."""

from __future__ import annotations

import pyoxigraph as ox

from .errors import InputError
from .namespace import compact_iri, local_name
from .queries import select_named
from .resolve import resolve, resolve_one
from .store import Store
from .text import normalise
from .values import plain_row, python_value

__all__ = ["search", "substring_search", "show", "conflicts", "quote_anchor", "targets", "class_counts"]


def search(store: Store, text: str, *, limit: int = 20) -> list[dict]:
    """The entities ranked for ``text`` by the search index (:mod:`zjkg.ranking`: BM25 over
    Chinese n-grams and English stems, in both languages, traditional folded to simplified),
    highest ``score`` first, each with the ``snippet`` that matched. Actions and targets name their
    measure (``measure``, ``measure_notation``, ``measure_label``).
    """
    _check_search_text(text)
    from .ranking import ranking_for

    return [hit.item() for hit in ranking_for(store).search(text, limit=limit)]


def _check_search_text(text: str) -> str:
    if "\x00" in text:
        raise InputError("search text: NUL bytes are not allowed")
    wanted = normalise(text)
    if not wanted:
        raise InputError("search text is empty")
    return wanted


def substring_search(store: Store, text: str) -> list[dict]:
    """Entities whose label, alias, number or quote contains ``text`` (NFKC, case-insensitive),
    unranked, in class then IRI order: the ``keyword-search`` named query (by the name index on a
    persistent store). Actions and targets carry their ``measure``.
    """
    wanted = _check_search_text(text)
    if store.names is not None:  # a persistent store's index: the same answer without scanning the store
        return store.names.search(wanted)
    rows = select_named(store, "keyword-search", {"_text": ox.Literal(wanted)})
    items = []
    for row in rows:
        item = {"id": row["entity"].value, "type": local_name(row["class"].value),
                "label": row["label"].value, "label_en": row["label_en"].value,
                "measure": python_value(row.get("measure")), "matched": python_value(row.get("matched"))}
        items.append(item)
    return items


_SHOWN_AT_MOST = 5  # entities one `show` describes; more is a search, not a lookup


def show(store: Store, text: str) -> list[dict]:
    """Everything said about each entity matching ``text``: one item per entity with its statements;
    a measure also lists the measures it conflicts with (``conflicts``), whichever side the pair is written from."""
    found = resolve(store, text)
    if len(found) > _SHOWN_AT_MOST:  # "show 持续": 61 entities, 800 lines, every SDG target with 可持续
        listed = "; ".join(f"{compact_iri(e.id)} {e.label}" for e in found[:8])
        raise InputError(f"{text!r} names {len(found)} entities: give one of them, by id or a longer name "
                         f"({listed}{'; …' if len(found) > 8 else ''})")
    shown = []
    for entity in found:
        statements = []
        for row in select_named(store, "entity-description", {"_entity_iri": ox.NamedNode(entity.id)}):
            value = plain_row(row)
            basis, confidence = value.get("basis"), value.get("confidence")
            statements.append({
                "direction": value["direction"], "property": value["property"], "value": value["value"],
                "value_label": value.get("value_label"), "value_label_en": value.get("value_label_en"),
                "basis": local_name(basis) if basis else None, "confidence": local_name(confidence) if confidence else None,
                "rationale": value.get("rationale"), "rationale_en": value.get("rationale_en"),
            })
        item = {**entity.item(), "notation": entity.notation, "statements": statements,
                "anchor": quote_anchor(store, entity.id)}
        if entity.type == "Measure":
            item["conflicts"] = conflicts(store, entity.id)
        shown.append(item)
    return shown


def conflicts(store: Store, measure: str) -> list[dict]:
    """The measures ``measure`` conflicts with (zjkg:conflictsWith is symmetric: either side of a pair),
    each with the pair's basis, confidence and rationales."""
    items = []
    for row in select_named(store, "measure-conflicts", {"_measure_iri": ox.NamedNode(measure)}):
        value = plain_row(row)
        other = "conflicts_with" if value["measure"] == measure else "measure"
        prefix = "conflicts_" if other == "conflicts_with" else ""
        items.append({
            "id": value[other], "notation": value[f"{prefix}notation"], "label": value.get(f"{prefix}label"),
            "label_en": value.get(f"{prefix}label_en"),
            "basis": local_name(value["basis"]) if value.get("basis") else None,
            "confidence": local_name(value["confidence"]) if value.get("confidence") else None,
            "rationale": value.get("rationale"), "rationale_en": value.get("rationale_en"),
        })
    return items


def quote_anchor(store: Store, entity: str) -> dict | None:
    """Where the entity's quote sits in the source text (its W3C Web Annotation), or None.

    ``start``/``end`` are code-point offsets into the source as shipped; ``exact`` is the text there,
    ``prefix``/``suffix`` the text around it; ``source`` the source text's IRI, versioned by its SHA-256.
    """
    for row in select_named(store, "quote-anchor", {"_entity_iri": ox.NamedNode(entity)}):
        value = plain_row(row)
        return {"source": value["source"], "start": int(value["start"]), "end": int(value["end"]),
                "exact": value["exact"], "prefix": value["prefix"], "suffix": value["suffix"]}
    return None


def targets(store: Store, measure: str | None = None) -> list[dict]:
    """Every 2025 target with value, unit, comparators, year, quote and its 2024 baseline (or None)."""
    bindings = {}
    if measure:
        bindings["_measure_iri"] = ox.NamedNode(resolve_one(store, measure, ["Measure"], what="measure").id)
    items = []
    for row in select_named(store, "targets-with-baselines", bindings):
        value = plain_row(row)
        baseline = None
        if value.get("baseline"):
            baseline = {"id": value["baseline"], "label": value.get("baseline_label") or None, "value": value.get("baseline_value"),
                        "unit": value.get("baseline_unit"), "year": int(value["baseline_year"])}
        items.append({
            "id": value["target"], "type": "MainTarget" if value["main"] else "Target",
            "label": value["label"], "label_en": value["label_en"],
            "measure": value.get("measure"), "measure_notation": value.get("measure_notation"),
            "indicator": value.get("indicator"), "indicator_label": value.get("indicator_label"),
            "indicator_label_en": value.get("indicator_label_en"),
            "value": value.get("value"), "unit": value.get("unit"),
            "comparator": sorted(value["comparators"].split()) if value.get("comparators") else [],
            "year": int(value["year"]), "deadline": value.get("deadline"), "quote": value["quote"],
            "baseline": baseline, "change": value.get("change"),
        })
    return items


def class_counts(store: Store) -> dict[str, int]:
    """Instances per zjkg class, e.g. ``{"Measure": 30, ...}`` (classes with none are left out)."""
    return {local_name(row["class"].value): int(row["count"].value) for row in select_named(store, "class-counts")}
