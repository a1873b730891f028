"""The years the graph knows: its reports' (the year their targets are for), its observations' own,
those its observations are compared with (较2014年…), and the years a review's figures count from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Years", "years_of"]


_YEARS_QUERY = """PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?kind ?year ?review WHERE {
  { ?report a zjkg:Report ; dcterms:date ?year BIND ("report" AS ?kind) }
  UNION { ?observation a zjkg:Observation ; zjkg:year ?year BIND ("observed" AS ?kind) }
  UNION { ?observation a zjkg:Observation ; zjkg:referenceYear ?year BIND ("referenced" AS ?kind) }
  UNION { ?observation a zjkg:Observation ; zjkg:periodStart ?year ; zjkg:partOf ?review . ?review a zjkg:Review
          BIND ("start" AS ?kind) }
}"""


@dataclass(frozen=True)
class Years:
    report: int | None  # the earliest report's
    observed: frozenset[int]
    referenced: frozenset[int]
    reviews_from: dict[int, str]  # the review whose figures' periods start in a year


def years_of(store) -> Years:
    """The years of the graph in ``store`` (read once per store)."""
    cached = _YEARS.get(id(store))
    if cached is None or cached[0] is not store:
        found: dict[str, set[int]] = {"report": set(), "observed": set(), "referenced": set()}
        starts: dict[int, set[str]] = {}
        for row in store.select(_YEARS_QUERY).rows:
            text = row["year"].value[:4]
            if not text.isdigit():
                continue
            if row["kind"].value == "start":
                starts.setdefault(int(text), set()).add(row["review"].value)
            else:
                found[row["kind"].value].add(int(text))
        years = Years(min(found["report"], default=None), frozenset(found["observed"]), frozenset(found["referenced"]),
                       {year: next(iter(reviews)) for year, reviews in starts.items() if len(reviews) == 1})
        cached = (store, years)
        _YEARS[id(store)] = cached
    return cached[1]


_YEARS: dict[int, tuple[object, Years]] = {}
