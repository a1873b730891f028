"""The ``ask`` command: a question in your own words, answered by the named query it reads as."""

from __future__ import annotations

import click

from ..render import Column, render, to_json
from .options import echo, handle_errors, with_store

__all__ = ["ask"]


@click.command()
@click.argument("question")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format: the answer as a table, or one JSON object.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of labels in tables.")
@click.option("--explain", is_flag=True, help="Show how the question was read: entities, cues, topic and the scores.")
@with_store
@handle_errors
def ask(question, fmt, lang, explain, store):
    """Answer QUESTION (Chinese or English, simplified or traditional) with the named query it asks.

    The question is matched against the example questions of every named query, the entities it
    names (measures by number or name, goals, sectors, years, topics) fill the parameters, and
    the query runs offline. The table shows the reading first, then the answer, then the report's
    words; when no reading is clearly best it says so and lists the best three. The JSON object
    holds question, query, params, sparql, items and alternatives.

    Example:

        zjkg ask 哪些措施服务于民生保障？

        zjkg ask "What are the targets of measure 6.2?" --lang en

        zjkg ask 2024年空气质量优良天数比率是多少 --format json
    """
    from ..ask import ask as answer_question

    answer = answer_question(store.open(), question)
    if fmt == "json":
        shown = answer if explain else {k: v for k, v in answer.items() if k != "reading"}
        echo(to_json(shown))
        return
    click.echo(describe(answer, lang))
    if answer["query"] is None:
        for note in answer.get("notes", []):
            click.echo(f"Note: {note}")
        if answer["alternatives"]:
            click.echo("The closest readings, none close enough:")
            for alternative in answer["alternatives"]:
                click.echo(f"  {_reading(alternative)}  (score {alternative['score']})")
        if not answer.get("notes"):  # a note says what to try already
            click.echo("Try `zjkg search` with the words of the question, or `zjkg query --list`.")
        return
    if not answer["confident"]:
        click.echo("Not sure what is asked: the best readings are")
        for alternative in answer["alternatives"]:
            click.echo(f"  {_reading(alternative)}  (score {alternative['score']})")
        click.echo("The first is answered below.")
    if explain:
        click.echo(_explanation(answer))
    for note in answer.get("notes", []):  # what the rows are, before them: narrowed, or none found
        click.echo(f"Note: {note}")
    click.echo()
    if answer["items"]:
        echo(render(answer["items"], "table", _columns(answer["items"]), lang=lang))
    else:
        click.echo("(no rows)")
    if answer.get("quotes"):
        click.echo("\n原文 / the report's words:")
        for curie, quote in answer["quotes"].items():
            click.echo(f"  {curie}: {quote}")


def describe(answer: dict, lang: str = "zh") -> str:
    """The interpretation line: "→ measures-serving-goal, goal = pledge:1 努力在…", its labels in ``lang``."""
    if answer["query"] is None:
        return "→ no named query matches this question"
    labels = answer.get("labels", {})
    return "→ " + _reading(answer, {**labels, **answer.get("labels_en", {})} if lang == "en" else labels)


def _reading(interpretation: dict, labels: dict | None = None) -> str:
    parts = [interpretation["query"]]
    for name, value in interpretation["params"].items():
        label = (labels or {}).get(value)
        parts.append(f"{name.lstrip('_').removesuffix('_iri')} = {value}" + (f" {label}" if label else ""))
    if interpretation.get("topic"):
        parts.append(f"topic = {interpretation['topic']!r} (no formal goal: the measures the search ranks)")
    if interpretation.get("search"):
        parts.append("ranked by the search index")
    return ", ".join(parts)


def _explanation(answer: dict) -> str:
    reading = answer["reading"]
    lines = [f"read as: {reading['folded']}"]
    for entity in reading["entities"]:
        lines.append(f"  {entity['kind']}: {entity['value']} {entity['label']} (by {entity['how']})")
    if reading["cues"]:
        lines.append("  cues: " + ", ".join(reading["cues"]))
    if reading["topic"]:
        lines.append(f"  topic: {reading['topic']}")
    lines.append("  readings: " + "; ".join(f"{r['query']} {r['score']}" for r in reading["readings"]))
    return "\n".join(lines)


def _columns(items: list[dict]) -> list[Column]:
    keys = [k for k in items[0] if not k.startswith("_") and not k.endswith("_en")]
    wide = {"label", "rationale", "quote", "snippet", "description", "goal_label", "area_label"}
    return [Column(k, curie=True, width=40 if k in wide else None) for k in keys]
