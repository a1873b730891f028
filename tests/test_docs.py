"""The examples in the library's docstrings run, as networkx and oxigraph do with theirs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import zjkg

# Every module of the package, found by walking it: a new module is covered without editing this list.
MODULES = ["zjkg"] + sorted(m.name for m in pkgutil.walk_packages(zjkg.__path__, "zjkg."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_every_module_declares_all_and_all_names_what_it_has():
    for name in MODULES[1:]:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), name
        assert [n for n in module.__all__ if not hasattr(module, n)] == [], name
