"""Deterministic serialisations: the same graph always gives byte-identical files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

__all__ = ["canonical_ntriples"]


def canonical_ntriples(files: Iterable[Path | str]) -> str:
    """The triples of ``files`` as N-Triples, one per line, sorted, without duplicates.

    Blank nodes (the ontology's OWL lists) are relabelled by RDFC-1.0 canonicalisation, so the
    output depends only on the graph, not on file or parse order.
    """
    dataset = ox.Dataset()
    for path in files:
        for quad in ox.parse(path=str(path)):
            dataset.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = {f"{q.subject} {q.predicate} {q.object} ." for q in dataset}
    return "".join(f"{line}\n" for line in sorted(lines))
