"""GEXF for Gephi and Gephi Lite."""

from __future__ import annotations

import io
import re

import networkx as nx

__all__ = ["write_gexf"]


def write_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 with ``viz:color`` and ``viz:size``; networkx's wrong xsi namespace and today's date fixed."""
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        colour = data["colour"].lstrip("#")
        data["viz"] = {"color": {"r": int(colour[0:2], 16), "g": int(colour[2:4], 16), "b": int(colour[4:6], 16), "a": 1.0},
                       "size": float(data["size"])}
    buffer = io.BytesIO()
    nx.write_gexf(copy, buffer, version="1.3")
    text = buffer.getvalue().decode("utf-8")
    text = text.replace('xmlns:xsi="http://w3.org/2001/XMLSchema-instance"', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    # The writer stamps today's date and its own version: drop both so the bytes depend on the graph only.
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>zjkg</creator>", text, count=1)
    return text.encode("utf-8")


# ------------------------------------------------------------------ Cytoscape (desktop and Cytoscape.js)
