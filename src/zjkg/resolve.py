"""What a person typed -> the entities it names: an IRI, a CURIE, a printed number or part of a name.

Input may be an IRI, a CURIE (``pledge:1``), a printed number (``2`` for task area 2, ``2.1`` for a
measure) or part of a Chinese or English label or alias (``新质生产力``, ``productive forces``,
``GDP``). Matching is NFKC-normalised and case-insensitive (:func:`zjkg.text.normalise`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InputError, NotFound
from .namespace import ID, PREFIXES, ZJKG, expand_curie, is_iri, local_name
from .queries import select_named
from .store import Store
from .text import normalise
from .values import python_value, text_value

__all__ = ["Entity", "entity_index", "resolve", "resolve_one", "names_an_id"]


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    label: str
    label_en: str
    notation: str | None
    aliases: tuple[str, ...]

    def names(self) -> Iterable[str]:
        yield self.label
        yield self.label_en
        yield from self.aliases

    def item(self) -> dict:
        return {"id": self.id, "type": self.type, "label": self.label, "label_en": self.label_en}


def entity_index(store: Store, classes: Iterable[str] | None = None, *, iri: str | None = None) -> list[Entity]:
    """Every entity of the given class local names (all classes when None), in class then IRI order;
    with ``iri``, only that entity.

    With classes, the index query runs once per class with the class bound, so a corpus of many
    reports is not listed whole to find a pledge.
    """
    bindings = [{"_class_iri": ox.NamedNode(getattr(ZJKG, c))} for c in sorted(classes)] if classes else [{}]
    if iri is not None:
        bindings = [{**bound, "_entity_iri": ox.NamedNode(iri)} for bound in bindings]
    return [_entity(row["entity"].value, local_name(row["class"].value), text_value(row, "label"),
                    text_value(row, "label_en"), python_value(row.get("notation")), python_value(row.get("aliases")))
            for bound in bindings for row in select_named(store, "entity-index", bound)]


def _entity(iri: str, cls: str, label: str | None, label_en: str | None, notation: str | None,
            aliases: str | None) -> Entity:
    """An Entity from one entity-index row (or the name index's), aliases joined by " | "."""
    return Entity(iri, cls, label or "", label_en or "", notation, tuple(sorted(a for a in (aliases or "").split(" | ") if a)))


def resolve(store: Store, text: str, classes: Iterable[str] | None = None, *, what: str = "entity") -> list[Entity]:
    """Entities matching ``text``: an exact IRI, CURIE or number first; else every name containing it.

    Raises :class:`NotFound` (with the nearest names) when nothing matches.
    """
    if "\x00" in text:
        raise InputError(f"{what} {text!r}: NUL bytes are not allowed")
    wanted = normalise(text)
    if not wanted:
        raise InputError(f"{what}: empty text")
    typed = unicodedata.normalize("NFKC", text).strip()  # "ｐｌｅｄｇｅ：１" is pledge:1
    if typed.startswith("<") and typed.endswith(">"):  # an IRI as SPARQL and Turtle write it
        typed = typed[1:-1].strip()
        wanted = normalise(typed)
    if dotted := _DOTTED_CURIE.fullmatch(typed):  # "measure:7.4": the number as the report prints it
        typed = f"{dotted.group(1)}:{dotted.group(2).replace('.', '-')}"
    iri = expand_curie(typed) or typed
    if is_iri(iri):  # looked up directly: a script asking by IRI in a loop does not list a corpus
        found = entity_index(store, classes, iri=iri)
        if found:
            return found
    index = store.names  # a persistent store's name index: no listing of the corpus
    if index is not None:
        exact = [_entity(*row) for row in index.exact(iri, wanted, classes)]
        matches = [] if exact else [_entity(*row) for row in index.containing(wanted, classes)]
    else:
        candidates = entity_index(store, classes)
        exact = [e for e in candidates if e.id == iri or (e.notation is not None and normalise(e.notation) == wanted)]
        matches = [] if exact else [e for e in candidates if any(wanted in normalise(name) for name in e.names())]
    if exact:
        return exact
    if _NUMBER.fullmatch(wanted):
        # A number is a notation, not text to find in names: "show 2.5" listed PM2.5, 42.5万平方米 and
        # 2.5亿美元 for a measure the report does not have. An id may still be digits ("2024": review:2024).
        by_id = _by_local_id(store, wanted, classes) or _by_local_id(store, wanted.replace(".", "-"), classes)
        if by_id:  # ... and "1.1.1" is action:1-1-1 and target:1-1-1, the report's numbering with zjkg's hyphens
            return by_id
        raise NotFound(f"no {_kinds(classes)} is numbered {text.strip()!r} (measures are numbered like 2.1, goals and areas "
                       f"like 2; `zjkg search {text.strip()}` finds it in the report's words)")
    if matches:
        # Names equal to the text first, then in IRI order (already sorted).
        return sorted(matches, key=lambda e: not any(normalise(n) == wanted for n in e.names()))
    by_id = _by_local_id(store, wanted, classes)
    if by_id:
        return by_id
    import difflib  # only when nothing matched

    names = index.names(classes) if index is not None else sorted({n for e in candidates for n in (e.label, e.label_en)})
    # A name many times longer than the text (an SDG target's sentence) is no likely typo of it.
    names = [n for n in names if len(n) <= max(_SUGGESTION_CHARS, 3 * len(wanted))]
    nearest = difflib.get_close_matches(text.strip(), names, n=5, cutoff=0.3)
    if not nearest:  # Chinese text rarely scores well on whole-label ratios: rank by shared characters.
        nearest = sorted(names, key=lambda n: -len(set(wanted) & set(normalise(n))))[:5]
    raise NotFound(f"no {_kinds(classes)} matches {text!r}", nearest)


def _kinds(classes: Iterable[str] | None) -> str:
    """The classes looked in, as an error names them ("MainTarget, Pledge", else "entity")."""
    return ", ".join(sorted(set(classes))) if classes else "entity"


def names_an_id(text: str) -> bool:
    """Whether ``text`` is shaped as an id (a number, a CURIE, an IRI) rather than words: an id that
    names nothing is a mistake to report, not a topic to search."""
    typed = unicodedata.normalize("NFKC", text).strip()
    return bool(_NUMBER.fullmatch(typed) or expand_curie(typed) or is_iri(typed))


_SUGGESTION_CHARS = 40
# zjkg's own ids write a measure's or an action's number with hyphens (measure:7-4); the UN's SDG
# targets keep their dots (sdg:8.1).
_DOTTED_CURIE = re.compile(r"(measure|action|target):(\d+(?:\.\d+)+)")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_LOCAL_ID = re.compile(r"[0-9a-z][0-9a-z.-]*")


def _by_local_id(store: Store, wanted: str, classes: Iterable[str] | None) -> list[Entity]:
    """The entities whose id is ``wanted`` after a kind's prefix: "main-2" is target:main-2, the id
    a person copies from a CURIE or an IRI without its prefix. Several kinds may share one ("7-1-1":
    a target and an action): resolve_one then refuses, naming them."""
    if not _LOCAL_ID.fullmatch(wanted):
        return []
    return [entity for base in PREFIXES.values() if base.startswith(ID)
            for entity in entity_index(store, classes, iri=base + wanted)]




def resolve_one(store: Store, text: str, classes: Iterable[str] | None = None, *, what: str = "entity") -> Entity:
    """The one entity ``text`` names; several matches are refused, naming them (the rule every command follows)."""
    found = resolve(store, text, classes, what=what)
    if len(found) > 1:
        names = "; ".join(f"{e.notation + ' ' if e.notation else ''}{e.label}" for e in found[:8])
        hint = " Give its number, e.g. 2.1" if what == "measure" else " Give its id (an IRI or CURIE)"
        plural = what[:-1] + "ies" if what.endswith("y") else what + "s"
        raise InputError(f"{text!r} matches {len(found)} {plural}: {names}.{hint}")
    return found[0]
