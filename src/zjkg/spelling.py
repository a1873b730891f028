"""Near spellings: an English word no entity's names use, read as the nearest word they do use
("enviroment" as "environment"), for the "Did you mean" of a search or a goal that finds nothing.
Only a suggestion: nothing is ever searched under a word the user did not type."""

from __future__ import annotations

import difflib
import re

__all__ = ["ACRONYM", "respelled", "respelled_acronym"]

_WORD = re.compile(r"[a-z]+")
_CUTOFF = 0.85  # difflib's ratio: "enviroment"/"environment" 0.95, "emploiment"/"employment" 0.9, "mayor"/"major" 0.8
_SHORTEST = 4  # shorter words have too many neighbours to guess among ("gdp", "ai")


def respelled(store, text: str) -> str | None:
    """``text`` with each English word the search does not know (by its stem, in any field) replaced
    by the closest word of an entity's labels and aliases, or None when no word changed."""
    from .ranking import ranking_for
    from .textanalysis import fold, terms

    vocabulary, ranking = _vocabulary(store)[0], ranking_for(store)
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
    acronyms = _vocabulary(store)[1]
    # Letters swapped (GPD), or nearly the same: a letter changed in three (CPI, CPC) is another word.
    swapped = [a for a in acronyms if a != word and sorted(a) == sorted(word)]
    close = swapped or difflib.get_close_matches(word, acronyms, n=1, cutoff=_CUTOFF)
    return close[0] if close and close[0] != word else None


# An acronym as a question or a name writes it: capitals (CPI, PM2), not inside a longer word.
ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,6}(?![A-Za-z0-9])")


def _vocabulary(store) -> tuple[list[str], list[str]]:
    """The English words of every entity's labels and aliases, and their acronyms, each sorted
    (difflib's ties are then stable): read once per store."""
    cached = _VOCABULARIES.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    from .resolve import entity_index
    from .textanalysis import fold

    names = [name for e in entity_index(store) for name in e.names() if name]
    found = (sorted({w for name in names for w in _WORD.findall(fold(name))}),
             sorted({w for name in names for w in ACRONYM.findall(name)}))
    _VOCABULARIES[id(store)] = (store, found)
    return found


_VOCABULARIES: dict[int, tuple[object, tuple[list[str], list[str]]]] = {}
