"""Judging an answer against the gold set's expectation: the expected query, parameters and element."""

from __future__ import annotations

import re
import unicodedata

from ..namespace import expand_curie, is_iri

__all__ = ["contains", "judge", "same_params"]


def contains(items: list[dict], expected: str) -> bool:
    """Whether ``expected`` is among the values of ``items``, as the gold set's ``expect`` column
    means it: a CURIE equals a cell's IRI; a figure equals a number cell as decimals (``5.0`` is
    the 5 the engine returns for "5.0"); a text is NFKC-equal to a cell or to one element of a
    joined list ("3.3 3.2 3.1", "市自然资源和规划局、市水利局").

    >>> contains([{"measure": "https://w3id.org/zjkg/id/measure/6-2", "value": 98}], "measure:6-2")
    True
    >>> contains([{"value": 5}], "5.0"), contains([{"value": 5.5}], "5"), contains([{"led": "3.3 3.2"}], "3.2")
    (True, False, True)
    """
    from decimal import Decimal, InvalidOperation

    iri = expand_curie(expected)
    wanted = unicodedata.normalize("NFKC", expected)
    for item in items:
        for value in item.values():
            for cell in value if isinstance(value, list) else [value]:
                if cell is None or isinstance(cell, bool):
                    continue
                if iri is not None:
                    if cell == iri:
                        return True
                elif isinstance(cell, (int, float)):
                    try:
                        if Decimal(expected) == Decimal(str(cell)):
                            return True
                    except InvalidOperation:
                        pass
                elif isinstance(cell, str):
                    text = unicodedata.normalize("NFKC", cell)
                    if wanted == text or wanted in re.split(r"\s*\|\s*|、|\s+", text):
                        return True
    return False


def judge(answer: dict, query: str, params: dict[str, str], expected: str) -> tuple[bool, bool]:
    """(exact, in the top three) for one gold question: exact when the answer ran ``query`` with
    ``params`` and its items contain ``expected``; top three when that reading is the answer's
    or one of its alternatives (the best three readings in all)."""
    def reading(found: dict) -> dict:
        return {**found["params"], **({"_goal_iri": found["topic"]} if found.get("topic") else {})}

    exact = answer["query"] == query and same_params(reading(answer), params) and contains(answer["items"], expected)
    readings = [answer] if answer["query"] else []
    readings += [a for a in answer["alternatives"] if (a["query"], a["params"]) != (answer["query"], answer["params"])]
    top3 = any(r["query"] == query and same_params(reading(r), params) for r in readings[:3])
    return exact, top3


def same_params(found: dict[str, str], expected: dict[str, str]) -> bool:
    """Whether the parameters bound are those expected: IRIs (CURIEs) equal; a text (a topic or
    search text) equal once folded, or one containing the other (the question's own words around
    it may stay: the search ranks by them all). Unbound parameters must be unbound in both."""
    if set(found) != set(expected):
        return False
    for name, want in expected.items():
        got = found[name]
        want_iri, got_iri = expand_curie(want) or (want if is_iri(want) else None), expand_curie(got) or (got if is_iri(got) else None)
        if want_iri or got_iri:
            if want_iri != got_iri:
                return False
            continue
        from ..ranking import terms

        a, b = set(terms(want)), set(terms(got))
        if not (a == b or (a and b and (a <= b or b <= a))):
            return False
    return True
