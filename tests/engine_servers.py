"""Real SPARQL servers for the engine tests, each on 127.0.0.1, loaded the way zjkg loads its files.

zjkg's embedded store puts the ontology in the default graph and each data file in a named graph of
its own, and every query sees the union (``zjkg.store.graph_for``). The servers here hold the same
quads and answer over the same union:

- ``oxigraph serve-read-only --union-default-graph`` (PyPI ``oxigraph``), its store built with
  ``oxigraph load``, the ontology into the default graph and each data file with ``--graph``;
- Virtuoso 7 (Debian ``virtuoso-opensource``), its configuration written to a temporary directory,
  the files loaded with its bulk loader (``ld_add`` + ``rdf_loader_run``, their directories in
  ``DirsAllowed``). Virtuoso has no unnamed default graph: the ontology goes into
  ``ONTOLOGY_GRAPH``; the URL names zjkg's graphs as ``default-graph-uri``, so a query without
  ``FROM`` sees their union, as in zjkg, and not Virtuoso's own graphs.

Both check after loading that each graph holds as many triples as pyoxigraph parses from its file,
and both are stopped, and their files removed, when the ``with`` block ends.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from zjkg.store import GRAPH_BASE, graph_for

__all__ = ["oxigraph_server", "virtuoso_server", "ONTOLOGY_GRAPH", "free_port", "missing"]

ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing(*programs: str) -> str | None:
    """The first of ``programs`` not on PATH (nor beside this Python), or None."""
    for program in programs:
        if _binary(program) is None:
            return program
    return None


def _binary(program: str) -> str | None:
    found = shutil.which(program)
    if found:
        return found
    candidate = Path(sys.executable).parent / program
    return str(candidate) if candidate.exists() else None


def _graph_iri(path: Path, default: str | None) -> str | None:
    graph = graph_for(path)
    return default if isinstance(graph, ox.DefaultGraph) else graph.value


def _expected_counts(files: list[Path], default: str | None) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    for path in files:
        graph = _graph_iri(path, default)
        counts[graph] = counts.get(graph, 0) + sum(1 for _ in ox.parse(path=str(path)))
    return counts


def _select(url: str, query: str) -> list[dict]:
    import json

    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["results"]["bindings"]


def _check_loaded(url: str, files: list[Path], default: str | None) -> None:
    expected = _expected_counts(files, default)
    counts = {}
    for graph in expected:
        pattern = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        counts[graph] = int(_select(url, f"SELECT (COUNT(*) AS ?n) WHERE {pattern}")[0]["n"]["value"])
    if counts != expected:
        raise RuntimeError(f"{url}: triples per graph {counts}, expected {expected}")


def _wait(ready, process: subprocess.Popen, what: str, log: Path | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} did not start (exit {process.returncode})\n{tail}")
        time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(f"{url}?query={urllib.parse.quote('ASK {}')}", timeout=1).read()
        return True
    except OSError:
        return False


@contextmanager
def oxigraph_server(directory: Path, files: list[Path]) -> Iterator[str]:
    """``oxigraph serve-read-only`` over ``files`` (ontology in the default graph, each data file in
    its named graph, the union as default graph); yields the query URL."""
    binary = _binary("oxigraph")
    location = directory / "store"
    for path in files:
        graph = _graph_iri(path, None)
        subprocess.run([binary, "load", "--location", str(location), "--file", str(path),
                        *(["--graph", graph] if graph else [])], check=True, capture_output=True)
    port = free_port()
    log = directory / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--union-default-graph",
                                    "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait(lambda: _answers(url), process, "oxigraph serve-read-only", log)
        # Counted in each graph (GRAPH <g>) and, for the ontology, in the union default graph: a
        # per-graph count proves the named graphs are there.
        expected = _expected_counts(files, None)
        for graph, count in expected.items():
            pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
            found = int(_select(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])
            wanted = count if graph else sum(expected.values())
            if found != wanted:
                raise RuntimeError(f"oxigraph: {found} triples in {graph or 'the union'}, expected {wanted}")
        yield url
    finally:
        _stop(process)
        shutil.rmtree(location, ignore_errors=True)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort          = 127.0.0.1:{sql_port}
DisableUnixSocket   = 1
CheckpointInterval  = 0
DirsAllowed         = {dirs}
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
ThreadsPerQuery     = 2

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {db}
ServerThreads = 4
Charset       = UTF-8

[SPARQL]
; Debian's default of 10000 would cut a long answer short without saying so.
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 60
"""


def _isql(isql: str, port: int, script: str) -> str:
    result = subprocess.run([isql, f"127.0.0.1:{port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF",
                             "PROMPT=OFF", "ERRORS=STDOUT", f"exec={script}"],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or "*** Error" in result.stdout:
        raise RuntimeError(f"isql: {script!r} failed: {result.stdout}{result.stderr}")
    return result.stdout


def _string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@contextmanager
def virtuoso_server(directory: Path, files: list[Path]) -> Iterator[str]:
    """Virtuoso 7 over ``files``, bulk-loaded; yields its SPARQL endpoint URL."""
    server, isql = _binary("virtuoso-t"), _binary("isql-vt") or _binary("isql")
    db = directory / "virtuoso"
    db.mkdir(parents=True)
    sql_port, http_port = free_port(), free_port()
    dirs = sorted({str(path.resolve().parent) for path in files})
    ini = db / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port, dirs=", ".join([".", *dirs])),
                   encoding="utf-8")
    log = db / "virtuoso.log"
    process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=db,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(lambda: _answers(url), process, "virtuoso-t", log)
        loads = "; ".join(f"ld_add({_string(str(path.resolve()))}, {_string(_graph_iri(path, ONTOLOGY_GRAPH))})"
                          for path in files)
        _isql(isql, sql_port, f"{loads}; rdf_loader_run();")
        errors = _isql(isql, sql_port, "select ll_file, ll_error from DB.DBA.load_list where ll_error is not null;")
        if any(str(path.resolve()) in errors for path in files):
            raise RuntimeError(f"Virtuoso's bulk loader reported errors:\n{errors}")
        _check_loaded(url, files, ONTOLOGY_GRAPH)
        # Virtuoso's default graph is every graph it holds, its own system graphs too (their
        # triples came back in an unbound entity-description): the protocol's default-graph-uri
        # makes the default graph the union of zjkg's graphs, and only those.
        graphs = sorted({_graph_iri(path, ONTOLOGY_GRAPH) for path in files})
        dataset = f"{url}?{urllib.parse.urlencode([('default-graph-uri', g) for g in graphs])}"
        total = int(_select(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"])
        if total != sum(_expected_counts(files, ONTOLOGY_GRAPH).values()):
            raise RuntimeError(f"{dataset}: {total} triples in the default graph")
        yield dataset
    finally:
        _stop(process)
        shutil.rmtree(db, ignore_errors=True)
