"""Citable and licensed: one licence per kind of file, stated the same way everywhere, and the report
entity's Dublin Core description."""

from __future__ import annotations

import tomllib
from pathlib import Path

import rdflib
import yaml

ROOT = Path(__file__).parent.parent
CC_BY = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
REPORT = rdflib.URIRef("https://w3id.org/zjkg/id/report/zhenjiang-2025")


def test_code_is_mit_and_data_cc_by_everywhere():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert {"LICENSE", "data/LICENSE"} <= set(project["license-files"])
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    data_licence = (ROOT / "data" / "LICENSE").read_text(encoding="utf-8")
    assert str(CC_BY) in data_licence and "SPDX-License-Identifier: CC-BY-4.0" in data_licence
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert sorted(citation["license"]) == ["CC-BY-4.0", "MIT"]
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "zjkg.ttl")
    assert set(ontology.objects(None, DCTERMS.license)) == {CC_BY}


def test_citation_cff_has_what_cff_1_2_requires():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"] and citation["title"] and citation["authors"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["version"] == project["version"]
    assert [a["name"] for a in citation["authors"]] == [a["name"] for a in project["authors"]]
    report, = citation["references"]
    assert report["type"] == "report" and "图解" in report["title"] and report["year"] == 2025


def test_the_report_entity_carries_its_publisher_date_and_edition(graph):
    assert str(graph.value(REPORT, DCTERMS.publisher)) == "镇江市人民政府"
    assert str(graph.value(REPORT, DCTERMS.creator)) == "镇江市人民政府"
    assert graph.value(REPORT, DCTERMS.date) == rdflib.Literal("2025", datatype=rdflib.XSD.gYear)
    assert "图解" in {str(t) for t in graph.objects(REPORT, DCTERMS.type)}
    assert "（图解）" in str(graph.value(REPORT, DCTERMS.alternative))
    # What the poster does not state is marked as the curator's reading, with a reason and a confidence.
    notes = {n.language: str(n) for n in graph.objects(REPORT, rdflib.SKOS.editorialNote)}
    assert "Inferred (confidence: high): the publisher" in notes["en"] and "推断（置信度：高）：出版者" in notes["zh"]
