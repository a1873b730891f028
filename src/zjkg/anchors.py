"""Every quote anchored to its span in the source text, as W3C Web Annotations.

Each entity with a ``zjkg:quote`` gets one ``oa:Annotation`` whose body is the entity and whose
target is the span of the source text the quote was read from::

    <…/id/annotation/measure/2-1> a oa:Annotation ; oa:hasBody measure:2-1 ;
        oa:hasTarget <…#target> .
    <…#target> oa:hasSource <…/id/source/zhenjiang-2025?sha256=…> ;
        oa:hasSelector <…#position>, <…#quote> .
    <…#position> a oa:TextPositionSelector ; oa:start 1234 ; oa:end 1260 .
    <…#quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .

Offsets are plain ``xsd:integer`` literals, as in the issue's pattern: the OA vocabulary's range is
``xsd:nonNegativeInteger``, but Oxigraph's store folds that type to ``xsd:integer`` while rdflib keeps
it, and the engines must agree on every term.

The target and selectors are named by fragments of the annotation's IRI instead of blank nodes, so
the file is deterministic and every engine returns the same names; a SPARQL pattern written with
``[ ]`` matches them all the same.

How a span is found: the quote and the source are compared with whitespace removed and NFKC
applied (:func:`zjkg.text.normalise_source`); offsets in that folded text are mapped back to the source
as shipped, so ``oa:start``/``oa:end`` are Python string indexes (code points) of the original file
and ``normalise_source(text[start:end]) == normalise_source(quote)``. A quote that occurs once is
anchored there. A quote whose occurrences are back to back is one bold heading the poster prints
twice (``重点强化创新主体培育重点强化创新主体培育``): the first copy is its span. Any other repeated
quote needs a hint (``data/anchor-hints.tsv``: the entity, the occurrence number or a context, and
why); without one, or when a quote is not in the text at all, :func:`anchor_quotes` raises
:class:`AnchorError` naming every entity concerned.

The source is identified by its SHA-256: ``https://w3id.org/zjkg/id/source/zhenjiang-2025?sha256=<hex>``,
a version (``dcterms:isVersionOf``) of ``https://w3id.org/zjkg/id/source/zhenjiang-2025``, with the
hash also given as an ``spdx:checksum``; a different text is a different IRI, so stale offsets are
never attached to a changed file.

Run ``python -m zjkg.anchors`` to regenerate ``data/annotations.ttl``; ``--check`` exits 1 when the
file on disk differs from what it would write.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, ZjkgError
from .namespace import ID, ONTOLOGY, compact_iri, expand_curie
from .text import normalise_source

__all__ = ["Anchor", "Hint", "AnchorError", "SOURCE", "OA", "FoldedText", "sha256_hex",
           "source_version_iri", "annotation_iri", "read_hints", "anchor_quotes", "annotations_turtle",
           "generate", "main"]

OA = "http://www.w3.org/ns/oa#"
SPDX = "http://spdx.org/rdf/terms#"
SOURCE = f"{ID}source/zhenjiang-2025"
ANNOTATION = f"{ID}annotation/"
# Context kept on each side of a span in the TextQuoteSelector: at least this many code points,
# more (in steps of the same size) until prefix + exact + suffix occurs once in the source.
CONTEXT = 16
_MAX_CONTEXT = 128


class AnchorError(ZjkgError):
    """Some quotes cannot be anchored (not found, or ambiguous without a hint); ``problems`` lists
    ``(entity, message)`` pairs, and the message names every entity."""

    exit_code = 1

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = sorted(problems)
        lines = [f"{compact_iri(entity)}: {message}" for entity, message in self.problems]
        super().__init__(f"{len(lines)} quote(s) cannot be anchored:\n" + "\n".join(lines))


class FoldedText:
    """The source text folded as :func:`normalise_source` folds it, with each folded character's
    index in the original, so a match in the folded text maps back to a span of the original.

    >>> folded = FoldedText("新签约亿\\n元以上 2300亿元")
    >>> folded.span(folded.text.find("亿元以上"), len("亿元以上"))
    (3, 8)
    """

    def __init__(self, text: str):
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            for folded in unicodedata.normalize("NFKC", char):
                if not re.match(r"\s", folded):
                    chars.append(folded)
                    origin.append(index)
        self.original = text
        self.text = "".join(chars)
        self.origin = origin
        if self.text != normalise_source(text):  # NFKC composed across characters: offsets would lie
            raise InputError("the source text does not fold character by character under NFKC; spans cannot be mapped")

    def occurrences(self, needle: str) -> list[int]:
        """Start indexes (in the folded text) of every occurrence of the folded ``needle``, overlaps included."""
        found, start = [], self.text.find(needle) if needle else -1
        while start >= 0:
            found.append(start)
            start = self.text.find(needle, start + 1)
        return found

    def span(self, start: int, length: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the folded stretch ``[start, start + length)``."""
        return self.origin[start], self.origin[start + length - 1] + 1


@dataclass(frozen=True)
class Hint:
    """Which occurrence of a repeated quote is the entity's own: the ``occurrence``-th (from 1), or
    the one inside ``context`` (a stretch of the source that occurs once); ``reason`` says why."""

    entity: str
    occurrence: int | None
    context: str | None
    reason: str


@dataclass(frozen=True)
class Anchor:
    """One quote's span: ``source[start:end]`` is ``exact``, read between ``prefix`` and ``suffix``."""

    entity: str
    quote: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_version_iri(digest: str) -> str:
    """The IRI of one version of the source text, named by its SHA-256.

    >>> source_version_iri("ab" * 32)[-20:]
    'abababababababababab'
    """
    return f"{SOURCE}?sha256={digest}"


def annotation_iri(entity: str) -> str:
    """``…/id/annotation/<the entity's path under …/id/>``: stable as long as the entity's IRI is.

    >>> annotation_iri("https://w3id.org/zjkg/id/measure/2-1")
    'https://w3id.org/zjkg/id/annotation/measure/2-1'
    """
    if not entity.startswith(ID):
        raise InputError(f"{entity}: only entities under {ID} can be annotated")
    return ANNOTATION + entity[len(ID):]


def read_hints(path: Path) -> list[Hint]:
    """The hints file: tab-separated ``entity``, ``occurrence``, ``context``, ``reason``; ``#`` lines are comments.

    Each row gives an occurrence number or a context (not both) and a reason.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    except FileNotFoundError:
        return []
    hints = []
    for number, row in enumerate(rows, start=2):
        entity = (row.get("entity") or "").strip()
        occurrence = (row.get("occurrence") or "").strip()
        context = (row.get("context") or "").strip()
        reason = (row.get("reason") or "").strip()
        if not entity or not reason or bool(occurrence) == bool(context):
            raise InputError(f"{path}: row {number} needs an entity, a reason, and either an occurrence or a context")
        if occurrence and not (occurrence.isdigit() and int(occurrence) >= 1):
            raise InputError(f"{path}: row {number}: occurrence must be a number from 1, not {occurrence!r}")
        hints.append(Hint(expand_curie(entity) or entity, int(occurrence) if occurrence else None, context or None, reason))
    return hints


def _back_to_back(starts: list[int], length: int) -> bool:
    return all(b - a == length for a, b in zip(starts, starts[1:]))


def _choose(folded: FoldedText, entity: str, quote: str, starts: list[int], hint: Hint | None) -> tuple[int | None, str | None]:
    """The folded start of the entity's own occurrence, or ``(None, why not)``."""
    if hint is None:
        if len(starts) == 1 or _back_to_back(starts, len(quote)):
            return starts[0], None
        return None, (f"the quote occurs {len(starts)} times in the source; add a line to data/anchor-hints.tsv "
                      f"saying which is this entity's own")
    if len(starts) == 1 or _back_to_back(starts, len(quote)):
        return None, "has a hint but its quote is no longer repeated: remove the hint"
    if hint.occurrence is not None:
        if hint.occurrence > len(starts):
            return None, f"hint asks for occurrence {hint.occurrence}, but the quote occurs {len(starts)} times"
        return starts[hint.occurrence - 1], None
    context = normalise_source(hint.context or "")
    places = folded.occurrences(context)
    if len(places) != 1:
        return None, f"hint context {hint.context!r} occurs {len(places)} times in the source, not once"
    inside = [s for s in starts if places[0] <= s and s + len(quote) <= places[0] + len(context)]
    if len(inside) != 1:
        return None, f"hint context {hint.context!r} holds the quote {len(inside)} times, not once"
    return inside[0], None


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Prefix and suffix: at least CONTEXT code points each, widened until the triple is unique."""
    width = CONTEXT
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        if text.count(prefix + text[start:end] + suffix) <= 1 or width >= _MAX_CONTEXT:
            return prefix, suffix
        width += CONTEXT


def anchor_quotes(source_text: str, quotes: Iterable[tuple[str, str]], hints: Iterable[Hint] = ()) -> list[Anchor]:
    """Anchor each ``(entity, quote)`` to its span in ``source_text``; sorted by entity.

    Raises :class:`AnchorError` listing every entity whose quote is not found, is repeated without a
    hint, or has a hint that does not resolve, and every hint for an entity without a quote.

    >>> text = "一年来\\n增长5%。\\n一年来\\n增长 5%。"
    >>> [(a.start, a.end, a.exact) for a in anchor_quotes(text, [("https://w3id.org/zjkg/id/x/1", "增长5%")],
    ...                                                      [Hint("https://w3id.org/zjkg/id/x/1", 2, None, "test")])]
    [(14, 19, '增长 5%')]
    """
    folded = FoldedText(source_text)
    by_entity = {hint.entity: hint for hint in hints}
    problems: list[tuple[str, str]] = []
    anchors: list[Anchor] = []
    seen: set[str] = set()
    for entity, quote in sorted(quotes):
        if entity in seen:
            problems.append((entity, "has more than one zjkg:quote; an entity is anchored to one span"))
            continue
        seen.add(entity)
        needle = normalise_source(quote)
        starts = folded.occurrences(needle)
        if not starts:
            problems.append((entity, f"quote not found in the source text: {quote!r}"))
            continue
        chosen, why_not = _choose(folded, entity, needle, starts, by_entity.get(entity))
        if chosen is None:
            problems.append((entity, why_not or "cannot be anchored"))
            continue
        start, end = folded.span(chosen, len(needle))
        prefix, suffix = _context(source_text, start, end)
        anchors.append(Anchor(entity, quote, start, end, source_text[start:end], prefix, suffix))
    problems += [(entity, "has a hint in data/anchor-hints.tsv but no zjkg:quote: remove the hint")
                 for entity in sorted(set(by_entity) - seen)]
    if problems:
        raise AnchorError(problems)
    return anchors


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


_PROLOGUE = """\
# GENERATED by `python -m zjkg.anchors` from every zjkg:quote and the source text; do not edit.
# Each quote's span in data/source/zhenjiang-2025-government-work-report.txt as a W3C Web Annotation:
# oa:start/oa:end count code points of the file as shipped (Python string indexes); oa:exact is
# the text between them, oa:prefix/oa:suffix the text around it. Which of a repeated quote's
# occurrences is an entity's own is kept in data/anchor-hints.tsv. After changing a quote or a
# hint, run `python -m zjkg.anchors`; `--check` (and the test suite) fail while this file is stale.

@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcmitype: <http://purl.org/dc/dcmitype/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix zjkg: <https://w3id.org/zjkg/ontology#> .

"""


def annotations_turtle(anchors: Iterable[Anchor], digest: str, *, length: int) -> str:
    """The annotations as Turtle: the source and its version first, then one frame per node, by entity."""
    version = source_version_iri(digest)
    out = [_PROLOGUE,
           "# The source text, and the version of it that every offset below is for\n",
           f"<{SOURCE}>\n",
           "    a dcmitype:Text ;\n",
           '    rdfs:label "镇江市2025年政府工作报告（图解）文本"@zh, "Text of the Zhenjiang 2025 government work report (illustrated summary)"@en ;\n',
           '    dcterms:identifier "data/source/zhenjiang-2025-government-work-report.txt" ;\n',
           "    dcterms:isFormatOf <https://w3id.org/zjkg/id/report/zhenjiang-2025> .\n\n",
           f"<{version}>\n",
           "    a dcmitype:Text ;\n",
           '    rdfs:label "镇江市2025年政府工作报告（图解）文本（按SHA-256区分的版本）"@zh, "Text of the Zhenjiang 2025 government work report, the version with this SHA-256"@en ;\n',
           f"    dcterms:isVersionOf <{SOURCE}> ;\n",
           '    dcterms:format "text/plain; charset=utf-8" ;\n',
           f'    dcterms:extent "{length} code points" ;\n',
           f"    spdx:checksum <{version}#sha256> .\n\n",
           f"<{version}#sha256>\n",
           "    a spdx:Checksum ;\n",
           "    spdx:algorithm spdx:checksumAlgorithm_sha256 ;\n",
           f"    spdx:checksumValue {_literal(digest)} .\n"]
    for anchor in sorted(anchors, key=lambda a: a.entity):
        iri = annotation_iri(anchor.entity)
        out += [f"\n# {compact_iri(anchor.entity)}\n",
                f"<{iri}>\n",
                "    a oa:Annotation ;\n",
                "    oa:motivatedBy oa:identifying ;\n",
                f"    oa:hasBody <{anchor.entity}> ;\n",
                f"    oa:hasTarget <{iri}#target> .\n\n",
                f"<{iri}#target>\n",
                "    a oa:SpecificResource ;\n",
                f"    oa:hasSource <{version}> ;\n",
                f"    oa:hasSelector <{iri}#position>, <{iri}#quote> .\n\n",
                f"<{iri}#position>\n",
                "    a oa:TextPositionSelector ;\n",
                f"    oa:start {anchor.start} ;\n",
                f"    oa:end {anchor.end} .\n\n",
                f"<{iri}#quote>\n",
                "    a oa:TextQuoteSelector ;\n",
                f"    oa:exact {_literal(anchor.exact)} ;\n",
                f"    oa:prefix {_literal(anchor.prefix)} ;\n",
                f"    oa:suffix {_literal(anchor.suffix)} .\n"]
    return "".join(out)


def _quotes(paths: Iterable[Path]) -> list[tuple[str, str]]:
    import pyoxigraph as ox

    quote = ox.NamedNode(ONTOLOGY + "quote")
    found = set()
    for path in paths:
        try:
            for triple in ox.parse(path=str(path)):
                if triple.predicate == quote and isinstance(triple.object, ox.Literal):
                    found.add((triple.subject.value, triple.object.value))
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except SyntaxError as error:
            raise InputError(f"{path}: cannot parse: {error}") from None
    return sorted(found)


def generate(*, data: Iterable[Path] | None = None, source: Path | None = None, hints: Path | None = None) -> str:
    """The Turtle that ``data/annotations.ttl`` should hold, from the quotes in ``data`` (the files
    that carry zjkg:quote: data/triples.ttl and the other quoted data files by default)."""
    from .resources import anchor_hints_file, quoted_data_files, source_file

    source = source or source_file()
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: no such source text") from None
    text = raw.decode("utf-8")
    anchors = anchor_quotes(text, _quotes(list(data) if data else quoted_data_files()),
                            read_hints(hints or anchor_hints_file()))
    return annotations_turtle(anchors, sha256_hex(raw), length=len(text))


def main(argv: list[str] | None = None) -> int:
    """``python -m zjkg.anchors [--check]``: write data/annotations.ttl, or check it is current.

    The module's only entry point; it alone writes to the terminal. Exit 0 written or current, 1 stale
    or a quote cannot be anchored, 2 bad input.
    """
    import argparse
    import sys

    from .atomic import write_file
    from .resources import annotations_file

    parser = argparse.ArgumentParser(prog="python -m zjkg.anchors", description=main.__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when data/annotations.ttl differs from what would be written")
    parser.add_argument("--output", type=Path, default=None, help="write here instead of data/annotations.ttl")
    args = parser.parse_args(argv)
    target = args.output or annotations_file()
    try:
        content = generate().encode("utf-8")
    except ZjkgError as error:
        sys.stderr.write(f"error: {error}\n")
        return error.exit_code
    current = target.read_bytes() if target.exists() else None
    if args.check:
        if current != content:
            sys.stderr.write(f"{target} is stale: run `python -m zjkg.anchors` to regenerate it\n")
            return 1
        sys.stdout.write(f"{target} is current\n")
        return 0
    if current != content:
        write_file(target, content)
    sys.stdout.write(f"{target}: {content.count(b'a oa:Annotation')} annotations\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
