"""The notebook API: zjkg.query as a pandas DataFrame, zjkg.graph as the networkx view, import zjkg light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import zjkg
from zjkg.errors import InputError, NotFound

DOC = Path(__file__).resolve().parent.parent / "docs" / "notebooks.md"


def test_import_zjkg_loads_neither_pandas_nor_the_engine():
    code = ("import sys, zjkg; heavy = ['pandas', 'pyoxigraph', 'networkx', 'rdflib', 'zjkg.notebook', 'zjkg.graph'];"
            "print([m for m in heavy if m in sys.modules]); zjkg.query; print('pandas' in sys.modules, 'zjkg.notebook' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "False True"  # reaching zjkg.query loads its module, and still not pandas (only a call does)


def test_query_gives_the_named_querys_rows_as_a_dataframe(store):
    import pandas

    from zjkg.queries import run_named
    from zjkg.values import plain_row

    frame = zjkg.query("targets-with-baselines", measure_iri="measure:3-2")
    assert isinstance(frame, pandas.DataFrame)
    expected = [plain_row(r) for r in run_named(store, "targets-with-baselines", {"measure_iri": "measure:3-2"})]
    assert len(expected) > 1 and list(frame.columns) == list(run_named(store, "targets-with-baselines").variables)
    got = frame.astype(object).where(frame.notna(), None).to_dict("records")
    assert [{k: v for k, v in row.items() if v is not None} for row in got] == expected
    assert set(frame["measure"]) == {"https://w3id.org/zjkg/id/measure/3-2"}
    assert frame["value"].dropna().map(lambda v: isinstance(v, int | float)).all()  # numbers, not text
    html = frame._repr_html_()  # what Jupyter shows
    assert "<table" in html and "measure/3-2" in html


def test_query_errors_name_what_is_wrong():
    with pytest.raises(NotFound, match="no-such-query"):
        zjkg.query("no-such-query")
    with pytest.raises(InputError, match="colour"):
        zjkg.query("targets-with-baselines", colour="red")
    with pytest.raises(InputError, match="four-digit year"):
        zjkg.query("observations-by-year", year="last year")


def test_query_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=re.escape("pip install 'zjkg[notebook]'")):
        zjkg.query("main-targets")


def test_graph_is_the_view_the_exports_use(store):
    from zjkg.graph import build_view

    for view in ("measures", "goals"):
        ours, theirs = zjkg.graph(view), build_view(store, view)
        assert sorted(ours.nodes(data=True)) == sorted(theirs.nodes(data=True))
        assert sorted(ours.edges(keys=True)) == sorted(theirs.edges(keys=True)) and ours.number_of_edges() > 0
    assert zjkg.graph("measures", store=store).number_of_nodes() == 30
    with pytest.raises(ValueError, match="unknown view"):
        zjkg.graph("no-such-view")


def test_the_notebook_doc_runs(tmp_path):
    """Every python block of docs/notebooks.md, in one process from the repository root, as a reader would."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 2
    script = tmp_path / "notebook.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=DOC.parent.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "MultiDiGraph" in result.stdout and "measure" in result.stdout.lower()
