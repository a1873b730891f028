"""``zjkg export --view data``: the whole dataset, the ontology included, isomorphic to the store."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from conftest import isomorphic

from zjkg.choices import DATASET_FORMATS
from zjkg.cli import cli
from zjkg.errors import InputError
from zjkg.export import export_dataset
from zjkg.namespace import ONTOLOGY
from zjkg.resources import data_files
from zjkg.store import GRAPH_BASE, Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7 on its own Dataset API

_RDFLIB = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}


def _held(store) -> dict[str, rdflib.Graph]:
    """What the store holds, graph by graph ("" for the default graph), read straight from pyoxigraph."""
    graphs: dict[str, list] = {}
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, []).append(quad.triple)
    return {name: rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
            for name, triples in graphs.items()}


@pytest.fixture(scope="module")
def held(store):
    return _held(store)


@pytest.fixture(scope="module")
def union(held):
    graph = rdflib.Graph()
    for part in held.values():
        graph += part
    return graph


@pytest.fixture(scope="module")
def written(store):
    return {fmt: export_dataset(store, fmt) for fmt in DATASET_FORMATS}


@pytest.mark.parametrize("fmt", ["nt", "ttl", "jsonld"])
def test_the_whole_dataset_as_one_graph(written, union, fmt):
    read = rdflib.Graph().parse(data=written[fmt], format=_RDFLIB[fmt])
    assert len(read) == len(union) > 4000
    assert isomorphic(read, union)
    # the ontology and the data's figures, quotes and rationales are in it (not a view's skeleton)
    z = rdflib.Namespace(ONTOLOGY)
    assert (z.Measure, rdflib.RDF.type, rdflib.OWL.Class) in read
    for predicate in (z.quote, z.value, z.basis, z.rationale):
        assert any(True for _ in read.triples((None, predicate, None))), predicate


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_each_files_graph_is_kept(written, held, fmt):
    dataset = rdflib.Dataset()
    dataset.parse(data=written[fmt], format=_RDFLIB[fmt])
    read = {("" if g.identifier == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(g.identifier)): g
            for g in dataset.graphs() if len(g)}
    assert set(read) == set(held) == {"", *(GRAPH_BASE + path.stem for path in data_files())}
    for name, graph in held.items():
        assert isomorphic(read[name], graph), name
    ontology = rdflib.URIRef(ONTOLOGY.rstrip("#"))
    assert any(True for _ in read[""].triples((None, rdflib.RDF.type, rdflib.OWL.Ontology)))
    assert not any(True for _ in read[GRAPH_BASE + "triples"].triples((ontology, None, None)))


def test_jsonld_is_compact_and_reads_back_in_pyld(written, union):
    document = json.loads(written["jsonld"])
    context = document["@context"]
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"} and context["measure"].endswith("/measure/")
    measure = next(item for item in document["@graph"] if item.get("@id") == "measure:1-1")
    assert measure["@type"] == "Measure" and set(measure["label"]) == {"zh", "en"} and "quote" in measure
    assert measure["inArea"] == "area:1"  # compact IRIs, short keys
    assert not any(key.startswith("http") for item in document["@graph"] for key in item)
    pyld = pytest.importorskip("pyld")
    nquads = pyld.jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), union)


def test_data_exports_are_deterministic(store, written):
    for fmt in DATASET_FORMATS:
        assert export_dataset(store, fmt) == written[fmt], fmt
    ids = [item.get("@id", "") for item in json.loads(written["jsonld"])["@graph"]]
    assert ids == sorted(ids)  # one order, whatever rdflib's serialiser gives


@pytest.mark.parametrize("fmt, prefixed", [("ttl", True), ("trig", True), ("nt", False), ("nq", False)])
def test_the_formats_with_prefixes_use_them(written, fmt, prefixed):
    text = written[fmt].decode()
    assert ("@prefix zjkg: <https://w3id.org/zjkg/ontology#> ." in text) is prefixed
    assert ("<https://w3id.org/zjkg/ontology#Measure>" not in text) is prefixed


def test_data_export_of_a_corpus_store_keeps_each_report(tmp_path):
    """Two files, two named graphs, on a persistent store too."""
    from zjkg.resources import data_file, ontology_file
    from zjkg.store import open_store

    second = tmp_path / "second.ttl"
    second.write_text("<https://w3id.org/zjkg/id/report/x> a <https://w3id.org/zjkg/ontology#Report> .\n", encoding="utf-8")
    store = open_store([ontology_file(), data_file(), second], store_path=tmp_path / "zjkg.db")
    dataset = rdflib.Dataset()
    dataset.parse(data=export_dataset(store, "nq"), format="nquads")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} >= {GRAPH_BASE + "triples", GRAPH_BASE + "second"}


def test_data_view_cli_and_errors(runner, tmp_path, union):
    target = tmp_path / "zjkg.trig"
    result = runner.invoke(cli, ["export", "--to", "trig", "--view", "data", "-o", str(target)])
    assert result.exit_code == 0 and result.exception is None, result.output
    dataset = rdflib.Dataset()
    dataset.parse(target, format="trig")
    assert sum(len(g) for g in dataset.graphs()) == len(union)
    for arguments, message in ((["--to", "gexf", "--view", "data"], "jsonld, ttl, nt, nq, trig"),
                               (["--to", "nq", "--view", "full"], "only the data view")):
        failed = runner.invoke(cli, ["export", *arguments, "-o", str(tmp_path / "x")])
        assert failed.exit_code == 2 and isinstance(failed.exception, SystemExit), failed.output
        assert message in failed.output and len(failed.output.strip().splitlines()) == 1
        assert not (tmp_path / "x").exists()


def test_an_endpoint_cannot_export_the_whole_dataset():
    class Remote(Store):
        description = "http://127.0.0.1:1/sparql"

    with pytest.raises(InputError, match="127.0.0.1:1/sparql.*not from a SPARQL endpoint"):
        export_dataset(Remote(), "nq")
