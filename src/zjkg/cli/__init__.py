"""The ``zjkg`` command: thin click commands over the library.

Each command opens a store, calls one library function, renders the items. Domain errors become a
one-line message and an exit code: 0 ok, 1 a check failed, 2 usage or input error.
"""

from __future__ import annotations

import os
import sys

import click

from . import ask, data, graph, lookup, serve, sparql
from .options import OPENED

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zjkg")
def cli():
    """zjkg: the 2025 Zhenjiang government work report as a knowledge graph.

    Ask which measures serve a goal, look up targets and their baselines, search, and run named or
    your own SPARQL queries, in Chinese or English.

    Example:

        zjkg serves 新质生产力
    """


for _module in (lookup, ask, sparql, graph, data, serve):
    for _name in _module.__all__:
        cli.add_command(getattr(_module, _name))


def _fail(message: str, code: int = 2):
    try:
        sys.stderr.write(f"Error: {message}\n")
        sys.stderr.flush()
    finally:
        os._exit(code)  # stdout may hold output that cannot be written: do not try again at exit


def main():
    for position, argument in enumerate(sys.argv[1:], start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:  # the bytes were not UTF-8: Python kept them as surrogates
            _fail(f"argument {position} is not valid UTF-8: {argument.encode('utf-8', 'surrogateescape')!r}")
    try:
        cli(prog_name="zjkg")  # click's standalone mode always ends in SystemExit
    except SystemExit as done:
        code = done.code
        from click.utils import PacifyFlushWrapper

        if isinstance(sys.stdout, PacifyFlushWrapper):  # click's own answer to a closed pipe, exit 1: as above, none
            code = 0
    except BrokenPipeError:  # `zjkg ... | head` closed the pipe: not an error
        sys.stderr.close()
        sys.exit(0)
    except OSError as error:  # a write to standard output failed (a full disk under > file...)
        _fail(_write_error(error))
    else:
        code = 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader closed the pipe early (`| head`): not an error, as above
    except OSError as error:
        _fail(_write_error(error))
    if not OPENED or not isinstance(code, (int, type(None))):
        sys.exit(code)
    # Nothing is left to write (every file zjkg writes is closed and swapped in before its command
    # returns; a store in memory has nothing to save, one on disk is open read-only), so the
    # interpreter's teardown is skipped.
    os._exit(code or 0)


def _write_error(error: OSError) -> str:
    from ..atomic import describe_os_error

    where = error.filename or "standard output"
    return f"writing to {where} failed: {describe_os_error(error)}; the output is incomplete"


if __name__ == "__main__":
    main()
