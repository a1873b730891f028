"""Shared fixtures: the report's store, an rdflib copy, a CLI runner, and a real SPARQL server."""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from zjkg.resources import default_data_files, ontology_file, source_file
from zjkg.store import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.ttl"

# The suite parses the report into rdflib graphs dozens of times (100,000s of objects each). With
# CPython's default thresholds (700, 10, 10) every such parse set off full collections over all
# that was alive: 17 s of the suite's 187 s in gen-2 passes. Young collections come 14x less often
# here (cycles are still collected), and what collection built, which lives to the end anyway, is
# frozen out of the full passes (pytest_collection_finish).
gc.set_threshold(10_000, 10, 10)


def pytest_collection_finish(session):
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def derived_cache(tmp_path_factory):
    """zjkg keeps the search index and the router's examples in a cache folder (zjkg.derived): the
    tests' own, not the user's (the processes the tests start inherit it)."""
    import os

    before = os.environ.get("ZJKG_CACHE")
    os.environ["ZJKG_CACHE"] = str(tmp_path_factory.mktemp("zjkg-cache"))
    yield Path(os.environ["ZJKG_CACHE"])
    if before is None:
        os.environ.pop("ZJKG_CACHE", None)
    else:
        os.environ["ZJKG_CACHE"] = before


@pytest.fixture(scope="session")
def store():
    return EmbeddedStore(default_data_files())


@pytest.fixture(scope="session")
def mini_store():
    return EmbeddedStore([ontology_file(), MINI])


@pytest.fixture(scope="session")
def graph():
    import rdflib

    g = rdflib.Graph()
    for path in default_data_files():
        g.parse(str(path))
    return g


@pytest.fixture(scope="session")
def source_text():
    return source_file().read_text(encoding="utf-8")


def isomorphic(first, second) -> bool:
    """rdflib.compare.isomorphic, the same answer sooner on the whole report: a blank-node mapping
    leaves every triple without blank nodes as it is, so those must be the same set, and only the
    triples with blank nodes (a dozen, the ontology's OWL lists) go through rdflib's canonical
    labelling, which on all 12,000 triples took a quarter of a second per comparison."""
    import rdflib
    from rdflib.compare import isomorphic as rdflib_isomorphic

    def split(graph):
        ground, blank = set(), rdflib.Graph()
        for triple in graph:
            if any(isinstance(term, rdflib.BNode) for term in triple):
                blank.add(triple)
            else:
                ground.add(triple)
        return ground, blank

    (ground, blank), (other_ground, other_blank) = split(first), split(second)
    return ground == other_ground and rdflib_isomorphic(blank, other_blank)


class StrictRunner(CliRunner):
    """A CliRunner that fails the test when a command lets an exception escape.

    click's runner catches it and never puts the traceback in ``output``, so a check such as
    ``"Traceback" not in result.output`` always holds; a person would have seen a traceback.
    """

    def invoke(self, *args, **kwargs):
        result = super().invoke(*args, **kwargs)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"the command raised {result.exception!r}: a user sees a traceback") from result.exception
        return result


@pytest.fixture
def runner(store, monkeypatch):
    """A runner whose commands, given no --data, --store or --endpoint, read the session's store of
    the report's own files rather than loading them again (some 300 loads of the suite); the
    loading itself is what the subprocess tests (the README's commands, the entry point) run."""
    from zjkg.cli.options import StoreOptions

    opened = StoreOptions.open

    def open_shared(self):
        return store if not (self.data or self.endpoint or self.store_path) else opened(self)

    monkeypatch.setattr(StoreOptions, "open", open_shared)
    return StrictRunner()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def need(tool: str, found) -> None:
    """Skip for a missing consumer on a developer's machine; never in CI, where .ci/run installs it."""
    import os

    if not found:
        message = f"{tool} is not installed (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (each test opens its own page or context), started
    without the background networking that this closed network refuses."""
    need("chromium", CHROMIUM)
    need("playwright (pip install '.[test]')", __import__("importlib").util.find_spec("playwright"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.exists() else None


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory):
    """A real `oxigraph serve-read-only` on 127.0.0.1 with the same files loaded; stopped afterwards."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([binary, "load", "--location", str(location), "--file", *map(str, default_data_files())],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("oxigraph serve-read-only did not start") from None
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


# Columns built with GROUP_CONCAT: SPARQL leaves the order of the joined values to the engine.
CONCATENATED = {"comparators", "aliases", "supporting", "led_measures", "supported_measures", "dependent_measures"}


def comparable(rows, variables=None):
    """Rows as sorted tuples, with blank-node labels and GROUP_CONCAT order made engine-neutral."""
    import re

    out = []
    for row in rows:
        values = []
        for name in variables or sorted(row):
            value = row.get(name)
            if isinstance(value, str) and value.startswith("_:"):
                value = "_:"  # blank node labels are engine-local
            if name in CONCATENATED and isinstance(value, str):
                value = " ".join(sorted(re.split(r" \| |、| ", value)))
            values.append(value)
        out.append(tuple(values))
    return sorted(out, key=repr)


def start_server(*args: str, own_group: bool = False):
    """`zjkg serve` in a real process on a free port of 127.0.0.1: (process, base URL), once it answers.
    ``own_group``: in a process group of its own, as a terminal starts a command (a Ctrl-C goes to all of it)."""
    port = free_port()
    command = [sys.executable, "-c", "from zjkg.cli import main; main()", "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=own_group)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/queries", timeout=2).read()
            return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"zjkg serve did not start: {process.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.05)


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [int(child) for child in listing.read().split()]


def query_workers(server_pid: int, expected: int) -> list[int]:
    """The pids of a `zjkg serve` process's ``expected`` query workers, once all are up: the children of
    its forkserver (the server's other child is multiprocessing's resource tracker)."""
    deadline = time.monotonic() + 30
    while True:
        forkservers = [p for p in _children(server_pid) if b"forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()]
        workers = [w for f in forkservers for w in _children(f)]
        if len(workers) >= expected or time.monotonic() > deadline:
            assert len(workers) == expected, f"the server has {len(workers)} query workers, not {expected}"
            return workers
        time.sleep(0.05)


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses)."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def running(pid: int) -> bool:
    """Whether process ``pid`` is alive: neither gone nor a zombie waiting to be reaped."""
    try:
        return _stat(pid)[0] != "Z"
    except FileNotFoundError:
        return False


def cpu_seconds(pid: int) -> float:
    """The user and system time process ``pid`` has run (fields 14 and 15 of /proc/PID/stat)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_cpu(pid: int, seconds: float, timeout: float = 30) -> None:
    """Until process ``pid`` has run ``seconds`` on a core, has ended, or ``timeout`` has passed: a
    fixed sleep would wait as long on an idle machine and not long enough on a busy one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and running(pid) and cpu_seconds(pid) < seconds:
        time.sleep(0.05)


@pytest.fixture(scope="session")
def served():
    """The base URL of one `zjkg serve --timeout 5` on the report, shared by the tests that only
    read from an endpoint with its defaults (a test needing other options starts its own)."""
    process, base = start_server("--timeout", "5")
    yield base
    stop(process)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
