"""The examples index: every named query's ``#+ examples:``, read as questions are, their entities
replaced by their kind, in a BM25 index (tantivy), with the queries' parameters and the names;
kept between runs (zjkg.derived) and opened again when nothing it comes from changed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .model import GOAL_KINDS, SDG_KINDS, Reading
from .names import Name, index_names, known_names, read_names
from .reading import read_question

__all__ = ["ROUTER_VERSION", "header_examples", "router_for", "slot_terms"]


def slot_terms(reading: Reading) -> list[str]:
    """The question's terms with each entity replaced by its kind (a goal also as "goal")."""
    from ..ranking import terms

    pieces, position = [], 0
    for mention in reading.mentions:
        pieces.append(reading.folded[position:mention.start])
        slots = [f"slot{mention.kind}"] + (["slotgoal"] if mention.kind in GOAL_KINDS else [])
        if mention.kind in SDG_KINDS:  # "SDG 13" keeps its words: the SDG alignments' examples are made of them
            slots.append(reading.folded[mention.start:mention.end])
        pieces.append(" " + " ".join(slots) + " ")
        position = mention.end
    pieces.append(reading.folded[position:])
    return terms("".join(pieces), stop=False)


@dataclass
class _Router:
    index: object
    schema: object
    params: dict[str, tuple[str, ...]]  # query -> its parameters
    texts: dict[str, str]  # query -> its SPARQL


_EXAMPLE = re.compile(r'^#\+\s+-\s+(".*")\s*$')
_PARAM = re.compile(r"^#\+\s+(_[a-z_]+):", re.MULTILINE)


def header_examples(text: str) -> list[str]:
    """The ``examples:`` of a named query's ``#+`` header: one JSON-quoted string per line, which is
    also YAML (a test checks both readings agree), read here without loading YAML on every ask."""
    examples, inside = [], False
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        if re.match(r"^#\+ ?examples:\s*$", line):
            inside = True
        elif inside and (match := _EXAMPLE.match(line)):
            examples.append(json.loads(match.group(1)))
        elif inside:
            inside = False
    return examples


def _named_queries() -> list[tuple[str, str]]:
    from ..resources import queries_dir

    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(queries_dir().glob("*.rq"))]


ROUTER_VERSION = 2  # bump when what is kept changes (zjkg.derived); a change of this code's files also renews it


def router_for(store) -> _Router:
    """The index of every query's examples (their entities as slots), the queries' parameters and
    the names questions are read against: as kept from an earlier run on the same files, queries
    and code (zjkg.derived), else built now, and kept for the next run."""
    cached = _ROUTERS.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    from .. import derived
    from ..resources import queries_dir

    queries = _named_queries()
    # What the names come from: the files loaded in memory, or a persistent store's search index
    # (rebuilt, so renewed, with the store).
    files = getattr(store, "files", None)
    ranking_path = getattr(store, "ranking_path", None)
    if not files and ranking_path is not None:
        files = [Path(ranking_path) / "zjkg-ranking.json"]
    # ... and the code that reads the names and analyses the text (the terms the index holds).
    library = Path(__file__).parent.parent
    code = [*sorted(Path(__file__).parent.glob("*.py")), *(library / f for f in ("ranking.py", "ranking_build.py", "textanalysis.py"))]
    kept = derived.folder([*files, *sorted(queries_dir().glob("*.rq")), *code], "router", ROUTER_VERSION) if files else None
    router = _open_router(store, kept, queries) if kept is not None and (kept / "router.json").is_file() else None
    if router is None:
        names = read_names(store)
        index_names(store, names)
        known = known_names(store)
        slotted = [(name, slot_terms(read_question(store, example, known=known, example=True)))
                   for name, text in queries for example in header_examples(text)]
        params = {name: tuple(_PARAM.findall("\n".join(line for line in text.splitlines() if line.startswith("#+"))))
                  for name, text in queries}

        def write(folder: Path | None):
            return _write_router(folder, slotted, params, names)

        if kept is not None:
            derived.keep(kept, write)
        index = write(None)
        router = _Router(index, index.schema, params, dict(queries))
    _ROUTERS[id(store)] = (store, router)
    return router


def _router_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("query", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def _write_router(folder: Path | None, slotted, params, names: list[Name]):
    """The examples' index, in memory or in ``folder`` beside router.json (the parameters and names)."""
    import tantivy

    index = tantivy.Index(_router_schema(), path=str(folder) if folder is not None else None)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    for name, terms in slotted:
        writer.add_document(tantivy.Document(query=name, text=" ".join(terms)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    if folder is not None:
        payload = {"params": params, "names": [[n.kind, n.iri, n.label, n.folded, n.latin] for n in names]}
        (folder / "router.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return index


def _open_router(store, kept: Path, queries) -> _Router | None:
    import tantivy

    try:
        payload = json.loads((kept / "router.json").read_text(encoding="utf-8"))
        index = tantivy.Index.open(str(kept))
        index.reload()
    except (OSError, ValueError):
        return None  # damaged or from another tantivy: built again
    index_names(store, [Name(*fields) for fields in payload["names"]])
    params = {name: tuple(found) for name, found in payload["params"].items()}
    return _Router(index, index.schema, params, dict(queries))


_ROUTERS: dict[int, tuple[object, _Router]] = {}
