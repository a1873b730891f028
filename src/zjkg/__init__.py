"""zjkg: a knowledge graph of the 2025 Zhenjiang government work report.

The library is the product; ``zjkg.cli`` is a thin layer over it::

    >>> from zjkg.store import open_store
    >>> from zjkg.goals import measures_serving
    >>> store = open_store()
    >>> answer = measures_serving(store, "新质生产力")
    >>> sorted({item["goal"] for item in answer})[:1]
    ['https://w3id.org/zjkg/id/area/2']

In a notebook, ``zjkg.query`` (:mod:`zjkg.notebook`) and ``zjkg.graph`` (:mod:`zjkg.graph`, callable) give a named query as a
pandas DataFrame and a view as a networkx graph. They are loaded on first use (PEP 562), so
``import zjkg`` (and the CLI's start) pays for neither.
"""

__version__ = "0.1.0"
__all__ = ["__version__", "query", "graph"]

_LAZY = {"query": "notebook", "graph": None}  # name -> the module defining it (None: the module itself)


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        module = import_module(f".{_LAZY[name] or name}", __name__)
        value = getattr(module, name) if _LAZY[name] else module  # zjkg.graph: the module, callable
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zjkg' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
