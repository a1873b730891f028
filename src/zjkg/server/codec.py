"""Terms as picklable tuples, to cross from the server to a worker process and back into terms."""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["to_spec", "from_spec"]


def to_spec(term) -> tuple:
    """A pyoxigraph term as a picklable (kind, value, extra)."""
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, None)
    if term.language:
        return ("lang", term.value, term.language)
    return ("literal", term.value, term.datatype.value)


def from_spec(spec):
    """The term :func:`to_spec` described."""
    kind, value, extra = spec
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "lang":
        return ox.Literal(value, language=extra)
    return ox.Literal(value, datatype=ox.NamedNode(extra)) if extra else ox.Literal(value)
