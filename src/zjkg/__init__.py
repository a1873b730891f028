"""zjkg: a knowledge graph of the 2025 Zhenjiang government work report.

The library is the product; ``zjkg.cli`` is a thin layer over it::

    >>> from zjkg.store import open_store
    >>> from zjkg.goals import measures_serving
    >>> store = open_store()
    >>> answer = measures_serving(store, "新质生产力")
    >>> sorted({item["goal"] for item in answer})[:1]
    ['https://w3id.org/zjkg/id/area/2']
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
