"""Checks a SPARQL text must pass before any engine sees it.

Shared by the CLI's ``sparql`` and ``query`` and by the endpoint. The engine itself cannot be trusted
with everything: deep nesting crashes pyoxigraph, ``SERVICE`` makes it fetch any URL, and the store
is read-only for users. The scan is lexical (strings, IRIs and comments are skipped), so a keyword
inside a literal never trips it.
"""

from __future__ import annotations

import re

from .errors import QueryRefused

__all__ = ["check_query", "MAX_QUERY_BYTES", "MAX_NESTING"]

MAX_QUERY_BYTES = 100_000
MAX_NESTING = 64

# Strings (long and short, both quotes), IRIs in <...>, comments, then the tokens we look at.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[?$]\w+"  # variables
    r"|(?:[A-Za-z][\w.-]*)?:[\w.:%-]*"  # prefixed names such as zjkg:Load
    r"|@[A-Za-z][A-Za-z0-9-]*"  # language tags
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
    r"|(?P<word>[A-Za-z_][A-Za-z_0-9]*)",
    re.DOTALL,
)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}


def check_query(text: str, *, max_bytes: int = MAX_QUERY_BYTES, max_nesting: int = MAX_NESTING) -> None:
    """Raise :class:`QueryRefused` if ``text`` is too large, too deep, an update, or uses SERVICE.

    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    zjkg.errors.QueryRefused: SERVICE is not allowed: zjkg never fetches other endpoints (line 1)
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise QueryRefused(f"the query is {size} bytes; the limit is {max_bytes}", "size")
    depth = 0
    previous_word = ""
    for match in _TOKEN.finditer(text):
        if match.group("open"):
            depth += 1
            if depth > max_nesting:
                raise QueryRefused(f"the query nests brackets more than {max_nesting} deep (line {_line(text, match.start())})",
                                   "nesting")
        elif match.group("close"):
            depth = max(0, depth - 1)
        elif word := match.group("word"):
            upper = word.upper()
            if upper == "SERVICE":
                raise QueryRefused(f"SERVICE is not allowed: zjkg never fetches other endpoints (line {_line(text, match.start())})",
                                   "service")
            # DELETE/INSERT also appear as "DELETE WHERE", "INSERT DATA"; any of them starts an update.
            if upper in _UPDATE_WORDS and previous_word not in {"PREFIX", "BASE"}:
                raise QueryRefused(f"{upper} is an update; zjkg's data is read-only (line {_line(text, match.start())})",
                                   "update")
            previous_word = upper


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
