"""The ontology's terms as a closed namespace, and the project's prefixes.

Kept free of rdflib so that the CLI's fast paths do not pay for importing it; a test checks the
term list against ``ontology/zjkg.ttl``, and a misspelt term raises ``AttributeError``.
"""

from __future__ import annotations

import re

__all__ = ["ZJKG", "ONTOLOGY", "ID", "XSD", "ENTITY_CLASSES", "PREFIXES", "SPARQL_PROLOGUE", "expand_curie", "compact_iri", "local_name",
           "is_iri"]

ONTOLOGY = "https://w3id.org/zjkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/zjkg/id/"

# The classes whose instances are the report's entities (looked up, searched, counted, drawn).
ENTITY_CLASSES = (
    "Report Review Principle Pledge TaskArea Measure Action Indicator Target MainTarget Observation Sector "
    "ReviewTheme Section Passage"
).split() + ["SDGGoal", "SDGTarget"]  # the UN SDGs the measures are aligned with (data/sdg.ttl)
_CLASSES = ENTITY_CLASSES + ["Comparator", "Basis", "Confidence", "PartyBody", "GovernmentDepartment"]
_PROPERTIES = (
    "quote partOf inArea hasTarget indicator value unit valueBase unitBase comparator year "
    "referenceYear deadline estimated baseline servesPledge followsPrinciple contributesTo "
    "dependsOn leadSector supportingSector basis rationale "
    "periodStart periodEnd conflictsWith confidence"
).split()
_INDIVIDUALS = (
    "atLeast moreThan reach striveFor about keep growBy increaseBy declineBy asStated stated inferred high medium low"
).split()


class _ClosedNamespace:
    """Attribute access to ontology IRIs; unknown names raise instead of minting a new IRI."""

    def __init__(self, base: str, terms: list[str]):
        self._base = base
        self._terms = frozenset(terms)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of the zjkg ontology")
        return self._base + name

    def __contains__(self, iri: str) -> bool:
        return iri.startswith(self._base) and iri[len(self._base):] in self._terms

    def __iter__(self):
        return iter(sorted(self._base + t for t in self._terms))


ZJKG = _ClosedNamespace(ONTOLOGY, _CLASSES + _PROPERTIES + _INDIVIDUALS)

PREFIXES: dict[str, str] = {
    "zjkg": ONTOLOGY,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
for _kind in ("report", "review", "principle", "pledge", "area", "measure", "action", "target",
              "indicator", "observation", "sector", "link", "theme", "section", "passage"):
    PREFIXES[_kind] = f"{ID}{_kind}/"

PREFIXES["sdg"] = "http://metadata.un.org/sdg/"  # the UN SDG KOS: goals and targets (data/sdg.ttl)
PREFIXES["oa"] = "http://www.w3.org/ns/oa#"  # W3C Web Annotation: the quote anchors (data/annotations.ttl)
PREFIXES["spdx"] = "http://spdx.org/rdf/terms#"  # the source text's checksum

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI as SPARQL and N-Triples accept it (a scheme, no spaces or <>"{}|^`\\).

    >>> is_iri("https://w3id.org/zjkg/id/pledge/1"), is_iri("新质生产力"), is_iri("a b:c")
    (True, False, False)

    The engine's own rule decides last (pyoxigraph builds the term), so what passes here never
    fails later as a query parameter: ``http://e/%zz``, ``x#a#b``, ``http://[::1`` do not.

    >>> is_iri("http://e/%zz"), is_iri("http://[::1")
    (False, False)
    """
    if not _IRI.match(text):
        return False
    import pyoxigraph as ox  # the engine's IRI rule; imported here, where it is needed

    try:
        ox.NamedNode(text)
    except (ValueError, UnicodeError):
        return False
    return True


def expand_curie(text: str) -> str | None:
    """Return the full IRI for a CURIE such as ``measure:2-1``, or None when it is not one.
    Prefixes are case-insensitive, as people type them (``Pledge:1``).

    >>> expand_curie("measure:2-1")
    'https://w3id.org/zjkg/id/measure/2-1'
    >>> expand_curie("Pledge:1")
    'https://w3id.org/zjkg/id/pledge/1'
    >>> expand_curie("新质生产力") is None
    True
    """
    prefix, sep, local = text.partition(":")
    prefix = prefix.lower()
    if not sep or prefix not in PREFIXES or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local


def compact_iri(iri: str) -> str:
    """The shortest CURIE for an IRI, or the IRI itself.

    >>> compact_iri("https://w3id.org/zjkg/id/pledge/1")
    'pledge:1'
    """
    best = None
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and (best is None or len(base) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/``.

    >>> local_name("https://w3id.org/zjkg/ontology#MainTarget")
    'MainTarget'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
