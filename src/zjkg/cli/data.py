"""The data commands: validate, export, corpus."""

from __future__ import annotations

from pathlib import Path

import click

from ..choices import EXPORT_FORMATS, EXPORT_VIEWS
from ..errors import CheckFailed
from ..render import FORMATS, Column, render
from .options import echo, handle_errors, with_store

__all__ = ["validate", "export", "corpus"]


@click.command()
@click.option("--data", "data", multiple=True, metavar="PATH", type=click.Path(path_type=Path),
              help="Validate these Turtle files instead of the report's data files (triples, annotations, SDGs; repeatable).")
@click.option("--source", "source_path", type=click.Path(path_type=Path), help="The report's text to check quotes against.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@handle_errors
def validate(data, source_path, fmt):
    """Check the data: SHACL shapes, quotes against the report, each quote's annotated span against
    the source text and its hash, every printed number accounted for.

    Exits 0 when valid, 1 when there are violations, 2 when the check could not run.

    Example:

        zjkg validate
    """
    from ..validate import validate as run_checks

    problems = run_checks(list(data) or None, source=source_path)
    items = [p.item() for p in problems]
    if fmt != "table" or problems:
        echo(render(items, fmt, [Column("check"), Column("entity"), Column("message")]))
    if problems:
        raise CheckFailed(f"{len(problems)} problem(s) found")
    if fmt == "table":
        click.echo("valid: SHACL shapes conform, every quote is in the source at its annotated span, "
                   "every number is accounted for")


@click.command()
@click.option("--to", "fmt", required=True, metavar="FORMAT",
              type=click.Choice(EXPORT_FORMATS),
              help="graphml (Gephi, Gephi Lite, yEd), gexf (Gephi, Gephi Lite), cyjs (Cytoscape), "
                   "cytoscape-style (its style for a cyjs file), dot (Graphviz), "
                   "mermaid, csv (a directory for neo4j-admin import or Kùzu), jsonld/ttl/nt (RDF), "
                   "nq/trig (RDF with named graphs: the data view), html (a browser, offline).")
@click.option("--view", type=click.Choice(EXPORT_VIEWS), default="measures", show_default=True,
              help="measures: the thirty measures and their dependencies; full: every entity and relation; "
                   "sectors: measures and departments; goals: measures and the goals they serve; "
                   "data: the whole dataset with the ontology (RDF formats only).")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="PATH",
              help="Write here (a directory for csv); standard output when omitted.")
@with_store
@handle_errors
def export(fmt, view, output, store):
    """Export a view of the graph for a visualisation tool, or the whole dataset as RDF.

    Files are written beside PATH and then moved into place, so a failed export never leaves a
    half-written file.

    Example:

        zjkg export --to dot --view measures -o measures.dot && dot -Tsvg measures.dot -o measures.svg

        zjkg export --to html --view full -o zjkg.html

        zjkg export --to csv --view full -o neo4j-import/

        zjkg export --to trig --view data -o zjkg.trig
    """
    from ..export import DIRECTORY_FORMATS, write_files
    from ..export import export as export_files

    if fmt in DIRECTORY_FORMATS and output is None:
        raise click.UsageError(f"--to {fmt} writes a directory: give it with -o PATH")
    files = export_files(store.open(), view, fmt)
    if output is None:
        click.echo(files[""], nl=False)  # bytes go to the binary stream
        return
    for path in write_files(files, output):
        click.echo(f"wrote {path}", err=True)


@click.command()
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
    from ..resources import ontology_file
    from ..store.persistent import persistent_store
    from ..synthetic import generate_corpus, reports_for

    if (triples is None) == (reports is None):
        raise click.UsageError("give --triples or --reports")
    files = generate_corpus(output, reports=reports or reports_for(triples), seed=seed)
    click.echo(f"wrote {len(files)} reports to {output}", err=True)
    if store_path:
        persistent_store(store_path, [ontology_file(), output])
        click.echo(f"built the store {store_path}", err=True)
