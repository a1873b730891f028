"""The names a question is read against: labels and aliases of measures, goals and sectors, folded,
indexed by first character, and found in a question longest first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import KIND_OF_CLASS
from .words import fold_text

__all__ = ["Name", "names_of", "read_names", "index_names", "find_names", "known_names"]


@dataclass(frozen=True)
class Name:
    kind: str
    iri: str
    label: str
    folded: str
    latin: bool


def names_of(store) -> tuple[dict[str, list[Name]], dict[str, list[str]]]:
    """The names the question is matched against: labels and aliases of measures, goals and sectors
    (a sector also by its core words: 财政局 for 市财政局, the Finance Bureau), by folded name, and
    by first character, longest first (so scanning a question tries only the names that can start
    at each place: one big regex alternation takes longer to compile than a question to read)."""
    cached = _NAMES.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    return index_names(store, read_names(store))


def read_names(store) -> list[Name]:
    found: list[Name] = []
    entities = _entities(store)
    # A main target is a target too (as the store lists its classes): named once, as the goal.
    goals = {entity.id for entity in entities if entity.type != "Target"}
    for entity in entities:
        if entity.type == "Target" and entity.id in goals:
            continue
        kind = _NAMED_KINDS[entity.type]
        written = {*entity.names()}
        if kind == "sector":
            written |= {_core_zh(entity.label) + suffix for suffix in ("局", "委") if _core_zh(entity.label)}
            core = _core_en(entity.label_en)
            written |= {f"{core} {word}" for word in ("bureau", "commission", "office", "department")} if core else set()
            # 市 only says the body is the city's: 发改委 is 市发改委 (not 市委: the Party's committee).
            written |= {n[1:] for n in written if n and n.startswith("市") and not n.startswith("市委")}
        for name in sorted(n for n in written if n):
            folded = fold_text(name).strip()
            latin = not re.search(r"[\u3400-\u9fff]", folded)
            folded = re.sub(r"\s+", " " if latin else "", hyphens_as_spaces(folded))
            # Short English words mislead (a, new, two); an acronym written in capitals (GDP) does not.
            if len(folded) >= (4 if latin else 2) or (latin and len(folded) >= 2 and name.isupper()):
                found.append(Name(kind, entity.id, entity.label, folded, latin))
    return found


def index_names(store, found: list[Name]):
    names: dict[str, list[Name]] = {}
    for name in found:
        names.setdefault(name.folded, []).append(name)
    starts: dict[str, list[str]] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        starts.setdefault(name[0], []).append(name)
    result = (names, starts)
    _NAMES[id(store)] = (store, result)
    return result


def hyphens_as_spaces(text: str) -> str:
    """English words joined by hyphens as by spaces ("energy-intensity" is "energy intensity"):
    the same length, so a span found in the result is the span in ``text``."""
    return _HYPHEN.sub(" ", text)


_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def find_names(folded: str, starts: dict[str, list[str]]):
    """(start, end, name) of every name in ``folded``, leftmost first, the longest at each place,
    not overlapping; English names only on word boundaries, hyphens read as spaces."""
    folded = hyphens_as_spaces(folded)
    position = 0
    while position < len(folded):
        for name in starts.get(folded[position], ()):
            end = position + len(name)
            if folded.startswith(name, position) and (not name.isascii() or (
                    (position == 0 or not _in_word(folded[position - 1])) and (end == len(folded) or not _in_word(folded[end])))):
                yield position, end, name
                position = end - 1
                break
        position += 1


def _in_word(character: str) -> bool:
    """Whether ``character`` continues an English word: a Chinese character does not ("今年GDP目标")."""
    return (character.isascii() and character.isalnum()) or character == "-"


_NAMES: dict[int, tuple[object, tuple]] = {}


def _entities(store):
    """The measures, goals and sectors with their names: from the search's documents when they are
    in memory (no second pass over the store), else by the entity index query."""
    from ..ranking import ranking_for
    from ..resolve import Entity, entity_index

    documents = ranking_for(store).documents if getattr(store, "ranking_path", None) is None else None
    if documents is None:
        return entity_index(store, list(_NAMED_KINDS))
    return [Entity(d["id"], d["type"], d["label"], d["label_en"], d["notation"], tuple(d["texts"].get("alias", ())))
            for d in documents if d["type"] in _NAMED_KINDS]


# Indicators and targets are named too, only so that a goal's short alias inside one of their
# longer names ("粮食" in "粮食总产量") is not read as the goal (zjkg.ask.reading: SHADOWING).
_NAMED_KINDS = {**KIND_OF_CLASS, "Indicator": "indicator", "Target": "target"}


def _core_zh(label: str) -> str:
    # 市委 is the Party committee, not "the city's 委": its 市 stays (市委政法委员会: 市委政法委)
    return re.sub(r"^市(?!委)|(?:局|委员会)$", "", label or "") if re.search(r"(?:局|委员会)$", label or "") else ""


def _core_en(label: str) -> str:
    core = re.sub(r"\b(?:Municipal|Bureau|Commission|Office|Administration|of|the|for|General)\b", " ", label or "")
    return re.sub(r"\s+", " ", core).strip(" ,")


def known_names(store) -> dict[str, str]:
    return {n.iri: n.label for found in names_of(store)[0].values() for n in found}
