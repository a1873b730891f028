"""A name and text index kept inside a persistent store, for `resolve` and `search` on corpora.

pyoxigraph has no text index: finding "人才" means testing every label, alias, number and quote
(2.9 s in memory and 20 s on disk at 3M triples), and resolving "新质生产力" lists every goal of
every report. The persistent store therefore carries, built with it and swapped in with it, an
SQLite copy of exactly what those two questions read: the entities of zjkg's classes with their
labels, number, aliases and measure, and their texts, lower-cased and normalised once. SQLite
(the standard library's) scans them in C: about 0.1 s for the 840k texts of a 3M-triple corpus.

The SPARQL named queries stay the reference: tests check that the index answers exactly as
`keyword-search` and `entity-index` do. Stores in memory and remote endpoints use those queries.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..namespace import ENTITY_CLASSES

__all__ = ["FILE", "VERSION", "NARROWS", "NARROWING_LIMIT", "build_index", "TextIndex"]

FILE = "names.sqlite"
VERSION = 1  # bump when the schema or what it holds changes: older stores are rebuilt

# The named queries the index can narrow: query -> (its text parameter, the variable whose values
# the index lists). keyword-search keeps ?entity whose label, alias, number or quote contains
# the text: exactly the entities TextIndex.containing_text finds.
NARROWS = {"keyword-search": ("_text", "entity")}
NARROWING_LIMIT = 20_000  # more candidates than this: the query scans instead (a VALUES block that long costs more)

_CLASSES = tuple(ENTITY_CLASSES)
_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
"""
# Plain index scans, no ORDER BY or GROUP BY: the assembling is done here, once, at build time.
_TYPES = _PREFIXES + "SELECT ?e ?c WHERE { VALUES ?c { " + " ".join(f"zjkg:{c}" for c in _CLASSES) + " } ?e a ?c }"
_VALUES = _PREFIXES + "SELECT ?e ?p ?v WHERE { VALUES ?p { rdfs:label skos:altLabel skos:notation zjkg:quote } ?e ?p ?v }"
_MEASURES = _PREFIXES + """SELECT ?e ?m ?how WHERE {
  { ?e zjkg:partOf ?m . ?m a zjkg:Measure . BIND (1 AS ?how) } UNION { ?m zjkg:hasTarget ?e . BIND (2 AS ?how) }
}"""

_SCHEMA = """
CREATE TABLE meta (version INTEGER);
CREATE TABLE entities (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, class TEXT NOT NULL, label TEXT, label_en TEXT,
                       notation TEXT, notation_norm TEXT, aliases TEXT NOT NULL, measure TEXT);
CREATE TABLE texts (entity TEXT NOT NULL, text TEXT NOT NULL, lowered TEXT);  -- lowered: NULL when = text
CREATE TABLE names (entity_id INTEGER NOT NULL, normalised TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX entities_by_class ON entities (class, iri);
CREATE INDEX entities_by_iri ON entities (iri);
"""


def _rows(store: ox.Store, query: str):
    return store.query(query, use_default_graph_as_union=True)


def build_index(store: ox.Store, path: Path) -> None:
    """Write the index of ``store`` to ``path`` (a new file)."""
    from ..text import normalise

    types: dict[str, set[str]] = defaultdict(set)
    for entity, cls in _rows(store, _TYPES):
        types[entity.value].add(cls.value.rsplit("#", 1)[1])
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    notations: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    texts: list[tuple[str, str, str]] = []
    for entity, predicate, value in _rows(store, _VALUES):
        if not isinstance(value, ox.Literal):
            continue
        name, kind = entity.value, predicate.value.rsplit("#", 1)[1]
        lowered = value.value.lower()  # as SPARQL's LCASE(STR(?text))
        texts.append((name, value.value, None if lowered == value.value else lowered))
        if kind == "label" and value.language in ("zh", "en"):
            # One label per language (the shapes say so); the smallest, should there be more.
            current = labels[name].get(value.language)
            labels[name][value.language] = value.value if current is None else min(current, value.value)
        elif kind == "notation":
            notations[name] = value.value if name not in notations else min(notations[name], value.value)
        elif kind == "altLabel":
            aliases[name].add(value.value)
    measures: dict[str, str] = {}
    for entity, measure, _how in sorted(_rows(store, _MEASURES), key=lambda r: (int(r[2].value), r[1].value)):
        measures.setdefault(entity.value, measure.value)  # a measure it is part of, else one that targets it
    entity_rows, name_rows = [], []
    for number, (iri, cls) in enumerate(sorted((iri, cls) for iri, classes in types.items() for cls in classes
                                               if not (cls == "Target" and "MainTarget" in classes))):
        notation = notations.get(iri)
        entity_rows.append((number, iri, cls, labels[iri].get("zh"), labels[iri].get("en"), notation,
                            normalise(notation) if notation is not None else None,
                            " | ".join(sorted(aliases[iri])), measures.get(iri)))
        names = {labels[iri].get("zh"), labels[iri].get("en"), *aliases[iri]} - {None}
        name_rows += [(number, normalise(name)) for name in sorted(names)]
    database = sqlite3.connect(path)
    try:
        database.executescript(_SCHEMA)
        database.execute("INSERT INTO meta VALUES (?)", (VERSION,))
        database.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entity_rows)
        database.executemany("INSERT INTO texts VALUES (?, ?, ?)", texts)
        database.executemany("INSERT INTO names VALUES (?, ?)", name_rows)
        database.executescript(_INDEXES)
        database.commit()
    finally:
        database.close()


class TextIndex:
    """The index of a persistent store, opened read-only."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.database = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            version = self.database.execute("SELECT version FROM meta").fetchone()[0]
        except sqlite3.Error as error:
            raise InputError(f"{path}: the store's name index is unreadable ({error}); delete the store to rebuild it") from None
        if version != VERSION:
            raise InputError(f"{path}: name index version {version}, expected {VERSION}; delete the store to rebuild it")

    def search(self, wanted: str) -> list[dict]:
        """What the `keyword-search` query answers for ``wanted`` (already normalised): entities with
        both labels whose label, alias, number or quote contains it, in class then IRI order."""
        # The texts are scanned first (one pass in C), then each hit's entity looked up: CROSS JOIN
        # keeps SQLite from starting at the entities, which it cannot know to be the larger side.
        rows = self.database.execute(
            """SELECT e.iri, e.class, e.label, e.label_en, e.measure, MIN(t.text)
               FROM texts t CROSS JOIN entities e ON e.iri = t.entity
               WHERE instr(COALESCE(t.lowered, t.text), ?) > 0 AND e.label IS NOT NULL AND e.label_en IS NOT NULL
               GROUP BY e.id ORDER BY e.class, e.iri""", (wanted.lower(),)).fetchall()
        return [{"id": iri, "type": cls, "label": label, "label_en": label_en, "measure": measure, "matched": matched}
                for iri, cls, label, label_en, measure, matched in rows]

    def containing_text(self, text: str) -> list[str]:
        """IRIs of everything with a label, alias, number or quote containing ``text`` (as SPARQL's
        LCASE compares), sorted; at most NARROWING_LIMIT + 1 of them."""
        return [iri for (iri,) in self.database.execute(
            "SELECT DISTINCT entity FROM texts WHERE instr(COALESCE(lowered, text), ?) > 0 ORDER BY entity LIMIT ?",
            (text.lower(), NARROWING_LIMIT + 1))]

    def exact(self, iri: str, notation: str, classes) -> list[tuple]:
        """Entity rows (iri, class, label, label_en, notation, aliases) whose IRI is ``iri`` or whose
        normalised number is ``notation``, in class then IRI order, as `entity-index` lists them."""
        return self._entities("(e.iri = ? OR e.notation_norm = ?)", (iri, notation), classes)

    def containing(self, wanted: str, classes) -> list[tuple]:
        """Entity rows with a normalised label or alias containing ``wanted``."""
        return self._entities("e.id IN (SELECT entity_id FROM names WHERE instr(normalised, ?) > 0)", (wanted,), classes)

    def names(self, classes) -> list[str]:
        """Every Chinese and English label of the entities of ``classes`` (for suggestions)."""
        return sorted({name for row in self._entities("1", (), classes) for name in row[2:4] if name})

    def _entities(self, condition: str, parameters: tuple, classes) -> list[tuple]:
        wanted = sorted(classes) if classes else list(_CLASSES)
        marks = ", ".join("?" for _ in wanted)
        return self.database.execute(
            f"SELECT e.iri, e.class, e.label, e.label_en, e.notation, e.aliases FROM entities e "
            f"WHERE e.class IN ({marks}) AND {condition} ORDER BY e.class, e.iri", (*wanted, *parameters)).fetchall()
