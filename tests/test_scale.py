"""The persistent store, the synthetic corpus, named graphs, the report filter and lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from zjkg.cli import cli
from zjkg.errors import InputError
from zjkg.lookup import class_counts
from zjkg.queries import run_named
from zjkg.resources import data_file, ontology_file
from zjkg.store import GRAPH_BASE, EmbeddedStore
from zjkg.store import persistent as store_module
from zjkg.store.persistent import persistent_store
from zjkg.synthetic import generate_corpus

SYN = "https://w3id.org/zjkg/id/synthetic/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus")
    return generate_corpus(directory, reports=3, seed=1)


def test_corpus_is_deterministic_and_shaped_like_the_report(corpus, tmp_path, store):
    again = generate_corpus(tmp_path, reports=3, seed=1)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in corpus]
    counts = class_counts(EmbeddedStore([ontology_file(), *corpus]))
    # The corpus copies the report's own data; the UN SDGs (data/sdg.ttl) are shared concepts, not copied.
    single = class_counts(EmbeddedStore([ontology_file(), data_file()]))
    assert counts == {k: 3 * v for k, v in single.items()}


def test_each_file_is_a_named_graph(corpus):
    s = EmbeddedStore([ontology_file(), *corpus])
    graphs = {r["g"].value for r in s.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {GRAPH_BASE + p.stem for p in corpus}


def test_report_filter(corpus):
    s = EmbeddedStore([ontology_file(), *corpus])
    report = SYN + "nanjing-2025/report/nanjing-2025"
    every = run_named(s, "targets-with-baselines")
    one = run_named(s, "targets-with-baselines", {"report_iri": report})
    assert len(every) == 3 * len(one) and len(one) == 49
    assert all(r["target"].value.startswith(SYN + "nanjing-2025/") for r in one)
    measures = run_named(s, "measures-by-pledge", {"report_iri": report})
    assert measures and all(r["measure"].value.startswith(SYN + "nanjing-2025/") for r in measures)


def test_persistent_store_builds_once_and_reopens(tmp_path, monkeypatch, corpus):
    builds = []
    real_build = store_module._build
    monkeypatch.setattr(store_module, "_build", lambda *a: (builds.append(a), real_build(*a))[1])
    path = tmp_path / "db"
    files = [ontology_file(), corpus[0]]
    first = persistent_store(path, files)
    assert len(builds) == 1 and (path / "zjkg-store.json").is_file()
    assert class_counts(first)["Measure"] == 30
    del first
    persistent_store(path, files)
    assert len(builds) == 1  # reopened, not rebuilt
    hashes = []
    real_hash = store_module._content_hash
    monkeypatch.setattr(store_module, "_content_hash", lambda f: (hashes.append(f), real_hash(f))[1])
    os.utime(corpus[0], ns=(10**18, 10**18))  # touched, same content: still no rebuild
    persistent_store(path, files)
    assert len(builds) == 1 and len(hashes) == 1
    persistent_store(path, files)  # the new date was recorded: not even hashed again
    assert len(hashes) == 1
    reopened = persistent_store(path)  # no files given: the ones it was built from
    assert class_counts(reopened)["Measure"] == 30 and len(builds) == 1


def test_persistent_store_rebuilds_when_content_changes(tmp_path, corpus):
    path = tmp_path / "db"
    source = tmp_path / "report.nt"
    source.write_bytes(corpus[0].read_bytes())
    assert class_counts(persistent_store(path, [ontology_file(), source]))["Measure"] == 30
    source.write_bytes(corpus[0].read_bytes() + corpus[1].read_bytes())
    assert class_counts(persistent_store(path, [ontology_file(), source]))["Measure"] == 60
    assert [p.name for p in tmp_path.glob(".db.*")] == [".db.lock"]  # nothing beside it but the (empty) build lock


def test_a_failed_build_leaves_the_old_store(tmp_path, corpus):
    path = tmp_path / "db"
    source = tmp_path / "report.nt"
    source.write_bytes(corpus[0].read_bytes())
    persistent_store(path, [ontology_file(), source])
    source.write_text("this is not n-triples", encoding="utf-8")
    with pytest.raises(InputError):
        persistent_store(path, [ontology_file(), source])
    source.write_bytes(corpus[0].read_bytes())
    assert class_counts(persistent_store(path, [ontology_file(), source]))["Measure"] == 30
    assert [p.name for p in tmp_path.glob(".db.*")] == [".db.lock"]


def test_store_path_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not a zjkg store"):
        persistent_store(tmp_path / "precious", [data_file()])
    assert (tmp_path / "precious" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_cli_store_option_answers_like_memory(runner, tmp_path):
    path = tmp_path / "db"
    on_disk = runner.invoke(cli, ["serves", "新质生产力", "--store", str(path), "--format", "json"])
    in_memory = runner.invoke(cli, ["serves", "新质生产力", "--format", "json"])
    assert on_disk.exit_code == 0 and json.loads(on_disk.output) == json.loads(in_memory.output)


def test_corpus_command_builds_a_store(runner, tmp_path):
    result = runner.invoke(cli, ["corpus", "--reports", "2", "-o", str(tmp_path / "c"), "--store", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    counts = json.loads(runner.invoke(cli, ["stats", "--store", str(tmp_path / "db"), "--format", "json"]).output)
    assert counts["Report"] == 2 and counts["Measure"] == 60


def test_serves_leaves_heavy_libraries_unimported():
    """The main command's cold start pays only for pyoxigraph and click (see benchmarks/)."""
    code = ("import sys; from click.testing import CliRunner; from zjkg.cli import cli; "
            "r = CliRunner().invoke(cli, ['serves', '新质生产力', '--format', 'json']); assert r.exit_code == 0, r.output; "
            "print(' '.join(m for m in ('rdflib', 'networkx', 'pyshacl', 'yaml', 'starlette', 'uvicorn', 'numpy', "
            "'scipy', 'igraph', 'urllib.request', 'wcwidth', 'pyvis') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_each_synthetic_dependency_is_described_by_its_own_statement(corpus):
    """The network is rewired per report; each dependsOn statement keeps its id and describes the
    rewired edge it stands for, under the report's own IRIs, and the network stays acyclic."""
    import networkx as nx
    import rdflib

    z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
    g = rdflib.Graph().parse(str(corpus[1]), format="nt")
    base = f"{SYN}{corpus[1].stem}/"
    edges = set(g.subject_objects(z.dependsOn))
    described = {(g.value(st, rdflib.RDF.subject), g.value(st, rdflib.RDF.object))
                 for st in g.subjects(rdflib.RDF.predicate, z.dependsOn)}
    assert edges and described == edges
    assert all(str(a).startswith(base + "measure/") and str(b).startswith(base + "measure/") for a, b in edges)
    assert nx.is_directed_acyclic_graph(nx.DiGraph(list(edges)))


def test_a_synthetic_figure_s_labels_and_quote_say_that_figure(corpus):
    """"changzhou·地区生产总值增长5.0%以上" held the value 6.4, and the changzhou report's IRI was
    .../changzhou-2025/report/zhenjiang-2025 (a newcomer's review): each figure's labels and quote
    now say its own scaled value, each report has its own name."""
    import re

    import rdflib

    z = rdflib.Namespace("https://w3id.org/zjkg/ontology#")
    path = corpus[-1]  # changzhou: main target 1 scaled off the template's 5
    g = rdflib.Graph().parse(str(path), format="nt")
    base = f"{SYN}{path.stem}/"
    main = rdflib.URIRef(base + "target/main-1")
    value = g.value(main, z.value).toPython()
    labels = [str(label) for label in g.objects(main, rdflib.RDFS.label)]
    assert value != 5 and all(f"{value.normalize():f}" in label for label in labels), (value, labels)
    assert f"{value.normalize():f}" in str(g.value(main, z.quote))
    figures = [(s, o.toPython()) for s, o in g.subject_objects(z.value)]
    said = [s for s, v in figures if any(re.search(rf"(?<![\d.]){re.escape(f'{v.normalize():f}')}(?![\d])", str(label))
                                         for label in g.objects(s, rdflib.RDFS.label))]
    assert len(said) > 0.8 * len(figures)  # the rest are written in other units (2300亿元 is 230 billion)
    assert (rdflib.URIRef(base + f"report/{path.stem}"), rdflib.RDF.type, z.Report) in g
