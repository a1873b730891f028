"""The SHACL check: the data against ``ontology/shapes.ttl`` (pySHACL, no inference), in a graph
that parses each SPARQL constraint once; and the rdflib graphs it and the other checks read.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..namespace import compact_iri
from ..resources import ontology_file, shapes_file
from .problem import Problem

__all__ = ["load_graph", "check_shacl"]


def load_graph(paths: list[Path]):
    """The RDF files as one rdflib graph, what pySHACL and every check of ``zjkg validate`` read."""
    import rdflib  # validation is the only command that needs rdflib's graph

    from ..store.files import check_files

    # pyoxigraph reads each file first: it refuses an RDF/XML DTD and never fetches a JSON-LD
    # @context, where rdflib would expand the entities and fetch the context's URL.
    check_files([Path(p) for p in paths])
    graph = rdflib.Graph()
    for path in paths:
        try:
            graph.parse(str(path), format="turtle" if path.suffix == ".ttl" else None)
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except Exception as error:  # rdflib raises many parser types; all mean bad input here
            raise InputError(f"{path}: cannot parse: {error}") from None
    return graph


def _prepared_graph_class():
    import rdflib
    from rdflib.plugins.sparql import prepareQuery

    class PreparedQueryGraph(rdflib.Graph):
        """A graph that parses each SPARQL text once. pySHACL runs a SPARQL constraint once per focus
        node with the same text (``$this`` goes in as a binding), and rdflib would parse it every
        time: on the report that parsing was two thirds of the validation's time."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._prepared = {}

        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str) and not kwargs.get("initNs"):
                prepared = self._prepared.get(query_object)
                if prepared is None:
                    prepared = self._prepared[query_object] = prepareQuery(query_object)
                query_object = prepared
            return super().query(query_object, *args, **kwargs)

    return PreparedQueryGraph


def check_shacl(data, *, shapes: Path | None = None, ontology: Path | None = None) -> list[Problem]:
    import pyshacl
    from rdflib import Namespace, URIRef
    from rdflib.namespace import RDF

    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes_graph = load_graph([shapes or shapes_file()])
    # The ontology joins a copy of the data (what pySHACL's ont_graph would do), in a graph that
    # parses each constraint's query once; validated in place, so that copy is the only one.
    target = _prepared_graph_class()()
    target += data
    target += load_graph([ontology or ontology_file()])
    conforms, report, _ = pyshacl.validate(target, shacl_graph=shapes_graph, inference="none", advanced=True,
                                           allow_warnings=True, inplace=True)
    problems = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = str(report.value(result, sh.resultMessage) or "does not conform")
        if isinstance(path, URIRef):  # a complex path (a blank node) is not worth printing
            message = f"{compact_iri(str(path))}: {message}"
        problems.append(Problem("shacl", compact_iri(str(focus)), message))
    if not conforms and not problems:
        problems.append(Problem("shacl", "-", "the data does not conform to the shapes"))
    return sorted(set(problems), key=lambda p: (p.entity, p.message))
