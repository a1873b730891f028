"""Writers for SPARQL query results (JSON, XML, CSV, TSV) from rows of pyoxigraph terms.

pyoxigraph serialises a whole ``QuerySolutions`` iterator; the endpoint needs to stop at a row
limit and report it, so it collects the rows first and writes them here. The formats follow the
W3C recommendations; the tests read every one back with pyoxigraph's own parser and with real
SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore).
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespace import XSD

__all__ = ["RESULT_TYPES", "SELECT_TYPES", "GRAPH_TYPES", "accepted_types", "choose", "write_results", "write_boolean",
           "writable_as_rdf_xml"]

# Result formats per kind of query, the first being the default for */*.
SELECT_TYPES = ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                "application/xml", "text/csv", "text/tab-separated-values"]
# RDF/XML is what SPARQLWrapper's and rdflib SPARQLStore's defaults ask a CONSTRUCT or DESCRIBE for.
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_XSD_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    result = {"type": "literal", "value": term.value}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        result["datatype"] = term.datatype.value
    return result


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value not in (_XSD_STRING, _LANG_STRING):
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def write_results(variables: list[str], rows: list[dict], kind: str) -> bytes:
    """Serialise SELECT rows (dicts of variable name -> term) as ``json``, ``xml``, ``csv`` or ``tsv``."""
    if kind == "json":
        bindings = [{name: _json_term(term) for name, term in row.items()} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
    if kind == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>" for name, term in row.items()]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if kind == "csv":  # values only, as the CSV format prescribes
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_value(row.get(v)) for v in variables])
        return buffer.getvalue().encode("utf-8")
    if kind == "tsv":  # terms in SPARQL/Turtle syntax
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(str(row[v]) if v in row else "" for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {kind!r}")


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def write_boolean(value: bool, kind: str) -> bytes:
    if kind == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if kind == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    if kind == "csv":
        return f"_askResult\r\n{str(value).lower()}\r\n".encode()
    if kind == "tsv":
        return f"?_askResult\n{str(value).lower()}\n".encode()
    raise ValueError(f"unknown results format {kind!r}")


def accepted_types(header: str) -> list[str]:
    """Media types from an Accept header, by quality (q=0 dropped), header order breaking ties."""
    header = header or "*/*"
    ranked = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        quality = 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if pieces[0] and quality > 0:
            ranked.append((-quality, position, pieces[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def choose(accepted: list[str], offered: list[str]) -> str | None:
    """The first offered media type the client accepts (``accepted`` is in preference order)."""
    for wanted in accepted:
        if wanted in ("*/*", ""):
            return offered[0]
        if wanted.endswith("/*"):
            match = next((o for o in offered if o.startswith(wanted[:-1])), None)
            if match:
                return match
        elif wanted in offered:
            return wanted
    return None


_XML_LOCAL_NAME = re.compile(r"[^\W\d][\w.-]*$")


def writable_as_rdf_xml(triples) -> bool:
    """Whether RDF/XML can hold these triples: each predicate must end in an XML name (its element).

    pyoxigraph 0.5.13 writes a predicate such as ``<http://x/1>`` as ``<oxprefix:>``, which is not
    XML; the endpoint then sends another format the client accepts, or 406.

    >>> import pyoxigraph as ox
    >>> s = ox.NamedNode("http://a")
    >>> writable_as_rdf_xml([ox.Triple(s, ox.NamedNode("http://x/p1"), s)])
    True
    >>> writable_as_rdf_xml([ox.Triple(s, ox.NamedNode("http://x/1"), s)])
    False
    """
    return all(_XML_LOCAL_NAME.search(triple.predicate.value) for triple in triples)
