"""Where the packaged ontology, data, source text and named queries live.

In a wheel they are copied to ``zjkg/_resources`` (see pyproject.toml); in a source checkout or an
editable install they are read from the repository root. Nothing outside the package or the
checkout is ever read.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resource_root", "ontology_file", "shapes_file", "data_file", "source_file",
           "queries_dir", "exclusions_file", "default_data_files"]

_PACKAGE = Path(__file__).resolve().parent


def resource_root() -> Path:
    packaged = _PACKAGE / "_resources"
    if (packaged / "data" / "triples.ttl").is_file():
        return packaged
    checkout = _PACKAGE.parent.parent  # src/zjkg -> repository root
    if (checkout / "data" / "triples.ttl").is_file():
        return checkout
    raise FileNotFoundError(f"zjkg's data files are missing: looked in {packaged} and {checkout}")


def ontology_file() -> Path:
    return resource_root() / "ontology" / "zjkg.ttl"


def shapes_file() -> Path:
    return resource_root() / "ontology" / "shapes.ttl"


def data_file() -> Path:
    return resource_root() / "data" / "triples.ttl"


def source_file() -> Path:
    return resource_root() / "data" / "source" / "zhenjiang-2025-government-work-report.txt"


def exclusions_file() -> Path:
    return resource_root() / "data" / "number-exclusions.tsv"


def queries_dir() -> Path:
    return resource_root() / "queries"


def default_data_files() -> list[Path]:
    """The files the default store loads: the ontology and the report's data."""
    return [ontology_file(), data_file()]
