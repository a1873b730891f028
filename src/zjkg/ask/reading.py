"""Reading a question: the entities it names (by number, CURIE, name, or in part through the
search), the years and words that fill parameters, its topic, and the cues of what is asked."""

from __future__ import annotations

import re

from ..errors import InputError
from ..namespace import ID, compact_iri, expand_curie
from .cues import cues_of
from .model import GOAL_KINDS, KIND_OF_CLASS, SDG_KINDS, Mention, Reading, kind_of_iri
from .names import find_names, known_names, names_of
from .words import (
    ABOUT_REVIEWS,
    ASKED_NOT_ABOUT,
    ASKS_FOR_MEASURES,
    BASELINE_AFTER,
    BASELINE_BEFORE,
    CHANGE_SINCE,
    CHANGED,
    CLASS_NAMES,
    CONFIDENCE_WORDS,
    COUNT,
    CURIE,
    DEPENDENCY,
    EACH,
    IRI,
    KEYSTONE,
    MEASURE_NUMBER,
    MEASURE_PLACE,
    NUMBERED,
    PART_NUMBER,
    PUNCTUATION,
    QUESTION_WORDS,
    REVIEW_WORDS,
    SDG_NUMBER,
    SECTOR_ROLE,
    TARGET_WORD,
    TRADE_OFF,
    YEAR,
    fold_text,
    number_of,
)
from .years import years_of

__all__ = ["read_question"]

_PLANNED = re.compile(r"今年|目标|指标|计划|\btargets?\b|\bgoals?\b|\bplanned\b")
_INDICATOR_WORD = re.compile(r"指标|\bindicators?\b")
# "就业措施", "消费举措": a measure by its subject and the class word (no number after it). The word
# is evidence, as for indicators: the subject need only be held by the measure's own texts and
# clearly beat the next measure, not cover a quarter of its label (就业 in 稳定和扩大居民就业).
_MEASURE_WORD = re.compile(r"(?<=[\u3400-\u9fff])(?<!哪些)(?<!什么)(?<!哪项)(?<!哪个)(?<!各项)(?<!这项)(?:措施|举措)(?!\s*\d)")
# Names that only keep shorter names inside them from being read, unless quoted whole.
SHADOWING = {"indicator", "target"}
_QUOTES = {"“”", '""', "「」", "『』", "‘’", "''", "《》"}


def read_question(store, question: str, *, known: set[str] | None = None, example: bool = False) -> Reading:
    """The entities ``question`` names and its topic (see :mod:`zjkg.ask`).

    ``known`` is the set of IRIs that exist (numbers naming nothing are not taken); None reads
    them from ``store``. An ``example`` (of a query's header) is read for its slots only: by
    numbers, CURIEs and whole names, without the search (its entities are named in full).
    """
    folded = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", fold_text(question)).strip()
    known = known_names(store) if known is None else known
    mentions: list[Mention] = []
    taken = [False] * len(folded)

    def add(kind, value, label, start, end, how):
        if any(taken[start:end]):
            return
        for i in range(start, end):
            taken[i] = True
        mentions.append(Mention(kind, value, label, start, end, how))

    def label_of(iri):  # the UN SDGs are no names a question is read against: their labels are looked up
        return known.get(iri) or (_sdg_label(store, iri) or "" if kind_of_iri(iri) in SDG_KINDS else "")

    for match in IRI.finditer(folded):
        iri = match.group(1)
        if compact_iri(iri) != iri:  # under one of zjkg's prefixes, as a CURIE would be
            add(kind_of_iri(iri), iri, label_of(iri), match.start(1), match.end(1), "iri")
    for match in CURIE.finditer(folded):
        iri = expand_curie(f"{match.group(1).lower()}:{match.group(2)}")
        if iri:  # any CURIE of zjkg's prefixes: what it names is the store's to say
            add(kind_of_iri(iri), iri, label_of(iri), match.start(), match.end(), "curie")
    for match in SDG_NUMBER.finditer(folded):  # before a measure's number: 可持续发展目标7.2 is no measure 7.2
        iri = expand_curie(f"sdg:{match.group(1)}" + (f".{match.group(2)}" if match.group(2) else ""))
        label = _sdg_label(store, iri)
        if label is not None:  # a goal or target the graph holds
            add(kind_of_iri(iri), iri, label, match.start(), match.end(), "number")
        else:  # one it does not (no alignment with it): still no measure's number
            taken[match.start():match.end()] = [True] * (match.end() - match.start())
    for value, pattern in CONFIDENCE_WORDS:
        for match in pattern.finditer(folded):
            add("confidence", value, value, match.start(), match.end(), "word")
    if ABOUT_REVIEWS.search(folded):
        for local, pattern in REVIEW_WORDS:
            for match in pattern.finditer(folded):
                iri = f"{ID}{local}"
                add("review", iri, _label_in(store, iri, ["Review"]) or local.split("/")[1], match.start(), match.end(), "word")
    for match in PART_NUMBER.finditer(folded):
        # An action unless a target is said: "目标6.2.1", "target 1.1.3"; the store says whether it exists.
        local = "-".join(match.groups())
        classes = [("target", "Target"), ("action", "Action")] if TARGET_WORD.search(folded[:match.start()]) else [("action", "Action"), ("target", "Target")]
        for path, cls in classes:
            label = _label_in(store, f"{ID}{path}/{local}", [cls])
            if label is not None:
                add("entity", f"{ID}{path}/{local}", label, match.start(), match.end(), "number")
                break
    for match in MEASURE_PLACE.finditer(folded):
        iri = f"{ID}measure/{number_of(match.group(1))}-{number_of(match.group(2))}"
        if iri in known:
            add("measure", iri, known[iri], match.start(), match.end(), "number")
    for kind, template, patterns in NUMBERED:
        for pattern in patterns:
            for match in re.finditer(pattern, folded):
                number = number_of(match.group(1))
                iri = f"{ID}{template.format(number)}" if number else None
                if iri in known:
                    add(kind, iri, known[iri], match.start(), match.end(), "number")
    for match in MEASURE_NUMBER.finditer(folded):
        iri = f"{ID}measure/{match.group(1)}-{match.group(2)}"
        if iri in known:
            start = match.start()
            prefix = re.search(r"(?:第|举措|措施|measure\s*(?:no\.?)?\s*)$", folded[:start])
            add("measure", iri, known[iri], prefix.start() if prefix else start, match.end(), "number")
    if not example:
        _refuse_unknown_measures(folded, known)
    if not example and (word := _INDICATOR_WORD.search(folded)):
        # "the grain output indicator": an indicator by its words (before a goal's alias in them).
        # The class word is evidence too: the first indicator need beat the next by less.
        partial = _named_in_part(store, folded[:word.start()] + " " * len(word.group()) + folded[word.end():], taken,
                                 ["Indicator"], margin=1.2)
        if partial is not None:
            add(*partial)
    names, starts = names_of(store)
    # ... unless it asks what they rest on: "X 需要哪些措施先推进" names measure X.
    asks_for_measures = ASKS_FOR_MEASURES.search(folded) and not DEPENDENCY.search(folded)
    # Where no measure is read in part: the names read, and those of indicators and targets ("new
    # urban jobs" is an indicator, not measure 6.1's new-type urbanisation). A main target may be:
    # it is named by its indicator ("GDP growth").
    shadowed = list(taken)
    for start, end, found in find_names(folded, starts):
        readable = [name for name in names[found] if name.kind not in SHADOWING]
        if not readable:  # an indicator's or a target's name, read only when quoted whole: 目标“粮食总产量保持在98万吨以上”
            if start and end < len(folded) and folded[start - 1] + folded[end] in _QUOTES:
                add("entity", names[found][0].iri, names[found][0].label, start, end, "name")
            shadowed[start:end] = [True] * (end - start)
        for name in readable:
            # In "which measures ...", a measure's name is the words of what they serve, not a parameter.
            if not (asks_for_measures and name.kind == "measure"):
                add(name.kind, name.iri, name.label, start, end, "name")
    shadowed = [a or b for a, b in zip(shadowed, taken)]
    if not example and not any(m.kind in GOAL_KINDS for m in mentions):
        partial = _named_in_part(store, folded, taken, ["Pledge", "Principle", "MainTarget", "TaskArea"])
        if partial is not None:
            add(*partial)
    if not example and not any(m.kind == "measure" for m in mentions) and not asks_for_measures:
        partial = _named_in_part(store, folded, shadowed, ["Measure"])
        word = _MEASURE_WORD.search(folded) if partial is None else None
        if word is not None:
            blanked = folded[:word.start()] + " " * len(word.group()) + folded[word.end():]
            partial = _named_in_part(store, blanked, shadowed, ["Measure"], margin=1.2, label_coverage=0.0)
        if partial is not None:
            add(*partial)
    if not example and not any(m.kind == "sector" for m in mentions) and _INSTITUTION.search(folded):
        # "the environment bureau": part of 市生态环境局's English name (the Chinese part is a name already).
        partial = _named_in_part(store, folded, shadowed, ["Sector"])
        if partial is not None:
            add(*partial)
    years = years_of(store)
    planned = years.report
    for match in YEAR.finditer(folded):
        # A year before the report's is one of its reviews (observations), unless the question
        # compares with it (a baseline), or only the reviews' figures are compared with it (较2014年,
        # "since 2014"); its own year is the year of its targets, as is "this year".
        year = int(match.group(1))
        end = match.end() + (folded[match.end():match.end() + 1] == "年")
        if planned is not None and year >= planned:
            kind = "targetyear"
        elif year in years.referenced and year not in years.observed:
            compared = BASELINE_BEFORE.search(folded[:match.start()]) or BASELINE_AFTER.match(folded[end:]) or CHANGED.search(folded)
            kind = "refyear" if compared else "sinceyear"  # "2014年以来的成就": the review since then, whole
        elif BASELINE_BEFORE.search(folded[:match.start()]) or BASELINE_AFTER.match(folded[end:]):
            kind = "baseyear"
        else:
            kind = "year"
        add(kind, match.group(1), match.group(1), match.start(), end, "year")
    for match in re.finditer(r"今年|this year", folded):
        add("targetyear", str(planned or ""), match.group(), match.start(), match.end(), "word")
    if planned is not None and planned - 1 in years.observed:
        # The year the report reviews; beside the targets ("今年要达到哪些数字，去年是多少", "比上年
        # 增长", "with last year's values"), their baselines' year.
        compared = _PLANNED.search(folded) is not None
        for match in re.finditer(r"去年|上一?年度?(?!以来)|\blast year\b", folded):
            baseline = compared or BASELINE_BEFORE.search(folded[:match.start()]) is not None
            add("baseyear" if baseline else "year", str(planned - 1), match.group(), match.start(), match.end(), "word")
    mentions.sort(key=lambda m: m.start)
    if example:
        return Reading(question, folded, mentions, "")
    rest = "".join(" " if taken[i] else c for i, c in enumerate(folded))
    # "each pledge" asks for a listing, "trade-offs" for the conflicts, "keystones" for the most
    # depended on: none is a topic.
    rest = COUNT.sub(" ", TRADE_OFF.sub(" ", DEPENDENCY.sub(" ", EACH.sub(" ", CLASS_NAMES.sub(" ", KEYSTONE.sub(" ", rest))))))
    rest = ASKED_NOT_ABOUT.sub(" ", rest)
    if any(m.kind == "sector" for m in mentions):
        rest = SECTOR_ROLE.sub(" ", rest)  # what the department does, not what it is asked about
    if any(m.kind in ("refyear", "sinceyear") for m in mentions):
        rest = CHANGE_SINCE.sub(" ", rest)
    topic = re.sub(r"\s+", " ", PUNCTUATION.sub(" ", QUESTION_WORDS.sub(" ", rest)).strip())
    reading = Reading(question, folded, mentions, topic)
    reading.cues = cues_of(store, reading)
    return reading


# A measure named by its number after a word that says it is one ("举措12.7", "measure 2.7").
_NAMED_MEASURE = re.compile(r"(?:举措|措施|\bmeasure\s*(?:no\.?)?\s*)(\d{1,2})\s*[.．]\s*(\d{1,2})(?![\d%万亿])")


def _refuse_unknown_measures(folded: str, known) -> None:
    """A measure number the report does not have is an input error, as `show` and `impact` make it:
    answering as if it were not named would give every measure's rows for one that does not exist."""
    for match in _NAMED_MEASURE.finditer(folded):
        if f"{ID}measure/{int(match.group(1))}-{int(match.group(2))}" not in known:
            numbers = sorted((int(a), int(b)) for a, b in (iri.rsplit("/", 1)[1].split("-") for iri in known
                                                             if iri.startswith(f"{ID}measure/")))
            span = f" (its measures are numbered {'.'.join(map(str, numbers[0]))} to {'.'.join(map(str, numbers[-1]))})" if numbers else ""
            raise InputError(f"measure {match.group(1)}.{match.group(2)}: the report has no such measure{span}")


def _sdg_label(store, iri: str) -> str | None:
    """The label of the UN SDG goal or target ``iri`` if the graph holds it (data/sdg.ttl), else None."""
    return _label_in(store, iri, ["SDGGoal", "SDGTarget"])


def _label_in(store, iri: str, classes: list[str]) -> str | None:
    """The label of ``iri`` if the graph holds it as one of ``classes``, else None."""
    from ..resolve import entity_index

    found = entity_index(store, classes, iri=iri)
    return found[0].label if found else None


_PART_COVERAGE = 0.6  # the share of the question's remaining words an entity's own texts must hold
_LABEL_COVERAGE = 0.25  # the share of one of its labels those words must hold


_INSTITUTION = re.compile(r"\b(?:bureau|commission|office|department|committee|administration|agency|authority)\b")


def _named_in_part(store, folded: str, taken: list[bool], classes: list[str], *, margin: float = 1.3,
                   label_coverage: float = _LABEL_COVERAGE):
    """An entity of ``classes`` named by part of its name or in other forms of its words
    ("污染防治攻坚战", "stabilising and expanding employment"): the one the search ranks first for
    the words of the question not yet read, when its own label, aliases and quote hold most of
    them and it clearly beats the next. Returns the arguments of a mention, or None."""
    from ..ranking import ranking_for, weighted_terms
    from ..ranking_index import own_terms

    rest = "".join(" " if taken[i] else c for i, c in enumerate(folded))
    # "the people-centred principle": the class word names the kind, not the entity's own words.
    rest = PUNCTUATION.sub(" ", QUESTION_WORDS.sub(" ", DEPENDENCY.sub(" ", CLASS_NAMES.sub(" ", rest))))
    wanted = [t for t, weight in weighted_terms(rest).items() if weight == 1.0 and not t.isdigit()]
    if not wanted:
        return None
    hits = ranking_for(store).search(rest, limit=2, classes=classes)
    if not hits or (len(hits) > 1 and hits[0].score < margin * hits[1].score):
        return None
    document = hits[0].document
    own = own_terms(document)
    held = [t for t in wanted if t in own]
    if len(held) < _PART_COVERAGE * len(wanted):
        return None
    # ... and the words hold a fair part of one of its labels: "investment" alone names no task
    # area whose label lists investment among other things.
    labels = [[t for t, w in weighted_terms(label).items() if w == 1.0] for label in (document["label"], document["label_en"])]
    if not any(label and sum(t in held for t in label) >= label_coverage * len(label) for label in labels):
        return None
    spans = [_span_of(folded, term) for term in held]
    spans = [span for span in spans if span is not None]
    if not spans:
        return None
    kind = KIND_OF_CLASS.get(document["type"], "entity")
    return (kind, document["id"], document["label"], min(a for a, _ in spans), max(b for _, b in spans), "search")


def _span_of(folded: str, term: str) -> tuple[int, int] | None:
    """Where ``term`` (a bigram, or an English stem) first occurs in ``folded``, to the word's end."""
    start = folded.find(term)
    if start < 0:
        return None
    end = start + len(term)
    if term.isascii():
        while end < len(folded) and folded[end].isalnum():
            end += 1
    return start, end
