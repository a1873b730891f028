"""Limits on one query run from the CLI: a time limit, a memory ceiling, and Ctrl-C that works.

pyoxigraph has no cancellation, but it releases the GIL while it evaluates (measured: the main
thread wakes every 0.1 s during a three-way cross join). So the query runs in a thread and the main
thread watches it: past the time limit or the memory ceiling, or on Ctrl-C, the process ends at
once with a one-line message (the query's thread cannot be stopped, only abandoned with the
process; the CLI ends with os._exit anyway).
"""

from __future__ import annotations

import functools
import os
import threading
import time

import click

from ..errors import InputError, ZjkgError

__all__ = ["limit_options", "run_limited", "DEFAULT_TIMEOUT", "DEFAULT_MAX_MEMORY_MB"]

DEFAULT_TIMEOUT = 5.0  # the endpoint's default (zjkg serve --timeout)
DEFAULT_MAX_MEMORY_MB = 2048
# The query's thread gets a stack of its own size, so the guards' limits (measured on 8 MiB) hold
# whatever `ulimit -s` says. Only touched pages are committed.
_STACK_BYTES = 64 * 1024 * 1024


class QueryLimit(InputError):
    """The query passed the time limit or the memory ceiling."""


class Interrupted(ZjkgError):
    """Ctrl-C during a query: the usual exit status of a command ended by SIGINT."""

    exit_code = 130


def limit_options(command):
    """--timeout and --max-memory for the commands that run a query."""

    @functools.wraps(command)
    def wrapper(*args, timeout, max_memory, **kwargs):
        return run_limited(lambda: command(*args, **kwargs), timeout=timeout, max_memory_mb=max_memory)

    wrapper = click.option("--max-memory", type=click.IntRange(min=0), default=DEFAULT_MAX_MEMORY_MB, show_default=True,
                           metavar="MB", help="Stop a query whose process grows by more than this (0: no ceiling).")(wrapper)
    wrapper = click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
                           metavar="SECONDS", help="Stop a query that runs longer (0: no limit), as the endpoint does.")(wrapper)
    return wrapper


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0  # no /proc: no ceiling


def run_limited(function, *, timeout: float, max_memory_mb: int, poll: float = 0.05):
    """Run ``function`` in a thread; return its result or raise what it raised, or raise
    :class:`QueryLimit` past ``timeout`` seconds or ``max_memory_mb`` of growth (0 turns either off).
    Ctrl-C in the main thread raises KeyboardInterrupt within ``poll`` seconds."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the main thread, raised there
            outcome["error"] = error

    previous = threading.stack_size(_STACK_BYTES)
    try:
        worker = threading.Thread(target=target, name="zjkg-query", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    start, base = time.monotonic(), _rss_bytes()
    while worker.is_alive():
        try:
            worker.join(poll)
        except KeyboardInterrupt:
            raise Interrupted("interrupted: the query was stopped") from None
        if timeout and time.monotonic() - start > timeout:
            raise QueryLimit(f"the query ran longer than the time limit of {timeout:g} s (--timeout; 0 for none)")
        if max_memory_mb and base and _rss_bytes() - base > max_memory_mb * 1024 * 1024:
            raise QueryLimit(f"the query used more than {max_memory_mb} MB of memory (--max-memory; 0 for none): "
                             "add a LIMIT or narrow it")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
