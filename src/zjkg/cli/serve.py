"""``zjkg serve``: the SPARQL endpoint command."""

from __future__ import annotations

from pathlib import Path

import click

from .limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from .options import handle_errors

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default answers only this machine; 0.0.0.0 exposes it to the network.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="Seconds a query may run; then the client gets 503 and the worker is replaced.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (each loads its own copy of the files, or opens the --store read-only).")
@click.option("--max-memory", "max_memory_mb", default=DEFAULT_MAX_MEMORY_MB, show_default=True,
              type=click.IntRange(min=0), metavar="MB",
              help="How much a worker may grow while it runs one query (0: no ceiling); then the client "
                   "gets 503 and the worker is replaced.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Refuse results longer than this (add a LIMIT).")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests from any page (Access-Control-Allow-Origin: *).")
@click.option("--data", "data", multiple=True, metavar="PATH", type=click.Path(path_type=Path),
              help="Serve these RDF files or directories instead of the report's (repeatable).")
@click.option("--store", "store_path", metavar="PATH", type=click.Path(path_type=Path),
              help="Serve the persistent on-disk store here (built first if needed, as every command's "
                   "--store): workers open it read-only instead of loading the files into memory.")
@handle_errors
def serve(host, port, timeout, workers, max_memory_mb, max_rows, cors, data, store_path):
    """Serve the graph as a read-only SPARQL 1.1 endpoint with a query page.

    /sparql takes GET, POST form and POST application/sparql-query; /queries lists the named
    queries and /queries/NAME?param=value runs one; / is a query page that works offline.

    Example:

        zjkg serve

        zjkg serve --port 8000 --timeout 10 --cors

        zjkg serve --store corpus.db
    """
    from ..resources import default_data_files
    from ..server import serve as run_server
    from ..store.files import check_files, data_files
    from ..store.persistent import persistent_store

    options = {"host": host, "port": port, "timeout": timeout, "workers": workers, "max_rows": max_rows, "cors": cors,
               "max_memory_mb": max_memory_mb}
    if store_path is not None:
        # Built or brought up to date here, with a clear message if a file does not load; then the
        # workers open it read-only (they start in milliseconds, and a replaced one too).
        persistent_store(store_path, list(data) or None)
        run_server([], store_path=store_path, **options)
        return
    files = data_files(data) if data else default_data_files()
    check_files(files)  # fail here, with a clear message, if a file does not parse; the workers load it
    run_server(files, **options)
