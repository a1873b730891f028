"""``zjkg validate``: SHACL shapes plus checks against the report's own text.

Four checks, each a list of :class:`Problem` (empty when all is well):

* ``shacl``: the data conforms to ``ontology/shapes.ttl`` (pySHACL, no inference);
* ``quotes``: every ``zjkg:quote`` is a stretch of the source text, compared with whitespace
  removed and both sides NFKC-normalised;
* ``anchors``: every ``oa:Annotation`` (data/annotations.ttl) points into this very source text
  (its ``oa:hasSource`` is named by the file's SHA-256, which the ``spdx:checksum`` repeats), its
  ``TextPositionSelector`` span reads as its entity's quote (whitespace removed, NFKC), its
  ``TextQuoteSelector`` has the span's exact text and the text around it, and every quoted entity
  has exactly one annotation;
* ``numbers``: every number printed in the report, in Arabic digits (``2300``, ``54.7``) or in
  Chinese numerals before a measure word (``三届``, ``两度``, ``连续十年``, ``三大``, ``首个``), is held by
  a Target or Observation whose quote covers it (as its value, year, reference year, period or
  deadline month), or is listed with a reason in ``data/number-exclusions.tsv``; an exclusion that no
  longer matches is itself a problem.

Each check is its own module: :mod:`zjkg.validate.shacl`, :mod:`zjkg.validate.source_text` (quotes
and anchors), :mod:`zjkg.validate.numbers`; here they run in turn on the data files.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..resources import data_files, exclusions_file, source_file
from ..text import normalise_source
from .numbers import check_numbers, chinese_number, read_exclusions
from .problem import Problem
from .shacl import check_shacl, load_graph
from .source_text import check_anchors, check_quotes

__all__ = ["Problem", "validate", "check_shacl", "check_quotes", "check_anchors", "check_numbers", "normalise_source",
           "chinese_number", "read_exclusions"]


def validate(data_paths: list[Path] | None = None, *, source: Path | None = None,
             exclusions: Path | None = None) -> list[Problem]:
    """Run every check on the data files (the report's own by default); return the problems."""
    paths = list(data_paths) if data_paths else data_files()
    data = load_graph(paths)
    if not len(data):  # an empty file gave 130 "held by no target" problems, as if the data were wrong
        raise InputError(f"{', '.join(str(p) for p in paths)}: no triples to load (the data is empty)")
    source = source or source_file()
    try:
        source_bytes = source.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: no such source text") from None
    try:
        source_text = source_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: not UTF-8 text ({error})") from None
    problems = check_shacl(data)
    problems += check_quotes(data, source_text)
    problems += check_anchors(data, source_bytes)
    problems += check_numbers(data, source_text, read_exclusions(exclusions or exclusions_file()))
    return problems
