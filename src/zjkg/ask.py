"""Ask in your own words: a question (zh or en, simplified or traditional) routed to a named query.

How a question is read, in three steps, all offline:

1. **Entities.** Measures by number (``6.2``, ``举措6.2``, ``measure 6.2``) or by name, goals
   (pledges, principles, main targets, task areas: by number, CURIE, label or alias), sectors,
   years, a class, a basis (stated/inferred), and what is left as the topic.
2. **The query.** Each named query's ``#+ examples:`` are read the same way, the entities in them
   replaced by their kind (``slotmeasure``, ``slotgoal``...), and kept in a BM25 index (the same
   analysis and engine as :mod:`zjkg.ranking`). The question, its entities likewise replaced, is
   matched against them: a query scores by its best example, then gains for each entity of the
   question it has a parameter for and loses for each it cannot use.
3. **The parameters.** Filled from the entities; a "which measures serve X" whose X is no formal
   goal is answered by the measures the search ranks for X (``relation: "topic"``).

When the best reading does not clearly beat the next, the answer says so (``confident: false``)
and lists the top three: it never guesses silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespace import ID, compact_iri, expand_curie, is_iri

__all__ = ["Mention", "Reading", "Interpretation", "read_question", "interpret", "ask", "run", "quotes_of", "header_examples",
           "contains", "same_params", "judge", "CONFIDENT_MARGIN", "ROUTER_VERSION"]

CONFIDENT_MARGIN = 1.15  # the best reading must score this many times the next to be taken without doubt
_MIN_SCORE = 2.0  # below this, nothing in the question matched an example well enough

# Which kinds of entity fill each parameter.
GOAL_KINDS = ("pledge", "principle", "maintarget", "area")
_PARAM_KINDS = {
    "_measure_iri": ("measure",), "_goal_iri": GOAL_KINDS, "_pledge_iri": ("pledge",), "_principle_iri": ("principle",),
    "_target_iri": ("maintarget",), "_sector_iri": ("sector",), "_year": ("year",), "_text": ("topic",),
    "_entity_iri": ("measure", *GOAL_KINDS, "sector", "entity"), "_class_iri": ("class",), "_basis_iri": ("basis",),
    "_basis": ("basis",), "_kind_iri": ("kind",), "_min_confidence": ("confidence",), "_review_iri": ("review",),
}
_KIND_OF_CLASS = {"Measure": "measure", "Pledge": "pledge", "Principle": "principle", "MainTarget": "maintarget",
                  "TaskArea": "area", "Sector": "sector"}


@dataclass(frozen=True)
class Mention:
    """An entity named in the question: its kind, value (an IRI or a literal), label, and span."""

    kind: str
    value: str
    label: str
    start: int
    end: int
    how: str  # "number", "curie", "name", "search", "year", "word"

    def item(self) -> dict:
        return {"kind": self.kind, "value": compact_iri(self.value) if is_iri(self.value) else self.value,
                "label": self.label, "text_span": [self.start, self.end], "how": self.how}


@dataclass
class Reading:
    """A question as read: its folded text, the entities named, and the topic left over."""

    question: str
    folded: str
    mentions: list[Mention]
    topic: str
    terms: list[str] = field(default_factory=list)
    cues: dict[str, Mention] = field(default_factory=dict)  # what the question is about, bound to no parameter

    def kinds(self) -> set[str]:
        return {m.kind for m in self.mentions}

    def first(self, kinds) -> Mention | None:
        return next((m for m in self.mentions if m.kind in kinds), None)


@dataclass
class Interpretation:
    query: str
    params: dict[str, str]  # parameter -> CURIE or literal, as a person would type it to `zjkg query -p`
    score: float
    topic: str | None = None  # "which measures serve X" with X no formal goal: the ranked measures for X

    def item(self) -> dict:
        return {"query": self.query, "params": dict(self.params), "score": round(self.score, 3),
                **({"topic": self.topic} if self.topic else {})}


# ------------------------------------------------------------------------- reading entities

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = "[1-9一二三四五六七八九]"
_ORDINAL = rf"第\s*({_NUM})\s*(?:项|个|条)?"  # 第五项承诺 (五项承诺 counts them, names none)
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9}
# (kind, IRI template, patterns whose group 1 is the number): the printed numbers of goals.
_NUMBERED = [
    ("area", "area/{}", [rf"{_ORDINAL}\s*(?:项)?(?:任务领域|任务|领域|部分)", rf"(?:任务领域|任务|领域)\s*({_NUM})",
                          r"\b(?:task\s+)?area\s*([1-9])\b", r"\b([a-z]+)\s+(?:task\s+)?area\b"]),
    ("pledge", "pledge/{}", [rf"{_ORDINAL}\s*(?:项)?承诺", rf"承诺\s*({_NUM})", r"\bpledge\s*(?:no\.?\s*)?([1-9])\b",
                             r"\b([a-z]+)\s+pledge\b"]),
    ("principle", "principle/{}", [rf"{_ORDINAL}\s*(?:项|条)?(?:原则)", rf"原则\s*({_NUM})", r"\bprinciple\s*([1-9])\b",
                                   r"\b([a-z]+)\s+(?:guiding\s+)?principle\b"]),
    ("maintarget", "target/main-{}", [rf"{_ORDINAL}\s*(?:项)?主要(?:预期)?目标", rf"主要(?:预期)?目标\s*({_NUM})",
                                      r"\bmain\s+(?:expected\s+)?target\s*([1-9])\b",
                                      r"\b([a-z]+)\s+main\s+(?:expected\s+)?target\b"]),
]
# A measure's printed number: "6.2", not a figure ("2.4万", "5.0%", "2.5亿") nor part of a longer number.
_MEASURE_NUMBER = re.compile(r"(?<![\d.])([1-9])\s*[.．]\s*([1-9])(?!\d|\.\d|\s*(?:%|万|亿|倍|个|家|岁|元|吨|人|亩|公里|分|千))")
# "第七部分第4条措施": the fourth measure of task area 7.
_MEASURE_PLACE = re.compile(rf"第\s*({_NUM})\s*(?:部分|项任务|个任务领域|任务领域)\s*(?:的)?\s*第\s*({_NUM})\s*(?:条|项|个)")
_CURIE = re.compile(r"\b([a-z]+):([a-z0-9][a-z0-9-]*)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_CLASS_WORDS = [  # longest first; only read when the query takes a class
    ("Pledge", r"承诺|pledges?"), ("Principle", r"原则|principles?"), ("MainTarget", r"主要(?:预期)?目标|main\s+targets?"),
    ("TaskArea", r"任务领域|task\s+areas?"), ("Measure", r"举措|措施|measures?"), ("Sector", r"部门|sectors?|departments?"),
    ("Action", r"行动|actions?"), ("Indicator", r"指标|indicators?"), ("Observation", r"观测|observations?"),
    ("Target", r"目标|targets?"),
]
_CLASS_NAMES = re.compile(r"承诺|原则|主要(?:预期)?目标|任务领域|部门|\b(?:pledges?|principles?|guiding|main\s+targets?|"
                          r"task\s+areas?|sectors?|departments?|break|down)\b")
_BODY_WORDS = [("PartyBody", r"党委|党的|市委|\bparty\b"), ("GovernmentDepartment", r"政府部门|government department")]
# "Only high-confidence links": the curated-link filter's minimum (docs/curation.md), by its word.
_CONFIDENCE_WORDS = [
    ("high", re.compile(r"(?:只看|仅看|只要|仅限)?(?:高置信度?|置信度(?:为|是)?高|高可信度?)(?:的)?|\bhigh[- ]confidence\b|"
                        r"\b(?:with|of)\s+high\s+confidence\b|\bconfidence\s+(?:is\s+)?high\b")),
    ("medium", re.compile(r"(?:只看|仅看|只要|至少)?(?:中等?置信度?|置信度(?:为|是|至少)?中等?)(?:及以上|以上)?(?:的)?|"
                          r"\b(?:at\s+least\s+)?medium[- ]confidence(?:\s+or\s+(?:better|higher|above))?\b|"
                          r"\b(?:at\s+least|with|of)\s+medium\s+confidence\b")),
    ("low", re.compile(r"低置信度?(?:及以上|以上)?|\blow[- ]confidence\b|\b(?:with|of)\s+low\s+confidence\b")),
]
# Which review, when the question is about the reviews (their themes, headings...): the 2024 review
# (一年来) or the ten-year one (十年来). Without such a word 十年来 only dates an achievement.
_REVIEW_WORDS = [
    ("review/2024", re.compile(r"(?:2024\s*年?\s*(?:的)?\s*(?:工作)?|一年来\s*(?:的)?\s*)回顾|一年来|\b(?:the\s+)?2024\s+review\b|"
                               r"\breview\s+of\s+2024\b|\b(?:past|last)[- ]year(?:'s)?\s+review\b|\bone-year\s+review\b")),
    ("review/decade", re.compile(r"十年\s*(?:来)?\s*(?:的)?\s*回顾|十年来|\bten-year\s+review\b|\bdecade(?:'s)?\s+review\b|"
                                 r"\breview\s+of\s+the\s+(?:past\s+|last\s+)?(?:ten\s+years|decade)\b")),
]
_ABOUT_REVIEWS = re.compile(r"回顾|回顧|主题|板块|标题|\breviews?\b|\bthemes?\b|\bheadings?\b")
_BASIS_WORDS = [("inferred", r"推断|推定|inferred|inference"),
                ("stated", r"陈述|明确|原文|明文|写明|stated|explicit|\bstates?\b(?!-)")]

# What is left of a question once its entities and its question words are taken out is its topic.
_QUESTION_WORDS = re.compile(
    r"哪些|哪个|哪项|哪一项|哪里|哪儿|什么|多少|几项|几个|是否|有没有|如何|怎样|怎么|为什么|"
    r"举措|措施|工作|服务于|服务|有助于|助力|支撑|涉及|关于|相关|有关|对应|落实|实现|推动|属于|方面|这一部分|这部分|部分|"
    r"报告|图谱|里面|提到|提及|搜索|搜寻|查找|查询|检索|关键词|包含|内容|条目|要靠|主要|哪几条|"
    # Single characters only where they are particles: 中, 有, 在, 和, 对 are inside words (中心, 有效).
    r"的|了|吗|呢|请|一下|列出|显示|目标|"
    r"\b(?:which|what|who|whom|how|many|much|does|do|did|is|are|was|were|the|a|an|of|to|for|in|on|at|by|with|"
    r"and|or|that|serve|serves|serving|contribute|contributes|help|helps|support|supports|related|relate|"
    r"measure|measures|mention|mentions|search|find|look|up|report|graph|about|everything|entries|entry|"
    r"containing|contain|keyword|me|show|list|tell|there|any|all|goal|goals|target|targets|where|deal|deals|"
    r"concern|concerns|planned|plan|city|entries|look|lookup|belong|belongs|task|area|areas)\b|任务领域|领域", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[\s\?？!！。，,、；;：:“”\"'‘’《》()（）\[\]【】「」『』]+|\.(?!\d)")


def _fold(text: str) -> str:
    from .ranking import fold

    return fold(text)


@dataclass(frozen=True)
class _Name:
    kind: str
    iri: str
    label: str
    folded: str
    latin: bool


def _names_of(store) -> tuple[dict[str, list[_Name]], dict[str, list[str]]]:
    """The names the question is matched against: labels and aliases of measures, goals and sectors
    (a sector also by its core words: 财政局 for 市财政局, the Finance Bureau), by folded name, and
    by first character, longest first (so scanning a question tries only the names that can start
    at each place: one big regex alternation takes longer to compile than a question to read)."""
    cached = _NAMES.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    return _index_names(store, _read_names(store))


def _read_names(store) -> list[_Name]:
    found: list[_Name] = []
    for entity in _entities(store):
        kind = _KIND_OF_CLASS[entity.type]
        written = {*entity.names()}
        if kind == "sector":
            written |= {_core_zh(entity.label) + suffix for suffix in ("局", "委") if _core_zh(entity.label)}
            core = _core_en(entity.label_en)
            written |= {f"{core} {word}" for word in ("bureau", "commission", "office", "department")} if core else set()
            # 市 only says the body is the city's: 发改委 is 市发改委 (not 市委: the Party's committee).
            written |= {n[1:] for n in written if n and n.startswith("市") and not n.startswith("市委")}
        for name in sorted(n for n in written if n):
            folded = _fold(name).strip()
            latin = not re.search(r"[\u3400-\u9fff]", folded)
            folded = re.sub(r"\s+", " " if latin else "", folded)
            if len(folded) >= (4 if latin else 2):
                found.append(_Name(kind, entity.id, entity.label, folded, latin))
    return found


def _index_names(store, found: list[_Name]):
    names: dict[str, list[_Name]] = {}
    for name in found:
        names.setdefault(name.folded, []).append(name)
    starts: dict[str, list[str]] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        starts.setdefault(name[0], []).append(name)
    result = (names, starts)
    _NAMES[id(store)] = (store, result)
    return result


def _find_names(folded: str, starts: dict[str, list[str]]):
    """(start, end, name) of every name in ``folded``, leftmost first, the longest at each place,
    not overlapping; English names only on word boundaries."""
    position = 0
    while position < len(folded):
        for name in starts.get(folded[position], ()):
            end = position + len(name)
            if folded.startswith(name, position) and (not name.isascii() or (
                    (position == 0 or not (folded[position - 1].isalnum() or folded[position - 1] == "-")) and
                    (end == len(folded) or not (folded[end].isalnum() or folded[end] == "-")))):
                yield position, end, name
                position = end - 1
                break
        position += 1


_NAMES: dict[int, tuple[object, tuple]] = {}


def _entities(store):
    """The measures, goals and sectors with their names: from the search's documents when they are
    in memory (no second pass over the store), else by the entity index query."""
    from .ranking import ranking_for
    from .resolve import Entity, entity_index

    documents = ranking_for(store).documents if getattr(store, "ranking_path", None) is None else None
    if documents is None:
        return entity_index(store, list(_KIND_OF_CLASS))
    return [Entity(d["id"], d["type"], d["label"], d["label_en"], d["notation"], tuple(d["texts"].get("alias", ())))
            for d in documents if d["type"] in _KIND_OF_CLASS]


def _core_zh(label: str) -> str:
    return re.sub(r"^市|(?:局|委员会)$", "", label or "") if re.search(r"(?:局|委员会)$", label or "") else ""


def _core_en(label: str) -> str:
    core = re.sub(r"\b(?:Municipal|Bureau|Commission|Office|Administration|of|the|for|General)\b", " ", label or "")
    return re.sub(r"\s+", " ", core).strip(" ,")


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _CN_DIGITS.get(word) or _EN_ORDINALS.get(word.lower())


def read_question(store, question: str, *, known: set[str] | None = None, example: bool = False) -> Reading:
    """The entities ``question`` names and its topic (see the module's docstring).

    ``known`` is the set of IRIs that exist (numbers naming nothing are not taken); None reads
    them from ``store``. An ``example`` (of a query's header) is read for its slots only: by
    numbers, CURIEs and whole names, without the search (its entities are named in full).
    """
    folded = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", _fold(question)).strip()
    known = _known(store) if known is None else known
    mentions: list[Mention] = []
    taken = [False] * len(folded)

    def add(kind, value, label, start, end, how):
        if any(taken[start:end]):
            return
        for i in range(start, end):
            taken[i] = True
        mentions.append(Mention(kind, value, label, start, end, how))

    for match in _CURIE.finditer(folded):
        iri = expand_curie(f"{match.group(1).lower()}:{match.group(2)}")
        if iri:  # any CURIE of zjkg's prefixes: what it names is the store's to say
            add(_kind_of_iri(iri), iri, known.get(iri, ""), match.start(), match.end(), "curie")
    for value, pattern in _CONFIDENCE_WORDS:
        for match in pattern.finditer(folded):
            add("confidence", value, value, match.start(), match.end(), "word")
    if _ABOUT_REVIEWS.search(folded):
        for local, pattern in _REVIEW_WORDS:
            for match in pattern.finditer(folded):
                add("review", f"{ID}{local}", local.split("/")[1], match.start(), match.end(), "word")
    for match in _MEASURE_PLACE.finditer(folded):
        iri = f"{ID}measure/{_number(match.group(1))}-{_number(match.group(2))}"
        if iri in known:
            add("measure", iri, known[iri], match.start(), match.end(), "number")
    for kind, template, patterns in _NUMBERED:
        for pattern in patterns:
            for match in re.finditer(pattern, folded):
                number = _number(match.group(1))
                iri = f"{ID}{template.format(number)}" if number else None
                if iri in known:
                    add(kind, iri, known[iri], match.start(), match.end(), "number")
    for match in _MEASURE_NUMBER.finditer(folded):
        iri = f"{ID}measure/{match.group(1)}-{match.group(2)}"
        if iri in known:
            start = match.start()
            prefix = re.search(r"(?:第|举措|措施|measure\s*(?:no\.?)?\s*)$", folded[:start])
            add("measure", iri, known[iri], prefix.start() if prefix else start, match.end(), "number")
    names, starts = _names_of(store)
    asks_for_measures = _ASKS_FOR_MEASURES.search(folded)
    for start, end, found in _find_names(folded, starts):
        for name in names[found]:
            # In "which measures ...", a measure's name is the words of what they serve, not a parameter.
            if not (asks_for_measures and name.kind == "measure"):
                add(name.kind, name.iri, name.label, start, end, "name")
    if not example and not any(m.kind in GOAL_KINDS for m in mentions):
        partial = _named_in_part(store, folded, taken, ["Pledge", "Principle", "MainTarget", "TaskArea"])
        if partial is not None:
            add(*partial)
    if not example and not any(m.kind == "measure" for m in mentions) and not asks_for_measures:
        partial = _named_in_part(store, folded, taken, ["Measure"])
        if partial is not None:
            add(*partial)
    planned = _report_year(store)
    for match in _YEAR.finditer(folded):
        # A year before the report's is one of its reviews (observations), unless the question
        # compares with it (a baseline); its own year is the year of its targets, as is "this year".
        end = match.end() + (folded[match.end():match.end() + 1] == "年")
        if planned is not None and int(match.group(1)) >= planned:
            kind = "targetyear"
        elif _BASELINE_BEFORE.search(folded[:match.start()]) or _BASELINE_AFTER.match(folded[end:]):
            kind = "baseyear"
        else:
            kind = "year"
        add(kind, match.group(1), match.group(1), match.start(), end, "year")
    for match in re.finditer(r"今年|this year", folded):
        add("targetyear", str(planned or ""), match.group(), match.start(), match.end(), "word")
    mentions.sort(key=lambda m: m.start)
    if example:
        return Reading(question, folded, mentions, "")
    rest = "".join(" " if taken[i] else c for i, c in enumerate(folded))
    rest = _EACH.sub(" ", _CLASS_NAMES.sub(" ", rest))  # "each pledge" asks for a listing, not about a topic
    topic = re.sub(r"\s+", " ", _PUNCTUATION.sub(" ", _QUESTION_WORDS.sub(" ", rest)).strip())
    reading = Reading(question, folded, mentions, topic)
    reading.cues = _cues(store, reading)
    return reading


_BASELINE_BEFORE = re.compile(r"(?:比|较|与|和|同|against|compared?\s+(?:with|to)|than(?:\s+in)?|over|versus|vs\.?)\s*$")
_BASELINE_AFTER = re.compile(r"\s*(?:的)?(?:基线|基数|基期|相比|比|baselines?)")
# Words that say what kind of answer is wanted, each a cue for the queries that give it (_FOCUS).
_KIND_CUES = [
    ("dependency", re.compile(r"依赖|前提|先推进|拖累|停滞|受影响|depend|prerequisite|rest\s+on|rests\s+on|at risk|stall")),
    ("department", re.compile(r"部门|牵头|配合|谁负责|由谁|department|bureau|\blead|responsible|support(?:s|ing)?\b")),
    ("action", re.compile(r"行动|项目|做法|具体|步骤|要做|\bactions?\b|\bprojects?\b|\bsteps?\b|in practice|concrete")),
    ("plan", re.compile(r"要|力争|计划|目标|预期|\baim|\bshould\b|\bplanned\b|\btargets?\b|\bgoal")),
    ("past", re.compile(r"了|一年来|十年来|过去|\bwas\b|\bwere\b|\bdid\b|achieved|reached|\bpast\b")),
]
_RATIONALE = re.compile(r"依据|理由|原因|为什么|why|rationale|basis|reason")
# A question that asks for a figure: only then is its topic read as naming a target or a figure.
_ASKS_FIGURE = re.compile(r"多少|几|比率|比重|占比|率|目标|达到|增长|下降|\bhow (?:many|much|fast|far)\b|\bwhat (?:is|was|are|were)\b|"
                          r"\bshare\b|\brate\b|\bfigure|\btarget|\breach|\bgrow|\baim\b")
_FIGURE_CLASSES = {"Target": "target", "MainTarget": "maintarget", "Observation": "observation"}
_FIGURE_KINDS = set(_FIGURE_CLASSES.values())  # the entity a figure question is about: strong evidence of its query


def _cues(store, reading: Reading) -> dict[str, Mention]:
    """What the question is about beyond its parameters: a topic in the graph's own words, the
    figure it asks for (a target, a main target or an observation: the one the search ranks first
    for the topic), a request for reasons, a class of entities."""
    from .ranking import ranking_for, weighted_terms

    cues: dict[str, Mention] = {}
    if reading.topic:
        ranking = ranking_for(store)
        content = [t for t, w in weighted_terms(reading.topic).items() if w == 1.0 and ranking.knows(t)]
        if content:
            cues["topic"] = Mention("topic", reading.topic, reading.topic, 0, 0, "search")
            hits = ranking.search(reading.topic, limit=2, classes=list(_FIGURE_CLASSES)) if _ASKS_FIGURE.search(reading.folded) else []
            if hits and (len(hits) == 1 or hits[0].score >= 1.1 * hits[1].score) and _holds(hits[0].document, content) >= 0.5:
                d = hits[0].document
                cues["figure"] = Mention(_FIGURE_CLASSES[d["type"]], d["id"], d["label"], 0, 0, "search")
    for kind, pattern in _KIND_CUES:
        if match := pattern.search(reading.folded):
            cues[kind] = Mention(kind, match.group(), match.group(), match.start(), match.end(), "word")
    if match := _EACH.search(reading.folded):
        cues["each"] = Mention("each", match.group(), match.group(), match.start(), match.end(), "word")
    if match := _RATIONALE.search(reading.folded):
        cues["rationale"] = Mention("rationale", match.group(), match.group(), match.start(), match.end(), "word")
    for cls, pattern in _CLASS_WORDS:
        if cls in ("Measure", "Target"):  # named by almost every question: no cue
            continue
        if match := re.search(pattern, reading.folded):
            cues["class"] = Mention("class", f"zjkg:{cls}", cls, match.start(), match.end(), "word")
            # ... and which, when each of them or the reasons are asked: "each pledge" is measures-by-pledge's,
            # "each principle" its neighbour's ("this principle" names one: no such cue).
            if "each" in cues or "rationale" in cues:
                cues["classname"] = Mention(f"class-{cls}", f"zjkg:{cls}", cls, match.start(), match.end(), "word")
            break
    return cues


def _holds(document: dict, wanted: list[str]) -> float:
    """The share of ``wanted`` terms that ``document``'s own label, aliases and quotes hold."""
    from .ranking import terms

    own = {t for field in ("label", "alias", "quote") for text in document["texts"].get(field, ()) for t in terms(text)}
    return sum(t in own for t in wanted) / len(wanted) if wanted else 0.0


# Kinds a question may name that a query's rows are about, though no parameter takes them.
_FOCUS = {
    "targets-with-baselines": {"target", "maintarget", "targetyear", "baseyear", "plan"},
    "main-targets": {"maintarget", "targetyear", "plan"},
    "observations-by-year": {"observation", "past"},
    "measures-serving-goal": {"topic"},
    "keyword-search": {"topic"},
    "measures-by-pledge": {"rationale", "each", "class-Pledge"},
    "measures-by-principle": {"rationale", "each", "class-Principle"},
    "measures-by-main-target": {"rationale", "each", "class-MainTarget"},
    "why-chain": {"rationale", *GOAL_KINDS},  # its rows are the goals the measure serves
    "actions-by-measure": {"action"}, "sector-workload": {"department"}, "measure-attributes": {"department"}, "curated-links": {"rationale"}, "lead-vs-supporting": {"rationale", "department"},
    "measure-dependencies": {"rationale", "dependency"}, "cross-area-dependencies": {"rationale", "dependency"},
    "class-counts": {"class"}, "entity-index": {"class"},
}
# Queries that answer "each goal, with the reasons" and are the wrong reading without such a cue:
# "which measures serve pledge 1" is measures-serving-goal's.
_NEEDS = {name: {"rationale", "each"} for name in ("measures-by-pledge", "measures-by-principle", "measures-by-main-target")}
_EACH = re.compile(r"每|各|所有|全部|分别|逐一|\b(?:each|every|all)\b|break\b.*\bdown|\bby\s+(?:pledge|principle|main target|guiding principle)")


_REPORT_YEAR = """PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT (MIN(?date) AS ?year) WHERE { ?report a zjkg:Report ; dcterms:date ?date }"""


# "Which measures ...": measures are what is asked for, so words of the question name no measure.
_ASKS_FOR_MEASURES = re.compile(r"哪些(?:措施|举措)|什么(?:措施|举措)|哪几条措施|(?:措施|举措)有哪些|有哪些(?:措施|举措)|"
                                r"多少项?(?:措施|举措)|几项(?:措施|举措)|"
                                r"\b(?:which|what|how many)\s+measures\b|\bmeasures\s+(?:are|that|which)\b")
_PART_COVERAGE = 0.6  # the share of the question's remaining words an entity's own texts must hold
_LABEL_COVERAGE = 0.25  # the share of one of its labels those words must hold


def _named_in_part(store, folded: str, taken: list[bool], classes: list[str]):
    """An entity of ``classes`` named by part of its name or in other forms of its words
    ("污染防治攻坚战", "stabilising and expanding employment"): the one the search ranks first for
    the words of the question not yet read, when its own label, aliases and quote hold most of
    them and it clearly beats the next. Returns the arguments of a mention, or None."""
    from .ranking import ranking_for, terms, weighted_terms

    rest = "".join(" " if taken[i] else c for i, c in enumerate(folded))
    # "the people-centred principle": the class word names the kind, not the entity's own words.
    rest = _PUNCTUATION.sub(" ", _QUESTION_WORDS.sub(" ", _CLASS_NAMES.sub(" ", rest)))
    wanted = [t for t, weight in weighted_terms(rest).items() if weight == 1.0 and not t.isdigit()]
    if not wanted:
        return None
    hits = ranking_for(store).search(rest, limit=2, classes=classes)
    if not hits or (len(hits) > 1 and hits[0].score < 1.3 * hits[1].score):
        return None
    document = hits[0].document
    own = {t for field in ("label", "alias", "quote") for text in document["texts"].get(field, ()) for t in terms(text)}
    held = [t for t in wanted if t in own]
    if len(held) < _PART_COVERAGE * len(wanted):
        return None
    # ... and the words hold a fair part of one of its labels: "investment" alone names no task
    # area whose label lists investment among other things.
    labels = [[t for t, w in weighted_terms(label).items() if w == 1.0] for label in (document["label"], document["label_en"])]
    if not any(label and sum(t in held for t in label) >= _LABEL_COVERAGE * len(label) for label in labels):
        return None
    spans = [_span_of(folded, term) for term in held]
    spans = [span for span in spans if span is not None]
    if not spans:
        return None
    kind = _KIND_OF_CLASS[document["type"]]
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


def _report_year(store) -> int | None:
    """The (earliest) year of the reports in ``store``: the year their targets are for."""
    cached = _YEARS.get(id(store))
    if cached is None or cached[0] is not store:
        rows = store.select(_REPORT_YEAR).rows
        value = rows[0].get("year") if rows else None
        year = int(value.value[:4]) if value is not None and value.value[:4].isdigit() else None
        cached = (store, year)
        _YEARS[id(store)] = cached
    return cached[1]


_YEARS: dict[int, tuple[object, int | None]] = {}


def _known(store) -> dict[str, str]:
    return {n.iri: n.label for found in _names_of(store)[0].values() for n in found}


def _kind_of_iri(iri: str) -> str:
    local = iri[len(ID):] if iri.startswith(ID) else ""
    head = local.split("/", 1)[0]
    if head == "target" and local.startswith("target/main-"):
        return "maintarget"
    return {"measure": "measure", "pledge": "pledge", "principle": "principle", "area": "area",
            "sector": "sector", "review": "review"}.get(head, "entity")


def _word_mentions(reading: Reading, words, kind: str) -> Mention | None:
    for value, pattern in words:
        match = re.search(pattern, reading.folded)
        if match:
            return Mention(kind, value, value, match.start(), match.end(), "word")
    return None


# ------------------------------------------------------------------------- the examples index

def _slotted(reading: Reading) -> list[str]:
    """The question's terms with each entity replaced by its kind (a goal also as "goal")."""
    from .ranking import terms

    pieces, position = [], 0
    for mention in reading.mentions:
        pieces.append(reading.folded[position:mention.start])
        slots = [f"slot{mention.kind}"] + (["slotgoal"] if mention.kind in GOAL_KINDS else [])
        pieces.append(" " + " ".join(slots) + " ")
        position = mention.end
    pieces.append(reading.folded[position:])
    return terms("".join(pieces), stop=False)


@dataclass
class _Router:
    index: object
    schema: object
    params: dict[str, tuple[str, ...]]  # query -> its parameters
    texts: dict[str, str]  # query -> its SPARQL


_EXAMPLE = re.compile(r'^#\+\s+-\s+(".*")\s*$')
_PARAM = re.compile(r"^#\+\s+(_[a-z_]+):", re.MULTILINE)


def header_examples(text: str) -> list[str]:
    """The ``examples:`` of a named query's ``#+`` header: one JSON-quoted string per line, which is
    also YAML (a test checks both readings agree), read here without loading YAML on every ask."""
    examples, inside = [], False
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        if re.match(r"^#\+ ?examples:\s*$", line):
            inside = True
        elif inside and (match := _EXAMPLE.match(line)):
            examples.append(json.loads(match.group(1)))
        elif inside:
            inside = False
    return examples


def _named_queries() -> list[tuple[str, str]]:
    from .resources import queries_dir

    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(queries_dir().glob("*.rq"))]


ROUTER_VERSION = 2  # bump when what is kept changes (zjkg.derived); a change of this code's files also renews it


def _router(store) -> _Router:
    """The index of every query's examples (their entities as slots), the queries' parameters and
    the names questions are read against: as kept from an earlier run on the same files, queries
    and code (zjkg.derived), else built now, and kept for the next run."""
    cached = _ROUTERS.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    from . import derived
    from .resources import queries_dir

    queries = _named_queries()
    # What the names come from: the files loaded in memory, or a persistent store's search index
    # (rebuilt, so renewed, with the store).
    files = getattr(store, "files", None)
    ranking_path = getattr(store, "ranking_path", None)
    if not files and ranking_path is not None:
        files = [Path(ranking_path) / "zjkg-ranking.json"]
    code = [Path(__file__), Path(__file__).with_name("ranking.py")]
    kept = derived.folder([*files, *sorted(queries_dir().glob("*.rq")), *code], "router", ROUTER_VERSION) if files else None
    router = _open_router(store, kept, queries) if kept is not None and (kept / "router.json").is_file() else None
    if router is None:
        names = _read_names(store)
        _index_names(store, names)
        known = _known(store)
        slotted = [(name, _slotted(read_question(store, example, known=known, example=True)))
                   for name, text in queries for example in header_examples(text)]
        params = {name: tuple(_PARAM.findall("\n".join(line for line in text.splitlines() if line.startswith("#+"))))
                  for name, text in queries}

        def write(folder: Path | None):
            return _write_router(folder, slotted, params, names)

        if kept is not None:
            derived.keep(kept, write)
        index = write(None)
        router = _Router(index, index.schema, params, dict(queries))
    _ROUTERS[id(store)] = (store, router)
    return router


def _router_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("query", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def _write_router(folder: Path | None, slotted, params, names: list[_Name]):
    """The examples' index, in memory or in ``folder`` beside router.json (the parameters and names)."""
    import tantivy

    index = tantivy.Index(_router_schema(), path=str(folder) if folder is not None else None)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    for name, terms in slotted:
        writer.add_document(tantivy.Document(query=name, text=" ".join(terms)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    if folder is not None:
        payload = {"params": params, "names": [[n.kind, n.iri, n.label, n.folded, n.latin] for n in names]}
        (folder / "router.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return index


def _open_router(store, kept: Path, queries) -> _Router | None:
    import tantivy

    try:
        payload = json.loads((kept / "router.json").read_text(encoding="utf-8"))
        index = tantivy.Index.open(str(kept))
        index.reload()
    except (OSError, ValueError):
        return None  # damaged or from another tantivy: built again
    _index_names(store, [_Name(*fields) for fields in payload["names"]])
    params = {name: tuple(found) for name, found in payload["params"].items()}
    return _Router(index, index.schema, params, dict(queries))


_ROUTERS: dict[int, tuple[object, _Router]] = {}


_TOPIC_WEIGHT = 0.5


def _routing_terms(found: list[str]) -> dict[str, float]:
    from .ranking import term_weight

    return {t: term_weight(t) for t in found}


def _accepts(params: tuple[str, ...], kind: str) -> bool:
    return any(kind in _PARAM_KINDS.get(p, ()) for p in params)


def interpret(store, question: str, *, limit: int = 4) -> tuple[Reading, list[Interpretation]]:
    """The reading of ``question`` and its best ``limit`` interpretations, best first."""
    import tantivy

    if "\x00" in question:
        raise InputError("question: NUL bytes are not allowed")
    if not question.strip():
        raise InputError("question: empty text")
    router = _router(store)
    reading = read_question(store, question)
    reading.terms = _slotted(reading)
    if not reading.terms:
        return reading, []
    schema = router.schema
    # The words of the topic say what the question is about, not what kind of question it is:
    # they count half; lone Chinese characters count as little as in the search.
    from .ranking import weighted_terms

    topical = set(weighted_terms(reading.topic)) if reading.cues.get("topic") else set()
    clauses = [(tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, "text", term),
                                                                 weight * (_TOPIC_WEIGHT if term in topical else 1.0)))
               for term, weight in _routing_terms(reading.terms).items()]
    searcher = router.index.searcher()
    scores: dict[str, list[float]] = {}
    for score, address in searcher.search(tantivy.Query.boolean_query(clauses), limit=500, count=False).hits:
        scores.setdefault(searcher.doc(address).get_first("query"), []).append(score)
    # A query scores by its two best examples: one odd example does not carry it alone.
    best = {name: sum(sorted(found, reverse=True)[:2]) / 2 for name, found in scores.items()}
    scored = []
    kinds = reading.kinds() - {"entity"}
    cues = {cue.kind for cue in reading.cues.values()}
    for name, score in best.items():
        params, focus = router.params[name], _FOCUS.get(name, set())
        for kind in kinds:
            score *= 1.25 if _accepts(params, kind) or kind in focus else 0.8
        for kind in cues - kinds:
            if _accepts(params, kind) or kind in focus:
                score *= 1.4 if kind.startswith("class-") or kind in _FIGURE_KINDS else 1.2
        if name in _NEEDS and not (_NEEDS[name] & cues):
            score *= 0.7
        scored.append((score, name))
    scored.sort(key=lambda s: (-s[0], s[1]))
    # Only the readings shown are filled (filling may search the text for a measure).
    return reading, [_fill(store, reading, name, router.params[name], score) for score, name in scored[:limit]]


def _fill(store, reading: Reading, name: str, params: tuple[str, ...], score: float) -> Interpretation:
    bound: dict[str, str] = {}
    topic = None
    for param in params:
        kinds = _PARAM_KINDS.get(param, ())
        if param == "_class_iri":
            mention = _word_mentions(reading, [(f"zjkg:{c}", p) for c, p in _CLASS_WORDS], "class")
            if mention:
                bound[param] = mention.value
            continue
        if param in ("_basis_iri", "_basis"):  # a CURIE (zjkg:inferred) or the word itself (inferred)
            mention = _word_mentions(reading, [(f"zjkg:{b}" if param == "_basis_iri" else b, p) for b, p in _BASIS_WORDS], "basis")
            if mention:
                bound[param] = mention.value
            continue
        if param == "_kind_iri":
            mention = _word_mentions(reading, [(f"zjkg:{k}", p) for k, p in _BODY_WORDS], "kind")
            if mention:
                bound[param] = mention.value
            continue
        if param == "_text":
            if reading.topic:
                bound[param] = reading.topic
            continue
        mention = reading.first(kinds)
        unbindable = _UNBINDABLE.get((name, param))
        if mention is not None and not (unbindable and unbindable.search(reading.folded)):
            bound[param] = compact_iri(mention.value) if is_iri(mention.value) else mention.value
        elif param == "_goal_iri" and reading.topic:
            topic = reading.topic
    return Interpretation(name, bound, score, topic)


# Parameters a question cannot fill although it names their kind: measure-dependencies lists the
# measures a measure rests on; "what does 6.3 put at risk" asks the other way round, so the
# measure stays unbound and every dependency is listed (the ones on it among them).
_UNBINDABLE = {("measure-dependencies", "_measure_iri"): re.compile(
    r"停滞|受影响|影响哪些|拖累|推进不力|at risk|stall|held back|hold back|affected|depend on it")}


# ------------------------------------------------------------------------- answering

def ask(store, question: str) -> dict:
    """Answer ``question``: ``{"question", "query", "params", "sparql", "items", "alternatives",
    "confident", "reading"}``. ``query`` is None when nothing matched; when the best reading does
    not clearly beat the next, ``confident`` is false and ``alternatives`` lists the next two."""
    reading, interpretations = interpret(store, question)
    explained = {"folded": reading.folded, "entities": [m.item() for m in reading.mentions],
                 "cues": sorted(cue.kind for cue in reading.cues.values()), "topic": reading.topic, "terms": reading.terms,
                 "readings": [i.item() for i in interpretations]}
    if not interpretations or interpretations[0].score < _MIN_SCORE:
        return {"question": question, "query": None, "params": {}, "sparql": None, "items": [], "confident": False,
                "alternatives": [i.item() for i in interpretations[:3]], "labels": {}, "quotes": {}, "reading": explained}
    chosen, others = interpretations[0], interpretations[1:]
    confident = not others or chosen.score >= CONFIDENT_MARGIN * others[0].score
    answer = run(store, chosen)
    labels = {compact_iri(m.value): m.label for m in reading.mentions if is_iri(m.value)}
    return {"question": question, "query": chosen.query, "params": chosen.params, **answer,
            "score": round(chosen.score, 3), "confident": confident,
            # Confident: the next two readings; not: the best three, this one first.
            "alternatives": [i.item() for i in (others[:2] if confident else interpretations[:3])],
            "labels": {value: labels.get(value, "") for value in chosen.params.values() if value in labels},
            "quotes": quotes_of(store, answer["items"]), "reading": explained}


_QUOTES = """PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
SELECT ?e ?quote WHERE { ?e zjkg:quote ?quote } ORDER BY ?e ?quote"""


def quotes_of(store, items: list[dict], *, limit: int = 12) -> dict[str, str]:
    """The report's own words (``zjkg:quote``) for the first ``limit`` entities the items name, by CURIE."""
    from .store.binding import at_where, values_rows

    named: list[str] = []
    for item in items:
        for value in item.values():
            if isinstance(value, str) and value.startswith(ID) and value not in named and not value.startswith(f"{ID}report/"):
                named.append(value)
    named = named[:limit]
    if not named:
        return {}
    text = at_where(_QUOTES, values_rows("e", [ox.NamedNode(iri) for iri in named]))
    found: dict[str, str] = {}
    for row in store.select(text):
        found.setdefault(row["e"].value, row["quote"].value)
    return {compact_iri(iri): found[iri] for iri in named if iri in found}


def run(store, interpretation: Interpretation) -> dict:
    """The answer of one interpretation: the SPARQL run (parameters shown as the VALUES block that
    binds them) and the rows as items, or for a topic, the measures the search ranks for it."""
    from .guards import check_query
    from .queries import NamedQuery, bind_parameters, narrowing_for
    from .store import Rows
    from .store.binding import at_where, values_row
    from .values import plain_row

    if interpretation.topic is not None:
        from .ranking import ranked_measures

        items = [{**item, "relation": "topic", "goal": None} for item in ranked_measures(store, interpretation.topic)]
        return {"sparql": None, "items": items, "topic": interpretation.topic}
    if interpretation.query == "keyword-search" and "_text" in interpretation.params:
        # As `zjkg search`: ranked by the text index rather than the query's substring test.
        from .ranking import ranking_for

        items = [hit.item() for hit in ranking_for(store).search(interpretation.params["_text"])]
        return {"sparql": None, "items": items, "search": interpretation.params["_text"]}
    # As run_named runs it, from the router's own reading of the query's file (its parameters
    # from the #+ header): the header's YAML is not loaded on every question.
    router = _router(store)
    text = router.texts[interpretation.query]
    query = NamedQuery(interpretation.query, Path(), text, params={p: "" for p in router.params[interpretation.query]})
    check_query(text)
    bound = bind_parameters(query, interpretation.params)
    rows = store.query(text, bound, narrowing=narrowing_for(store.names, query.name, bound))
    # The query as run, without its #+ header (comments: its metadata and examples).
    text = "\n".join(line for line in query.text.splitlines() if not line.startswith("#+")) + "\n"
    sparql = (at_where(text, values_row(bound)) or text) if bound else text
    if isinstance(rows, Rows):
        items = [dict.fromkeys(rows.variables) | plain_row(row) for row in rows.rows]
    else:
        items = [{"boolean": rows}] if isinstance(rows, bool) else []
    return {"sparql": sparql, "items": items}


# ------------------------------------------------------------------------- judging an answer

def contains(items: list[dict], expected: str) -> bool:
    """Whether ``expected`` is among the values of ``items``, as the gold set's ``expect`` column
    means it: a CURIE equals a cell's IRI; a figure equals a number cell as decimals (``5.0`` is
    the 5 the engine returns for "5.0"); a text is NFKC-equal to a cell or to one element of a
    joined list ("3.3 3.2 3.1", "市自然资源和规划局、市水利局").

    >>> contains([{"measure": "https://w3id.org/zjkg/id/measure/6-2", "value": 98}], "measure:6-2")
    True
    >>> contains([{"value": 5}], "5.0"), contains([{"value": 5.5}], "5"), contains([{"led": "3.3 3.2"}], "3.2")
    (True, False, True)
    """
    from decimal import Decimal, InvalidOperation

    iri = expand_curie(expected)
    wanted = unicodedata.normalize("NFKC", expected)
    for item in items:
        for value in item.values():
            for cell in value if isinstance(value, list) else [value]:
                if cell is None or isinstance(cell, bool):
                    continue
                if iri is not None:
                    if cell == iri:
                        return True
                elif isinstance(cell, (int, float)):
                    try:
                        if Decimal(expected) == Decimal(str(cell)):
                            return True
                    except InvalidOperation:
                        pass
                elif isinstance(cell, str):
                    text = unicodedata.normalize("NFKC", cell)
                    if wanted == text or wanted in re.split(r"\s*\|\s*|、|\s+", text):
                        return True
    return False


def judge(answer: dict, query: str, params: dict[str, str], expected: str) -> tuple[bool, bool]:
    """(exact, in the top three) for one gold question: exact when the answer ran ``query`` with
    ``params`` and its items contain ``expected``; top three when that reading is the answer's
    or one of its alternatives (the best three readings in all)."""
    def reading(found: dict) -> dict:
        return {**found["params"], **({"_goal_iri": found["topic"]} if found.get("topic") else {})}

    exact = answer["query"] == query and same_params(reading(answer), params) and contains(answer["items"], expected)
    readings = [answer] if answer["query"] else []
    readings += [a for a in answer["alternatives"] if (a["query"], a["params"]) != (answer["query"], answer["params"])]
    top3 = any(r["query"] == query and same_params(reading(r), params) for r in readings[:3])
    return exact, top3


def same_params(found: dict[str, str], expected: dict[str, str]) -> bool:
    """Whether the parameters bound are those expected: IRIs (CURIEs) equal; a text (a topic or
    search text) equal once folded, or one containing the other (the question's own words around
    it may stay: the search ranks by them all). Unbound parameters must be unbound in both."""
    if set(found) != set(expected):
        return False
    for name, want in expected.items():
        got = found[name]
        want_iri, got_iri = expand_curie(want) or (want if is_iri(want) else None), expand_curie(got) or (got if is_iri(got) else None)
        if want_iri or got_iri:
            if want_iri != got_iri:
                return False
            continue
        from .ranking import terms

        a, b = set(terms(want)), set(terms(got))
        if not (a == b or (a and b and (a <= b or b <= a))):
            return False
    return True
