"""Any SPARQL 1.1 Protocol endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph, QLever...) as a store."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import EndpointError, InputError, QuerySyntaxError
from .base import Rows, Store, Term
from .binding import with_values

__all__ = ["RemoteStore"]


class RemoteStore(Store):
    """A remote endpoint; bound parameters travel as a ``VALUES`` block whose terms pyoxigraph
    serialised (as rdflib's SPARQLStore does with ``initBindings``)."""

    def __init__(self, url: str, *, timeout: float = 30.0):
        if not re.match(r"^https?://", url):
            raise InputError(f"the endpoint {url!r} is not an http:// or https:// URL")
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
            text = with_values(text, bindings)
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
