"""A cost estimate of a SPARQL text, read before any engine sees it: is the query surely light?

The endpoint keeps one worker for the named queries, whose shapes are known; a user's own SPARQL
waits for the others. A user query this module calls light may use the kept worker too (under a
short time limit), so ``ASK {}`` or a small SELECT is answered while heavy queries hold the rest.

pyoxigraph exposes no query plan, so the estimate is lexical, one pass over the guard's tokens
(:func:`zjkg.guards.tokens`), and errs on the side of "not light": anything it does not
understand is not light. A query is light when it is short, has few FILTERs and BINDs, and its graph patterns are a few
triple patterns joined into one connected whole (no cross join), at most one of them with no
constant at all, with no property path that repeats (``*``, ``+``), no subquery, no VALUES, GRAPH,
EXISTS, blank node or collection. A light-looking query that runs long anyway is stopped at the
short limit and queued with the others: the estimate decides where a query waits, never whether
it runs.
"""

from __future__ import annotations

from .guards import tokens

__all__ = ["is_light", "MAX_LIGHT_BYTES", "MAX_LIGHT_PATTERNS", "MAX_LIGHT_EXPRESSIONS"]

MAX_LIGHT_BYTES = 2000
MAX_LIGHT_PATTERNS = 8
MAX_LIGHT_EXPRESSIONS = 4  # FILTERs and BINDs: 23 BINDs that double a string made 84 MB

_CONSTANT_WORDS = {"A", "TRUE", "FALSE"}
_GROUP_WORDS = {"OPTIONAL", "UNION", "MINUS"}
_EXPRESSION_WORDS = {"FILTER", "BIND"}
_PATH_OPERATORS = {"/", "|", "^", "!"}


class _NotLight(Exception):
    pass


def is_light(text: str) -> bool:
    """Whether ``text`` is surely a cheap query (see the module's note); False when in doubt.

    >>> is_light("ASK {}")
    True
    >>> is_light("PREFIX z: <https://w3id.org/zjkg/ontology#> SELECT ?m ?l { ?m a z:Measure ; z:label ?l }")
    True
    >>> is_light("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }")  # a cross join
    False
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_LIGHT_BYTES:
        return False
    try:
        patterns = _triple_patterns(text)
    except _NotLight:
        return False
    if len(patterns) > MAX_LIGHT_PATTERNS:
        return False
    if sum(1 for terms in patterns if all(kind == "var" for kind, _ in terms)) > 1:
        return False  # two patterns of nothing but variables: each scans the whole store
    return _connected([{name for kind, name in terms if kind == "var"} for terms in patterns])


def _triple_patterns(text: str) -> list[list[tuple[str, str]]]:
    """The triple patterns inside the text's braces, each as its terms (("var", name) or
    ("const", text)); raise _NotLight at anything outside the light subset."""
    patterns: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    depth = 0
    expression = 0  # > 0: inside the parentheses of a FILTER or BIND, skipped
    awaiting_expression = False
    datatype = 0  # after a literal: 2, then 1 after one "^", 3 after "^^"
    end = 0
    expressions = 0

    def close(keep: int = 0) -> None:
        nonlocal current
        if current:
            if len(current) < 3:
                raise _NotLight
            patterns.append(current)
        current = current[:keep] if keep else []

    for match in tokens(text):
        gap, end = text[end:match.start()], match.end()
        token, kind = match.group(), match.lastgroup
        if depth == 0:
            depth += token == "{"
            continue
        if expression:
            if token == "{":
                raise _NotLight  # EXISTS { ... } inside an expression
            expression += token == "("
            expression -= token == ")"
            continue
        if gap.strip():
            current.append(("const", gap.strip()))  # a number
        if awaiting_expression:
            if token == "(":
                expression, awaiting_expression = 1, False
                continue
            if kind not in ("word", "prefix") or token.upper() in {"NOT", "EXISTS"}:
                raise _NotLight
            continue  # a function's name: its parentheses follow
        if datatype == 3:  # the datatype's IRI or name, after "^^"
            datatype = 0
            continue
        if datatype:  # after a literal, 2: "^" may follow; 1: the second "^" must
            if token == "^":
                datatype = 1 if datatype == 2 else 3
                continue
            if datatype == 1:
                raise _NotLight
            datatype = 0
        if kind in ("long", "short"):
            current.append(("const", token))
            datatype = 2
        elif token.startswith("@"):
            continue  # a literal's language tag
        elif token.startswith("#"):
            continue
        elif token.startswith(("?", "$")):
            if len(token) == 1:
                raise _NotLight  # "?" alone: a path that may repeat
            current.append(("var", token[1:]))
        elif token.startswith("<") and kind is None:
            current.append(("const", token))
        elif kind == "prefix":
            current.append(("const", token))
        elif kind == "word":
            upper = token.upper()
            if upper in _CONSTANT_WORDS:
                current.append(("const", upper))
            elif upper in _GROUP_WORDS:
                close()
            elif upper in _EXPRESSION_WORDS:
                close()
                expressions += 1
                if expressions > MAX_LIGHT_EXPRESSIONS:
                    raise _NotLight
                awaiting_expression = True
            else:
                raise _NotLight  # SELECT (a subquery), VALUES, GRAPH, a blank node, ...
        elif token == "{":
            close()
            depth += 1
        elif token == "}":
            close()
            depth -= 1
        elif token == ".":
            close()
        elif token == ";":
            close(keep=1)
        elif token == ",":
            close(keep=len(current) - 1)
        elif token not in _PATH_OPERATORS:
            raise _NotLight  # "*", "+", "(", "[", comparisons outside an expression
    if text[end:].strip() and depth:
        raise _NotLight
    close()
    return patterns


def _connected(variables: list[set[str]]) -> bool:
    """Whether the patterns that have variables form one whole, joined by shared variables."""
    groups = [names for names in variables if names]
    if not groups:
        return True
    reached, frontier = set(groups[0]), [groups[0]]
    remaining = groups[1:]
    while frontier:
        frontier.pop()
        joined = [names for names in remaining if names & reached]
        remaining = [names for names in remaining if not names & reached]
        for names in joined:
            reached |= names
            frontier.append(names)
    return not remaining
