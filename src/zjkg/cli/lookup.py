"""The lookup commands: serves, search, show, targets, stats."""

from __future__ import annotations

import re

import click

from ..render import Column, render
from .options import echo, handle_errors, link_filter_options, output_options, with_store

__all__ = ["serves", "search", "show", "targets", "stats"]

SERVES_COLUMNS = [Column("goal", "goal", curie=True), Column("notation", "measure"), Column("label", "label"),
                  Column("area_label", "area", width=24), Column("relation", "relation"), Column("basis", "basis"),
                  Column("confidence", "confidence"), Column("rationale", "why", width=48)]
TOPIC_COLUMNS = [Column("notation", "measure"), Column("label", "label", width=30), Column("relation", "relation"),
                 Column("score", "score"), Column("snippet", "matched", width=56)]
SEARCH_COLUMNS = [Column("id", curie=True), Column("type"), Column("label", width=36), Column("score"),
                  Column("measure_notation", "measure"), Column("snippet", "matched", width=44)]


@click.command()
@click.argument("goal")
@click.option("--indirect", is_flag=True, help="Add measures that serve the goal through a dependency chain.")
@link_filter_options
@with_store
@output_options
@handle_errors
def serves(goal, indirect, basis, min_confidence, store, fmt, lang):
    """Which measures serve GOAL, and why.

    GOAL is a pledge, principle, main target or task area: an IRI or CURIE (pledge:1, Pledge:1), its
    kind and number (承诺1, pledge 1, 第五项任务, main target 3), a task area number (2), or part of a
    Chinese or English label or alias, in simplified or traditional characters. When several goals
    match, each is answered and every row names its goal. Any other topic (就业, employment, carbon)
    is answered by the measures the search ranks for it, each marked relation "topic" with its score
    and the words that matched. A number, CURIE or IRI that names no goal is an error (exit 2), not a topic.
    A UN Sustainable Development Goal or SDG target is named by its number (SDG 8, 可持续发展目标8,
    SDG 8.5) or CURIE (sdg:8.5): the measures aligned with it (the curator's reading, with a confidence).

    Example:

        zjkg serves 新质生产力

        zjkg serves "productive forces" --lang en --format json

        zjkg serves pledge:4 --indirect

        zjkg serves 守正创新 --min-confidence medium

        zjkg serves 就业

        zjkg serves "SDG 13"
    """
    from ..goals import measures_serving

    items = measures_serving(store.open(), goal, indirect=indirect, basis=basis, min_confidence=min_confidence)
    if items and items[0]["relation"] == "topic":
        if fmt == "table":
            click.echo(f"No formal goal matches {goal!r}: the measures the search ranks for it, as a topic "
                       f"(relation \"topic\"; see `zjkg search {goal}`).")
            if items[0].get("field") == "synonym":  # `serves 营商环境`: 4.1 by the related words, not its own
                click.echo(f"The report does not say {goal!r} of the first: it is reached through the synonyms table.")
        echo(render(items, fmt, TOPIC_COLUMNS, lang=lang))
        return
    columns = SERVES_COLUMNS + [Column("via", curie=True, width=60)] if indirect else SERVES_COLUMNS
    echo(render(items, fmt, columns, lang=lang))
    if fmt == "table":
        _say_aligned_targets(store.open(), goal, lang)


def _say_aligned_targets(opened, goal: str, lang: str) -> None:
    """The report's targets aligned with the SDG asked, which the measures' table leaves out: "SDG 8.1"
    was "(no results)" though main target 1 (GDP growth) is aligned with it."""
    from ..goals import sdg_aligned_goals
    from ..namespace import compact_iri

    for target in sdg_aligned_goals(opened, goal):
        label = target["label_en"] if lang == "en" and target["label_en"] else target["label"]
        click.echo(f"Also aligned with {compact_iri(target['sdg'])}: {compact_iri(target['id'])} {label} "
                   f"({target['match']}, {target['basis']}, {target['confidence']}); "
                   + (f"`zjkg serves {compact_iri(target['id'])}` lists the measures that serve it." if target["type"] == "MainTarget"
                      else f"`zjkg show {compact_iri(target['id'])}` shows it and its measure."))


@click.command()
@click.argument("text")
@with_store
@output_options
@handle_errors
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="How many entities to list.")
def search(text, limit, store, fmt, lang):
    """The entities that best match TEXT, ranked, in Chinese or English.

    Labels, aliases, quotes, rationales, numbers and figures are searched (BM25 over Chinese
    character pairs and English word stems; traditional characters, full-width forms and spaces
    are folded). Each row has its score and the words that matched; actions and targets name
    their measure.

    Example:

        zjkg search 人才

        zjkg search drones --lang en
    """
    from ..lookup import search as search_entities

    opened = store.open()
    items = search_entities(opened, text, limit=limit)
    echo(render(items, fmt, SEARCH_COLUMNS, lang=lang))
    if not items:
        from ..spelling import respelled

        if (spelled := respelled(opened, text)) is not None:  # beside the output, which stays valid JSON or TSV
            click.echo(f"Did you mean: {spelled} (`zjkg search {spelled}`)", err=True)


@click.command()
@click.argument("id")
@with_store
@output_options
@handle_errors
def show(id, store, fmt, lang):
    """Everything the graph says about ID (an IRI, CURIE, id without its prefix such as main-2, number such as 2.1, or a name).

    An entity read from the report shows its quote in context: the text just before it, the quote
    in 【】 and the text after it, with its code-point offsets in the source text.

    Example:

        zjkg show 2.1

        zjkg show measure:2-1 --format json
    """
    from ..lookup import show as show_entity

    entities = show_entity(store.open(), id)
    if fmt != "table":
        echo(render(entities, fmt, lang=lang))
        return
    for entity in entities:
        name = entity["label_en"] if lang == "en" else entity["label"]
        click.echo(f"{entity['id']}  ({entity['type']})  {name}")
        if entity.get("anchor"):
            click.echo(quote_in_context(entity["anchor"]))
        rows = [{**s, "property": s["property"], "value": s["value"]} for s in entity["statements"]]
        echo(render(rows, "table", [Column("direction", "dir"), Column("property", curie=True),
                                     Column("value", curie=True, width=48), Column("value_label", "label", width=30),
                                     Column("basis"), Column("confidence"), Column("rationale", width=40)], lang=lang))
        if entity.get("conflicts"):
            click.echo("conflicts with / 相互制约:")
            echo(render(entity["conflicts"], "table", [Column("notation", "measure"), Column("label", width=30),
                                                        Column("confidence"), Column("rationale", "why", width=60)],
                        lang=lang))


def quote_in_context(anchor: dict) -> str:
    """One line: the quote between the text before and after it, with its offsets. The poster's line
    breaks fall inside words, so they are dropped; other runs of spaces become one.

    >>> quote_in_context({"start": 3, "end": 8, "prefix": "甲。\\n\\n乙", "exact": "新签约亿\\n元 以上", "suffix": "，"})
    '  quote [3, 8): …甲。乙【新签约亿元 以上】，…'
    """
    def flat(text: str) -> str:
        return re.sub(r"[^\S\n]+", " ", re.sub(r"\s*\n\s*", "", text)).strip()

    return f"  quote [{anchor['start']}, {anchor['end']}): …{flat(anchor['prefix'])}【{flat(anchor['exact'])}】{flat(anchor['suffix'])}…"


@click.command()
@click.option("--measure", metavar="MEASURE", help="Only the targets of this measure (e.g. 3.2).")
@with_store
@output_options
@handle_errors
def targets(measure, store, fmt, lang):
    """Every 2025 target with value, unit, comparator, year and its 2024 baseline.

    Example:

        zjkg targets --measure 3.2

        zjkg targets --format json
    """
    from ..lookup import targets as list_targets

    opened = store.open()
    items = list_targets(opened, measure)
    echo(render(items, fmt, [Column("measure_notation", "measure"), Column("label", width=36),
                              Column("value"), Column("unit"), Column("comparator"), Column("year"),
                              Column("baseline"), Column("change")], lang=lang))
    if not items and measure:  # "(no results)" alone read as a failed lookup
        from ..resolve import resolve_one

        found = resolve_one(opened, measure, ["Measure"], what="measure")
        click.echo(f"Measure {found.notation} {found.label_en if lang == 'en' else found.label}: the report sets it no "
                   f"numeric target; `zjkg show {found.notation}` lists its actions.", err=True)


@click.command()
@with_store
@output_options
@handle_errors
def stats(store, fmt, lang):
    """How many entities of each class the graph holds.

    Example:

        zjkg stats --format json
    """
    from ..lookup import class_counts

    counts = class_counts(store.open())
    if fmt == "json":
        from ..render import to_json

        echo(to_json(counts))
        return
    echo(render([{"class": k, "count": v} for k, v in counts.items()], fmt, lang=lang))
