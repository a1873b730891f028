"""How text is analysed for ranked search, one way for documents and questions alike.

NFKC, case-folded, traditional characters folded to simplified by OpenCC (:func:`fold`),
whitespace and full/half width ignored; Chinese runs become character unigrams and bigrams,
English runs words stemmed by Snowball (so ``drone`` finds "drone routes" and ``AI`` does not
match "chain"), numbers stay whole (:func:`terms`). A lone Chinese character weighs less in a
search than a pair or a word (:func:`term_weight`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

__all__ = ["fold", "terms", "term_set", "term_weight", "weighted_terms", "name_form"]

_UNIGRAM_WEIGHT = 0.35  # a single character says little next to the bigrams it is part of

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Chinese run may be broken by spaces ("新质 生产力", "加 强 综 合"): the spaces are dropped.
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+(?:\s+[{_CJK}]+)*)|(?P<number>\d+(?:\.\d+)+|\d+)|(?P<word>[a-z][a-z0-9]*)")
_SPACE = re.compile(r"\s+")
# British and American spellings meet before stemming (urbanisation = urbanization), as Snowball
# stems them apart; only after four letters, so promise, exercise and rise stay.
_AMERICAN = re.compile(r"(?<=[a-z]{4})is(e|ed|es|ing|ation|ations)$")
# Irregular past forms meet their verb, which Snowball leaves apart: "How much did PM2.5 fall?"
# finds "PM2.5 fell to 34.6", "rise" finds "rose". The verbs of change and of a report's results.
_IRREGULAR = {"fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow",
              "met": "meet", "built": "build", "kept": "keep", "held": "hold", "won": "win", "spent": "spend",
              "began": "begin", "begun": "begin", "brought": "bring", "sold": "sell", "paid": "pay", "made": "make",
              "took": "take", "taken": "take", "gave": "give", "given": "give", "became": "become", "drew": "draw",
              "drawn": "draw", "led": "lead"}


@cache
def _converter():
    import opencc  # BYVoid's OpenCC: a maintained converter, its phrase tables, not a hand table

    return opencc.OpenCC("t2s")


@cache
def _analyzers():
    import tantivy

    def analyzer(*filters):
        builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.lowercase())
        for extra in filters:
            builder = builder.filter(extra)
        return builder.build()

    return {True: analyzer(tantivy.Filter.stopword("english"), tantivy.Filter.stemmer("english")),
            False: analyzer(tantivy.Filter.stemmer("english"))}


def fold(text: str) -> str:
    """NFKC, case-folded, traditional folded to simplified: the form every text is compared in.

    >>> fold("新質生產力 ＧＤＰ")
    '新质生产力 gdp'
    """
    return _converter().convert(unicodedata.normalize("NFKC", text).casefold())


def terms(text: str, *, stop: bool = True) -> list[str]:
    """The index terms of ``text``, in order: Chinese unigrams and bigrams, numbers, English stems.

    With ``stop``, English stop words ("the", "of", "which"...) are left out.

    >>> terms("新質 生產力")
    ['新', '新质', '质', '质生', '生', '生产', '产', '产力', '力']
    >>> terms("Drones in the chain, PM2.5")
    ['drone', 'chain', 'pm2', '5']
    >>> terms("PM2.5 fell") == terms("PM2.5 fall")
    True
    """
    found: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        kind = match.lastgroup
        if kind == "word":
            stem = _stem(_AMERICAN.sub(r"iz\1", match.group()), stop)
            if stem:
                found.append(stem)
        elif kind == "number":
            found.append(match.group())
        else:
            run = _SPACE.sub("", match.group())
            for i, char in enumerate(run):
                found.append(char)
                if i + 1 < len(run):
                    found.append(run[i:i + 2])
    return found


@lru_cache(maxsize=16_384)
def term_set(text: str) -> frozenset[str]:
    """The set of :func:`terms` of ``text``, kept for the texts seen last: a search or a question
    reads the same documents' texts again and again (their snippets: half of a question's time).

    >>> sorted(term_set("GDP and GDP growth"))
    ['gdp', 'growth']
    """
    return frozenset(terms(text))


@cache
def _stem(word: str, stop: bool) -> str | None:
    """Snowball's English stem of ``word`` (None for a stop word, with ``stop``), once per word."""
    stems = _analyzers()[stop].analyze(_IRREGULAR.get(word, word))
    return stems[0] if stems else None


def name_form(text: str) -> str:
    """``text`` as names are compared whole: folded, without spaces or punctuation."""
    return re.sub(r"[\W_]+", "", fold(text))


def term_weight(term: str) -> float:
    """How much a term counts in a search: a lone Chinese character less than a pair or a word."""
    return _UNIGRAM_WEIGHT if len(term) == 1 and re.match(f"[{_CJK}]", term) else 1.0


def weighted_terms(text: str) -> dict[str, float]:
    """The distinct terms of a search with their weights (:func:`term_weight`)."""
    return {term: term_weight(term) for term in terms(text)}
