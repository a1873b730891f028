"""Named queries: discover ``queries/*.rq``, read their ``#+`` headers, bind parameters, run.

Queries are data (grlc / sparql-examples style): one question per file, the file stem is its name,
metadata sits in ``#+`` YAML comment lines so the file stays valid SPARQL for any endpoint.
Parameters are variables named ``?_name`` in the query (BASIL style); a name ending in ``_iri``
takes an IRI or CURIE, ``_year`` a year, ``_basis`` and ``_min_confidence`` a word of
:data:`~zjkg.choices.BASES` / :data:`~zjkg.choices.CONFIDENCES` (or its ``zjkg:`` CURIE), anything else
a string. An unbound parameter leaves the query valid and unfiltered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .choices import BASES, CONFIDENCES
from .errors import InputError, NotFound
from .guards import check_query
from .namespace import ONTOLOGY, XSD, expand_curie, is_iri
from .resources import queries_dir
from .store import Rows, RowStream, Store

__all__ = ["NamedQuery", "list_queries", "get_query", "bind_parameters", "run_named", "stream_named", "run_sparql",
           "stream_sparql", "select_named", "narrowing_for", "link_filter", "joined_columns", "joined_sorted"]

_HEADER = re.compile(r"^#\+ ?(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: Mapping[str, str] = field(default_factory=dict)


def _read(path: Path) -> NamedQuery:
    """The query at ``path``, parsed once per version of the file (scripts run the same one in loops)."""
    stat = path.stat()
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parse(path: Path, mtime_ns: int, size: int) -> NamedQuery:
    import yaml  # only the paths that read headers pay for it

    text = path.read_text(encoding="utf-8")
    header = "\n".join(m.group(1) for line in text.splitlines() if (m := _HEADER.match(line)))
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise InputError(f"{path}: the #+ header is not valid YAML: {error}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("params") or {}, dict):
        raise InputError(f"{path}: the #+ header must be a YAML mapping (summary:, description:, params: ...)")
    params = {str(k): str(v) for k, v in (meta.get("params") or {}).items()}
    return NamedQuery(path.stem, path, text, str(meta.get("summary", "")), str(meta.get("description", "")).strip(),
                      tuple(meta.get("tags") or ()), params)


@cache
def _directory_listing(directory: Path) -> tuple[Path, ...]:
    return tuple(sorted(directory.glob("*.rq")))


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name.

    >>> "measures-serving-goal" in [q.name for q in list_queries()]
    True
    """
    return [_read(p) for p in _directory_listing(directory or queries_dir())]


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    """The named query ``name``; unknown names raise :class:`NotFound` with the nearest names."""
    directory = directory or queries_dir()
    path = directory / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        import difflib

        names = [p.stem for p in _directory_listing(directory)]
        raise NotFound(f"no named query called {name!r}",
                       difflib.get_close_matches(name, names, n=3, cutoff=0.4))
    return _read(path)


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn what a user typed into RDF terms for the query's parameters.

    ``values`` may name a parameter with or without its leading underscore. Text is NFKC-normalised.

    >>> q = get_query("measures-serving-goal")
    >>> bind_parameters(q, {"goal_iri": "pledge:1"})
    {'_goal_iri': <NamedNode value=https://w3id.org/zjkg/id/pledge/1>}
    """
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for raw_name, raw_value in values.items():
        name = raw_name if raw_name.startswith("_") else f"_{raw_name}"
        if name not in query.params:
            known = ", ".join(p.lstrip("_") for p in query.params) or "none"
            raise InputError(f"query {query.name!r} has no parameter {raw_name!r} (its parameters: {known})")
        value = unicodedata.normalize("NFKC", raw_value)
        if "\x00" in value:
            raise InputError(f"parameter {raw_name!r}: NUL bytes are not allowed")
        bound[name] = _term_for(name, value)
    return bound


_CHOICES = {"_basis": BASES, "_min_confidence": CONFIDENCES}


def _term_for(name: str, value: str) -> ox.NamedNode | ox.Literal:
    if name in _CHOICES:
        word = value.removeprefix("zjkg:").removeprefix(ONTOLOGY)
        if word not in _CHOICES[name]:
            raise InputError(f"parameter {name.lstrip('_')!r}: {value!r} is not one of {', '.join(_CHOICES[name])}")
        return ox.NamedNode(ONTOLOGY + word)
    if name.endswith("_iri"):
        full = expand_curie(value) or value
        if not is_iri(full):
            raise InputError(f"parameter {name.lstrip('_')!r}: {value!r} is not an IRI or a known CURIE (e.g. pledge:1)")
        return ox.NamedNode(full)
    if name.endswith("_year"):
        if not re.fullmatch(r"\d{4}", value):
            raise InputError(f"parameter {name.lstrip('_')!r}: expected a four-digit year, got {value!r}")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))
    return ox.Literal(value)


def link_filter(basis: str | None = None, min_confidence: str | None = None) -> dict[str, ox.NamedNode]:
    """The ``?_basis`` / ``?_min_confidence`` bindings that keep only the curated links of that basis and of at
    least that confidence (see docs/curation.md); empty when neither is given.

    >>> link_filter("stated", "medium")["_min_confidence"].value
    'https://w3id.org/zjkg/ontology#medium'
    >>> link_filter()
    {}
    """
    given = {"_basis": basis, "_min_confidence": min_confidence}
    return {name: _term_for(name, value) for name, value in given.items() if value is not None}


def run_named(store: Store, name: str, values: Mapping[str, str] | None = None):
    """Run the named query with user-typed parameter values (bound, never pasted).

    On a persistent store, a query its name index can narrow (``textindex.NARROWS``) starts from
    the index's candidates instead of scanning every text. Values joined by ``GROUP_CONCAT`` come
    sorted (:func:`joined_columns`), so every engine gives the same answer.
    """
    text, bound, narrowing = _prepared(store, name, values)
    return joined_sorted(store.query(text, bound, narrowing=narrowing), text)


def stream_named(store: Store, name: str, values: Mapping[str, str] | None = None):
    """As :func:`run_named`, a SELECT answer coming as a :class:`~zjkg.store.RowStream`."""
    text, bound, narrowing = _prepared(store, name, values)
    return joined_sorted(store.stream(text, bound, narrowing=narrowing), text)


def joined_sorted(answer, text: str):
    """``answer`` (Rows, a RowStream, or an ASK's or CONSTRUCT's) of the query ``text`` with the
    values of its ``GROUP_CONCAT`` columns sorted: every engine, and every way of running a named
    query (``query``, ``ask``, the endpoint), gives them in one order."""
    joined = joined_columns(text)
    if joined and isinstance(answer, Rows):
        return Rows(answer.variables, [_sort_joined(row, joined) for row in answer.rows])
    if joined and isinstance(answer, RowStream):
        return RowStream(answer.variables, (_sort_joined(row, joined) for row in answer.rows))
    return answer


_GROUP_CONCAT = re.compile(r'GROUP_CONCAT\s*\(([^;]*?)(?:;\s*separator\s*=\s*"((?:[^"\\]|\\.)*)")?\s*\)\s*AS\s+\?(\w+)',
                           re.IGNORECASE)
_COALESCED = re.compile(r"BIND\s*\(\s*COALESCE\s*\(\s*\?(\w+)\s*,[^)]*\)\s*AS\s+\?(\w+)\s*\)", re.IGNORECASE)


@cache
def joined_columns(text: str) -> dict[str, str]:
    """The columns of a query made by ``GROUP_CONCAT`` (also through ``BIND (COALESCE(?v, "") AS ?w)``),
    with their separators. SPARQL leaves the order of the joined values to the engine (Virtuoso,
    ``oxigraph serve`` and embedded pyoxigraph give three), so zjkg sorts them.

    >>> joined_columns('SELECT (GROUP_CONCAT(DISTINCT STR(?a); separator=" | ") AS ?as) (GROUP_CONCAT(?b) AS ?bs) WHERE {}')
    {'as': ' | ', 'bs': ' '}
    """
    found = {m.group(3): " " if m.group(2) is None else m.group(2).replace('\\"', '"')
             for m in _GROUP_CONCAT.finditer(text)}
    for source, target in _COALESCED.findall(text):
        if source in found:
            found[target] = found[source]
    return found


def _sort_joined(row: dict, joined: Mapping[str, str]) -> dict:
    for name, separator in joined.items():
        term = row.get(name)
        if isinstance(term, ox.Literal) and separator and separator in term.value:
            value = separator.join(sorted(term.value.split(separator)))
            row = {**row, name: ox.Literal(value, language=term.language) if term.language
                   else ox.Literal(value, datatype=term.datatype)}
    return row


def _prepared(store: Store, name: str, values: Mapping[str, str] | None):
    query = get_query(name)
    check_query(query.text)
    bound = bind_parameters(query, values or {})
    return query.text, bound, narrowing_for(store.names, name, bound)


def narrowing_for(index, name: str, bound: Mapping[str, ox.NamedNode | ox.Literal]) -> dict | None:
    """The ``VALUES`` narrowing a persistent store's name ``index`` (a :class:`zjkg.textindex.TextIndex`,
    or None) gives the named query ``name`` with ``bound`` parameters: {variable: candidate IRIs}."""
    if index is None:
        return None
    from .store.textindex import NARROWING_LIMIT, NARROWS

    parameter, variable = NARROWS.get(name, (None, None))
    if parameter not in bound:
        return None
    candidates = index.containing_text(bound[parameter].value)
    if len(candidates) > NARROWING_LIMIT:
        return None
    return {variable: [ox.NamedNode(iri) for iri in candidates]}


def run_sparql(store: Store, text: str):
    """Run a user's own SPARQL after the shared guards (no SERVICE, no updates, bounded size)."""
    check_query(text)
    return store.query(text)


def stream_sparql(store: Store, text: str):
    """As :func:`run_sparql`, a SELECT answer coming as a :class:`~zjkg.store.RowStream`."""
    check_query(text)
    return store.stream(text)


def select_named(store: Store, name: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> Rows:
    """Run one of zjkg's own named queries with already-built terms (for the library's callers).

    Reads only the query text: the YAML header is not needed to run it.
    """
    return store.select(_query_text(name), bindings or {})


@cache
def _query_text(name: str) -> str:
    return (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
