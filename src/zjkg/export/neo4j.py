"""Neo4j bulk-import CSV (``neo4j-admin database import``), which Kùzu and Memgraph load too.

Headers carry their types the way neo4j-admin reads them (``value:float``, ``year:int``; a
column without a type is a string), ``:LABEL`` lists every class of a node (``MainTarget;Target``),
and the targets and observations carry their figure, unit, year, comparator and quote. A value a
node does not have is an empty field: no property.
"""

from __future__ import annotations

import csv
import io

import networkx as nx

from .normalise import NUMERIC

__all__ = ["NODE_COLUMNS", "RELATIONSHIP_COLUMNS", "write_neo4j_csv"]

# (attribute, header): the header's ":type" is neo4j-admin's for the attribute's kind.
_NEO4J_TYPES = {int: "int", float: "float"}
NODE_COLUMNS = tuple((name, f"{name}:{_NEO4J_TYPES[NUMERIC[name]]}" if name in NUMERIC else name) for name in (
    "label", "label_en", "notation", "type", "area", "area_label", "lead_sector", "lead_sector_label",
    "value", "unit", "year", "comparator", "quote", "colour", "size"))
RELATIONSHIP_COLUMNS = ("basis", "rationale")


def _labels(data: dict) -> str:
    return ";".join(sorted(set(data.get("classes", "").split()) | {data.get("type") or "Entity"}))


def write_neo4j_csv(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` (``id:ID``, ``:LABEL``, typed properties), ``relationships.csv`` and ``import.sh``."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", ":LABEL", *(header for _, header in NODE_COLUMNS)])
    for node, data in graph.nodes(data=True):
        writer.writerow([node, _labels(data), *(data.get(name, "") for name, _ in NODE_COLUMNS)])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow([":START_ID", ":END_ID", ":TYPE", *RELATIONSHIP_COLUMNS])
    for a, b, relation, data in graph.edges(keys=True, data=True):
        writer.writerow([a, b, relation, *(data.get(name, "") for name in RELATIONSHIP_COLUMNS)])
    # The database name goes first: --nodes and --relationships take several files each, so Neo4j 5.19
    # and later read a trailing name as one more file. A quoted field may hold a line break.
    script = ("#!/bin/sh\n# Run in this folder, with the neo4j database stopped and empty.\n"
              "neo4j-admin database import full neo4j --nodes=nodes.csv --relationships=relationships.csv"
              " --multiline-fields=true\n")
    return {"nodes.csv": nodes.getvalue().encode("utf-8"), "relationships.csv": edges.getvalue().encode("utf-8"),
            "import.sh": script.encode("utf-8")}
