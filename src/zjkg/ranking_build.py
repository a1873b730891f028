"""The search index as it is built: one document per entity from the store, written in memory
(cached per store, and kept between runs for the report's files: :mod:`zjkg.derived`) or on disk
inside a persistent store beside its name index. Once per data version.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError
from .namespace import ENTITY_CLASSES, SPARQL_PROLOGUE
from .ranking_index import DIRECTORY, FIELDS, VERSION, Ranking
from .textanalysis import fold, terms

__all__ = ["collect_documents", "build_ranking", "ranking_for", "kept_folder", "CODE"]

# The code the index is derived from: a change to any of them is a new index (zjkg.derived).
CODE = tuple(Path(__file__).with_name(name) for name in ("ranking_build.py", "ranking_index.py", "textanalysis.py"))

_PREFIXES = SPARQL_PROLOGUE
# The entities a search finds: every class of the namespace but the source's sections and passages
# (the report's text cut up, not its entities) and the UN's SDG entries (their words are the UN's,
# not the report's). The review's themes are its headings ("不遗余力推动营商环境持续优化"): found.
_CLASSES = tuple(c for c in ENTITY_CLASSES if c not in {"Section", "Passage", "SDGGoal", "SDGTarget"})
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


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("type", tokenizer_name="raw")
    for field in FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="freq")
    builder.add_bytes_field("document", stored=True)
    return builder.build()


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

    return derived.folder([*files, *CODE, synonyms_file()], DIRECTORY, VERSION)


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


