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
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError, QuerySyntaxError
from .resources import default_data_files

__all__ = ["Source", "LocalStore", "RemoteStore", "Rows", "open_store", "literal", "iri"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
            ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
            ".xml": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3, ".jsonld": ox.RdfFormat.JSON_LD}


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def literal(value: str, *, language: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=language) if language else ox.Literal(value)


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

    def query(self, text: str, bindings: Mapping[str, Term] | None = None):
        raise NotImplementedError

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Rows:
        answer = self.query(text, bindings)
        if not isinstance(answer, Rows):
            raise InputError("expected a SELECT query")
        return answer


class LocalStore(Source):
    """An in-memory pyoxigraph store loaded from RDF files (Turtle, N-Triples, RDF/XML, JSON-LD...)."""

    def __init__(self, files: Iterable[Path | str]):
        self.files = [Path(f) for f in files]
        self.store = ox.Store()
        for path in self.files:
            fmt = _FORMATS.get(path.suffix.lower())
            if fmt is None:
                raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(_FORMATS))})")
            try:
                # bulk_load skips transactions: the store is built once and then only read.
                self.store.bulk_load(path=str(path), format=fmt)
            except FileNotFoundError:
                raise InputError(f"{path}: no such file") from None
            except (SyntaxError, ValueError) as error:
                raise InputError(f"{path}: {error}") from None
        self.description = ", ".join(str(f) for f in self.files)

    def query(self, text: str, bindings: Mapping[str, Term] | None = None):
        substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
        try:
            answer = self.store.query(text, substitutions=substitutions or None)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from None
        except OSError as error:
            raise InputError(f"query failed: {error}") from None
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            return Rows(variables, [{v: row[v] for v in variables if row[v] is not None} for row in answer])
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return list(answer)


class RemoteStore(Source):
    """Any SPARQL 1.1 Protocol endpoint (Fuseki, GraphDB, Oxigraph, QLever...)."""

    def __init__(self, url: str, *, timeout: float = 30.0):
        if not re.match(r"^https?://", url):
            raise InputError(f"--endpoint {url!r}: expected an http:// or https:// URL")
        self.url = url
        self.timeout = timeout
        self.description = url

    def query(self, text: str, bindings: Mapping[str, Term] | None = None):
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


def _with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """Bind parameters for a remote endpoint: a VALUES block opening the first WHERE group.

    The terms are serialised by pyoxigraph (N-Triples syntax, escaped), so user input stays data.
    """
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f"VALUES ({names}) {{ ({values}) }}\n"
    match = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if not match:
        raise InputError("cannot bind parameters: the query has no WHERE clause")
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


def open_store(data: Iterable[Path | str] | None = None, endpoint: str | None = None) -> Source:
    """The store the CLI uses: an endpoint if given, else the given files, else the report's own.

    >>> store = open_store()
    >>> len(store.select("SELECT ?m WHERE { ?m a <https://w3id.org/zjkg/ontology#Measure> }"))
    30
    """
    if endpoint:
        return RemoteStore(endpoint)
    files = list(data) if data else default_data_files()
    return LocalStore(files)
