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
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputError

__all__ = ["FIELDS", "DIRECTORY", "VERSION", "CLASS_PRIOR", "EXACT_NAME", "fold", "terms", "term_weight", "weighted_terms", "Hit", "Ranking",
           "collect_documents", "build_ranking", "ranking_for", "kept_folder", "ranked_measures"]

DIRECTORY = "ranking"  # inside a persistent store, beside the name index
VERSION = 2  # bump when the analysis, the fields or the weights change: older stores are rebuilt

# Field -> weight. Notations and figures are names of a kind: they weigh as much as a label.
# A synonym (zjkg.synonyms: 楼市 for a text holding 房地产市场) weighs below the entity's own words.
FIELDS = {"label": 4.0, "notation": 4.0, "alias": 3.0, "figure": 2.5, "quote": 2.0, "synonym": 1.5, "rationale": 1.0}
_UNIGRAM_WEIGHT = 0.35  # a single character says little next to the bigrams it is part of
# A prior per class, times the BM25 score: a search lands on what the report commits to (measures,
# their actions and targets) before the review's figures and the indicators, which repeat the
# targets' and figures' own words under a shorter label.
CLASS_PRIOR = {"Measure": 1.15, "Observation": 0.85, "Indicator": 0.7}
EXACT_NAME = 1.5  # the search text is one of the entity's names (label, alias, number), whole

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Chinese run may be broken by spaces ("新质 生产力", "加 强 综 合"): the spaces are dropped.
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+(?:\s+[{_CJK}]+)*)|(?P<number>\d+(?:\.\d+)+|\d+)|(?P<word>[a-z][a-z0-9]*)")
_SPACE = re.compile(r"\s+")
# British and American spellings meet before stemming (urbanisation = urbanization), as Snowball
# stems them apart; only after four letters, so promise, exercise and rise stay.
_AMERICAN = re.compile(r"(?<=[a-z]{4})is(e|ed|es|ing|ation|ations)$")


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


@cache
def _stem(word: str, stop: bool) -> str | None:
    """Snowball's English stem of ``word`` (None for a stop word, with ``stop``), once per word."""
    stems = _analyzers()[stop].analyze(word)
    return stems[0] if stems else None


def _name_form(text: str) -> str:
    """``text`` as names are compared whole: folded, without spaces or punctuation."""
    return re.sub(r"[\W_]+", "", fold(text))


def term_weight(term: str) -> float:
    """How much a term counts in a search: a lone Chinese character less than a pair or a word."""
    return _UNIGRAM_WEIGHT if len(term) == 1 and re.match(f"[{_CJK}]", term) else 1.0


def weighted_terms(text: str) -> dict[str, float]:
    """The distinct terms of a search with their weights (:func:`term_weight`)."""
    return {term: term_weight(term) for term in terms(text)}


# ------------------------------------------------------------------------- documents

_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
"""
_CLASSES = ("Report", "Review", "Principle", "Pledge", "TaskArea", "Measure", "Action", "Indicator", "Target",
            "MainTarget", "Observation", "Sector")
# Plain scans, assembled here: one query per kind of text, no ORDER BY or GROUP BY.
_TYPES = _PREFIXES + "SELECT ?e ?c WHERE { VALUES ?c { " + " ".join(f"zjkg:{c}" for c in _CLASSES) + " } ?e a ?c }"
_TEXTS = _PREFIXES + """SELECT ?e ?p ?v WHERE {
  VALUES ?p { rdfs:label skos:altLabel skos:notation zjkg:quote } ?e ?p ?v }"""
_FIGURES = _PREFIXES + "SELECT ?e ?value ?unit WHERE { ?e zjkg:value ?value OPTIONAL { ?e zjkg:unit ?unit } }"
_RATIONALES = _PREFIXES + "SELECT ?e ?v WHERE { ?link rdf:subject ?e ; zjkg:rationale ?v }"
_MEASURES = _PREFIXES + """SELECT ?e ?m ?how WHERE {
  { ?e zjkg:partOf ?m . ?m a zjkg:Measure . BIND (1 AS ?how) } UNION { ?m zjkg:hasTarget ?e . BIND (2 AS ?how) }
}"""
_FIELD_OF = {"label": "label", "altLabel": "alias", "notation": "notation", "quote": "quote"}


def collect_documents(store) -> list[dict]:
    """One document per entity of zjkg's classes that has a label: its id, class, labels, measure
    (for actions and targets: id, number and labels) and its texts per field, in IRI order."""
    classes: dict[str, set[str]] = {}
    for row in store.select(_TYPES):
        classes.setdefault(row["e"].value, set()).add(row["c"].value.rsplit("#", 1)[1])
    texts: dict[str, dict[str, list[str]]] = {iri: {} for iri in classes}
    labels: dict[str, dict[str, str]] = {}
    for row in store.select(_TEXTS):
        iri, value = row["e"].value, row["v"]
        if iri not in texts:
            continue
        field = _FIELD_OF[row["p"].value.rsplit("#", 1)[1]]
        texts[iri].setdefault(field, []).append(value.value)
        if field == "label" and getattr(value, "language", None) in ("zh", "en"):
            current = labels.setdefault(iri, {}).get(value.language)
            labels[iri][value.language] = value.value if current is None else min(current, value.value)
    for row in store.select(_FIGURES):
        if row["e"].value in texts:
            unit = row["unit"].value if "unit" in row else ""
            texts[row["e"].value].setdefault("figure", []).append(f"{row['value'].value}{unit}")
    for row in store.select(_RATIONALES):
        if row["e"].value in texts:
            texts[row["e"].value].setdefault("rationale", []).append(row["v"].value)
    measures: dict[str, str] = {}
    for row in sorted(store.select(_MEASURES), key=lambda r: (int(r["how"].value), r["m"].value)):
        measures.setdefault(row["e"].value, row["m"].value)
    from .synonyms import expansions

    for own in texts.values():
        found = expansions([text for field in ("label", "alias", "quote") for text in own.get(field, ())], fold)
        if found:
            own["synonym"] = found
    notations = {iri: min(t["notation"]) for iri, t in texts.items() if t.get("notation")}
    documents = []
    for iri in sorted(texts):
        if iri not in labels:
            continue
        kinds = classes[iri]
        kind = "MainTarget" if "MainTarget" in kinds else min(kinds)
        measure = measures.get(iri)
        documents.append({
            "id": iri, "type": kind, "label": labels[iri].get("zh", ""), "label_en": labels[iri].get("en", ""),
            "notation": notations.get(iri),
            "measure": measure, "measure_notation": notations.get(measure) if measure else None,
            "measure_label": labels.get(measure, {}).get("zh") if measure else None,
            "measure_label_en": labels.get(measure, {}).get("en") if measure else None,
            "texts": {field: sorted(set(values)) for field, values in sorted(texts[iri].items())},
        })
    return documents


# ------------------------------------------------------------------------- the index

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


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("type", tokenizer_name="raw")
    for field in FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="freq")
    builder.add_bytes_field("document", stored=True)
    return builder.build()


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
        typed = _name_form(text)
        for score, address in found:
            document = json.loads(self.searcher.doc(address).get_first("document"))
            snippet, field = _snippet(document, wanted)
            # A name typed whole (GDP, 新质生产力, 6.2) lifts the entity that has it.
            named = any(_name_form(name) == typed for field in ("label", "alias", "notation")
                        for name in document["texts"].get(field, ()))
            score *= CLASS_PRIOR.get(document["type"], 1.0) * (EXACT_NAME if named else 1.0)
            hits.append(Hit(document, score, snippet, field))
        hits.sort(key=lambda h: (-round(h.score, 6), h.document["id"]))
        return hits[:limit]


def _documents_for_index(documents: list[dict]):
    import tantivy

    for document in documents:
        fields = {field: " ".join(t for text in document["texts"].get(field, ()) for t in terms(text)) for field in FIELDS}
        # Both labels are the label field; aliases, quotes... each theirs.
        yield tantivy.Document(type=document["type"], **fields,
                               document=json.dumps(document, ensure_ascii=False).encode("utf-8"))


def build_ranking(documents: list[dict], path: Path | None = None) -> Ranking:
    """The index of ``documents``: in memory, or written to the directory ``path`` (new or empty)."""
    import tantivy

    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(path) if path is not None else None)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    for document in _documents_for_index(documents):
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    if path is not None:
        (path / "zjkg-ranking.json").write_text(json.dumps({"version": VERSION}), encoding="utf-8")
        return Ranking(index)
    return Ranking(index, documents)


def _snippet(document: dict, wanted: dict[str, float], width: int = 60) -> tuple[str, str]:
    """The text of ``document`` that best matches the search terms, cut to about ``width``
    characters around its first match, and the field it is from."""
    best, best_score, best_field = "", 0.0, ""
    for field, weight in FIELDS.items():
        for text in document["texts"].get(field, ()):
            found = set(terms(text))
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


_IN_MEMORY: dict[int, tuple[object, Ranking]] = {}


def ranking_for(store) -> Ranking:
    """The ranking of ``store``, once per store object: a persistent store's own; for files loaded
    in memory (the report), the one derived from the same files in an earlier run (zjkg.derived),
    else built (about 50 ms for the report) and kept for the next run; otherwise built."""
    cached = _IN_MEMORY.get(id(store))
    if cached is None or cached[0] is not store:
        cached = (store, _open_or_build(store))
        _IN_MEMORY[id(store)] = cached
    return cached[1]


def kept_folder(files) -> Path | None:
    """Where the index of these data files is kept between runs (zjkg.derived), or None."""
    from . import derived
    from .resources import synonyms_file

    return derived.folder([*files, Path(__file__), synonyms_file()], DIRECTORY, VERSION)


def _open_or_build(store) -> Ranking:
    from . import derived

    path = getattr(store, "ranking_path", None)
    if path is not None:
        return Ranking.open(path)
    files = getattr(store, "files", None)
    kept = kept_folder(files) if files else None
    if kept is not None and (kept / "zjkg-ranking.json").is_file():
        try:
            return Ranking.open(kept)
        except InputError:
            pass  # unreadable (an older tantivy, a damaged file): built again below
    documents = collect_documents(store)
    if kept is not None:
        derived.keep(kept, lambda folder: build_ranking(documents, folder))
    return build_ranking(documents)


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
    wanted = [term for term, weight in weighted_terms(text).items() if weight == 1.0]
    for hit in ranking_for(store).search(text, limit=60):
        d = hit.document
        if wanted:
            held = {t for texts in d["texts"].values() for value in texts for t in terms(value)}
            if sum(t in held for t in wanted) < coverage * len(wanted):
                continue
        if d["type"] == "Measure":
            measure, number, label, label_en = d["id"], d["notation"], d["label"], d["label_en"]
        elif d["measure"]:
            measure, number, label, label_en = d["measure"], d["measure_notation"], d["measure_label"], d["measure_label_en"]
        else:
            continue
        if measure not in best or hit.score > best[measure]["score"]:
            best[measure] = {"id": measure, "type": "Measure", "notation": number, "label": label, "label_en": label_en,
                             "score": round(hit.score, 3), "snippet": hit.snippet, "matched": d["id"]}
    items = sorted(best.values(), key=lambda i: (-i["score"], i["id"]))
    if not items:
        return []
    top = items[0]["score"]
    return [i for i in items if i["score"] >= floor * top][:limit]
