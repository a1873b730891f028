"""``zjkg validate``: SHACL shapes plus checks against the report's own text.

Four checks, each a list of :class:`Problem` (empty when all is well):

* ``shacl``: the data conforms to ``ontology/shapes.ttl`` (pySHACL, no inference);
* ``quotes``: every ``zjkg:quote`` is a stretch of the source text, compared with whitespace
  removed and both sides NFKC-normalised;
* ``anchors``: every ``oa:Annotation`` (data/annotations.ttl) points into this very source text
  (its ``oa:hasSource`` is named by the file's SHA-256, which the ``spdx:checksum`` repeats), its
  ``TextPositionSelector`` span reads as its entity's quote (whitespace removed, NFKC), its
  ``TextQuoteSelector`` has the span's exact text and the text around it, and every quoted entity
  has exactly one annotation;
* ``numbers``: every number printed in the report, in Arabic digits (``2300``, ``54.7``) or in
  Chinese numerals before a measure word (``三届``, ``两度``, ``连续十年``, ``三大``, ``首个``), is held by
  a Target or Observation whose quote covers it (as its value, year, reference year, period or
  deadline month), or is listed with a reason in ``data/number-exclusions.tsv``; an exclusion that no
  longer matches is itself a problem.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .anchors import OA, sha256_hex, source_version_iri
from .errors import InputError
from .namespace import ZJKG, compact_iri
from .resources import data_files, exclusions_file, ontology_file, shapes_file, source_file
from .text import normalise_source

__all__ = ["Problem", "validate", "check_shacl", "check_quotes", "check_anchors", "check_numbers", "normalise_source",
           "chinese_number"]


@dataclass(frozen=True)
class Problem:
    check: str
    entity: str
    message: str

    def item(self) -> dict:
        return {"check": self.check, "entity": self.entity, "message": self.message}


def _load_graph(paths: list[Path]):
    import rdflib  # validation is the only command that needs rdflib's graph

    from .store.files import check_files

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
    shapes_graph = _load_graph([shapes or shapes_file()])
    # The ontology joins a copy of the data (what pySHACL's ont_graph would do), in a graph that
    # parses each constraint's query once; validated in place, so that copy is the only one.
    target = _prepared_graph_class()()
    for triple in data:
        target.add(triple)
    for triple in _load_graph([ontology or ontology_file()]):
        target.add(triple)
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


def _quotes(data) -> list[tuple[str, str]]:
    from rdflib import URIRef

    return sorted((str(s), str(o)) for s, o in data.subject_objects(URIRef(ZJKG.quote)))


def check_quotes(data, source_text: str) -> list[Problem]:
    text = normalise_source(source_text)
    return [Problem("quotes", compact_iri(entity), f"quote not found in the source text: {quote!r}")
            for entity, quote in _quotes(data) if normalise_source(quote) not in text]


def _one(data, subject, predicate):
    values = sorted(data.objects(subject, predicate))
    return values[0] if len(values) == 1 else None


def check_anchors(data, source_bytes: bytes) -> list[Problem]:
    """Every annotation's selectors against the source text and its hash; every quote annotated once."""
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    oa = Namespace(OA)
    spdx = Namespace("http://spdx.org/rdf/terms#")
    text = source_bytes.decode("utf-8")
    digest = sha256_hex(source_bytes)
    expected_source = URIRef(source_version_iri(digest))
    quotes = dict(_quotes(data))
    problems: list[Problem] = []
    annotated: dict[str, int] = {}

    def problem(entity: str, message: str) -> None:
        problems.append(Problem("anchors", compact_iri(entity), message))

    for annotation in sorted(data.subjects(RDF.type, oa.Annotation)):
        body = _one(data, annotation, oa.hasBody)
        if body is None:
            problem(str(annotation), "an annotation needs exactly one oa:hasBody")
            continue
        entity = str(body)
        annotated[entity] = annotated.get(entity, 0) + 1
        quote = quotes.get(entity)
        if quote is None:
            problem(entity, f"is the body of {compact_iri(str(annotation))} but has no zjkg:quote: regenerate data/annotations.ttl")
            continue
        target = _one(data, annotation, oa.hasTarget)
        source = _one(data, target, oa.hasSource) if target is not None else None
        if source != expected_source:
            problem(entity, f"its annotation points at {source}, not at the source text as shipped ({expected_source}): "
                            "regenerate data/annotations.ttl")
            continue
        checksums = [str(v) for c in data.objects(source, spdx.checksum) for v in data.objects(c, spdx.checksumValue)]
        if checksums != [digest]:
            problem(entity, f"the source's spdx:checksum {checksums} is not the file's SHA-256 {digest}")
        selectors = list(data.objects(target, oa.hasSelector))
        positions = [s for s in selectors if (s, RDF.type, oa.TextPositionSelector) in data]
        quoting = [s for s in selectors if (s, RDF.type, oa.TextQuoteSelector) in data]
        if len(positions) != 1 or len(quoting) != 1:
            problem(entity, "its annotation needs one oa:TextPositionSelector and one oa:TextQuoteSelector")
            continue
        start, end = _one(data, positions[0], oa.start), _one(data, positions[0], oa.end)
        if not (isinstance(start, Literal) and isinstance(end, Literal)
                and isinstance(start.toPython(), int) and isinstance(end.toPython(), int)
                and 0 <= start.toPython() < end.toPython() <= len(text)):
            problem(entity, f"oa:start {start} and oa:end {end} are not a span of the {len(text)}-code-point source text")
            continue
        start, end = start.toPython(), end.toPython()
        span = text[start:end]
        if normalise_source(span) != normalise_source(quote):
            problem(entity, f"the span [{start}, {end}) reads {span!r}, not its quote {quote!r}")
            continue
        exact, prefix, suffix = (_one(data, quoting[0], p) for p in (oa.exact, oa.prefix, oa.suffix))
        if exact is None or str(exact) != span:
            problem(entity, f"oa:exact {exact!r} is not the text of the span [{start}, {end})")
        if prefix is None or not text[:start].endswith(str(prefix)):
            problem(entity, f"oa:prefix {prefix!r} is not the text just before the span [{start}, {end})")
        if suffix is None or not text[end:].startswith(str(suffix)):
            problem(entity, f"oa:suffix {suffix!r} is not the text just after the span [{start}, {end})")
    for entity in sorted(quotes):
        count = annotated.get(entity, 0)
        if count != 1:
            problem(entity, f"has a zjkg:quote and {count} annotations, not one: run `python -m zjkg.anchors`")
    return problems


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


def validate(data_paths: list[Path] | None = None, *, source: Path | None = None,
             exclusions: Path | None = None) -> list[Problem]:
    """Run every check on the data files (the report's own by default); return the problems."""
    data = _load_graph(list(data_paths) if data_paths else data_files())
    source = source or source_file()
    try:
        source_bytes = source.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: no such source text") from None
    try:
        source_text = source_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: not UTF-8 text ({error})") from None
    problems = check_shacl(data)
    problems += check_quotes(data, source_text)
    problems += check_anchors(data, source_bytes)
    problems += check_numbers(data, source_text, read_exclusions(exclusions or exclusions_file()))
    return problems
