"""The search index as it is read: the fields and their weights, a :class:`Ranking` opened from
memory or disk, searched by BM25 with class priors, and the snippet of each hit.

The scoring is tantivy's BM25 (a Rust search engine, imported in ~5 ms, with no numpy on the
path): the terms of a search are looked up as they are, never parsed as query syntax. How the
index is built and kept is :mod:`zjkg.ranking_build`; the overview is :mod:`zjkg.ranking`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .textanalysis import fold, name_form, term_set, weighted_terms

__all__ = ["FIELDS", "DIRECTORY", "VERSION", "CLASS_PRIOR", "EXACT_NAME", "Hit", "Ranking", "own_terms"]

DIRECTORY = "ranking"  # inside a persistent store, beside the name index
VERSION = 3  # bump when the analysis, the fields or the weights change: older stores are rebuilt

# Field -> weight. Notations and figures are names of a kind: they weigh as much as a label.
# A synonym (zjkg.synonyms: 楼市 for a text holding 房地产市场) weighs below the entity's own words.
FIELDS = {"label": 4.0, "notation": 4.0, "alias": 3.0, "figure": 2.5, "quote": 2.0, "synonym": 1.5, "rationale": 1.0}
# A prior per class, times the BM25 score: a search lands on what the report commits to (measures,
# their actions and targets) before the review's figures and the indicators, which repeat the
# targets' and figures' own words under a shorter label.
CLASS_PRIOR = {"Measure": 1.15, "Observation": 0.85, "Indicator": 0.7}
EXACT_NAME = 1.5  # the search text is one of the entity's names (label, alias, number), whole


@dataclass(frozen=True)
class Hit:
    """One ranked entity: its document (as collected), its BM25 score and the text that matched."""

    document: dict
    score: float
    snippet: str
    field: str

    def item(self) -> dict:
        d = self.document
        return {"id": d["id"], "type": d["type"], "label": d["label"], "label_en": d["label_en"],
                "notation": d["notation"], "measure": d["measure"], "measure_notation": d["measure_notation"],
                "measure_label": d["measure_label"], "measure_label_en": d["measure_label_en"],
                "score": round(self.score, 3), "snippet": self.snippet, "field": self.field}


class Ranking:
    """A BM25 index of entity documents (see :func:`build_ranking` and :meth:`open`)."""

    def __init__(self, index, documents: list[dict] | None = None):
        self.documents = documents  # built in memory: the documents themselves, for other readers of names
        self.index = index
        self.schema = index.schema
        index.reload()
        self.searcher = index.searcher()

    @classmethod
    def open(cls, path: Path) -> Ranking:
        import tantivy

        try:
            meta = json.loads((path / "zjkg-ranking.json").read_text(encoding="utf-8"))
            if meta.get("version") != VERSION:
                raise ValueError(f"version {meta.get('version')}, expected {VERSION}")
            return cls(tantivy.Index.open(str(path)))
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: the store's search index is unreadable ({error}); delete the store to rebuild it") from None

    def knows(self, term: str) -> bool:
        """Whether any document holds ``term`` (an analysed term) in any field."""
        return any(self.searcher.doc_freq(field, term) for field in FIELDS)

    def search(self, text: str, *, limit: int = 20, classes=None, loose: bool = False) -> list[Hit]:
        """The entities ranked for ``text``, highest score first (ties in IRI order); with ``classes``
        (local names), only entities of those classes. ``loose`` lets lone characters match alone
        (for suggestions: the nearest names when nothing shares a word)."""
        import tantivy

        wanted = weighted_terms(text)
        if not wanted:
            return []
        should, must = tantivy.Occur.Should, tantivy.Occur.Must

        def any_of(chosen):
            return tantivy.Query.boolean_query([
                (should, tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, field, term), weight * wanted[term]))
                for term in chosen for field, weight in FIELDS.items()])

        # A document must share a word, a number or a bigram with the search when it has one: lone
        # characters only add to the score (氢能 must not find every 能).
        strong = [term for term, boost in wanted.items() if boost == 1.0]
        weak = [term for term, boost in wanted.items() if boost != 1.0]
        if strong and weak and not loose:
            query = tantivy.Query.boolean_query([(must, any_of(strong)), (should, any_of(weak))])
        elif loose:
            query = any_of(strong + weak)
        else:
            query = any_of(strong or weak)
        if classes:
            kinds = tantivy.Query.boolean_query([(should, tantivy.Query.term_query(self.schema, "type", c)) for c in sorted(classes)])
            query = tantivy.Query.boolean_query([(must, query), (must, kinds)])
        found = self.searcher.search(query, limit=max(limit * 2, 40), count=False).hits
        hits = []
        typed = name_form(text)
        for score, address in found:
            document = json.loads(self.searcher.doc(address).get_first("document"))
            snippet, field = _snippet(document, wanted)
            # A name typed whole (GDP, 新质生产力, 6.2) lifts the entity that has it.
            named = any(name_form(name) == typed for field in ("label", "alias", "notation")
                        for name in document["texts"].get(field, ()))
            score *= CLASS_PRIOR.get(document["type"], 1.0) * (EXACT_NAME if named else 1.0)
            hits.append(Hit(document, score, snippet, field))
        hits.sort(key=lambda h: (-round(h.score, 6), h.document["id"]))
        return hits[:limit]


def own_terms(document: dict) -> set[str]:
    """The terms of ``document``'s own words: its labels, aliases and quotes."""
    return set().union(*(term_set(text) for field in ("label", "alias", "quote") for text in document["texts"].get(field, ())))


def _snippet(document: dict, wanted: dict[str, float], width: int = 60) -> tuple[str, str]:
    """The text of ``document`` that best matches the search terms, cut to about ``width``
    characters around its first match, and the field it is from."""
    best, best_score, best_field = "", 0.0, ""
    for field, weight in FIELDS.items():
        for text in document["texts"].get(field, ()):
            found = term_set(text)
            score = weight * sum(boost for term, boost in wanted.items() if term in found)
            if score > best_score:
                best, best_score, best_field = text, score, field
    if not best:
        return document["label"], "label"
    if len(best) <= width:
        return best, best_field
    folded = fold(best)  # one character to one: positions carry over
    starts = [folded.find(t) for t in sorted(wanted, key=len, reverse=True) if len(folded) == len(best) and t in folded]
    start = max(0, min(starts) - width // 4) if starts else 0
    cut = best[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(best) else ""), best_field
