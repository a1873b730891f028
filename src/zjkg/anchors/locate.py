"""Locating each quote in the source text: the text folded as quotes are compared
(:func:`zjkg.text.normalise_source`), each folded character mapped back to its code point in the
file as shipped, and a repeated quote's own occurrence chosen by a hint (``data/anchor-hints.tsv``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, ZjkgError
from ..namespace import compact_iri, expand_curie
from ..text import normalise_source

__all__ = ["Anchor", "Hint", "AnchorError", "FoldedText", "read_hints", "anchor_quotes"]

# Context kept on each side of a span in the TextQuoteSelector: at least this many code points,
# more (in steps of the same size) until prefix + exact + suffix occurs once in the source.
CONTEXT = 16
_MAX_CONTEXT = 128


class AnchorError(ZjkgError):
    """Some quotes cannot be anchored (not found, or ambiguous without a hint); ``problems`` lists
    ``(entity, message)`` pairs, and the message names every entity."""

    exit_code = 1

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = sorted(problems)
        lines = [f"{compact_iri(entity)}: {message}" for entity, message in self.problems]
        super().__init__(f"{len(lines)} quote(s) cannot be anchored:\n" + "\n".join(lines))


class FoldedText:
    """The source text folded as :func:`normalise_source` folds it, with each folded character's
    index in the original, so a match in the folded text maps back to a span of the original.

    >>> folded = FoldedText("新签约亿\\n元以上 2300亿元")
    >>> folded.span(folded.text.find("亿元以上"), len("亿元以上"))
    (3, 8)
    """

    def __init__(self, text: str):
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            for folded in unicodedata.normalize("NFKC", char):
                if not re.match(r"\s", folded):
                    chars.append(folded)
                    origin.append(index)
        self.original = text
        self.text = "".join(chars)
        self.origin = origin
        if self.text != normalise_source(text):  # NFKC composed across characters: offsets would lie
            raise InputError("the source text does not fold character by character under NFKC; spans cannot be mapped")

    def occurrences(self, needle: str) -> list[int]:
        """Start indexes (in the folded text) of every occurrence of the folded ``needle``, overlaps included."""
        found, start = [], self.text.find(needle) if needle else -1
        while start >= 0:
            found.append(start)
            start = self.text.find(needle, start + 1)
        return found

    def span(self, start: int, length: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the folded stretch ``[start, start + length)``."""
        return self.origin[start], self.origin[start + length - 1] + 1


@dataclass(frozen=True)
class Hint:
    """Which occurrence of a repeated quote is the entity's own: the ``occurrence``-th (from 1), or
    the one inside ``context`` (a stretch of the source that occurs once); ``reason`` says why."""

    entity: str
    occurrence: int | None
    context: str | None
    reason: str


@dataclass(frozen=True)
class Anchor:
    """One quote's span: ``source[start:end]`` is ``exact``, read between ``prefix`` and ``suffix``."""

    entity: str
    quote: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def read_hints(path: Path) -> list[Hint]:
    """The hints file: tab-separated ``entity``, ``occurrence``, ``context``, ``reason``; ``#`` lines are comments.

    Each row gives an occurrence number or a context (not both) and a reason.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    except FileNotFoundError:
        return []
    hints = []
    for number, row in enumerate(rows, start=2):
        entity = (row.get("entity") or "").strip()
        occurrence = (row.get("occurrence") or "").strip()
        context = (row.get("context") or "").strip()
        reason = (row.get("reason") or "").strip()
        if not entity or not reason or bool(occurrence) == bool(context):
            raise InputError(f"{path}: row {number} needs an entity, a reason, and either an occurrence or a context")
        if occurrence and not (occurrence.isdigit() and int(occurrence) >= 1):
            raise InputError(f"{path}: row {number}: occurrence must be a number from 1, not {occurrence!r}")
        hints.append(Hint(expand_curie(entity) or entity, int(occurrence) if occurrence else None, context or None, reason))
    return hints


def _back_to_back(starts: list[int], length: int) -> bool:
    return all(b - a == length for a, b in zip(starts, starts[1:]))


def _choose(folded: FoldedText, entity: str, quote: str, starts: list[int], hint: Hint | None) -> tuple[int | None, str | None]:
    """The folded start of the entity's own occurrence, or ``(None, why not)``."""
    if hint is None:
        if len(starts) == 1 or _back_to_back(starts, len(quote)):
            return starts[0], None
        return None, (f"the quote occurs {len(starts)} times in the source; add a line to data/anchor-hints.tsv "
                      f"saying which is this entity's own")
    if len(starts) == 1 or _back_to_back(starts, len(quote)):
        return None, "has a hint but its quote is no longer repeated: remove the hint"
    if hint.occurrence is not None:
        if hint.occurrence > len(starts):
            return None, f"hint asks for occurrence {hint.occurrence}, but the quote occurs {len(starts)} times"
        return starts[hint.occurrence - 1], None
    context = normalise_source(hint.context or "")
    places = folded.occurrences(context)
    if len(places) != 1:
        return None, f"hint context {hint.context!r} occurs {len(places)} times in the source, not once"
    inside = [s for s in starts if places[0] <= s and s + len(quote) <= places[0] + len(context)]
    if len(inside) != 1:
        return None, f"hint context {hint.context!r} holds the quote {len(inside)} times, not once"
    return inside[0], None


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Prefix and suffix: at least CONTEXT code points each, widened until the triple is unique."""
    width = CONTEXT
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        if text.count(prefix + text[start:end] + suffix) <= 1 or width >= _MAX_CONTEXT:
            return prefix, suffix
        width += CONTEXT


def anchor_quotes(source_text: str, quotes: Iterable[tuple[str, str]], hints: Iterable[Hint] = ()) -> list[Anchor]:
    """Anchor each ``(entity, quote)`` to its span in ``source_text``; sorted by entity.

    Raises :class:`AnchorError` listing every entity whose quote is not found, is repeated without a
    hint, or has a hint that does not resolve, and every hint for an entity without a quote.

    >>> text = "一年来\\n增长5%。\\n一年来\\n增长 5%。"
    >>> [(a.start, a.end, a.exact) for a in anchor_quotes(text, [("https://w3id.org/zjkg/id/x/1", "增长5%")],
    ...                                                      [Hint("https://w3id.org/zjkg/id/x/1", 2, None, "test")])]
    [(14, 19, '增长 5%')]
    """
    folded = FoldedText(source_text)
    by_entity = {hint.entity: hint for hint in hints}
    problems: list[tuple[str, str]] = []
    anchors: list[Anchor] = []
    seen: set[str] = set()
    for entity, quote in sorted(quotes):
        if entity in seen:
            problems.append((entity, "has more than one zjkg:quote; an entity is anchored to one span"))
            continue
        seen.add(entity)
        needle = normalise_source(quote)
        starts = folded.occurrences(needle)
        if not starts:
            problems.append((entity, f"quote not found in the source text: {quote!r}"))
            continue
        chosen, why_not = _choose(folded, entity, needle, starts, by_entity.get(entity))
        if chosen is None:
            problems.append((entity, why_not))  # _choose gives a reason with every None
            continue
        start, end = folded.span(chosen, len(needle))
        prefix, suffix = _context(source_text, start, end)
        anchors.append(Anchor(entity, quote, start, end, source_text[start:end], prefix, suffix))
    problems += [(entity, "has a hint in data/anchor-hints.tsv but no zjkg:quote: remove the hint")
                 for entity in sorted(set(by_entity) - seen)]
    if problems:
        raise AnchorError(problems)
    return anchors
