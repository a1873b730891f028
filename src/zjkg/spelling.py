"""Near spellings: an English word no entity's names use, read as the nearest word they do use
("enviroment" as "environment"), for the "Did you mean" of a search or a goal that finds nothing.
Only a suggestion: nothing is ever searched under a word the user did not type."""

from __future__ import annotations

import difflib
import re

__all__ = ["respelled", "respelled_acronym"]

_WORD = re.compile(r"[a-z]+")
_CUTOFF = 0.85  # difflib's ratio: "enviroment"/"environment" 0.95, "emploiment"/"employment" 0.9, "mayor"/"major" 0.8
_SHORTEST = 4  # shorter words have too many neighbours to guess among ("gdp", "ai")


def respelled(store, text: str) -> str | None:
    """``text`` with each English word the search does not know (by its stem, in any field) replaced
    by the closest word of an entity's labels and aliases, or None when no word changed."""
    from .ranking import ranking_for
    from .textanalysis import fold, terms

    vocabulary, ranking = _vocabulary(store), ranking_for(store)
    changed = False

    def nearest(match: re.Match) -> str:
        nonlocal changed
        word = match.group()
        # A word the search finds by its stem ("drones", "pensions") or a synonym ("childcare") is no typo.
        if len(word) < _SHORTEST or word in vocabulary or any(ranking.knows(t) for t in terms(word)):
            return word
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=_CUTOFF)
        if not close:
            return word
        changed = True
        return close[0]

    folded = fold(text)
    fixed = _WORD.sub(nearest, folded)
    return fixed if changed else None


def respelled_acronym(store, word: str) -> str | None:
    """The acronym of the entities' names nearest ``word`` ("GPD": GDP), or None."""
    acronyms = sorted({w for e in _entities(store) for name in e.names() for w in _ACRONYM.findall(name or "")})
    # Letters swapped (GPD), or nearly the same: a letter changed in three (CPI, CPC) is another word.
    swapped = [a for a in acronyms if a != word and sorted(a) == sorted(word)]
    close = swapped or difflib.get_close_matches(word, acronyms, n=1, cutoff=_CUTOFF)
    return close[0] if close and close[0] != word else None


_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,6}(?![A-Za-z0-9])")


def _entities(store):
    from .resolve import entity_index

    return entity_index(store)


def _vocabulary(store) -> list[str]:
    """The English words of every entity's labels and aliases, sorted (difflib's ties are then stable)."""
    cached = _VOCABULARIES.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    from .resolve import entity_index
    from .textanalysis import fold

    words = sorted({w for e in entity_index(store) for name in e.names() for w in _WORD.findall(fold(name or ""))})
    _VOCABULARIES[id(store)] = (store, words)
    return words


_VOCABULARIES: dict[int, tuple[object, list[str]]] = {}
