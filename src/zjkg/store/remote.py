"""Any SPARQL 1.1 Protocol endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph, QLever...) as a store.

An answer zjkg cannot read is an :class:`~zjkg.errors.EndpointError` with a one-line message naming
the endpoint, never a traceback and never an empty success. What real engines were found to send
(tested with Virtuoso 7 and ``oxigraph serve``; see docs/engines.md):

- the format follows the query form: SELECT and ASK ask for SPARQL JSON results, CONSTRUCT and
  DESCRIBE for N-Triples (Virtuoso answers a CONSTRUCT with a results table of ?s ?p ?o, and a
  SELECT with an RDF graph, when the Accept header lets it);
- Virtuoso answers ASK with a table of ``__ASK_RETVAL`` (one row of 1: true; no row: false), not
  ``{"boolean": ...}``;
- Virtuoso labels blank nodes ``nodeID://b10000``, which is no valid blank-node label: such a label
  becomes a valid one (``b10000``), the same label always the same blank node within one answer;
- Virtuoso writes an ``xsd:boolean`` as ``"1"``/``"0"``: read as the canonical ``true``/``false``.

An empty SELECT answer from an endpoint that holds no zjkg report at all (a wrong URL, a dataset
without zjkg's graphs) is an error too, not an empty success: the store asks once, then remembers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import EndpointError, InputError, QuerySyntaxError
from ..namespace import ONTOLOGY
from .base import Rows, Store, Term
from .binding import with_values

__all__ = ["RemoteStore", "query_form", "TIMEOUT"]

TIMEOUT = 30.0  # seconds an endpoint may take to answer, unless the store is given its own

_RESULTS = "application/sparql-results+json"
_GRAPHS = ("application/n-triples", "text/turtle", "application/rdf+xml")
_ACCEPT = {"SELECT": _RESULTS, "ASK": _RESULTS,
           "CONSTRUCT": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"}
_ACCEPT["DESCRIBE"] = _ACCEPT["CONSTRUCT"]

# The prologue (BASE and PREFIX declarations, comments) before the query form's keyword.
_PROLOGUE_THEN_FORM = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*(SELECT|CONSTRUCT|DESCRIBE|ASK)\b",
    re.IGNORECASE)
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the keyword after the query's prologue (SELECT if none).

    >>> query_form("PREFIX ask: <http://x/#> # a CONSTRUCT?\\nASK { ?s ask:p ?o }")
    'ASK'
    """
    match = _PROLOGUE_THEN_FORM.match(text)
    return match.group(1).upper() if match else "SELECT"


class RemoteStore(Store):
    """A remote endpoint; bound parameters travel as a ``VALUES`` block whose terms pyoxigraph
    serialised (as rdflib's SPARQLStore does with ``initBindings``)."""

    def __init__(self, url: str, *, timeout: float | None = None):
        if not re.match(r"^https?://", url):
            raise InputError(f"the endpoint {url!r} is not an http:// or https:// URL")
        self.url = url
        self.timeout = TIMEOUT if timeout is None else timeout
        self.description = url
        self._holds_reports: bool | None = None

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, *,
              narrowing: Mapping[str, list[Term]] | None = None):
        # ``narrowing`` is ignored: it is an embedded store's shortcut, and an endpoint has no zjkg index.
        import urllib.error  # only remote questions pay for urllib's import
        import urllib.parse
        import urllib.request

        form = query_form(text)
        if bindings:
            text = with_values(text, bindings)
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT[form]})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind = response.headers.get_content_type()
                payload = response.read()
        except urllib.error.HTTPError as error:
            detail = _one_line(error.read().decode("utf-8", "replace"))
            if error.code == 400:
                raise QuerySyntaxError(f"the endpoint {self.url} refused the query: {detail}") from None
            raise EndpointError(f"the endpoint {self.url} answered HTTP {error.code}: {detail}") from None
        except TimeoutError:
            raise EndpointError(f"the endpoint {self.url} did not answer within {self.timeout:g} s") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise EndpointError(f"the endpoint {self.url} did not answer within {self.timeout:g} s") from None
            raise EndpointError(f"cannot reach the SPARQL endpoint {self.url}: {_one_line(str(reason))}") from None
        answer = self._read(form, kind, payload)
        if isinstance(answer, Rows) and not answer.rows and not self._has_reports():
            raise EndpointError(f"the endpoint {self.url} holds no zjkg report (no {ONTOLOGY}Report in its default "
                                "graph): check the URL and which graphs it queries (see docs/engines.md)")
        return answer

    def _has_reports(self) -> bool:
        if self._holds_reports is None:
            self._holds_reports = self.query(f"ASK {{ ?report a <{ONTOLOGY}Report> }}") is True
        return self._holds_reports

    def _read(self, form: str, kind: str, payload: bytes):
        expected = _RESULTS if form in ("SELECT", "ASK") else " or ".join(_GRAPHS)
        if form in ("SELECT", "ASK") and kind in (_RESULTS, "application/json"):
            reader, what = _read_results, "SPARQL JSON results"
        elif form in ("CONSTRUCT", "DESCRIBE") and kind in (*_GRAPHS, "text/plain"):
            reader, what = _read_graph, kind
        else:
            raise EndpointError(f"the endpoint {self.url} answered a {form} query with {kind!r}, "
                                f"not {expected}: {_one_line(payload.decode('utf-8', 'replace'))}")
        try:
            answer = reader(payload, form, kind)
        except (ValueError, KeyError, TypeError, AttributeError, SyntaxError) as error:
            raise EndpointError(f"the endpoint {self.url} sent {what} zjkg cannot read: "
                                f"{_one_line(f'{type(error).__name__}: {error}')}") from None
        return answer


def _one_line(text: str, limit: int = 300) -> str:
    """An error body as one short line: markup dropped, whitespace collapsed, cut at ``limit``.
    (Virtuoso repeats the whole query after its message; an HTML page says it in its text.)"""
    text = text.split("\nSPARQL query:", 1)[0]
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    text = " ".join(text.split()) or "(empty answer)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_results(payload: bytes, form: str, kind: str):
    data = json.loads(payload.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise ValueError(f"boolean is {data['boolean']!r}")
        return data["boolean"]
    bindings = data["results"]["bindings"]
    if not isinstance(bindings, list):
        raise ValueError("results.bindings is not a list")
    variables = list(data.get("head", {}).get("vars", []))
    if form == "ASK":
        return _virtuoso_ask(variables, bindings)
    blank = _BlankNodes()
    rows = [{name: _term(value, blank) for name, value in binding.items()} for binding in bindings]
    return Rows(variables, rows)


def _virtuoso_ask(variables: list, bindings: list) -> bool:
    """Virtuoso's answer to ASK: a table of ``__ASK_RETVAL``, one row of 1 for true, no row for false."""
    if variables == ["__ASK_RETVAL"]:
        if not bindings:
            return False
        if len(bindings) == 1 and bindings[0].get("__ASK_RETVAL", {}).get("value") in ("1", "true"):
            return True
    raise ValueError("an ASK query got no boolean")


def _term(value: dict, blank: _BlankNodes) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return blank(value["value"])
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    text = value["value"]
    if "xml:lang" in value:
        return ox.Literal(text, language=value["xml:lang"])
    if "datatype" in value:
        if value["datatype"] == _XSD_BOOLEAN:
            text = {"1": "true", "0": "false"}.get(text, text)
        return ox.Literal(text, datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(text)


class _BlankNodes:
    """Blank nodes for an endpoint's labels, within one answer: the same label always the same node,
    two labels never one. A label is kept where it is valid; otherwise a valid one is made from it
    (``nodeID://b10000`` -> ``b10000``; failing that, ``x`` and its UTF-8 in hex)."""

    def __init__(self):
        self.nodes: dict[str, ox.BlankNode] = {}
        self.taken: set[str] = set()

    def __call__(self, label: str) -> ox.BlankNode:
        node = self.nodes.get(label)
        if node is None:
            for candidate in (label, label.removeprefix("nodeID://"), "x" + label.encode("utf-8").hex()):
                if candidate not in self.taken and _valid_label(candidate):
                    break
            else:
                candidate = f"x{label.encode('utf-8').hex()}x{len(self.taken)}"
            self.taken.add(candidate)
            node = self.nodes[label] = ox.BlankNode(candidate)
        return node


def _valid_label(label: str) -> bool:
    try:
        ox.BlankNode(label)
    except ValueError:
        return False
    return True


def _read_graph(payload: bytes, form: str, kind: str) -> list:
    rdf_format = ox.RdfFormat.N_TRIPLES if kind == "text/plain" else ox.RdfFormat.from_media_type(kind)
    return [quad.triple for quad in ox.parse(payload, format=rdf_format)]
