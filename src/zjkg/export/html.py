"""One self-contained HTML page (vis-network), for any browser, offline."""

from __future__ import annotations

import json

import networkx as nx

from .normalise import AREA_COLOURS, LINK_STYLES, TYPE_COLOURS, TYPE_NAMES, legend_keys, link_style, node_label

__all__ = ["write_html"]


def _vis_network_js() -> str:
    """vis-network, vendored in the package (``zjkg/vendor``): inlined so the page needs no network."""
    from importlib.resources import files

    return (files("zjkg") / "vendor" / "vis-network.min.js").read_text(encoding="utf-8")


def write_html(graph: nx.MultiDiGraph) -> bytes:
    """One self-contained page: pan, zoom, search, click for details, a colour per area, a legend.

    With positions (the DOT picture's, see :mod:`~zjkg.export.layout`) the page draws them as they
    are; without, vis-network's physics lays the graph out."""
    from importlib.resources import files

    nodes = [{"id": n, "label": node_label(d), "title": d.get("label_en", ""), "color": d["colour"],
              "value": int(d["size"]), "data": {k: v for k, v in d.items() if k not in ("x", "y")},
              **({"x": d["x"], "y": d["y"]} if "x" in d and "y" in d else {})} for n, d in graph.nodes(data=True)]
    edges = [{"from": a, "to": b, "arrows": "to" if link_style(k)[3] else "", "dashes": link_style(k)[2],
              "color": link_style(k)[1], "title": d.get("rationale") or k, "data": d}
             for a, b, k, d in graph.edges(keys=True, data=True)]
    legend = {a: c for a, c in AREA_COLOURS.items()
              if any(d.get("area_number") == a for _, d in graph.nodes(data=True))}
    # ... the other kinds of node by their fill, and the links drawn apart (a conflict: dashed, red)
    kinds, relations = legend_keys(graph)
    keys = {"kinds": [{"label": TYPE_NAMES[k], "colour": TYPE_COLOURS[k]} for k in kinds],
            "links": [{"label": LINK_STYLES[r][0], "colour": LINK_STYLES[r][1], "dashed": LINK_STYLES[r][2]} for r in relations]}
    area_names = {}
    for _, d in graph.nodes(data=True):
        if d.get("area_number") and d.get("area_label"):
            area_names[d["area_number"]] = d["area_label"]
    payload = json.dumps({"nodes": nodes, "edges": edges, "legend": legend, "areas": area_names, **keys,
                          "title": graph.graph.get("name", "")}, ensure_ascii=False, sort_keys=True)
    payload = payload.replace("</", "<\\/")  # nothing in the data can close the <script> element
    template = (files("zjkg") / "templates" / "graph.html").read_text(encoding="utf-8")
    page = (template.replace("/*VIS_NETWORK*/", _vis_network_js().replace("</script", "<\\/script"))
            .replace("/*GRAPH_DATA*/null", payload))
    return page.encode("utf-8")
