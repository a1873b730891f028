"""RDF -> networkx views, built from the store in one place.

Every node carries string attributes ``id``, ``type``, ``label``, ``label_en``, ``notation``,
``area``, ``area_label``, ``lead_sector``, ``lead_sector_label``, ``quote_start`` and ``quote_end``
("" where they do not apply), so the analytics and every exporter read the same names.
``quote_start``/``quote_end`` are the code-point offsets of the entity's quote in the source text
(its W3C Web Annotation, data/annotations.ttl), written as decimal digits. Edges carry ``type`` (the
property's local name) and, for curated links, ``basis``, ``confidence``, ``rationale`` (Chinese) and
``rationale_en``.

Every builder takes ``basis`` ("stated"/"inferred") and ``min_confidence`` ("high"/"medium"/"low"):
curated links outside them are left out (docs/curation.md); the report's own relations always stay.

Views:

* :func:`measure_graph` -- the thirty measures and their ``dependsOn`` edges (A -> B: A needs B): the
  graph the dependency analytics run on;
* :func:`measure_view` -- the same measures with their ``dependsOn`` and ``conflictsWith`` edges (a
  multigraph keyed by kind): the "measures" view the exports write;
* :func:`full_graph` -- every entity and every relation between entities;
* :func:`sector_graph` -- measures and sectors, ``leadSector`` / ``supportingSector`` edges;
* :func:`goal_graph` -- measures and the goals they serve (pledges, principles, main targets, areas).

The module itself is callable, for notebooks: ``zjkg.graph("measures")`` is :func:`build_view` on the
report's own store (``zjkg.graph`` names this module, so the call has to live on it).
"""

from __future__ import annotations

import sys
import types

import networkx as nx

from .choices import VIEWS
from .namespace import local_name
from .queries import link_filter, select_named
from .resolve import entity_index
from .store import Store
from .values import text_value

__all__ = ["VIEWS", "NODE_ATTRIBUTES", "measure_graph", "measure_view", "full_graph", "sector_graph", "goal_graph",
           "build_view"]

NODE_ATTRIBUTES = ("id", "type", "label", "label_en", "notation", "area", "area_label", "area_label_en",
                   "lead_sector", "lead_sector_label", "quote_start", "quote_end")
_GOAL_RELATIONS = {"servesPledge", "followsPrinciple", "contributesTo", "inArea"}
_SECTOR_RELATIONS = {"leadSector", "supportingSector"}


def _node(entity_id: str, kind: str, label: str, label_en: str, notation: str = "", **extra: str) -> dict:
    attributes = dict.fromkeys(NODE_ATTRIBUTES, "")
    attributes.update(id=entity_id, type=kind, label=label, label_en=label_en, notation=notation, **extra)
    return attributes


def _anchors(store: Store) -> dict[str, dict]:
    """Each quoted entity's span in the source text, as node attributes (one query for all)."""
    return {row["entity"].value: {"quote_start": text_value(row, "start"), "quote_end": text_value(row, "end")}
            for row in select_named(store, "quote-anchor")}


def _measure_nodes(store: Store, anchors: dict[str, dict] | None = None) -> dict[str, dict]:
    anchors = _anchors(store) if anchors is None else anchors
    nodes = {}
    for row in select_named(store, "measure-attributes"):
        nodes[row["measure"].value] = _node(
            row["measure"].value, "Measure", text_value(row, "label"), text_value(row, "label_en"), text_value(row, "notation"),
            area=text_value(row, "area"), area_label=text_value(row, "area_label"), area_label_en=text_value(row, "area_label_en"),
            lead_sector=text_value(row, "lead"), lead_sector_label=text_value(row, "lead_label"),
            **anchors.get(row["measure"].value, {}))
    return nodes


def _link(kind: str, row) -> dict[str, str]:
    """An edge's attributes: its kind and, for a curated link, the statement's basis, confidence and rationales."""
    return {"type": kind, "basis": local_name(text_value(row, "basis")) if row.get("basis") else "",
            "confidence": local_name(text_value(row, "confidence")) if row.get("confidence") else "",
            "rationale": text_value(row, "rationale"), "rationale_en": text_value(row, "rationale_en")}


def _relations(store: Store, properties: set[str] | None = None, basis: str | None = None,
               min_confidence: str | None = None):
    for row in select_named(store, "entity-relations", link_filter(basis, min_confidence)):
        kind = local_name(row["property"].value)
        if properties is None or kind in properties:
            yield row["subject"].value, row["object"].value, _link(kind, row)


def measure_graph(store: Store, *, basis: str | None = None, min_confidence: str | None = None) -> nx.DiGraph:
    """The dependency graph: measures, and an edge A -> B for every ``A zjkg:dependsOn B`` (of that basis
    and at least that confidence, when given). Conflicts are not dependencies and are not in it."""
    graph = nx.DiGraph(name="measures")
    for node_id, attributes in _measure_nodes(store).items():
        graph.add_node(node_id, **attributes)
    for row in select_named(store, "measure-dependencies", link_filter(basis, min_confidence)):
        graph.add_edge(row["measure"].value, row["depends_on"].value, **_link("dependsOn", row))
    return graph


def measure_view(store: Store, *, basis: str | None = None, min_confidence: str | None = None) -> nx.MultiDiGraph:
    """The measures with their dependsOn edges and their conflictsWith pairs (each once, as the data writes
    it: the property is symmetric), keyed by kind: what the "measures" export carries."""
    dependencies = measure_graph(store, basis=basis, min_confidence=min_confidence)
    graph = nx.MultiDiGraph(name="measures")
    graph.add_nodes_from(dependencies.nodes(data=True))
    for a, b, attributes in dependencies.edges(data=True):
        graph.add_edge(a, b, key="dependsOn", **attributes)
    for row in select_named(store, "measure-conflicts", link_filter(basis, min_confidence)):
        graph.add_edge(row["measure"].value, row["conflicts_with"].value, key="conflictsWith", **_link("conflictsWith", row))
    return graph


def _entity_nodes(store: Store, classes: set[str] | None = None) -> dict[str, dict]:

    anchors = _anchors(store)
    measures = _measure_nodes(store, anchors)
    nodes = {}
    for entity in entity_index(store, classes):
        nodes[entity.id] = measures.get(entity.id) or _node(entity.id, entity.type, entity.label, entity.label_en,
                                                            entity.notation or "", **anchors.get(entity.id, {}))
    return nodes


def _view(name: str, nodes: dict[str, dict], edges) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name=name)
    for node_id, attributes in nodes.items():
        graph.add_node(node_id, **attributes)
    for source, target, attributes in edges:
        if source in nodes and target in nodes:
            graph.add_edge(source, target, key=attributes["type"], **attributes)
    return graph


def full_graph(store: Store, *, basis: str | None = None, min_confidence: str | None = None) -> nx.MultiDiGraph:
    """Every entity and every relation between two entities (a multigraph: keys are relation names)."""
    return _view("full", _entity_nodes(store), _relations(store, None, basis, min_confidence))


def sector_graph(store: Store, *, basis: str | None = None, min_confidence: str | None = None) -> nx.MultiDiGraph:
    """Measures and sectors; an edge measure -> sector per ``leadSector`` / ``supportingSector``. A sector
    node's ``sector_kind`` says whether it is a ``PartyBody`` or a ``GovernmentDepartment`` ("" if neither)."""
    nodes = _entity_nodes(store, {"Measure", "Sector"})
    for node in nodes.values():
        if node["type"] == "Sector":
            node["sector_kind"] = ""
    for row in select_named(store, "sector-kinds"):
        if row["sector"].value in nodes:
            nodes[row["sector"].value]["sector_kind"] = local_name(row["kind"].value)
    return _view("sectors", nodes, _relations(store, _SECTOR_RELATIONS, basis, min_confidence))


def goal_graph(store: Store, *, basis: str | None = None, min_confidence: str | None = None) -> nx.MultiDiGraph:
    """Measures and goals; an edge measure -> goal per pledge, principle, main target and area link."""
    nodes = _entity_nodes(store, {"Measure", "Pledge", "Principle", "MainTarget", "TaskArea"})
    return _view("goals", nodes, _relations(store, _GOAL_RELATIONS, basis, min_confidence))


_BUILDERS = {"measures": measure_view, "full": full_graph, "sectors": sector_graph, "goals": goal_graph}
assert tuple(_BUILDERS) == VIEWS, "zjkg.choices.VIEWS and the view builders disagree"


def build_view(store: Store, view: str, *, basis: str | None = None, min_confidence: str | None = None):
    """The named view (see :data:`~zjkg.choices.VIEWS`), with only the curated links of ``basis`` and at least
    ``min_confidence`` when given."""
    try:
        builder = _BUILDERS[view]
    except KeyError:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}") from None
    return builder(store, basis=basis, min_confidence=min_confidence)


class _CallableModule(types.ModuleType):
    """This module's type: calling it builds a view, ``zjkg.graph("measures", store=None, basis=None, ...)``."""

    def __call__(self, view: str = "measures", *, store: Store | None = None, basis: str | None = None,
                 min_confidence: str | None = None):
        from .session import default_store

        return build_view(store or default_store(), view, basis=basis, min_confidence=min_confidence)


sys.modules[__name__].__class__ = _CallableModule
