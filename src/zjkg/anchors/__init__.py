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

The parts: locating the spans (:mod:`zjkg.anchors.locate`), writing them as Turtle
(:mod:`zjkg.anchors.annotations`), and here the entry that reads the quotes and the source and
writes the file. Run ``python -m zjkg.anchors`` to regenerate ``data/annotations.ttl``;
``--check`` exits 1 when the file on disk differs from what it would write.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, ZjkgError
from ..namespace import ONTOLOGY
from .annotations import OA, SOURCE, SPDX, annotation_iri, annotations_turtle, sha256_hex, source_version_iri
from .locate import Anchor, AnchorError, FoldedText, Hint, anchor_quotes, read_hints

__all__ = ["Anchor", "Hint", "AnchorError", "SOURCE", "OA", "SPDX", "FoldedText", "sha256_hex",
           "source_version_iri", "annotation_iri", "read_hints", "anchor_quotes", "annotations_turtle",
           "generate", "main"]


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
    from ..resources import anchor_hints_file, quoted_data_files, source_file

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

    from ..atomic import write_file
    from ..resources import annotations_file

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
