"""What the answer looks up in the store about the entities of its rows: the measures of an
action, a target or a goal, and whether any department is the report's own word."""

from __future__ import annotations

__all__ = ["DEPARTMENT_QUERIES", "DEPARTMENT_ANSWERS", "NO_DEPARTMENT", "NO_DEPARTMENT_OF_A_PART", "departments_inferred",
           "measures_of"]


# Queries whose rows give a measure's departments, and what they are for one of its actions or targets.
DEPARTMENT_QUERIES = {"lead-vs-supporting", "measure-attributes"}
DEPARTMENT_ANSWERS = {*DEPARTMENT_QUERIES, "sector-workload"}  # ... and the departments' own rows
NO_DEPARTMENT_OF_A_PART = ("The report names no department for an action or a target: the lead and supporting departments "
                            "shown are the curator's reading (inferred, with its confidence) of the whole measure it is part of.")
NO_DEPARTMENT = ("The report names no department: who leads and who supports each measure is the curator's reading "
                 "(inferred, each link with its confidence and rationale).")
_STATED_DEPARTMENT = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
ASK { ?link rdf:predicate ?p ; zjkg:basis zjkg:stated . FILTER (?p IN (zjkg:leadSector, zjkg:supportingSector)) }"""


def departments_inferred(store) -> bool:
    """Whether every lead and supporting department in the store is the curator's reading (none stated)."""
    return store.query(_STATED_DEPARTMENT) is False


_MEASURES_OF = """PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
SELECT DISTINCT ?part ?measure WHERE {
  ?measure a zjkg:Measure .
  { ?part zjkg:partOf ?measure } UNION { ?measure zjkg:hasTarget ?part }
  UNION { ?measure zjkg:servesPledge|zjkg:followsPrinciple|zjkg:contributesTo|zjkg:inArea ?part }
} ORDER BY ?part ?measure"""


def measures_of(store, iris: list[str]) -> dict[str, list[str]]:
    """The measures of each entity among ``iris``: an action's or a target's own, a goal's serving
    ones (the others have none), by IRI."""
    import pyoxigraph as ox

    from ..store.binding import at_where, values_rows

    if not iris:
        return {}
    found: dict[str, list[str]] = {}
    for row in store.select(at_where(_MEASURES_OF, values_rows("part", [ox.NamedNode(iri) for iri in iris]))):
        found.setdefault(row["part"].value, []).append(row["measure"].value)
    return found
