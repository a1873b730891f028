"""What every command shares: where the graph comes from, output options, and errors as exit codes."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from ..choices import BASES, CONFIDENCES, LANGS
from ..errors import ZjkgError
from ..render import FORMATS

__all__ = ["StoreOptions", "OPENED", "with_store", "output_options", "link_filter_options", "echo", "handle_errors"]


class StoreOptions:
    """Where the graph comes from, as the user said; opened only when a command needs it."""

    def __init__(self, data, endpoint, store_path):
        if endpoint and (data or store_path):
            raise click.UsageError("give --endpoint alone: it replaces --data and --store")
        self.data, self.endpoint, self.store_path = data, endpoint, store_path

    def open(self):
        from ..store import open_store

        store = open_store(self.data or None, self.endpoint, self.store_path)
        OPENED.append(store)  # freed by the process's end, not by Python: see zjkg.cli.main()
        return store


# The stores this process opened. main() ends the process without freeing them: freeing a large
# in-memory store costs seconds (2.2 s at 3M triples, more than the query), for memory the
# operating system takes back at once.
OPENED: list = []


def with_store(command):
    """--data, --store and --endpoint: where the graph comes from (the report's own files by default).

    The wrapped command receives them as one ``store`` (a :class:`StoreOptions`), opened when needed.
    """

    @functools.wraps(command)
    def wrapper(*args, data=(), endpoint=None, store_path=None, **kwargs):
        return command(*args, store=StoreOptions(data, endpoint, store_path), **kwargs)

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


def link_filter_options(command):
    """--basis and --min-confidence, shared by the commands that answer from curated links (docs/curation.md)."""
    command = click.option("--min-confidence", "min_confidence", type=click.Choice(CONFIDENCES),
                           help="Only curated links at least this sure (high > medium > low).")(command)
    command = click.option("--basis", type=click.Choice(BASES),
                           help="Only curated links the report states, or only the curator's inferences.")(command)
    return command


def echo(text: str) -> None:
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
        except KeyboardInterrupt:  # Ctrl-C outside a query (an export, a build): click said "Aborted!", exit 1
            click.echo("Error: interrupted", err=True)
            sys.exit(130)  # the usual status of a command ended by SIGINT, as a stopped query's

    return wrapper
