"""The cues of a question: what it asks beyond its parameters (a topic in the graph's own words,
the figure it asks for, a kind of answer, a request for reasons, a class of entities)."""

from __future__ import annotations

import re

from .changes import is_change
from .model import Mention, Reading
from .words import (
    ANSWER_TYPES,
    ASKS_CHANGE,
    ASKS_FIGURE,
    ASKS_FOR_MEASURES,
    CLASS_WORDS,
    COUNT,
    EACH,
    FIGURE_CLASSES,
    KIND_CUES,
    MEASURES,
    RATIONALE,
    SECTOR_ROLE,
)

__all__ = ["cues_of"]


def cues_of(store, reading: Reading) -> dict[str, Mention]:
    """What the question is about beyond its parameters: a topic in the graph's own words, the
    figure it asks for (a target, a main target or an observation: the one the search ranks first
    for the topic), a request for reasons, a class of entities."""
    from ..ranking import ranking_for, weighted_terms

    cues: dict[str, Mention] = {}
    if reading.topic:
        ranking = ranking_for(store)
        content = [t for t, w in weighted_terms(reading.topic).items() if w == 1.0 and ranking.knows(t)]
        if content:
            cues["topic"] = Mention("topic", reading.topic, reading.topic, 0, 0, "search")
            # A year of the reviews (or one they compare with) asks for an observation, the report's
            # own year for a target.
            kinds = reading.kinds()
            classes = ["Observation"] if kinds & {"year", "refyear"} else ["Target", "MainTarget"] if "targetyear" in kinds else list(FIGURE_CLASSES)
            hits = ranking.search(reading.topic, limit=2, classes=classes) if ASKS_FIGURE.search(reading.folded) else []

            # The best figure clearly first, or the two best of one kind ("镇江港吞吐量是多少": two 2024
            # observations of the port), unless a measure is named: its own targets are asked ("Which
            # targets does measure 4.1 carry?" read 'carry' as an observation's word).
            alike = len(hits) > 1 and hits[0].document["type"] == hits[1].document["type"] and "measure" not in kinds
            # ... and its texts hold the topic's words, those the report lacks counted too: "unemployment
            # rate" named 新评定省级以上研发机构24家 for 'rated' (unemployment is no word of the report).
            words = [t for t, w in weighted_terms(reading.topic).items() if w == 1.0]
            if hits and (len(hits) == 1 or hits[0].score >= 1.1 * hits[1].score or alike) and _holds(hits[0].document, words) >= 0.5 \
                    and (len(words) < 2 or _holds(hits[0].document, words) * len(words) >= 2):
                d = hits[0].document
                asks_change = ASKS_CHANGE.search(reading.folded) is not None
                if len(hits) == 2 and all(h.document["type"] == "Observation" for h in hits) and (
                        asks_change and "year" not in kinds and is_change(hits[1].document) and not is_change(d)
                        or not asks_change and not is_change(hits[1].document) and is_change(d)):
                    # "How much did PM2.5 fall over ten years?": the level (fell to 34.6) matched 'fall',
                    # the change asked (48.7% below 2014) is the next hit; "…fall in 2024?" asks the 2024
                    # review's own (fell to 34.6), not the ten-year comparison; and "What was the PM2.5
                    # level in 2024?" asks the level, though the change's label says "in 2024"
                    d = hits[1].document
                cues["figure"] = Mention(FIGURE_CLASSES[d["type"]], d["id"], d["label"], 0, 0, "search")
    counted = COUNT.search(reading.folded)
    for kind, pattern in KIND_CUES:
        # The words of what is counted ("多少项具体行动") ask for the count, not for that kind of answer.
        matches = [m for m in pattern.finditer(reading.folded)
                   if kind == "count" or not counted or not counted.start() <= m.start() < counted.end()]
        if matches:
            match = matches[0]
            cues[kind] = Mention(kind, match.group(), match.group(), match.start(), match.end(), "word")
    if "department" not in cues and "sector" in reading.kinds() and (match := SECTOR_ROLE.search(reading.folded)):
        cues["department"] = Mention("department", match.group(), match.group(), match.start(), match.end(), "word")
    for kind, pattern in ANSWER_TYPES:
        if match := pattern.search(reading.folded):
            cues["answer"] = Mention(kind, match.group(), match.group(), match.start(), match.end(), "answer")
            break
    # "Which measures protect X?": measures asked for a topic, nothing else asked of them (no
    # dependency, department, action, SDG...): they are what serves the topic, whatever the verb.
    if "topic" in cues and cues.keys() <= {"topic", "plan", "past"} and (match := ASKS_FOR_MEASURES.search(reading.folded)):
        cues["about"] = Mention("about", match.group(), match.group(), match.start(), match.end(), "word")
    if match := EACH.search(reading.folded):
        cues["each"] = Mention("each", match.group(), match.group(), match.start(), match.end(), "word")
    if match := RATIONALE.search(reading.folded):
        cues["rationale"] = Mention("rationale", match.group(), match.group(), match.start(), match.end(), "word")
    for cls, pattern in CLASS_WORDS:
        if cls in ("Measure", "Target"):  # named by almost every question: no cue
            continue
        if match := re.search(pattern, reading.folded):
            cues["class"] = Mention("class", f"zjkg:{cls}", cls, match.start(), match.end(), "word")
            # ... and which, when the measures of each of them or the reasons are asked: "the measures of
            # each pledge" is measures-by-pledge's, "each principle" its neighbour's ("this principle"
            # names one, "all the principles" asks for no measures: no such cue). "Which measures serve
            # the principles?", naming none of them, asks for the measures of each.
            if "rationale" in cues or ("each" in cues and MEASURES.search(reading.folded)) or (
                    not reading.mentions and ASKS_FOR_MEASURES.search(reading.folded)):
                cues["classname"] = Mention(f"class-{cls}", f"zjkg:{cls}", cls, match.start(), match.end(), "word")
            break
    return cues


def _holds(document: dict, wanted: list[str]) -> float:
    """The share of ``wanted`` terms that ``document``'s own label, aliases and quotes hold, or the
    synonyms of their words: "foreign direct investment" asks for 实际利用外资 (foreign capital
    actually utilised), whose 外资 the synonyms table gives as foreign investment."""
    from ..ranking_index import own_terms
    from ..textanalysis import term_set

    own = own_terms(document).union(*(term_set(text) for text in document["texts"].get("synonym", ())))
    return sum(t in own for t in wanted) / len(wanted) if wanted else 0.0
