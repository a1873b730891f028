"""Turning query rows (pyoxigraph terms) into plain Python values for items and output."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from .namespace import XSD

__all__ = ["python_value", "plain_row", "text_value", "XSD"]

_NUMBERS = {XSD + "decimal", XSD + "integer", XSD + "double", XSD + "float", XSD + "int", XSD + "long"}


def python_value(term):
    """IRIs and blank nodes as strings; numbers as int or float; booleans as bool; other literals as text.

    >>> python_value(ox.Literal("5.0", datatype=ox.NamedNode(XSD + "decimal")))
    5.0
    >>> python_value(ox.Literal("2300", datatype=ox.NamedNode(XSD + "decimal")))
    2300
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            text = term.value
            try:
                return float(text) if any(c in text for c in ".eE") else int(text)
            except ValueError:
                return text
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def plain_row(row: Mapping[str, object]) -> dict:
    return {name: python_value(term) for name, term in row.items()}


def text_value(row: Mapping[str, object], name: str) -> str:
    """A column as text, "" when unbound: for labels and ids that must always be strings."""
    value = python_value(row.get(name))
    return "" if value is None else str(value)
