"""The numbers check: every number the report prints, in Arabic digits or in Chinese numerals
before a measure word, is held by a Target or Observation whose quote covers it, or is excluded
with a reason (``data/number-exclusions.tsv``); an exclusion that no longer matches is a problem.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from ..namespace import ZJKG
from ..text import normalise_source
from .problem import Problem

__all__ = ["chinese_number", "read_exclusions", "check_numbers"]


# Structural numbers: a measure's "1." at the start of a line, a task area's "1 " before its heading.
_STRUCTURAL = re.compile(r"^(\s*)\d(?=\s*[.．](?!\s*\d)|\s+\S)", re.MULTILINE)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")

# A Chinese numeral is a figure where a measure word follows it (三届, 两度, 十年, 三大, 三个, 首个) or it
# stands for a unit threshold (亿元以上). Numerals inside names (四群八链, 两重, 七有) are followed by
# no measure word and are not figures. 首 ("the first") counts as one.
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERALS = "".join([*_CN_DIGITS, *_CN_SMALL, *_CN_LARGE])
_CN_MEASURE_WORDS = "届度年个大项家条种次倍人名件场类批位座所强轮周元级"
_CHINESE_NUMBER = re.compile(rf"(?<![\d.{_CN_NUMERALS}])(?:首|[{_CN_NUMERALS}]+)(?=[{_CN_MEASURE_WORDS}])")


def chinese_number(text: str) -> Decimal | None:
    """The value of a Chinese numeral (or of 首, "the first"), or None when it is not one.

    >>> [int(chinese_number(t)) for t in ("三", "两", "十", "十四", "二十", "一百零五", "千亿", "一亿二千万", "首")]
    [3, 2, 10, 14, 20, 105, 100000000000, 120000000, 1]
    >>> chinese_number("4万") is None and chinese_number("多") is None
    True
    """
    if text == "首":
        return Decimal(1)
    if not text or any(ch not in _CN_NUMERALS for ch in text):
        return None
    yi = wan = section = digit = 0  # the parts above 亿, between 万 and 亿, below 万, and the last digit
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
        elif ch == "万":
            wan += (section + digit or 1) * _CN_LARGE[ch]
            section = digit = 0
        else:
            yi = (yi + wan + section + digit or 1) * _CN_LARGE[ch]
            wan = section = digit = 0
    return Decimal(yi + wan + section + digit)


def _number(text: str) -> Decimal | None:
    """An exclusion's number, in Arabic digits or Chinese numerals."""
    return _decimal(text) if re.fullmatch(r"\d+(?:\.\d+)?", text.strip()) else chinese_number(text.strip())


def _printed_numbers(text: str):
    """(start, end, value, as printed) for every number in the normalised text, in order."""
    found = [(m.start(), m.end(), Decimal(m.group()), m.group()) for m in _NUMBER.finditer(text)]
    for m in _CHINESE_NUMBER.finditer(text):
        if (value := chinese_number(m.group())) is not None:
            found.append((m.start(), m.end(), value, m.group() + text[m.end()]))
    return sorted(found)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _figures(data) -> list[tuple[str, str, set[Decimal]]]:
    """(entity, quote, the numbers it holds) for every Target and Observation."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    figures = []
    for cls in (ZJKG.Target, ZJKG.Observation):
        for entity in data.subjects(RDF.type, URIRef(cls)):
            numbers: set[Decimal] = set()
            for prop in (ZJKG.value, ZJKG.year, ZJKG.referenceYear, ZJKG.periodStart, ZJKG.periodEnd):
                for value in data.objects(entity, URIRef(prop)):
                    if (d := _decimal(str(value))) is not None:
                        numbers.add(d)
            for deadline in data.objects(entity, URIRef(ZJKG.deadline)):
                numbers.add(Decimal(int(str(deadline).split("-")[1])))
            for quote in data.objects(entity, URIRef(ZJKG.quote)):
                figures.append((str(entity), normalise_source(str(quote)), numbers))
    return sorted(figures, key=lambda f: (f[0], f[1]))


def read_exclusions(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")]
    except FileNotFoundError:
        return []
    for number, row in enumerate(rows, start=2):
        if not row.get("context") or not row.get("number") or not row.get("reason"):
            raise InputError(f"{path}: row {number} needs context, number and reason")
        if _number(row["number"]) is None:
            raise InputError(f"{path}: row {number}: {row['number']!r} is not a number (Arabic digits or Chinese numerals)")
    return rows


def _spans(text: str, needle: str):
    start = text.find(needle)
    while start >= 0 and needle:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


def check_numbers(data, source_text: str, exclusions: list[dict]) -> list[Problem]:
    text = normalise_source(_STRUCTURAL.sub(lambda m: m.group(1) + "§", source_text))
    covered: list[tuple[int, int, set[Decimal]]] = []
    for _, quote, numbers in _figures(data):
        covered += [(a, b, numbers) for a, b in _spans(text, quote)]
    excluded = []
    problems = []
    for row in exclusions:
        context = normalise_source(row["context"])
        spans = list(_spans(text, context))
        if not spans:
            problems.append(Problem("numbers", "exclusions", f"exclusion context {row['context']!r} is not in the source text"))
        excluded += [(a, b, {_number(row["number"])}, row) for a, b in spans]
    used = set()
    for start, end, number, printed in _printed_numbers(text):
        if any(a <= start and end <= b and number in numbers for a, b, numbers in covered):
            continue
        hits = [row for a, b, numbers, row in excluded if a <= start and end <= b and number in numbers]
        if hits:
            used.update(id(row) for row in hits)
            continue
        context = text[max(0, start - 12): end + 12]
        problems.append(Problem("numbers", "source", f"the number {printed} in …{context}… is held by no target or observation (add one, or list it in number-exclusions.tsv with a reason)"))
    for row in exclusions:
        if id(row) not in used and any(r is row for *_, r in excluded):
            problems.append(Problem("numbers", "exclusions", f"exclusion {row['context']!r} ({row['number']}) covers no uncovered number: remove it"))
    return problems
