"""Neo4j bulk-import CSV."""

from __future__ import annotations

import csv
import io

import networkx as nx

__all__ = ["write_neo4j_csv"]


_NODE_COLUMNS = ("label", "label_en", "notation", "area", "area_label", "lead_sector", "lead_sector_label", "colour")


def write_neo4j_csv(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` (``id:ID``, ``:LABEL``) and ``relationships.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE``)."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", ":LABEL", *_NODE_COLUMNS])
    for node, data in graph.nodes(data=True):
        writer.writerow([node, data.get("type", "Entity"), *(data.get(c, "") for c in _NODE_COLUMNS)])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow([":START_ID", ":END_ID", ":TYPE", "basis", "rationale"])
    for a, b, key, data in graph.edges(keys=True, data=True):
        writer.writerow([a, b, key, data.get("basis", ""), data.get("rationale", "")])
    readme = ("neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j\n")
    return {"nodes.csv": nodes.getvalue().encode("utf-8"), "relationships.csv": edges.getvalue().encode("utf-8"),
            "import.sh": readme.encode("utf-8")}
