"""What reading a question gives: the entities it names (:class:`Mention`), the question as read
(:class:`Reading`) and one way to answer it (:class:`Interpretation`); which kinds of entity fill
which parameter of a named query."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespace import ID, PREFIXES, compact_iri, is_iri

__all__ = ["GOAL_KINDS", "SDG_KINDS", "PARAM_KINDS", "KIND_OF_CLASS", "Mention", "Reading", "Interpretation", "kind_of_iri"]


# Which kinds of entity fill each parameter.
GOAL_KINDS = ("pledge", "principle", "maintarget", "area")
SDG_KINDS = ("sdggoal", "sdgtarget")  # the UN's goals and targets the measures are aligned with
PARAM_KINDS = {
    "_measure_iri": ("measure",), "_depends_on_iri": ("measure",), "_goal_iri": GOAL_KINDS, "_pledge_iri": ("pledge",), "_principle_iri": ("principle",),
    "_target_iri": ("maintarget",), "_sector_iri": ("sector",), "_year": ("year",), "_reference_year": ("refyear",), "_text": ("topic",),
    "_entity_iri": ("measure", *GOAL_KINDS, "sector", *SDG_KINDS, "entity"), "_class_iri": ("class",),
    "_basis": ("basis",), "_kind_iri": ("kind",), "_min_confidence": ("confidence",), "_review_iri": ("review",),
    "_sdg_iri": (SDG_KINDS[1],), "_sdg_goal_iri": (SDG_KINDS[0],),
}
KIND_OF_CLASS = {"Measure": "measure", "Pledge": "pledge", "Principle": "principle", "MainTarget": "maintarget",
                  "TaskArea": "area", "Sector": "sector"}


@dataclass(frozen=True)
class Mention:
    """An entity named in the question: its kind, value (an IRI or a literal), label, and span."""

    kind: str
    value: str
    label: str
    start: int
    end: int
    how: str  # "number", "iri", "curie", "name", "search", "year", "word"

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


def kind_of_iri(iri: str) -> str:
    if iri.startswith(PREFIXES["sdg"]):  # the UN's: goal 13, target 13.2
        return SDG_KINDS[1] if "." in iri[len(PREFIXES["sdg"]):] else SDG_KINDS[0]
    local = iri[len(ID):] if iri.startswith(ID) else ""
    head = local.split("/", 1)[0]
    if head == "target" and local.startswith("target/main-"):
        return "maintarget"
    return {"measure": "measure", "pledge": "pledge", "principle": "principle", "area": "area",
            "sector": "sector", "review": "review"}.get(head, "entity")
