"""Graph exports for the tools researchers look with, all fed by the views of :mod:`zjkg.graph`.

One code path: ``build_view`` -> the nodes' figures and quotes from the store
(:mod:`~zjkg.export.figures`) -> :func:`~zjkg.export.normalise.prepare` (attributes normalised
once) -> positions (:mod:`~zjkg.export.layout`, for the formats that carry them) -> one writer per
format, each in its own module. Every writer returns bytes for a file format or
``{relative_path: bytes}`` for a directory format (Neo4j CSV). Output is deterministic.

The ``data`` view is not a graph view: it is the whole dataset, written by
:func:`~zjkg.export.dataset.export_dataset` in the RDF formats only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import networkx as nx

from ..choices import DATASET_FORMATS, DIRECTORY_FORMATS, EXPORT_FORMATS, EXPORT_VIEWS
from ..errors import InputError
from ..store import Store
from .cyjs import write_cyjs, write_cytoscape_style
from .dataset import DATASET_CONTEXT, export_dataset
from .dot import write_dot
from .figures import entity_figures
from .gexf import write_gexf
from .graphml import write_graphml
from .html import write_html
from .layout import positions
from .mermaid import write_mermaid
from .neo4j import write_neo4j_csv
from .normalise import AREA_COLOURS, CJK_FONT, prepare
from .rdf import JSONLD_CONTEXT, view_rdf, write_jsonld, write_nt, write_ttl

__all__ = ["EXPORT_FORMATS", "EXPORT_VIEWS", "DIRECTORY_FORMATS", "DATASET_FORMATS", "AREA_COLOURS", "CJK_FONT",
           "JSONLD_CONTEXT", "DATASET_CONTEXT", "prepare", "export", "export_view", "export_dataset", "write_files",
           "view_rdf"]


def _named_graphs_only(graph: nx.MultiDiGraph) -> bytes:
    raise InputError("nq and trig write named graphs, which only the data view (the whole dataset) has")


_WRITERS: dict[str, Callable] = {
    "graphml": write_graphml, "gexf": write_gexf, "cyjs": write_cyjs, "cytoscape-style": write_cytoscape_style,
    "dot": write_dot, "mermaid": write_mermaid,
    "csv": write_neo4j_csv, "jsonld": write_jsonld, "ttl": write_ttl, "nt": write_nt, "nq": _named_graphs_only,
    "trig": _named_graphs_only, "html": write_html,
}
assert tuple(_WRITERS) == EXPORT_FORMATS, "zjkg.choices.EXPORT_FORMATS and the writers disagree"
_WITH_POSITIONS = {"cyjs", "gexf", "graphml", "html"}  # the formats that carry a layout: they get the DOT picture's


def export(store: Store, view: str, fmt: str) -> dict[str, bytes]:
    """Export ``view`` of ``store`` in ``fmt``: a graph view with its nodes' figures and quotes, or
    (``view="data"``) the whole dataset. ``{"": bytes}`` for a file, ``{name: bytes}`` for a directory."""
    if view not in EXPORT_VIEWS:
        raise InputError(f"unknown view {view!r}: choose one of {', '.join(EXPORT_VIEWS)}")
    if view == "data":
        return {"": export_dataset(store, fmt)}
    if fmt not in _WRITERS:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    from ..graph import build_view

    return export_view(build_view(store, view), fmt, figures=entity_figures(store))


def export_view(graph: nx.Graph, fmt: str, *, figures: Mapping[str, dict] | None = None) -> dict[str, bytes]:
    """Write a view in ``fmt``: ``{"": bytes}`` for a file format, ``{name: bytes}`` for a directory.

    ``figures`` (from :func:`~zjkg.export.figures.entity_figures`) adds each node's classes,
    figure, unit, year and quote where it has them.
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}") from None
    if figures:
        graph = graph.copy()
        for node, data in graph.nodes(data=True):
            data.update(figures.get(node, {}))
    prepared = prepare(graph)
    if fmt in _WITH_POSITIONS:
        for node, (x, y) in positions(prepared).items():
            prepared.nodes[node].update(x=x, y=y)
    written = writer(prepared)
    return written if isinstance(written, dict) else {"": written}


def write_files(files: dict[str, bytes], destination) -> list:
    """Write an export beside its destination, then swap it in: never a half-written file or directory."""
    from pathlib import Path

    from ..atomic import staged_directory, write_file

    destination = Path(destination)
    parent = destination.parent  # "." for a bare file name: Path("x.gexf").parent is Path(".")
    if not parent.is_dir():
        raise InputError(f"{destination}: the directory {parent} does not exist")
    if set(files) == {""}:
        write_file(destination, files[""])
        return [destination]
    if destination.exists() and not destination.is_dir():
        raise InputError(f"{destination}: exists and is not a directory")
    if destination.is_dir():
        # A folder of the user's: the export's own files replaced one by one (each whole), and
        # nothing else in it touched; one holding anything else is refused ("-o ~/Documents"
        # removed a thesis: the folder was replaced whole).
        others = sorted(entry.name for entry in destination.iterdir() if entry.name not in files)
        if others:
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            raise InputError(f"{destination}: holds files this export does not write ({shown}); "
                             f"give a new or empty folder (the export writes {', '.join(sorted(files))})")
        for name, content in files.items():
            write_file(destination / name, content)
        return [destination / name for name in files]
    with staged_directory(destination) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)
    return [destination / name for name in files]
