"""The query commands: named queries (query) and your own SPARQL (sparql)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from ..render import STREAMED_FORMATS, Column, render, stream_rows
from .limits import limit_options
from .options import echo, handle_errors, output_options, with_store

__all__ = ["query", "sparql"]


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Bind a query parameter (repeatable), e.g. -p goal_iri pledge:1.")
@with_store
@output_options
@handle_errors
@limit_options
def query(name, list_, params, store, fmt, lang):
    """Run the named query NAME from queries/ (or list them with --list).

    Parameters are bound as RDF terms, never pasted into the query text.

    Example:

        zjkg query --list

        zjkg query measures-by-pledge -p pledge_iri pledge:1
    """
    from ..queries import get_query, list_queries, run_named, stream_named

    if list_ or not name:
        items = [{"name": q.name, "summary": q.summary, "params": [p.lstrip("_") for p in q.params],
                  "tags": list(q.tags), "description": q.description} for q in list_queries()]
        echo(render(items, fmt, [Column("name"), Column("summary"), Column("params")], lang=lang))
        return
    get_query(name)  # unknown names fail before the store is loaded
    opened = store.open()
    values = _resolved(opened, dict(params))
    if fmt in STREAMED_FORMATS:
        _echo_stream(stream_named(opened, name, values), fmt, lang, hide_parameters=True)
        return
    answer = run_named(opened, name, values)
    echo(_render_answer(answer, fmt, lang, hide_parameters=True))


# What an entity parameter names, by its name: its value may be typed as anywhere else (a printed
# number, a label), not only as an IRI or a CURIE ("-p measure_iri 3.2").
def _param_classes() -> dict[str, list[str] | None]:
    from ..goals import GOAL_CLASSES  # the goals' classes as `serves` reads them; imported only when a query runs

    return {"measure_iri": ["Measure"], "depends_on_iri": ["Measure"], "pledge_iri": ["Pledge"], "principle_iri": ["Principle"],
            "target_iri": ["MainTarget"], "sector_iri": ["Sector"], "goal_iri": list(GOAL_CLASSES), "entity_iri": None}


def _resolved(store, params: dict[str, str]) -> dict[str, str]:
    """Entity parameters as the entities' IRIs; one the store does not hold is an input error
    ("-p pledge_iri pledge:99" answered "(no results)", exit 0)."""
    from ..resolve import resolve_one

    kinds = _param_classes()
    values = {}
    for name, value in params.items():
        key = name.lstrip("_")
        if key in kinds:
            value = resolve_one(store, value, kinds[key], what=key.removesuffix("_iri")).id
        values[name] = value
    return values


@click.command()
@click.argument("query_text", metavar="QUERY|FILE|-")
@with_store
@output_options
@handle_errors
@limit_options
def sparql(query_text, store, fmt, lang):
    """Run your own SPARQL: the query itself, a file holding it, or - for standard input.

    The zjkg prefixes (zjkg:, measure:, pledge:, rdfs:, skos: ...) must be declared as usual.
    SERVICE and updates are refused.

    Example:

        zjkg sparql 'PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT ?m WHERE { ?m a zjkg:Measure }'

        zjkg sparql my-question.rq --format csv
    """
    from ..queries import run_sparql, stream_sparql

    text = _read_query(query_text)
    if fmt in STREAMED_FORMATS:
        _echo_stream(stream_sparql(store.open(), text), fmt, lang)
        return
    answer = run_sparql(store.open(), text)
    echo(_render_answer(answer, fmt, lang))


def _read_query(argument: str) -> str:
    """The query text: standard input, a query file (UTF-8, a byte-order mark dropped, or UTF-16 as
    Windows Notepad saves it) or the argument itself; never empty, never undecodable."""
    if argument == "-":
        text = _decoded(sys.stdin.buffer.read(), "standard input")
        where = "standard input"
    else:
        path = Path(argument)
        shaped_as_path = len(argument) < 4096 and "\n" not in argument
        if shaped_as_path and path.is_dir():
            raise InputError(f"{argument}: is a directory, not a query file")
        if shaped_as_path and path.suffix in {".rq", ".sparql", ".txt"}:
            try:
                text = _decoded(path.read_bytes(), argument)
            except FileNotFoundError:
                raise InputError(f"{argument}: no such query file") from None
            except OSError as error:
                raise InputError(f"{argument}: cannot read: {error.strerror or error}") from None
            where = argument
        else:
            try:
                argument.encode("utf-8")
            except UnicodeEncodeError:  # bytes the shell passed that are no UTF-8 (kept as surrogates)
                raise InputError("the query argument is not UTF-8 text") from None
            text, where = argument, "the query"
    if not text.strip():
        raise InputError(f"{where}: empty, no query to run")
    return text


def _decoded(content: bytes, where: str) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{where}: not UTF-8 text (byte {content[error.start]:#04x} at offset {error.start}); "
                         "save the query as UTF-8") from None


def _shown(variables: list[str], hide_parameters: bool) -> list[str]:
    """The columns shown: a named query's parameters (``_basis``, ``_pledge_iri``...) are how it is
    asked, not what it answers (a CSV began with five empty or repeated columns)."""
    return [v for v in variables if not (hide_parameters and v.startswith("_"))]


def _echo_stream(answer, fmt: str, lang: str, *, hide_parameters: bool = False) -> None:
    """A SELECT answer written as it is read (constant memory); other answers as _render_answer does."""
    from ..store import RowStream
    from ..values import plain_row

    if not isinstance(answer, RowStream):
        echo(_render_answer(answer, fmt, lang, hide_parameters=hide_parameters))
        return
    variables = _shown(answer.variables, hide_parameters)
    empty = dict.fromkeys(variables)
    rows = ({k: v for k, v in (empty | plain_row(row)).items() if k in empty} for row in answer.rows)
    for chunk in stream_rows(variables, rows, fmt):
        echo(chunk)


def _render_answer(answer, fmt: str, lang: str, *, hide_parameters: bool = False) -> str:
    """SELECT rows as items; ASK as a boolean; CONSTRUCT/DESCRIBE as N-Triples (JSON: s/p/o objects)."""
    from ..store import Rows
    from ..values import plain_row

    if isinstance(answer, Rows):
        variables = _shown(answer.variables, hide_parameters)
        items = [{k: v for k, v in (dict.fromkeys(variables) | plain_row(row)).items() if k in variables} for row in answer.rows]
        columns = [Column(v, curie=True) for v in variables]
        return render(items, fmt, columns, lang=lang)
    if isinstance(answer, bool):
        return render([{"boolean": answer}], fmt, lang=lang) if fmt != "table" else f"{str(answer).lower()}\n"
    # A graph has no order: sorted, so the same graph prints the same from any engine.
    answer = sorted(answer, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt == "table":
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in answer)
    from ..values import python_value

    items = [{"subject": python_value(t.subject), "predicate": python_value(t.predicate), "object": python_value(t.object)}
             for t in answer]
    return render(items, fmt, lang=lang)
