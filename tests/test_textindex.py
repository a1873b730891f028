"""The persistent store's name and text index answers exactly as the SPARQL queries it stands in for."""

from __future__ import annotations

import json
import sqlite3

import pytest

from zjkg.errors import InputError, NotFound
from zjkg.goals import GOAL_CLASSES
from zjkg.lookup import substring_search as search  # the unranked search the name index answers
from zjkg.resolve import resolve
from zjkg.resources import default_data_files, ontology_file
from zjkg.store import EmbeddedStore, textindex
from zjkg.store.persistent import persistent_store
from zjkg.synthetic import generate_corpus


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A persistent store of the report and a synthetic report (with its index), and the same
    store seen without the index, so that lookups take the SPARQL path."""
    work = tmp_path_factory.mktemp("indexed")
    corpus = generate_corpus(work / "corpus", reports=1, seed=1)
    with_index = persistent_store(work / "db", [*default_data_files(), *corpus])
    assert with_index.names is not None
    return with_index, EmbeddedStore(oxigraph=with_index.oxigraph, description="the same store, no index")


TEXTS = ["人才", "GDP", "gdp", "Ｇ ＤＰ", "2.1", "新质生产力", "生态", "镇江", "nanjing", "%", "_", "'", "亿元",
         "talent", "no such text anywhere"]


@pytest.mark.parametrize("text", TEXTS)
def test_search_by_index_equals_the_keyword_search_query(indexed, text):
    with_index, without = indexed
    found = search(with_index, text)
    assert found == search(without, text)


def test_the_comparison_is_not_empty(indexed):
    with_index, _ = indexed
    assert len(search(with_index, "人才")) > 4 and len(search(with_index, "GDP")) > 4


@pytest.mark.parametrize("classes", [GOAL_CLASSES, None, ["Measure"], ["Sector"]], ids=str)
@pytest.mark.parametrize("text", ["新质生产力", "2", "2.1", "科技", "productive", "发展和改革", "pledge:1", "GDP",
                                  "智改数转网联", "强富美高", "one zone, several parks",  # aliases (skos:altLabel)
                                  "main-2", "7-1-1", "xyz-99"])  # ids without their prefix, and none
def test_resolve_by_index_equals_the_entity_index_query(indexed, text, classes):
    with_index, without = indexed
    try:
        expected = resolve(without, text, classes)
    except NotFound as error:
        with pytest.raises(NotFound) as raised:
            resolve(with_index, text, classes)
        assert raised.value.suggestions == error.suggestions
    else:
        assert resolve(with_index, text, classes) == expected


def test_an_index_of_an_older_version_is_rebuilt(tmp_path):
    files = [ontology_file(), *default_data_files()[1:]]
    persistent_store(tmp_path / "db", files)
    meta_path = tmp_path / "db" / "zjkg-store.json"
    meta = json.loads(meta_path.read_text())
    meta["index"] = 0
    meta_path.write_text(json.dumps(meta))
    database = sqlite3.connect(tmp_path / "db" / textindex.FILE)
    database.execute("UPDATE meta SET version = 0")
    database.commit()
    database.close()
    reopened = persistent_store(tmp_path / "db", files)
    assert json.loads(meta_path.read_text())["index"] == textindex.VERSION
    assert search(reopened, "人才")


def test_a_deleted_index_is_rebuilt(tmp_path):
    persistent_store(tmp_path / "db")
    (tmp_path / "db" / textindex.FILE).unlink()
    assert search(persistent_store(tmp_path / "db"), "人才")


def test_an_unreadable_index_is_a_clear_input_error(tmp_path):
    persistent_store(tmp_path / "db")
    (tmp_path / "db" / textindex.FILE).write_bytes(b"not a database")
    with pytest.raises(InputError, match="name index is unreadable.*delete the store"):
        persistent_store(tmp_path / "db")


def test_with_an_index_resolve_and_search_ask_no_sparql(indexed, monkeypatch):
    with_index, _ = indexed

    def refuse(*args, **kwargs):
        raise AssertionError("a SPARQL query was run")

    monkeypatch.setattr(with_index, "query", refuse)
    assert resolve(with_index, "新质生产力", GOAL_CLASSES)
    assert resolve(with_index, "2.1")
    assert search(with_index, "人才")


@pytest.mark.parametrize("text", TEXTS)
def test_keyword_search_narrowed_by_the_index_answers_as_the_full_scan(indexed, text):
    from zjkg.queries import run_named

    with_index, without = indexed
    assert run_named(with_index, "keyword-search", {"text": text}).rows == \
        run_named(without, "keyword-search", {"text": text}).rows


def test_the_narrowing_reaches_the_engine(indexed, monkeypatch):
    from zjkg.queries import run_named
    from zjkg.store import embedded as store_module

    with_index, _ = indexed
    seen = []
    original = store_module.query_bound

    def spy(store, text, bindings=None, narrowing=None):
        seen.append(narrowing)
        return original(store, text, bindings, narrowing)

    monkeypatch.setattr(store_module, "query_bound", spy)
    rows = run_named(with_index, "keyword-search", {"text": "人才"}).rows
    (narrowing,) = seen
    assert {r["entity"] for r in rows} <= set(narrowing["entity"]) and len(narrowing["entity"]) < 100


def test_containing_text_lists_up_to_one_past_the_narrowing_limit(indexed, monkeypatch):
    """One past the limit is enough to tell the caller there are too many to narrow to."""
    with_index, _ = indexed
    every = with_index.names.containing_text("人才")
    assert every == sorted(every) and len(every) > 3
    monkeypatch.setattr(textindex, "NARROWING_LIMIT", 2)
    assert with_index.names.containing_text("人才") == every[:3]
