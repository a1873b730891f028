"""Loading only: files or a SPARQL endpoint behind one small query facade.

Every question zjkg asks goes through :class:`Source.select` (rows of pyoxigraph terms, in the
order the query gives) or :class:`Source.query` (the raw answer, for ``sparql``). Parameters are
always bound, never pasted: the embedded store uses pyoxigraph ``substitutions``; a remote
endpoint receives a ``VALUES`` block whose terms pyoxigraph serialised (as rdflib's SPARQLStore
does with ``initBindings``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError, QuerySyntaxError
from .resources import default_data_files

__all__ = ["Source", "LocalStore", "RemoteStore", "Rows", "open_store", "data_files", "graph_for",
           "persistent_store", "query_bound", "GRAPH_BASE"]

GRAPH_BASE = "https://w3id.org/zjkg/graph/"

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
            ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
            ".xml": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3, ".jsonld": ox.RdfFormat.JSON_LD}


@dataclass
class Rows:
    """A SELECT answer: the projected variables, in query order, and the rows as dicts."""

    variables: list[str]
    rows: list[dict[str, Term]]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


class Source:
    """What every store offers: SELECT rows, and the raw answer of any query."""

    description = ""
    names = None  # a name and text index (zjkg.textindex.TextIndex): only a persistent store has one

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        """Run ``text`` with ``bindings`` bound. ``narrowing`` may list, per variable, values known to
        include every answer's (from an index); a store may use them to start there, or ignore them."""
        raise NotImplementedError

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        answer = self.query(text, bindings)
        if not isinstance(answer, Rows):
            raise InputError("expected a SELECT query")
        return answer


def data_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, with each directory replaced by the RDF files inside it (sorted, recursive)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _FORMATS)
        else:
            found.append(path)
    return found


def graph_for(path: Path) -> ox.NamedNode | ox.DefaultGraph:
    """Where a file goes: the ontology into the default graph, each data file into a named graph of its own.

    Queries see the union of all graphs; the named graphs keep the reports of a corpus apart
    (``GRAPH <https://w3id.org/zjkg/graph/triples> { ... }``).
    """
    if path.parent.name == "ontology" or path.stem in ("zjkg", "shapes"):
        return ox.DefaultGraph()
    return ox.NamedNode(GRAPH_BASE + re.sub(r"[^A-Za-z0-9._-]", "-", path.stem))


def _load(store: ox.Store, files: list[Path], *, on_disk: bool = False) -> None:
    # On disk, bulk_load writes sorted files straight into RocksDB; in memory, the transactional
    # load is faster (measured at 3M triples: 301k vs 162k triples/s).
    load = store.bulk_load if on_disk else store.load
    for path in files:
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(_FORMATS))})")
        try:
            load(path=str(path), format=fmt, to_graph=graph_for(path))
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except (SyntaxError, ValueError) as error:
            raise InputError(f"{path}: {error}") from None


class LocalStore(Source):
    """A pyoxigraph store: in memory, loaded from RDF files (Turtle, N-Triples, RDF/XML, JSON-LD...),
    or an on-disk store opened read-only (see :func:`persistent_store`)."""

    def __init__(self, files: Iterable[Path | str] = (), *, store: ox.Store | None = None, description: str = "",
                 names=None):
        self.files = data_files(files)
        if store is None:
            store = ox.Store()
            _load(store, self.files)
        self.store = store
        self.description = description or ", ".join(str(f) for f in self.files)
        self.names = names  # a persistent store's name and text index (zjkg.textindex), else None

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        try:
            answer = query_bound(self.store, text, bindings, narrowing)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from None
        except OSError as error:
            raise InputError(f"query failed: {error}") from None
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            # Iterating a solution yields its terms in variable order: half the cost of row[name] per cell.
            return Rows(variables, [{v: term for v, term in zip(variables, row) if term is not None} for row in answer])
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return list(answer)


def query_bound(store: ox.Store, text: str, bindings: Mapping[str, Term] | None = None,
                narrowing: Mapping[str, list[Term]] | None = None):
    """Run ``text`` on ``store`` over the union of its graphs, with ``bindings`` bound, never pasted.

    The terms are substituted (SEP-0007) and also given to the planner as a one-row ``VALUES`` block
    opening the WHERE group: pyoxigraph plans joins before it substitutes, so without the block a
    bound parameter cannot steer the join order, and a selective question scans the whole corpus
    (measured: 10-100x slower at 300k triples). The block binds the same terms, so the answer is
    the same. ``narrowing`` adds one ``VALUES`` block per variable, listing values that include
    every answer's (the caller's promise, e.g. from the persistent store's text index).
    """
    if not bindings and not narrowing:
        return store.query(text, use_default_graph_as_union=True)
    substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
    hinted = text
    if bindings:
        hinted = _with_values(hinted, bindings, strict=False) or hinted
    for name, terms in (narrowing or {}).items():
        hinted = _with_values(hinted, {name: terms}, strict=False, rows=True) or hinted
    return store.query(hinted, substitutions=substitutions or None, use_default_graph_as_union=True)


_META = "zjkg-store.json"


def _fingerprint(files: list[Path]) -> list:
    try:
        return [[str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    except FileNotFoundError as error:
        raise InputError(f"{error.filename}: no such file") from None


def _content_hash(files: list[Path]) -> str:
    import hashlib  # the persistent store's paths only: not on every CLI call

    digest = hashlib.blake2b(digest_size=32)
    for path in files:
        digest.update(str(graph_for(path)).encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def persistent_store(path: Path | str, files: Iterable[Path | str] | None = None) -> LocalStore:
    """An on-disk store at ``path`` holding ``files``, built once and reopened read-only.

    It is rebuilt when the files' content changes (a content hash, checked only when a file's size
    or modification time moved), and always built beside ``path`` and then swapped in, so a reader
    never sees a half-built store. Without ``files``, an existing store keeps the files it was
    built from (and is still rebuilt if they changed); a new one gets the report's own.
    """
    from . import textindex  # the persistent store's paths only: sqlite3 is not on every CLI call

    path = Path(path)
    meta_path = path / _META
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else None
    if files is None:
        files = meta["files"] if meta else default_data_files()
    files = data_files(files)
    fingerprint = _fingerprint(files)
    # Built by an older zjkg, or its index deleted: rebuilt like a store whose files changed.
    outdated = meta is not None and (meta.get("index") != textindex.VERSION or not (path / textindex.FILE).is_file())
    if meta is None or outdated or meta.get("fingerprint") != fingerprint:
        content = _content_hash(files)
        if meta is not None and not outdated and meta.get("content") == content:
            meta["fingerprint"] = fingerprint  # touched, not changed: no rebuild
            _write_json(meta_path, meta)
        else:
            _build(path, files, {"content": content, "fingerprint": fingerprint, "files": [str(f) for f in files],
                                 "index": textindex.VERSION})
    try:
        store = ox.Store.read_only(str(path))
    except OSError as error:
        raise InputError(f"{path}: cannot open the store: {error}") from None
    return LocalStore(store=store, description=str(path), names=textindex.TextIndex(path / textindex.FILE))


def _write_json(path: Path, value: dict) -> None:
    from .atomic import write_file

    write_file(path, json.dumps(value, indent=1).encode("utf-8"))


def _build(path: Path, files: list[Path], meta: dict) -> None:
    from .atomic import staged_directory

    if path.exists() and not (path / _META).is_file() and any(path.iterdir()):
        raise InputError(f"{path}: exists and is not a zjkg store; choose another --store path")
    path.parent.mkdir(parents=True, exist_ok=True)
    from .textindex import FILE, build_index

    with staged_directory(path, "building") as building:
        store = ox.Store(str(building))
        _load(store, files, on_disk=True)
        store.optimize()
        build_index(store, building / FILE)
        del store  # close the database before it moves
        _write_json(building / _META, meta)  # written last: a store without it is incomplete


class RemoteStore(Source):
    """Any SPARQL 1.1 Protocol endpoint (Fuseki, GraphDB, Oxigraph, QLever...)."""

    def __init__(self, url: str, *, timeout: float = 30.0):
        if not re.match(r"^https?://", url):
            raise InputError(f"--endpoint {url!r}: expected an http:// or https:// URL")
        self.url = url
        self.timeout = timeout
        self.description = url

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        # ``narrowing`` is ignored: it is an embedded store's shortcut, and an endpoint has no zjkg index.
        import urllib.error  # only remote questions pay for urllib's import
        import urllib.parse
        import urllib.request

        if bindings:
            text = _with_values(text, bindings)
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind = response.headers.get_content_type()
                payload = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()
            if error.code == 400:
                raise QuerySyntaxError(f"the endpoint {self.url} refused the query: {detail}") from None
            raise EndpointError(f"the endpoint {self.url} answered HTTP {error.code}: {detail[:500]}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EndpointError(f"cannot reach the SPARQL endpoint {self.url}: {reason}") from None
        if kind == "application/sparql-results+json":
            return _parse_json_results(payload)
        if kind in ("application/n-triples", "text/plain"):
            return [q.triple for q in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)]
        raise EndpointError(f"the endpoint {self.url} answered with unexpected content type {kind!r}")


_WHERE = re.compile(r"\bWHERE\s*\{", flags=re.IGNORECASE)
_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", flags=re.MULTILINE)


def _with_values(text: str, bindings: Mapping[str, Term], *, strict: bool = True, rows: bool = False) -> str | None:
    """``text`` with a VALUES block of ``bindings`` opening its first WHERE group (outside comments):
    one row of all the bound variables or, with ``rows``, one variable and a row per term.

    The terms are serialised by pyoxigraph (N-Triples syntax, escaped), so user input stays data.
    Without a WHERE clause: an error, or None when not ``strict``.
    """
    if rows:
        ((name, terms),) = bindings.items()
        block = f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}\n"
    else:
        names = " ".join(f"?{name}" for name in bindings)
        values = " ".join(str(term) for term in bindings.values())
        block = f"VALUES ({names}) {{ ({values}) }}\n"
    # Whole-line comments are blanked (same length) so a "where {" in a description is not taken.
    match = _WHERE.search(_COMMENT_LINE.sub(lambda m: " " * len(m.group(0)), text))
    if not match:
        if strict:
            raise InputError("cannot bind parameters: the query has no WHERE clause")
        return None
    return text[: match.end()] + "\n" + block + text[match.end():]


def _parse_json_results(payload: bytes):
    data = json.loads(payload)
    if "boolean" in data:
        return bool(data["boolean"])
    variables = data["head"].get("vars", [])
    rows = [{name: _term(value) for name, value in binding.items()} for binding in data["results"]["bindings"]]
    return Rows(variables, rows)


def _term(value: dict) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


def open_store(data: Iterable[Path | str] | None = None, endpoint: str | None = None,
               store_path: Path | str | None = None) -> Source:
    """The store the CLI uses: an endpoint if given, else the given files (or the report's own),
    in memory or, with ``store_path``, in a persistent on-disk store.

    >>> store = open_store()
    >>> len(store.select("SELECT ?m WHERE { ?m a <https://w3id.org/zjkg/ontology#Measure> }"))
    30
    """
    if endpoint:
        return RemoteStore(endpoint)
    if store_path is not None:
        return persistent_store(store_path, list(data) if data else None)
    return LocalStore(list(data) if data else default_data_files())
