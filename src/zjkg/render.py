"""Rendering items (lists of dicts) as an aligned table, JSON, JSON Lines, CSV or TSV.

Tables align by display width (wcwidth), so Chinese text lines up in a terminal. JSON is UTF-8 and
not ASCII-escaped. CSV/TSV carry every key of the items, flattening lists and nested objects.
:func:`stream_rows` writes CSV, TSV and JSON Lines row by row, for dumps in constant memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from .namespace import compact_iri

__all__ = ["FORMATS", "STREAMED_FORMATS", "Column", "render", "stream_rows", "to_json", "display_width"]

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
STREAMED_FORMATS = ("jsonl", "csv", "tsv")  # written row by row by stream_rows


class Column:
    """A table column: the item key, its header, and whether IRIs are shortened to CURIEs."""

    def __init__(self, key: str, header: str | None = None, *, curie: bool = False, width: int | None = None):
        self.key, self.header, self.curie, self.width = key, header or key, curie, width


def display_width(text: str) -> int:
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _cell(value, *, curie: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return (" → " if curie else ", ").join(_cell(v, curie=curie) for v in value)
    if isinstance(value, dict):
        # A figure is shown by its value ("value=5.8 unit=% year=2024"); a qualitative baseline, which
        # has none, by what the report says of it (its label, else its id) and its year.
        if value.get("value") is None and (value.get("label") or value.get("id")):
            name = value.get("label") or compact_iri(str(value["id"]))
            return f"{name} year={value['year']}" if value.get("year") is not None else name
        shown = {k: v for k, v in value.items() if v is not None and k not in ("id", "label")}
        return " ".join(f"{k}={_cell(v, curie=curie)}" for k, v in shown.items())
    text = str(value)
    return compact_iri(text) if curie and text.startswith("http") else text


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        out, used = out + char, used + w
    return out + "…"


def to_json(items) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _flatten(item: dict) -> dict:
    flat = {}
    for key, value in item.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                flat[f"{key}.{sub}"] = subvalue
        elif isinstance(value, list):
            flat[key] = " ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value)
        else:
            flat[key] = value
    return flat


def _delimited(items: Sequence[dict], delimiter: str) -> str:
    rows = [_flatten(i) for i in items]
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=keys, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()


def _table(items: Sequence[dict], columns: Sequence[Column], lang: str) -> str:
    if not items:
        return "(no results)\n"
    keys = [(c, f"{c.key}_en" if lang == "en" and any(f"{c.key}_en" in i for i in items) else c.key) for c in columns]
    header = [c.header for c, _ in keys]
    body = [[_truncate(_cell(item.get(key), curie=c.curie), c.width) if c.width else _cell(item.get(key), curie=c.curie)
             for c, key in keys] for item in items]
    widths = [max(display_width(row[n]) for row in [header, *body]) for n in range(len(header))]

    def line(cells):
        return "  ".join(cell + " " * (widths[n] - display_width(cell)) for n, cell in enumerate(cells)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in body)]) + "\n"


def render(items: Sequence[dict], fmt: str, columns: Sequence[Column] | None = None, *, lang: str = "zh") -> str:
    """Render items in one of :data:`FORMATS`; ``columns`` choose what a table shows.

    >>> print(render([{"id": "https://w3id.org/zjkg/id/pledge/1", "label": "新质生产力"}], "table",
    ...              [Column("id", curie=True), Column("label")]), end="")
    id        label
    --------  ----------
    pledge:1  新质生产力
    """
    if fmt == "json":
        return to_json(list(items))
    if fmt == "jsonl":
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if fmt == "csv":
        return _delimited(items, ",")
    if fmt == "tsv":
        return _delimited(items, "\t")
    if columns is None:
        keys: list[str] = []
        for item in items:
            keys += [k for k in item if k not in keys and not k.endswith("_en")]
        columns = [Column(k, curie=True) for k in keys]
    return _table(items, columns, lang)


def stream_rows(keys: Sequence[str], rows: Iterable[dict], fmt: str, *, batch: int = 1000) -> Iterator[str]:
    """Text chunks of ``rows`` (flat dicts over ``keys``) as JSON Lines, CSV or TSV, ``batch`` rows a
    chunk: the rows are read as they come, so a dump of any length needs the memory of one batch."""
    if fmt not in STREAMED_FORMATS:
        raise ValueError(f"{fmt!r} is not written row by row: use one of {', '.join(STREAMED_FORMATS)}")
    buffer = io.StringIO()
    if fmt == "jsonl":
        def write(row):
            buffer.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=list(keys), delimiter="," if fmt == "csv" else "\t",
                                lineterminator="\n", extrasaction="ignore")
        writer.writeheader()

        def write(row):
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    for count, row in enumerate(rows, 1):
        write(row)
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
