"""zjkg in a notebook: a named query as a pandas DataFrame, a view as a networkx graph.

::

    import zjkg
    zjkg.query("targets-with-baselines", measure_iri="measure:3-2")   # a DataFrame
    zjkg.graph("measures")                                            # a networkx MultiDiGraph

``zjkg.graph`` is the module :mod:`zjkg.graph`, callable. ``import zjkg`` stays light: both are
loaded on first use (``zjkg.__getattr__``, PEP 562), and pandas
(the optional extra ``zjkg[notebook]``) is imported only by :func:`query`. Jupyter shows a DataFrame
as an HTML table by itself (its ``_repr_html_``).
"""

from __future__ import annotations

from .session import default_store

__all__ = ["query"]


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("zjkg.query returns a pandas DataFrame, and pandas is not installed: "
                          "pip install 'zjkg[notebook]'") from None
    return pandas


def query(name: str, *, store=None, **params: str):
    """The named query ``name`` with ``params`` bound (e.g. ``measure_iri="measure:3-2"``), as a DataFrame.

    One column per variable of the query, in its order; IRIs as strings, numbers as numbers, other
    literals as text; an unbound value is None. ``store`` is any :func:`zjkg.store.open_store` store
    (a remote endpoint too); by default the report's own. An unknown query or parameter, or a value
    that is not what the parameter takes, raises :class:`zjkg.errors.InputError` (``NotFound`` for
    the query) naming it.
    """
    pandas = _pandas()  # before any work: a missing pandas is said at once
    from .errors import InputError
    from .queries import run_named
    from .store import Rows
    from .values import python_value

    # run_named, as `zjkg query` does: parameters bound, the index used, GROUP_CONCAT values sorted.
    answer = run_named(store or default_store(), name, {key: str(value) for key, value in params.items()})
    if not isinstance(answer, Rows):
        raise InputError(f"query {name!r} is not a SELECT: it gives no table")
    rows = [[python_value(row.get(variable)) for variable in answer.variables] for row in answer.rows]
    return pandas.DataFrame(rows, columns=list(answer.variables))

