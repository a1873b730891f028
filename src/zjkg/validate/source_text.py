"""The checks against the report's own text: every ``zjkg:quote`` is a stretch of it (``quotes``),
and every annotation's selectors read the quote's span in this very file (``anchors``).
"""

from __future__ import annotations

from ..anchors import OA, SPDX, sha256_hex, source_version_iri
from ..namespace import ZJKG, compact_iri
from ..text import normalise_source
from .problem import Problem

__all__ = ["check_quotes", "check_anchors"]


def _quotes(data) -> list[tuple[str, str]]:
    from rdflib import URIRef

    return sorted((str(s), str(o)) for s, o in data.subject_objects(URIRef(ZJKG.quote)))


def check_quotes(data, source_text: str) -> list[Problem]:
    text = normalise_source(source_text)
    return [Problem("quotes", compact_iri(entity), f"quote not found in the source text: {quote!r}")
            for entity, quote in _quotes(data) if normalise_source(quote) not in text]


def _one(data, subject, predicate):
    values = sorted(data.objects(subject, predicate))
    return values[0] if len(values) == 1 else None


def check_anchors(data, source_bytes: bytes) -> list[Problem]:
    """Every annotation's selectors against the source text and its hash; every quote annotated once."""
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    oa = Namespace(OA)
    spdx = Namespace(SPDX)
    text = source_bytes.decode("utf-8")
    digest = sha256_hex(source_bytes)
    expected_source = URIRef(source_version_iri(digest))
    quotes = dict(_quotes(data))
    problems: list[Problem] = []
    annotated: dict[str, int] = {}

    def problem(entity: str, message: str) -> None:
        problems.append(Problem("anchors", compact_iri(entity), message))

    for annotation in sorted(data.subjects(RDF.type, oa.Annotation)):
        body = _one(data, annotation, oa.hasBody)
        if body is None:
            problem(str(annotation), "an annotation needs exactly one oa:hasBody")
            continue
        entity = str(body)
        annotated[entity] = annotated.get(entity, 0) + 1
        quote = quotes.get(entity)
        if quote is None:
            problem(entity, f"is the body of {compact_iri(str(annotation))} but has no zjkg:quote: regenerate data/annotations.ttl")
            continue
        target = _one(data, annotation, oa.hasTarget)
        source = _one(data, target, oa.hasSource) if target is not None else None
        if source != expected_source:
            problem(entity, f"its annotation points at {source}, not at the source text as shipped ({expected_source}): "
                            "regenerate data/annotations.ttl")
            continue
        checksums = [str(v) for c in data.objects(source, spdx.checksum) for v in data.objects(c, spdx.checksumValue)]
        if checksums != [digest]:
            problem(entity, f"the source's spdx:checksum {checksums} is not the file's SHA-256 {digest}")
        selectors = list(data.objects(target, oa.hasSelector))
        positions = [s for s in selectors if (s, RDF.type, oa.TextPositionSelector) in data]
        quoting = [s for s in selectors if (s, RDF.type, oa.TextQuoteSelector) in data]
        if len(positions) != 1 or len(quoting) != 1:
            problem(entity, "its annotation needs one oa:TextPositionSelector and one oa:TextQuoteSelector")
            continue
        start, end = _one(data, positions[0], oa.start), _one(data, positions[0], oa.end)
        if not (isinstance(start, Literal) and isinstance(end, Literal)
                and isinstance(start.toPython(), int) and isinstance(end.toPython(), int)
                and 0 <= start.toPython() < end.toPython() <= len(text)):
            problem(entity, f"oa:start {start} and oa:end {end} are not a span of the {len(text)}-code-point source text")
            continue
        start, end = start.toPython(), end.toPython()
        span = text[start:end]
        if normalise_source(span) != normalise_source(quote):
            problem(entity, f"the span [{start}, {end}) reads {span!r}, not its quote {quote!r}")
            continue
        exact, prefix, suffix = (_one(data, quoting[0], p) for p in (oa.exact, oa.prefix, oa.suffix))
        if exact is None or str(exact) != span:
            problem(entity, f"oa:exact {_shown(exact)} is not the text of the span [{start}, {end})")
        if prefix is None or not text[:start].endswith(str(prefix)):
            problem(entity, f"oa:prefix {_shown(prefix)} is not the text just before the span [{start}, {end})")
        if suffix is None or not text[end:].startswith(str(suffix)):
            problem(entity, f"oa:suffix {_shown(suffix)} is not the text just after the span [{start}, {end})")
    for entity in sorted(quotes):
        count = annotated.get(entity, 0)
        if count != 1:
            problem(entity, f"has a zjkg:quote and {count} annotations, not one: run `python -m zjkg.anchors`")
    return problems


def _shown(value) -> str:
    """A selector's text as a person reads it ('…'), not rdflib's Literal('…'); "none" when absent."""
    return "none" if value is None else repr(str(value))
