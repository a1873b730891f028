"""The graph commands of ``zjkg``: deps, impact, path, rank, order, clusters, sectors, export.

Registered on the main group by ``zjkg.cli``; networkx is imported only when one of them runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli import _echo, cli, handle_errors, output_options, store_options
from .errors import InputError
from .render import Column, render

__all__ = ["deps", "impact", "path", "rank", "order", "clusters", "sectors", "export", "corpus"]

CHAIN_COLUMNS = [Column("notation", "measure"), Column("label", width=30), Column("depth"),
                 Column("via", curie=True, width=48), Column("rationale", "why", width=48)]


def ranking_option(help: str):
    """--by, shared by rank and sectors: how the measures' centrality is scored."""
    return click.option("--by", type=click.Choice(["pagerank", "betweenness", "indegree", "outdegree"]),
                        default="pagerank", show_default=True, help=help)


def _measure(store, text: str) -> str:
    from .goals import resolve

    found = resolve(store, text, ["Measure"], what="measure")
    if len(found) > 1:
        names = "; ".join(f"{e.notation} {e.label}" for e in found[:8])
        raise InputError(f"{text!r} matches {len(found)} measures: {names}. Give its number, e.g. 2.1")
    return found[0].id


def _graph(source):
    from .graph import measure_graph

    store = source.open()
    return store, measure_graph(store)


@cli.command()
@click.argument("measure")
@click.option("--depth", type=click.IntRange(min=1), help="Stop after this many steps.")
@store_options
@output_options
@handle_errors
def deps(measure, depth, source, fmt, lang):
    """What MEASURE rests on, transitively, with depth, chain and the reason for each step.

    Example:

        zjkg deps 2.1

        zjkg deps 7.1 --depth 1 --format json
    """
    from .dependencies import rests_on

    store, graph = _graph(source)
    _echo(render(rests_on(graph, _measure(store, measure), depth), fmt, CHAIN_COLUMNS, lang=lang))


@cli.command()
@click.argument("measure")
@store_options
@output_options
@handle_errors
def impact(measure, source, fmt, lang):
    """What is put at risk if MEASURE stalls: every measure that rests on it, and through which chain.

    Example:

        zjkg impact 9.1
    """
    from .dependencies import at_risk

    store, graph = _graph(source)
    _echo(render(at_risk(graph, _measure(store, measure)), fmt, CHAIN_COLUMNS, lang=lang))


@cli.command()
@click.argument("start", metavar="A")
@click.argument("end", metavar="B")
@store_options
@output_options
@handle_errors
def path(start, end, source, fmt, lang):
    """The shortest dependency chain from measure A to measure B, with each step's rationale.

    Exits 1 when there is none.

    Example:

        zjkg path 7.1 9.1
    """
    from .dependencies import dependency_chain

    store, graph = _graph(source)
    steps = dependency_chain(graph, _measure(store, start), _measure(store, end))
    _echo(render(steps, fmt, [Column("step"), Column("notation", "measure"), Column("label", width=24),
                              Column("depends_on", "depends on", curie=True), Column("depends_on_label", "", width=24),
                              Column("rationale", "why", width=50)], lang=lang))


@cli.command()
@ranking_option("pagerank/indegree: keystones many rest on; betweenness: bridges; outdegree: the most needy.")
@store_options
@output_options
@handle_errors
def rank(by, source, fmt, lang):
    """Every measure with a score, highest first: the keystones of the dependency network.

    Example:

        zjkg rank --by betweenness
    """
    from .dependencies import rank as rank_measures

    _, graph = _graph(source)
    _echo(render(rank_measures(graph, by), fmt, [Column("rank"), Column("notation", "measure"),
                                                 Column("label", width=36), Column("score")], lang=lang))


@cli.command()
@store_options
@output_options
@handle_errors
def order(source, fmt, lang):
    """An implementation order: waves of measures, prerequisites first. Exits 1 on a cycle.

    JSON is a list of waves, each a list of measures.

    Example:

        zjkg order --format json
    """
    from .dependencies import implementation_order
    from .render import to_json

    _, graph = _graph(source)
    waves = implementation_order(graph)
    if fmt == "json":
        _echo(to_json(waves))
        return
    _echo(render([m for wave in waves for m in wave], fmt, [Column("wave"), Column("notation", "measure"),
                                                            Column("label", width=40)], lang=lang))


@cli.command()
@store_options
@output_options
@handle_errors
def clusters(source, fmt, lang):
    """Communities of measures (Leiden modularity via igraph, seeded), each with its areas and lead sectors.

    Example:

        zjkg clusters
    """
    from .dependencies import clusters as find_clusters

    _, graph = _graph(source)
    _echo(render(find_clusters(graph), fmt, [Column("cluster"), Column("size"), Column("measures"),
                                             Column("areas", width=50), Column("lead_sectors", width=40)], lang=lang))


@cli.command()
@ranking_option("How the centrality of the measures is scored.")
@store_options
@output_options
@handle_errors
def sectors(by, source, fmt, lang):
    """Per department: the measures it leads and supports, and how central they are.

    Example:

        zjkg sectors --format json
    """
    from .dependencies import sector_roles
    from .graph import sector_graph

    store, graph = _graph(source)
    _echo(render(sector_roles(graph, sector_graph(store), by), fmt,
                 [Column("label", "sector"), Column("leads"), Column("supports"), Column("centrality_led", "centrality (led)")],
                 lang=lang))


@cli.command()
@click.option("--to", "fmt", required=True, metavar="FORMAT",
              type=click.Choice(["graphml", "gexf", "cyjs", "dot", "mermaid", "csv", "jsonld", "ttl", "nt", "html"]),
              help="graphml (Gephi, yEd, Cytoscape), gexf (Gephi), cyjs (Cytoscape), dot (Graphviz), mermaid, "
                   "csv (a directory for neo4j-admin import), jsonld/ttl/nt (RDF), html (a browser, offline).")
@click.option("--view", type=click.Choice(["measures", "full", "sectors", "goals"]), default="measures", show_default=True,
              help="measures: the thirty measures and their dependencies; full: every entity and relation; "
                   "sectors: measures and departments; goals: measures and the goals they serve.")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="PATH",
              help="Write here (a directory for csv); standard output when omitted.")
@store_options
@handle_errors
def export(fmt, view, output, source):
    """Export a view of the graph for a visualisation tool.

    Files are written beside PATH and then moved into place, so a failed export never leaves a
    half-written file.

    Example:

        zjkg export --to dot --view measures -o measures.dot && dot -Tsvg measures.dot -o measures.svg

        zjkg export --to html --view full -o zjkg.html

        zjkg export --to csv --view full -o neo4j-import/
    """
    from .export import DIRECTORY_FORMATS, export_view, write_files
    from .graph import build_view

    if fmt in DIRECTORY_FORMATS and output is None:
        raise click.UsageError(f"--to {fmt} writes a directory: give it with -o PATH")
    files = export_view(build_view(source.open(), view), fmt)
    if output is None:
        click.echo(files[""], nl=False)  # bytes go to the binary stream
        return
    for path in write_files(files, output):
        click.echo(f"wrote {path}", err=True)


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="Directory for the reports (one N-Triples file each).")
@click.option("--triples", type=click.IntRange(min=1), help="About this many triples in all (e.g. 3000000).")
@click.option("--reports", type=click.IntRange(min=1), help="Exactly this many reports (cities x years).")
@click.option("--seed", default=0, show_default=True, help="Seed of the random figures and dependencies.")
@click.option("--store", "store_path", type=click.Path(path_type=Path), metavar="PATH",
              help="Also build an on-disk store of the ontology and the corpus here.")
@handle_errors
def corpus(output, triples, reports, seed, store_path):
    """Generate a synthetic corpus of many reports in zjkg's ontology, for scale.

    Each report has the Zhenjiang report's structure under its own IRIs, with its own figures and
    dependency network. With --store, the corpus is loaded once into an on-disk store that every
    command then opens with --store PATH.

    Example:

        zjkg corpus --triples 3000000 -o corpus/ --store corpus.db && zjkg query main-targets --store corpus.db
    """
    from .resources import ontology_file
    from .store import persistent_store
    from .synthetic import generate_corpus, reports_for

    if (triples is None) == (reports is None):
        raise click.UsageError("give --triples or --reports")
    files = generate_corpus(output, reports=reports or reports_for(triples), seed=seed)
    click.echo(f"wrote {len(files)} reports to {output}", err=True)
    if store_path:
        persistent_store(store_path, [ontology_file(), output])
        click.echo(f"built the store {store_path}", err=True)
