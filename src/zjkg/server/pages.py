"""HTML pages for people: an entity's labels, figures, quotes and links; the ontology's page by pyLODE."""

from __future__ import annotations

from html import escape

from ..namespace import ID, ONTOLOGY, compact_iri, local_name

__all__ = ["entity_page", "ontology_page", "local_path"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_QUOTE = ONTOLOGY + "quote"
# The properties that carry a figure: shown together, in this order.
_FIGURES = [ONTOLOGY + name for name in ("value", "unit", "comparator", "valueBase", "unitBase", "year", "referenceYear",
                                         "periodStart", "periodEnd", "deadline", "estimated")]
_STYLE = """body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:1.5em auto;max-width:60em;
padding:0 1em;line-height:1.5;color:#222}h1{margin-bottom:0}.en{color:#555;margin-top:.2em}code{font-size:.9em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}blockquote{border-left:3px solid #c33;margin:.5em 0;padding:.2em .8em;background:#fafafa}
.basis{color:#666;font-size:.9em}nav a{margin-right:1em}"""


def local_path(iri: str) -> str | None:
    """Where this server serves ``iri`` (``/id/...``, ``/ontology``), or None for an IRI from elsewhere."""
    if iri.startswith(ID):
        return "/id/" + iri[len(ID):]
    if iri.startswith(ONTOLOGY):
        return "/ontology#" + iri[len(ONTOLOGY):]
    return None


def _term(term, label: str = "", label_en: str = "") -> str:
    """A term as HTML: an IRI as a link (here when it is one of zjkg's), a literal with its language or datatype."""
    if term is None:
        return ""
    kind = type(term).__name__
    if kind == "NamedNode":
        href = local_path(term.value) or term.value
        names = " · ".join(escape(t) for t in (label, label_en) if t)
        return f'<a href="{escape(href)}"><code>{escape(compact_iri(term.value))}</code></a>' + (f" {names}" if names else "")
    if kind == "BlankNode":
        return f"<code>_:{escape(term.value)}</code>"
    suffix = f' <span class="basis">@{escape(term.language)}</span>' if term.language else ""
    return escape(term.value) + suffix


def entity_page(iri: str, rows: list[dict]) -> str:
    """The page for ``iri`` from the rows of the named query ``entity-description`` (dicts of pyoxigraph terms)."""
    out = [r for r in rows if r["direction"].value == "out"]
    incoming = [r for r in rows if r["direction"].value == "in"]

    def values(prop: str) -> list:
        return [r["value"] for r in out if r["property"].value == prop]

    labels = {(t.language or ""): t.value for t in values(_LABEL)}
    title = labels.get("zh") or labels.get("en") or compact_iri(iri)
    types = [_term(t) for t in values(_RDF_TYPE)]
    parts = [f'<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)} · zjkg</title>',
             f'<link rel="alternate" type="text/turtle" href="{escape(local_path(iri))}">',
             f"<style>{_STYLE}</style>\n</head>\n<body>",
             '<nav><a href="/">zjkg SPARQL</a><a href="/ontology">ontology</a><a href="/.well-known/void">dataset (VoID)</a></nav>',
             f"<h1>{escape(title)}</h1>"]
    if labels.get("en") and labels.get("en") != title:
        parts.append(f'<p class="en" lang="en">{escape(labels["en"])}</p>')
    parts.append(f"<p><code>{escape(iri)}</code> · {' '.join(types)}</p>")
    quotes = values(_QUOTE)
    if quotes:
        parts.append("<h2>原文 The report's words</h2>")
        parts += [f"<blockquote>{escape(q.value)}</blockquote>" for q in quotes]
    figures = [(prop, value) for prop in _FIGURES for value in values(prop)]
    if figures:
        parts.append("<h2>数字 Figures</h2>\n<table>")
        parts += [f"<tr><th>{escape(compact_iri(prop))}</th><td>{_term(value)}</td></tr>" for prop, value in figures]
        parts.append("</table>")
    shown = {_RDF_TYPE, _LABEL, _QUOTE, *_FIGURES}
    links = [r for r in out if r["property"].value not in shown and type(r["value"]).__name__ != "Literal"]
    others = [r for r in out if r["property"].value not in shown and type(r["value"]).__name__ == "Literal"]
    for heading, chosen in (("关联 Links from here", links), ("被引用 Links to here", incoming)):
        if chosen:
            parts.append(f"<h2>{heading}</h2>\n<table>\n<tr><th>property</th><th>entity</th><th>basis · rationale</th></tr>")
            for r in chosen:
                # the basis by its word (inferred, stated), as the CLI's tables give it
                why = " · ".join(escape(local_name(r[k].value) if k == "basis" else r[k].value)
                                 for k in ("basis", "rationale") if k in r)
                target = _term(r["value"], r.get("value_label", None) and r["value_label"].value or "",
                               r.get("value_label_en", None) and r["value_label_en"].value or "")
                parts.append(f"<tr><td>{_term(r['property'])}</td><td>{target}</td><td class=\"basis\">{why}</td></tr>")
            parts.append("</table>")
    if others:
        parts.append("<h2>其他 Other statements</h2>\n<table>")
        parts += [f"<tr><th>{escape(compact_iri(r['property'].value))}</th><td>{_term(r['value'])}</td></tr>" for r in others]
        parts.append("</table>")
    path = escape(local_path(iri))
    parts.append(f'<p class="basis">As data: <a href="{path}" type="text/turtle">Turtle or JSON-LD</a> '
                 f"(ask with <code>Accept: text/turtle</code> or <code>application/ld+json</code>).</p>\n</body>\n</html>\n")
    return "\n".join(parts)


def ontology_page() -> str:
    """The ontology's documentation, made by pyLODE (the optional extra ``zjkg[pages]``)."""
    try:
        from pylode import OntPub
    except ImportError:
        raise ImportError("the ontology's HTML page needs pyLODE: pip install 'zjkg[pages]'") from None
    from ..resources import ontology_file

    return OntPub(ontology=str(ontology_file())).make_html()
