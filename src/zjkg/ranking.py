"""Ranked bilingual search: BM25 over Chinese character n-grams and English word stems.

Every entity with a label becomes one document with seven fields, weighted label > alias > quote >
synonym > rationale (notations and figures beside the label): its Chinese and English labels,
aliases, quotes, the everyday synonyms of their words (:mod:`zjkg.synonyms`), the rationales of
its curated links, its printed number, and its figures (value and unit). Text is analysed one way for documents and questions alike (:func:`terms`): NFKC,
case-folded, traditional characters folded to simplified by OpenCC, whitespace and full/half
width ignored; Chinese runs become character unigrams and bigrams, English runs words stemmed by
Snowball (so ``drone`` finds "drone routes" and ``AI`` does not match "chain"), numbers stay whole.

The scoring is tantivy's BM25 (a Rust search engine, imported in ~5 ms, with no numpy on the
path): the terms of a search are looked up as they are, never parsed as query syntax. The index is
built once per data version: in memory for the report (cached per store), and on disk inside a
persistent store beside its name index.

The parts, each its own module: the analysis (:mod:`zjkg.textanalysis`), the index as read and
searched (:mod:`zjkg.ranking_index`), the index as built and kept (:mod:`zjkg.ranking_build`);
this module gathers them and ranks the measures for a topic (:func:`ranked_measures`).
"""

from __future__ import annotations

from .ranking_build import build_ranking, collect_documents, kept_folder, ranking_for
from .ranking_index import CLASS_PRIOR, DIRECTORY, EXACT_NAME, FIELDS, VERSION, Hit, Ranking
from .textanalysis import fold, term_weight, terms, weighted_terms

__all__ = ["FIELDS", "DIRECTORY", "VERSION", "CLASS_PRIOR", "EXACT_NAME", "fold", "terms", "term_weight", "weighted_terms", "Hit", "Ranking",
           "collect_documents", "build_ranking", "ranking_for", "kept_folder", "ranked_measures", "held_hits", "entities_about"]


def ranked_measures(store, text: str, *, limit: int = 12, floor: float = 0.3, coverage: float = 0.5) -> list[dict]:
    """The measures the search ranks for ``text``: each measure found itself or through one of its
    actions or targets, scored by its best hit, kept while the score is at least ``floor`` times
    the best one (the long tail of weak matches is left out) and the matching entity's texts hold
    at least ``coverage`` of the words of ``text`` (量子计算产业 is not answered by every 产业),
    highest first.

    Each item has the measure's id, number and labels, ``score``, ``snippet`` and ``matched`` (the
    id of the entity whose text matched: the measure itself, or its action or target).
    """
    best: dict[str, dict] = {}
    # The report's words only: a measure whose label, quotes or aliases hold no word of the topic
    # is not found through the curator's rationale ("长江大保护" gave 2.1, whose rationale says its
    # shoreline goes to industry: the opposite of protection).
    for hit in held_hits(store, text, coverage=coverage, own=True):
        d = hit.document
        if d["type"] == "Measure":
            measure, number, label, label_en = d["id"], d["notation"], d["label"], d["label_en"]
        elif d["measure"]:
            measure, number, label, label_en = d["measure"], d["measure_notation"], d["measure_label"], d["measure_label_en"]
        else:
            continue
        if measure not in best or hit.score > best[measure]["score"]:
            best[measure] = {"id": measure, "type": "Measure", "notation": number, "label": label, "label_en": label_en,
                             "score": round(hit.score, 3), "snippet": hit.snippet, "matched": d["id"], "field": hit.field}
    items = sorted(best.values(), key=lambda i: (-i["score"], i["id"]))
    if not items:
        return []
    top = items[0]["score"]
    return [i for i in items if i["score"] >= floor * top][:limit]


def held_hits(store, text: str, *, limit: int = 60, coverage: float = 0.5, own: bool = False) -> list[Hit]:
    """The search's hits for ``text`` whose texts hold at least ``coverage`` of its words (its
    bigrams, words and numbers; lone characters do not count), best first; with ``own``, only the
    hits whose best match is in the entity's own texts, not the curator's rationale."""
    wanted = [term for term, weight in weighted_terms(text).items() if weight == 1.0]
    hits = []
    for hit in ranking_for(store).search(text, limit=limit):
        if own and hit.field == "rationale":
            continue
        if wanted:
            held = {t for texts in hit.document["texts"].values() for value in texts for t in terms(value)}
            if sum(t in held for t in wanted) < coverage * len(wanted):
                continue
        hits.append(hit)
    return hits


def entities_about(store, text: str, *, floor: float = 0.3, coverage: float = 0.5) -> list[str]:
    """The IRIs of the entities the search finds for ``text``, as :func:`ranked_measures` keeps
    them (most of its words held, at least ``floor`` times the best score), best first, each
    action's or target's measure after it (a row about the measure is about them too)."""
    hits = held_hits(store, text, coverage=coverage)
    found: list[str] = []
    for hit in hits:
        if hit.score >= floor * hits[0].score:
            found += [iri for iri in (hit.document["id"], hit.document["measure"]) if iri and iri not in found]
    return found
