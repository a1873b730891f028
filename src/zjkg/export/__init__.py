"""Graph exports for the tools researchers look with, all fed by the views of :mod:`zjkg.graph`.

One code path: ``build_view`` -> :func:`~zjkg.export.normalise.prepare` (attributes normalised once) -> one
writer per format, each in its own module. Every writer returns bytes for a file format or
``{relative_path: bytes}`` for a directory format (Neo4j CSV). Output is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from ..choices import DIRECTORY_FORMATS, EXPORT_FORMATS
from ..errors import InputError
from .cyjs import write_cyjs
from .dot import write_dot
from .gexf import write_gexf
from .graphml import write_graphml
from .html import write_html
from .mermaid import write_mermaid
from .neo4j import write_neo4j_csv
from .normalise import AREA_COLOURS, CJK_FONT, prepare
from .rdf import JSONLD_CONTEXT, view_rdf, write_jsonld, write_nt, write_ttl

__all__ = ["EXPORT_FORMATS", "DIRECTORY_FORMATS", "AREA_COLOURS", "CJK_FONT", "JSONLD_CONTEXT", "prepare", "export_view",
           "write_files", "view_rdf"]


_WRITERS: dict[str, tuple[Callable, str]] = {
    "graphml": (write_graphml, "graphml"), "gexf": (write_gexf, "gexf"), "cyjs": (write_cyjs, "cyjs"),
    "dot": (write_dot, "dot"), "mermaid": (write_mermaid, "mmd"), "csv": (write_neo4j_csv, ""),
    "jsonld": (write_jsonld, "jsonld"), "ttl": (write_ttl, "ttl"), "nt": (write_nt, "nt"), "html": (write_html, "html"),
}
assert tuple(_WRITERS) == EXPORT_FORMATS, "zjkg.choices.EXPORT_FORMATS and the writers disagree"


def export_view(graph: nx.Graph, fmt: str) -> dict[str, bytes]:
    """Write a view in ``fmt``: ``{"": bytes}`` for a file format, ``{name: bytes}`` for a directory."""
    try:
        writer, _ = _WRITERS[fmt]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}") from None
    written = writer(prepare(graph))
    return written if isinstance(written, dict) else {"": written}


def write_files(files: dict[str, bytes], destination) -> list:
    """Write an export beside its destination, then swap it in: never a half-written file or directory."""
    from pathlib import Path

    from ..atomic import staged_directory, write_file

    destination = Path(destination)
    parent = destination.parent if str(destination.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{destination}: the directory {parent} does not exist")
    if set(files) == {""}:
        write_file(destination, files[""])
        return [destination]
    if destination.exists() and not destination.is_dir():
        raise InputError(f"{destination}: exists and is not a directory")
    with staged_directory(destination) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)
    return [destination / name for name in files]
