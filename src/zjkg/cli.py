"""The ``zjkg`` command: thin click commands over the library.

Each command opens a store, calls one library function, renders the items. Domain errors become a
one-line message and an exit code: 0 ok, 1 a check failed, 2 usage or input error.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from .errors import CheckFailed, InputError, ZjkgError
from .render import FORMATS, Column, render

__all__ = ["cli", "main"]

LANGS = ("zh", "en")


class StoreSpec:
    """Where the graph comes from, as the user said; opened only when a command needs it."""

    def __init__(self, data, endpoint, store_path):
        if endpoint and (data or store_path):
            raise click.UsageError("give --endpoint alone: it replaces --data and --store")
        self.data, self.endpoint, self.store_path = data, endpoint, store_path

    def open(self):
        from .store import open_store

        source = open_store(self.data or None, self.endpoint, self.store_path)
        _OPENED.append(source)  # freed by the process's end, not by Python: see main()
        return source


# The stores this process opened. main() ends the process without freeing them: freeing a large
# in-memory store costs seconds (2.2 s at 3M triples, more than the query), for memory the
# operating system takes back at once.
_OPENED: list = []


def store_options(command):
    """--data, --store and --endpoint: where the graph comes from (the report's own files by default).

    The wrapped command receives them as one ``source`` (a :class:`StoreSpec`).
    """

    @functools.wraps(command)
    def wrapper(*args, data=(), endpoint=None, store_path=None, **kwargs):
        return command(*args, source=StoreSpec(data, endpoint, store_path), **kwargs)

    wrapper = click.option("--endpoint", metavar="URL",
                           help="Send every question to this SPARQL 1.1 endpoint instead of the embedded store.")(wrapper)
    wrapper = click.option("--store", "store_path", metavar="PATH", type=click.Path(path_type=Path),
                           help="Keep the graph in an on-disk store here: built once, reopened fast, rebuilt "
                                "when the data files change.")(wrapper)
    wrapper = click.option("--data", "data", multiple=True, metavar="PATH", type=click.Path(path_type=Path),
                           help="Load these RDF files or directories instead of the report's (repeatable); "
                                "each file becomes a named graph.")(wrapper)
    return wrapper


def output_options(command):
    """--format and --lang, shared by every command that prints items."""
    command = click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True,
                           help="Language of labels in tables.")(command)
    command = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                           help="Output format.")(command)
    return command


def _echo(text: str) -> None:
    click.echo(text, nl=False)


def handle_errors(function):
    """Turn zjkg's errors into a message on stderr and the error's exit code; never a traceback."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ZjkgError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zjkg")
def cli():
    """zjkg: the 2025 Zhenjiang government work report as a knowledge graph.

    Ask which measures serve a goal, look up targets and their baselines, search, and run named or
    your own SPARQL queries, in Chinese or English.

    Example:

        zjkg serves 新质生产力
    """


SERVES_COLUMNS = [Column("goal", "goal", curie=True), Column("notation", "measure"), Column("label", "label"),
                  Column("area_label", "area", width=24), Column("relation", "relation"), Column("basis", "basis"),
                  Column("rationale", "why", width=48)]


@cli.command()
@click.argument("goal")
@click.option("--indirect", is_flag=True, help="Add measures that serve the goal through a dependency chain.")
@store_options
@output_options
@handle_errors
def serves(goal, indirect, source, fmt, lang):
    """Which measures serve GOAL, and why.

    GOAL is a pledge, principle, main target or task area: an IRI or CURIE (pledge:1), a task area
    number (2), or part of a Chinese or English label or alias. When several goals match, each is
    answered and every row names its goal.

    Example:

        zjkg serves 新质生产力

        zjkg serves "productive forces" --lang en --format json

        zjkg serves pledge:4 --indirect
    """
    from .goals import measures_serving

    items = measures_serving(source.open(), goal, indirect=indirect)
    columns = SERVES_COLUMNS + [Column("via", curie=True, width=60)] if indirect else SERVES_COLUMNS
    _echo(render(items, fmt, columns, lang=lang))


@cli.command()
@click.argument("text")
@store_options
@output_options
@handle_errors
def search(text, source, fmt, lang):
    """Entities whose label, alias, number or quote contains TEXT.

    Example:

        zjkg search 人才

        zjkg search talent --lang en
    """
    from .lookup import search as search_entities

    items = search_entities(source.open(), text)
    _echo(render(items, fmt, [Column("id", curie=True), Column("type"), Column("label", width=40),
                              Column("measure", curie=True), Column("matched", width=40)], lang=lang))


@cli.command()
@click.argument("id")
@store_options
@output_options
@handle_errors
def show(id, source, fmt, lang):
    """Everything the graph says about ID (an IRI, CURIE, number such as 2.1, or a name).

    Example:

        zjkg show 2.1

        zjkg show measure:2-1 --format json
    """
    from .lookup import show as show_entity

    entities = show_entity(source.open(), id)
    if fmt != "table":
        _echo(render(entities, fmt, lang=lang))
        return
    for entity in entities:
        name = entity["label_en"] if lang == "en" else entity["label"]
        click.echo(f"{entity['id']}  ({entity['type']})  {name}")
        rows = [{**s, "property": s["property"], "value": s["value"]} for s in entity["statements"]]
        _echo(render(rows, "table", [Column("direction", "dir"), Column("property", curie=True),
                                     Column("value", curie=True, width=48), Column("value_label", "label", width=30),
                                     Column("basis"), Column("rationale", width=40)], lang=lang))


@cli.command()
@click.option("--measure", metavar="MEASURE", help="Only the targets of this measure (e.g. 3.2).")
@store_options
@output_options
@handle_errors
def targets(measure, source, fmt, lang):
    """Every 2025 target with value, unit, comparator, year and its 2024 baseline.

    Example:

        zjkg targets --measure 3.2

        zjkg targets --format json
    """
    from .lookup import targets as list_targets

    items = list_targets(source.open(), measure)
    _echo(render(items, fmt, [Column("measure_notation", "measure"), Column("label", width=36),
                              Column("value"), Column("unit"), Column("comparator"), Column("year"),
                              Column("baseline"), Column("change")], lang=lang))


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Bind a query parameter (repeatable), e.g. -p goal_iri pledge:1.")
@store_options
@output_options
@handle_errors
def query(name, list_, params, source, fmt, lang):
    """Run the named query NAME from queries/ (or list them with --list).

    Parameters are bound as RDF terms, never pasted into the query text.

    Example:

        zjkg query --list

        zjkg query measures-by-pledge -p pledge_iri pledge:1
    """
    from .queries import get_query, list_queries, run_named

    if list_ or not name:
        items = [{"name": q.name, "summary": q.summary, "params": [p.lstrip("_") for p in q.params],
                  "tags": list(q.tags), "description": q.description} for q in list_queries()]
        _echo(render(items, fmt, [Column("name"), Column("summary"), Column("params")], lang=lang))
        return
    get_query(name)  # unknown names fail before the store is loaded
    answer = run_named(source.open(), name, dict(params))
    _echo(_render_answer(answer, fmt, lang))


@cli.command()
@click.argument("query_text", metavar="QUERY|FILE|-")
@store_options
@output_options
@handle_errors
def sparql(query_text, source, fmt, lang):
    """Run your own SPARQL: the query itself, a file holding it, or - for standard input.

    The zjkg prefixes (zjkg:, measure:, pledge:, rdfs:, skos: ...) must be declared as usual.
    SERVICE and updates are refused.

    Example:

        zjkg sparql 'PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT ?m WHERE { ?m a zjkg:Measure }'

        zjkg sparql my-question.rq --format csv
    """
    from .queries import run_sparql

    text = _read_query(query_text)
    answer = run_sparql(source.open(), text)
    _echo(_render_answer(answer, fmt, lang))


def _read_query(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    path = Path(argument)
    if len(argument) < 4096 and "\n" not in argument and path.suffix in {".rq", ".sparql", ".txt"}:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{argument}: no such query file") from None
    return argument


def _render_answer(answer, fmt: str, lang: str) -> str:
    """SELECT rows as items; ASK as a boolean; CONSTRUCT/DESCRIBE as N-Triples (JSON: s/p/o objects)."""
    from .results import plain_row
    from .store import Rows

    if isinstance(answer, Rows):
        variables = answer.variables
        items = [dict.fromkeys(variables) | plain_row(row) for row in answer.rows]
        columns = [Column(v, curie=True) for v in variables]
        return render(items, fmt, columns, lang=lang)
    if isinstance(answer, bool):
        return render([{"boolean": answer}], fmt, lang=lang) if fmt != "table" else f"{str(answer).lower()}\n"
    if fmt == "table":
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in answer)
    from .results import python_value

    items = [{"subject": python_value(t.subject), "predicate": python_value(t.predicate), "object": python_value(t.object)}
             for t in answer]
    return render(items, fmt, lang=lang)


@cli.command()
@store_options
@output_options
@handle_errors
def stats(source, fmt, lang):
    """How many entities of each class the graph holds.

    Example:

        zjkg stats --format json
    """
    from .lookup import class_counts

    counts = class_counts(source.open())
    if fmt == "json":
        from .render import to_json

        _echo(to_json(counts))
        return
    _echo(render([{"class": k, "count": v} for k, v in counts.items()], fmt, lang=lang))


@cli.command()
@click.option("--data", "data", multiple=True, metavar="PATH", type=click.Path(path_type=Path),
              help="Validate these Turtle files instead of data/triples.ttl (repeatable).")
@click.option("--source", type=click.Path(path_type=Path), help="The report's text to check quotes against.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@handle_errors
def validate(data, source, fmt):
    """Check the data: SHACL shapes, quotes against the report, every printed number accounted for.

    Exits 0 when valid, 1 when there are violations, 2 when the check could not run.

    Example:

        zjkg validate
    """
    from .validate import validate as run_checks

    problems = run_checks(list(data) or None, source=source)
    items = [p.item() for p in problems]
    if fmt != "table" or problems:
        _echo(render(items, fmt, [Column("check"), Column("entity"), Column("message")]))
    if problems:
        raise CheckFailed(f"{len(problems)} problem(s) found")
    if fmt == "table":
        click.echo("valid: SHACL shapes conform, every quote is in the source, every number is accounted for")


from . import cli_graph, cli_serve  # noqa: E402,F401  register the graph and server commands on `cli`


def main():
    try:
        cli(prog_name="zjkg")  # click's standalone mode always ends in SystemExit
    except SystemExit as done:
        code = done.code
    except BrokenPipeError:  # `zjkg ... | head` closed the pipe: not an error
        sys.stderr.close()
        sys.exit(0)
    else:
        code = 0
    if not _OPENED or not isinstance(code, (int, type(None))):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader closed the pipe early (`| head`): not an error, as above
    # Nothing is left to write (every file zjkg writes is closed and swapped in before its command
    # returns; a store in memory has nothing to save, one on disk is open read-only), so the
    # interpreter's teardown is skipped.
    os._exit(code or 0)


if __name__ == "__main__":
    main()
