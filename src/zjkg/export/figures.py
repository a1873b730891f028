"""What the exports attach to a view's nodes from the store: classes, figures, units, years, quotes."""

from __future__ import annotations

from ..namespace import local_name
from ..queries import select_named
from ..store import Store
from ..values import python_value, text_value

__all__ = ["entity_figures"]


def entity_figures(store: Store) -> dict[str, dict]:
    """``{iri: {"classes": "MainTarget Target", "value": 5.0, "unit": "%", "year": 2025, "quote": ...}}``.

    Only what an entity has: a measure has a quote and no figure. Classes and comparators are
    local names, sorted and joined by spaces.
    """
    classes: dict[str, set[str]] = {}
    comparators: dict[str, set[str]] = {}
    figures: dict[str, dict] = {}
    for row in select_named(store, "entity-figures"):
        entity = row["entity"].value
        classes.setdefault(entity, set()).add(local_name(row["class"].value))
        if row.get("comparator") is not None:
            comparators.setdefault(entity, set()).add(local_name(row["comparator"].value))
        found = figures.setdefault(entity, {})
        for name in ("unit", "quote"):
            if row.get(name) is not None:
                found[name] = text_value(row, name)
        if row.get("value") is not None:
            found["value"] = float(python_value(row["value"]))
        if row.get("year") is not None:
            found["year"] = int(text_value(row, "year")[:4])
    for entity, found in figures.items():
        found["classes"] = " ".join(sorted(classes[entity]))
        if entity in comparators:
            found["comparator"] = " ".join(sorted(comparators[entity]))
    return figures
