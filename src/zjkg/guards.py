"""Checks a SPARQL text must pass before any engine sees it.

Shared by the CLI's ``sparql`` and ``query`` and by the endpoint. The engine itself cannot be trusted
with everything: ``SERVICE`` makes it fetch any URL, the store is read-only for users, and its
recursive parser overflows the stack (a segfault, no message) on deep nesting and on long flat
chains: 2,200 nested ``{``, 2,600 ``MINUS {}``, 6,600 ``UNION {}`` or ``OPTIONAL {}``, 6,800 ``+``,
9,400 ``!`` or ``||`` (pyoxigraph 0.5, 8 MiB stack; ``tests/reliability`` measures them again). The
limits below sit far under those.

The scan is one pass over the text, linear in its length (each character is looked at a bounded
number of times: no token can scan ahead and then fail), and lexical: strings, IRIs, comments,
variables and the local part of prefixed names are skipped, as the engine reads them, so a keyword
inside a literal never trips it. Everything else is code, and the engine matches keywords there
without word boundaries (``1SERVICE<…>{…}`` is a SERVICE call), so ``SERVICE`` is refused wherever
it appears in code, even inside a longer word.
"""

from __future__ import annotations

import re

from .errors import QueryRefused

__all__ = ["check_query", "tokens", "MAX_QUERY_BYTES", "MAX_NESTING", "MAX_OPERATORS"]

MAX_QUERY_BYTES = 100_000
MAX_NESTING = 64
# Operators, separators ("." between triple patterns, ";", ",") and the keywords that chain graph
# patterns, counted together: the engine's recursion grows with their sum. The lowest measured
# crashes are 2,600 MINUS or BIND; 1,000 leaves a wide margin and is far above any query a person
# writes (the shipped queries use at most 48).
MAX_OPERATORS = 1000

# One token per match, tried in this order at each position. Every alternative but the IRI either
# matches what it starts or cannot start at all; the IRI's body cannot hold a "<", so a failed IRI
# scan ends before the next "<" and no character is scanned twice by failed IRIs.
_TOKEN = re.compile(
    r'(?P<long>"""(?:[^"\\]|\\.|"(?!""))*+(?P<long_end>"""|)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*+(?P<long_end2>'''|))"
    r'|(?P<short>"(?:[^"\\\n\r]|\\[^\n\r])*+(?P<short_end>"|)'
    r"|'(?:[^'\\\n\r]|\\[^\n\r])*+(?P<short_end2>'|))"
    r"|<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>"  # an IRI
    r"|\#[^\n\r]*+"  # a comment: the engine ends it at \n or \r
    r"|[?$]\w*+"  # a variable
    r"|@[A-Za-z]++(?:-[A-Za-z0-9]++)*+"  # a language tag
    # A prefixed name: the prefix is code (the engine may read a keyword there), the local part is
    # not. The local part cannot start or end with "." (the engine reads those dots as code).
    r"|(?P<prefix>(?:[^\W\d_][\w.\-]*+)?):(?:(?:[\w:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
    r"(?:[\w.:\-]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])*(?<!\.))?"
    r"|(?P<word>[^\W\d][\w.\-]*+)"  # anything else that starts with a letter: code
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
    r"|(?P<operator>\|\||&&|!=|<=|>=|[!=<>+\-*/|^.;,])",
    re.DOTALL,
)
_KEYWORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")  # the ASCII words inside a word or prefix
_SERVICE = re.compile(r"SERVICE", re.IGNORECASE)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
_CHAINING_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "EXISTS", "GRAPH", "VALUES", "SELECT"}


def check_query(text: str, *, max_bytes: int = MAX_QUERY_BYTES, max_nesting: int = MAX_NESTING,
                max_operators: int = MAX_OPERATORS) -> None:
    """Raise :class:`QueryRefused` if ``text`` is too large, too deep, has too many operators, is
    an update, uses SERVICE, or has a string that never ends.

    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    zjkg.errors.QueryRefused: SERVICE is not allowed: zjkg never fetches other endpoints (line 1)
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryRefused(f"the query is {size} bytes; the limit is {max_bytes}", "size")
    depth = 0
    operators = 0
    previous_word = ""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("long", "short"):
            if not (match.group("long_end") or match.group("long_end2") or match.group("short_end")
                    or match.group("short_end2")):
                raise QueryRefused(f"the query has a string that never ends (line {_line(text, match.start())})", "syntax")
        elif kind == "open":
            depth += 1
            if depth > max_nesting:
                raise QueryRefused(f"the query nests brackets more than {max_nesting} deep (line {_line(text, match.start())})",
                                   "nesting")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "operator":
            operators += 1
        elif kind in ("word", "prefix"):
            code = match.group(kind)
            if _SERVICE.search(code):
                raise QueryRefused(f"SERVICE is not allowed: zjkg never fetches other endpoints (line {_line(text, match.start())})",
                                   "service")
            for word in _KEYWORD.findall(code) if kind == "word" else ():
                upper = word.upper()
                # DELETE/INSERT also appear as "DELETE WHERE", "INSERT DATA"; any of them starts an update.
                if upper in _UPDATE_WORDS and previous_word not in {"PREFIX", "BASE"}:
                    raise QueryRefused(f"{upper} is an update; zjkg's data is read-only (line {_line(text, match.start())})",
                                       "update")
                operators += upper in _CHAINING_WORDS
                previous_word = upper
            if kind == "prefix":
                previous_word = ""
        if operators > max_operators:
            raise QueryRefused(f"the query has more than {max_operators} operators, separators and graph patterns "
                               f"(UNION, OPTIONAL, MINUS, FILTER, BIND, '.', '||', '!', '+' and the like; line "
                               f"{_line(text, match.start())}): the limit keeps the engine's parser from overflowing",
                               "operators")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def tokens(text: str):
    """The guard's tokens of ``text`` as regular-expression matches, in order (what lies between
    two matches is whitespace or a number); ``match.lastgroup`` names the kind where it has one."""
    return _TOKEN.finditer(text)
