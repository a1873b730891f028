"""The dependency commands: deps, impact, path, rank, order, clusters, sectors.

networkx is imported only when one of them runs.
"""

from __future__ import annotations

import click

from ..choices import RANKINGS
from ..render import Column, render
from .options import echo, handle_errors, link_filter_options, output_options, with_store

__all__ = ["deps", "impact", "path", "rank", "order", "clusters", "sectors"]

# The chain by the measures' numbers (6.1 → 7.1 → 2.1: the CURIEs were cut off after two steps), and
# each row's own step: deps shows why the measure before it rests on it (the chain's last link,
# "reason"), impact why it rests on the next (its first link, "rationale"); every row of a chain
# showed the first link's reason.
_CHAIN = [Column("notation", "measure"), Column("label", width=30), Column("depth"), Column("chain", "via", curie=True),
          Column("confidence")]
DEPS_COLUMNS = [*_CHAIN, Column("reason", "why", width=48)]
IMPACT_COLUMNS = [*_CHAIN, Column("rationale", "why", width=48)]


def ranking_option(help: str):
    """--by, shared by rank and sectors: how the measures' centrality is scored."""
    return click.option("--by", type=click.Choice(RANKINGS),
                        default="pagerank", show_default=True, help=help)


def _measure(store, text: str) -> str:
    from ..resolve import resolve_one

    return resolve_one(store, text, ["Measure"], what="measure").id


def _say_none(graph, iri: str, what: str, lang: str, basis, min_confidence) -> None:
    """On stderr, beside the empty table: "(no results)" alone read as a failed lookup."""
    node = graph.nodes[iri]
    kept = ", ".join(f"{name} {value}" for name, value in (("basis", basis), ("confidence at least", min_confidence)) if value)
    among = f"among the curated dependencies kept ({kept})" if kept else "among the curated dependencies"
    label = node["label_en"] if lang == "en" else node["label"]
    click.echo(f"Measure {node['notation']} {label}: {what} {among}.", err=True)


def _graph(store, basis=None, min_confidence=None):
    """The opened store and its dependency graph (dependsOn only: conflicts are not dependencies)."""
    from ..graph import measure_graph

    store = store.open()
    return store, measure_graph(store, basis=basis, min_confidence=min_confidence)


@click.command()
@click.argument("measure")
@click.option("--depth", type=click.IntRange(min=1), help="Stop after this many steps.")
@link_filter_options
@with_store
@output_options
@handle_errors
def deps(measure, depth, basis, min_confidence, store, fmt, lang):
    """What MEASURE rests on, transitively, with depth, chain and the reason for each step.

    Example:

        zjkg deps 2.1

        zjkg deps 7.1 --depth 1 --format json
    """
    from ..dependencies import rests_on

    opened, graph = _graph(store, basis, min_confidence)
    iri = _measure(opened, measure)
    rows = rests_on(graph, iri, depth)
    echo(render(rows, fmt, DEPS_COLUMNS, lang=lang))
    if not rows:
        _say_none(graph, iri, "rests on no other measure", lang, basis, min_confidence)


@click.command()
@click.argument("measure")
@link_filter_options
@with_store
@output_options
@handle_errors
def impact(measure, basis, min_confidence, store, fmt, lang):
    """What is put at risk if MEASURE stalls: every measure that rests on it, and through which chain.

    Example:

        zjkg impact 4.3

        zjkg impact 4.3 --min-confidence medium
    """
    from ..dependencies import at_risk

    opened, graph = _graph(store, basis, min_confidence)
    iri = _measure(opened, measure)
    rows = at_risk(graph, iri)
    echo(render(rows, fmt, IMPACT_COLUMNS, lang=lang))
    if not rows:
        _say_none(graph, iri, "no other measure rests on it", lang, basis, min_confidence)


@click.command()
@click.argument("start", metavar="A")
@click.argument("end", metavar="B")
@link_filter_options
@with_store
@output_options
@handle_errors
def path(start, end, basis, min_confidence, store, fmt, lang):
    """The shortest dependency chain from measure A to measure B, with each step's rationale.

    Exits 1 when there is none.

    Example:

        zjkg path 6.1 1.1

        zjkg path 6.1 1.1 --min-confidence high
    """
    from ..dependencies import dependency_chain

    opened, graph = _graph(store, basis, min_confidence)
    steps = dependency_chain(graph, _measure(opened, start), _measure(opened, end))
    echo(render(steps, fmt, [Column("step"), Column("notation", "measure"), Column("label", width=24),
                              Column("depends_on", "depends on", curie=True), Column("depends_on_label", "", width=24),
                              Column("rationale", "why", width=50)], lang=lang))


@click.command()
@ranking_option("pagerank/indegree: keystones many rest on; betweenness: bridges; outdegree: the most needy.")
@link_filter_options
@with_store
@output_options
@handle_errors
def rank(by, basis, min_confidence, store, fmt, lang):
    """Every measure with a score, highest first: the keystones of the dependency network.

    Example:

        zjkg rank --by betweenness

        zjkg rank --basis inferred --min-confidence high
    """
    from ..dependencies import rank as rank_measures

    _, graph = _graph(store, basis, min_confidence)
    echo(render(rank_measures(graph, by), fmt, [Column("rank"), Column("notation", "measure"),
                                                 Column("label", width=36), Column("score")], lang=lang))


@click.command()
@link_filter_options
@with_store
@output_options
@handle_errors
def order(basis, min_confidence, store, fmt, lang):
    """An implementation order: waves of measures, prerequisites first. Exits 1 on a cycle.

    JSON is a list of waves, each a list of measures.

    Example:

        zjkg order --format json
    """
    from ..dependencies import implementation_order
    from ..render import to_json

    _, graph = _graph(store, basis, min_confidence)
    waves = implementation_order(graph)
    if fmt == "json":
        echo(to_json(waves))
        return
    echo(render([m for wave in waves for m in wave], fmt, [Column("wave"), Column("notation", "measure"),
                                                            Column("label", width=40)], lang=lang))


@click.command()
@link_filter_options
@with_store
@output_options
@handle_errors
def clusters(basis, min_confidence, store, fmt, lang):
    """Communities of measures (Leiden modularity via igraph, seeded), each with its areas and lead sectors.

    Example:

        zjkg clusters
    """
    from ..dependencies import clusters as find_clusters

    _, graph = _graph(store, basis, min_confidence)
    echo(render(find_clusters(graph), fmt, [Column("cluster"), Column("size"), Column("measures"),
                                             Column("areas", width=50), Column("lead_sectors", width=40)], lang=lang))


@click.command()
@ranking_option("How the centrality of the measures is scored.")
@link_filter_options
@with_store
@output_options
@handle_errors
def sectors(by, basis, min_confidence, store, fmt, lang):
    """Per department: the measures it leads and supports, and how central they are.

    Example:

        zjkg sectors --format json
    """
    from ..dependencies import sector_roles
    from ..graph import sector_graph

    opened, graph = _graph(store, basis, min_confidence)
    echo(render(sector_roles(graph, sector_graph(opened, basis=basis, min_confidence=min_confidence), by), fmt,
                 [Column("label", "sector"), Column("kind"), Column("leads"), Column("supports"),
                  Column("centrality_led", "centrality (led)")],
                 lang=lang))
