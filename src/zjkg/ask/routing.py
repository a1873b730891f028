"""Routing: a question's slotted terms matched against the examples index, each query scored by its
best examples and by the entities and cues it can use, and the best readings' parameters filled."""

from __future__ import annotations

import re

from ..errors import InputError
from ..namespace import compact_iri, is_iri
from .examples import router_for, slot_terms
from .model import GOAL_KINDS, PARAM_KINDS, Interpretation, Mention, Reading
from .reading import read_question
from .words import ASKS_FOR_MEASURES, BASIS_WORDS, BODY_WORDS, CLASS_WORDS, FIGURE_KINDS, MEASURES

__all__ = ["interpret"]


# Kinds a question may name that a query's rows are about, though no parameter takes them.
_FOCUS = {
    "targets-with-baselines": {"target", "maintarget", "targetyear", "baseyear", "plan", "compare"},
    "main-targets": {"maintarget", "targetyear", "plan"},
    "observations-by-year": {"observation", "past", "sinceyear"},
    "measures-serving-goal": {"topic", "about"}, "sdg-alignments": {"sdg"},
    # ... a goal named in a trade-off is what the conflicts are about ("trade-offs between growth and environmental protection")
    "measure-conflicts": {"conflict", *GOAL_KINDS},
    "measures-without-numeric-target": {"unquantified"},
    "keyword-search": {"topic"},
    "measures-by-pledge": {"rationale", "each", "class-Pledge"},
    "measures-by-principle": {"rationale", "each", "class-Principle"},
    "measures-by-main-target": {"rationale", "each", "class-MainTarget"},
    "why-chain": {"rationale", "purpose", *GOAL_KINDS},  # its rows are the goals the measure serves
    "actions-by-measure": {"action"}, "sector-workload": {"department"}, "measure-attributes": {"department"}, "curated-links": {"rationale"}, "lead-vs-supporting": {"rationale", "department"},
    "measure-dependencies": {"rationale", "dependency"}, "cross-area-dependencies": {"rationale", "dependency"},
    "keystone-measures": {"keystone", "dependency"},
    "class-counts": {"class", "count"}, "entity-index": {"class"},
}
# Queries that answer "each goal, with the reasons" and are the wrong reading without such a cue:
# "which measures serve pledge 1" is measures-serving-goal's.
_NEEDS = {name: {"rationale", "each"} for name in ("measures-by-pledge", "measures-by-principle", "measures-by-main-target")}
# ... and the measures with no numeric target, asked only in its words: "有关生态环境的措施有哪些"
# read as it, by the shape of its examples ("…的措施有哪些").
_NEEDS["measures-without-numeric-target"] = {"unquantified"}


# Cues that only one query answers (its own words: "no numeric target", "SDG", "conflict", "keystone",
# a target compared with its baseline): as strong as the noun asked for.
_ONE_QUERY = {"unquantified", "sdg", "conflict", "compare", "count", "keystone"}
_TOPIC_WEIGHT = 0.5
# Rows that are no measures: "哪些措施 / which measures" asks for measures, not these (class-counts
# stays: "多少项措施" counts them).
_NOT_MEASURES = {"main-targets", "observations-by-year"}
# Queries of one goal, the wrong reading when a whole class of goals is named and no goal nor topic.
_ONE_GOAL = {"measures-serving-goal"}


_MOST = re.compile(r"最(?:多|重|大|忙|少|轻)|\b(?:the\s+)?(?:most|fewest|busiest|heaviest|least)\b")


def _routing_terms(found: list[str]) -> dict[str, float]:
    from ..ranking import term_weight

    return {t: term_weight(t) for t in found}


def _accepts(params: tuple[str, ...], kind: str) -> bool:
    return any(kind in PARAM_KINDS.get(p, ()) for p in params)


def interpret(store, question: str, *, limit: int = 4) -> tuple[Reading, list[Interpretation]]:
    """The reading of ``question`` and its best ``limit`` interpretations, best first."""
    import tantivy

    if "\x00" in question:
        raise InputError("question: NUL bytes are not allowed")
    if not question.strip():
        raise InputError("question: empty text")
    if not re.search(r"\w", question):  # "？？？": punctuation only
        raise InputError(f"question {question.strip()!r}: no words to read")
    router = router_for(store)
    reading = read_question(store, question)
    reading.terms = slot_terms(reading)
    if not reading.terms:
        return reading, []
    schema = router.schema
    # The words of the topic say what the question is about, not what kind of question it is:
    # they count half; lone Chinese characters count as little as in the search.
    from ..ranking import weighted_terms

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
    answer = {cue.kind for cue in reading.cues.values() if cue.how == "answer"}  # the noun asked for
    asks_for_measures = ASKS_FOR_MEASURES.search(reading.folded)
    whole_class = any(kind.startswith("class-") for kind in cues)
    for name, score in best.items():
        params, focus = router.params[name], _FOCUS.get(name, set())
        for kind in kinds:
            score *= 1.25 if _accepts(params, kind) or kind in focus else 0.8
        for kind in cues - kinds:
            if _accepts(params, kind) or kind in focus:
                score *= 1.4 if kind.startswith("class-") or kind in FIGURE_KINDS or kind in answer or kind in _ONE_QUERY else 1.2
            elif kind.startswith("class-") and any(f.startswith("class-") for f in focus):
                score *= 0.7  # "by principle": the query of another class's measures is not it
            elif kind in FIGURE_KINDS and focus & FIGURE_KINDS:
                score *= 0.8  # "城镇新增就业多少人" asks for a target: the reviews' figures are not it
            elif kind == "count" and not kinds.intersection(GOAL_KINDS) and "each" not in cues:
                # "图谱里有多少项具体行动" asks for their count, not the list of them ("how many
                # measures serve each target" and "in task area 2" count the measures of goals)
                score *= 0.85
        if name in _NEEDS:  # ... and a word for the measures: "list all the principles" asks for none
            score *= (1.0 if _NEEDS[name] & cues or "classname" in reading.cues else 0.7) * (1.0 if MEASURES.search(reading.folded) else 0.7)
        if name == "class-counts" and (not cues & {"class", "count"} or kinds.intersection(GOAL_KINDS)):
            # "国家高新技术企业有多少家" asks for a figure, and "how many measures are in task area 2"
            # for that goal's measures, not how many entities of each class the graph holds
            score *= 0.6
        if name in _NOT_MEASURES and asks_for_measures:
            score *= 0.75
        if "department" in cues and _MOST.search(reading.folded):
            # "哪个部门任务最重", "哪个部门牵头的举措最多": the departments ranked by what they carry
            score *= 1.5 if name == "sector-workload" else 0.75 if name in ("lead-vs-supporting", "measure-attributes") else 1.0
        if "conflict" in cues and "conflict" not in focus:
            # "What are the trade-offs between growth and environmental protection?" named pledge 4
            # and went to its measures: only the conflicts answer a trade-off, whatever else is named
            score *= 0.45
        if name in _ONE_GOAL and whole_class and not kinds.intersection(GOAL_KINDS) and "topic" not in cues:
            score *= 0.8  # "which measures serve the principles": the whole class, the by-class query's
        scored.append((score, name))
    scored.sort(key=lambda s: (-s[0], s[1]))
    # Only the readings shown are filled (filling may search the text for a measure).
    return reading, [_fill(store, reading, name, router.params[name], score) for score, name in scored[:limit]]


def _fill(store, reading: Reading, name: str, params: tuple[str, ...], score: float) -> Interpretation:
    bound: dict[str, str] = {}
    topic = None
    for param in params:
        kinds = PARAM_KINDS.get(param, ())
        if param == "_class_iri":
            mention = _word_mentions(reading, [(f"zjkg:{c}", p) for c, p in CLASS_WORDS], "class")
            if mention:
                bound[param] = mention.value
            continue
        if param == "_basis":  # the word itself (inferred), as the queries' bind_parameters takes it
            mention = _word_mentions(reading, BASIS_WORDS, "basis")
            if mention:
                bound[param] = mention.value
            continue
        if param == "_kind_iri":
            mention = _word_mentions(reading, [(f"zjkg:{k}", p) for k, p in BODY_WORDS], "kind")
            if mention:
                bound[param] = mention.value
            continue
        if param == "_text":
            if reading.topic:
                bound[param] = reading.topic
            continue
        mention = reading.first(kinds)
        if name in _DIRECTED and param in _DIRECTED[name][1:]:
            mention = _directed(reading, name, param)
        if mention is not None:
            bound[param] = compact_iri(mention.value) if is_iri(mention.value) else mention.value
        elif param == "_goal_iri" and reading.topic:
            goal = _goal_holding(store, reading.topic)
            if goal is not None:  # as `zjkg serves 生态保护` reads it: the goal whose name holds the words
                bound[param] = compact_iri(goal)
            else:
                topic = reading.topic
        elif param == "_entity_iri" and name == "entity-description":
            # "报告关于谏壁船闸说了什么": everything said of the entity its words name, never of every
            # entity (23,774 rows); with none clearly named, the ranked search for the words.
            entity = _entity_about(store, reading.topic) if reading.topic else None
            if entity is None:
                return Interpretation("keyword-search", {"_text": reading.topic} if reading.topic else {}, score)
            bound[param] = compact_iri(entity)
    return Interpretation(name, bound, score, topic)


_CLEARLY_FIRST = 1.2  # the best hit's score over the next's, for the words to name that one entity


def _entity_about(store, topic: str) -> str | None:
    """The IRI of the entity the search ranks clearly first for ``topic``, its texts holding most of
    its words, or None."""
    from ..ranking import held_hits

    hits = held_hits(store, topic, limit=2)
    if hits and (len(hits) == 1 or hits[0].score >= _CLEARLY_FIRST * hits[1].score):
        return hits[0].document["id"]
    return None


# A query whose two parameters of one kind are the two ends of a link: (the words that ask from
# the far end, the near end's parameter, the far end's). "What does 2.1 rest on" names the
# dependent measure; "what does 4.3 put at risk / 哪些举措以4.3为前提" names the prerequisite.
_DIRECTED = {"measure-dependencies": (re.compile(
    r"停滞|受阻|落空|受影响|影响哪些|会影响|拖累|推进不力|at risk|stalls?\b|held back|hold back|affected|"
    r"depend on it|\brest(?:s)? on (?:measure|it)\b.*\?$|which measures (?:rest|depend) on"), "_measure_iri", "_depends_on_iri")}


# The verb of a dependency: a measure named after it is what is depended on ("哪些措施依赖措施3.1",
# "what depends on measure 3.1"); named before it, the one that depends ("措施3.1依赖哪些措施").
_DEPENDS_VERB = re.compile(r"依赖|依靠|\bdepend(?:s|ed|ing)?\s+on\b|\brel(?:y|ies|ying)\s+on\b|\brests?\s+on\b")
# "以X为前提" (take X as the prerequisite): X, the measure inside, is the one depended on;
# "措施2.1以哪些措施为前提" names the dependent before it.
_TAKES_AS_PREREQUISITE = re.compile(r"以([^，,。？?]{0,12})为前提")


# "X是Y的前提", "X is a prerequisite for Y": a measure before the words is the prerequisite, the
# one inside or after them the measure that rests on it ("举措3.2是举措2.1的前提吗" asks whether
# 2.1 depends on 3.2; "4.3是哪些措施的前提" what rests on 4.3; "哪些措施是2.1的前提" what 2.1 rests on).
_PREREQUISITE_OF = re.compile(r"是[^，,。？?]{0,12}?的前提|\b(?:prerequisite|precondition)s?\s+(?:for|of|to)\b")


def _directed(reading: Reading, name: str, param: str) -> Mention | None:
    """The measure at ``param``'s end of the link: the first named fills the end the question asks
    from, a second the other end."""
    far_words, near, far = _DIRECTED[name]
    measures = [m for m in reading.mentions if m.kind in PARAM_KINDS[param]]
    if (words := _PREREQUISITE_OF.search(reading.folded)) is not None:
        ends = {far: [m for m in measures if m.start < words.start()], near: [m for m in measures if m.start >= words.start()]}
        return ends[param][0] if ends[param] else None
    verb = _DEPENDS_VERB.search(reading.folded)
    after_verb = verb is not None and bool(measures) and measures[0].start >= verb.end()
    taken_as = _TAKES_AS_PREREQUISITE.search(reading.folded)
    inside = taken_as is not None and bool(measures) and taken_as.start(1) <= measures[0].start < taken_as.end(1)
    order = [far, near] if far_words.search(reading.folded) or after_verb or inside else [near, far]
    position = order.index(param)
    return measures[position] if position < len(measures) else None


_CHINESE = re.compile(r"[\u3400-\u9fff]+")


def _goal_holding(store, topic: str) -> str | None:
    """The first formal goal whose name holds a Chinese topic whole, as `zjkg serves` resolves it
    (生态保护: task area 5, 加力生态保护…; 民生: pledge 5, then task area 7), or None. Only Chinese:
    an English word inside a name says less ("consumption" in "energy consumption per unit of GDP")."""
    from ..errors import NotFound
    from ..goals import resolve_goals

    if not _CHINESE.fullmatch(topic):
        return None
    try:
        goals = resolve_goals(store, topic)
    except NotFound:
        return None
    return goals[0].id if goals else None


def _word_mentions(reading: Reading, words, kind: str) -> Mention | None:
    for value, pattern in words:
        match = re.search(pattern, reading.folded)
        if match:
            return Mention(kind, value, value, match.start(), match.end(), "word")
    return None
