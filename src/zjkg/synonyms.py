"""Everyday synonyms of the report's policy words (``data/synonyms.tsv``), for the ranked search.

A row is one equivalence ("房地产市场 | 楼市 | property market | housing market"). A document whose
label, alias or quote holds one member of a row (folded as the search folds, Chinese character by
character, English by whole words, unstemmed: "housing market" only as those two words in that
order, and "urbanization" never in "urban") is also found by
the row's other members: they are added to the document's ``synonym`` field, which
:mod:`zjkg.ranking` weighs below its own words. The table is the curator's reading of general
usage (its header says how it was written); it widens what a search finds, never what the graph
states.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

__all__ = ["read_table", "table", "expansions"]


def read_table(path: Path) -> list[tuple[str, ...]]:
    """The rows of a synonyms file: each row's members, in order. ``#`` lines and the header are skipped."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("terms\t"):
            continue
        members = tuple(m.strip() for m in line.split("\t", 1)[0].split("|") if m.strip())
        if len(members) < 2:
            raise ValueError(f"{path}:{number}: a row needs two members or more, separated by ' | '")
        rows.append(members)
    return rows


@cache
def table() -> tuple[tuple[str, ...], ...]:
    """The packaged table (``data/synonyms.tsv``)."""
    from .resources import synonyms_file

    return tuple(read_table(synonyms_file()))


def expansions(texts: Iterable[str], fold: Callable[[str], str], rows=None) -> list[str]:
    """The members of every row that one of ``texts`` holds, except the members they hold
    themselves, in table order (``fold``: how texts are compared, :func:`zjkg.ranking.fold`).

    >>> expansions(["促进房地产市场止跌回稳", "Wage arrears"], str.lower, rows=(("房地产市场", "楼市"), ("wage arrears", "欠薪")))
    ['楼市', '欠薪']
    >>> expansions(["urban jobs", "SMEs"], str.lower, rows=(("urbanization", "城镇化"), ("sme", "中小企业")))
    []
    >>> expansions(["房地产", "市场"], str.lower, rows=(("房地产市场", "楼市"),))  # not across two texts
    []
    """
    # One string for all texts, one search per member instead of one per member and text: a
    # member's words are single-spaced, and no text's words run on into the next one's.
    held = "\0".join(_words(fold(text)) for text in texts)
    found: list[str] = []
    for members, analysed in _analysed(table() if rows is None else tuple(rows), fold):
        present = [a in held for a in analysed]
        if any(present):
            found += [m for m, here in zip(members, present) if not here and m not in found]
    return found


@cache
def _analysed(rows: tuple[tuple[str, ...], ...], fold) -> list[tuple[tuple[str, ...], list[str]]]:
    """Each row with its members' words as they are looked for (once per table)."""
    return [(members, [_words(fold(m)) for m in members]) for members in rows]


_WORD = re.compile(r"[\u3400-\u9fff]|[a-z0-9]+(?:[.&][a-z0-9]+)*")


def _words(folded: str) -> str:
    """``folded`` as its Chinese characters and English words, spaced and padded: a member is held
    when its own form is a stretch of this one."""
    return f" {' '.join(_WORD.findall(folded))} "
