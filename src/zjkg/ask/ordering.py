"""Which rows come first: those about what the question names but no parameter took (an entity,
the figure it asks for, the entities its topic finds, the words of its topic in the rows' own
texts, the review it names), with the note that says so; no row is ever dropped."""

from __future__ import annotations

import re

from ..namespace import ID, PREFIXES, compact_iri, expand_curie
from .changes import by_change, is_change
from .lookups import DEPARTMENT_QUERIES, NO_DEPARTMENT_OF_A_PART, measures_of
from .model import GOAL_KINDS, Interpretation, kind_of_iri

__all__ = ["about_first"]

SDG = PREFIXES["sdg"]
_ABOUT_COVERAGE = 0.75  # the share of a topic's words an entity's texts must hold to put its rows first


def about_first(store, reading, chosen: Interpretation, items: list[dict]) -> tuple[list[dict], dict | None, list[str]]:
    """``items`` with the rows about what the question names but no parameter took moved first:
    an entity it names ("城镇新增就业目标" with targets-with-baselines), else the figure it asks
    for, else the entities the search finds for its topic. Returns (rows, {"by", "about", "rows",
    "of"} or None, notes). No row is dropped (the reading of a figure may be wrong, and the rest is
    what the query gives); the rows about it by :func:`_review_first`, the others in the query's order. With an entity bound
    (a measure, a goal, a sector: narrowed already), only a second entity the question names and
    no parameter took sorts the rows ("措施1.1和措施7.2有什么矛盾": the 1.1-7.2 pair first, or a note
    that no row holds 7.2). Not for a question that asks for every row."""
    bound = {expand_curie(v) or v for v in chosen.params.values() if isinstance(v, str)}
    if any(v.startswith((ID, SDG)) for v in bound):  # an SDG bound narrowed the rows too: its title is no topic
        return _second_entity_first(reading, chosen, items, bound)
    if len(items) < 2 or "each" in reading.cues:
        return items, None, []
    if (changed := by_change(reading, items)) is not None:
        return changed
    if not any(isinstance(v, str) and v.startswith(ID) for item in items for v in item.values()):
        return items, None, []  # rows of counts or classes: no entity to put first
    from ..ranking import entities_about, weighted_terms

    named = [m for m in reading.mentions if m.value.startswith(ID) and m.value not in bound]
    figure = reading.cues.get("figure")
    named_text = ", ".join(m.label or compact_iri(m.value) for m in named)
    # ... else, for an action or a target named, the rows of its measure ("谁负责1.1.1": 1.1's lead).
    ways = [("entity", named_text, lambda: {m.value for m in named}),
            ("entity", named_text, lambda: {m for ms in measures_of(store, [m.value for m in named]).values() for m in ms})]
    # ... and what the search finds for the words that named it: "2024年地区生产总值" names the 2025
    # GDP target, whose words find the 2024 GDP figure among the year's observations.
    words = " ".join(reading.folded[m.start:m.end] for m in named if m.how in ("name", "search"))
    ways.append(("entity", words, lambda: set(entities_about(store, words, coverage=_ABOUT_COVERAGE))))
    # A topic of one word ("cover", "set": the figure "set by the province") says too little to sort
    # rows by. The words naming a review ("十年来") say which review the rows are of (_review_first),
    # not what they are about; they stay in the topic the router reads.
    topic = _without_review_words(reading.topic)
    # ... but one Chinese word is one: "养老服务由哪个部门牵头" asks for 7.3's row first.
    held = sum(w == 1.0 for w in weighted_terms(topic).values())
    lone = held == 1 and re.fullmatch(r"[\u3400-\u9fff]{2,}", topic) and _subject_of(topic)  # not 依赖关系's 关系
    if reading.cues.get("topic") is not None and (held >= 2 or lone):
        if figure is not None:
            ways.append(("figure", figure.label, lambda: {figure.value}))
        ways.append(("topic", topic, lambda: _about_each(store, topic)))
    asked = [(by, about, wanted) for by, about, wanted in ways if about]
    for position, (by, about, wanted) in enumerate(asked):
        iris = set(wanted())
        itself = set(iris)  # the figure asked, before the topic's other figures join it
        if by == "figure":
            # ... and the other figures of the question's words with it (the 2024 level and the
            # ten-year change: PM2.5 下降到34.6 and 较2014年下降48.7%), said as those words.
            more = set(next((w() for b, _, w in asked[position + 1:] if b == "topic"), set())) - iris
            if any(v in more for item in items for v in item.values() if isinstance(v, str)):
                iris, about = iris | more, topic
        about_it, others = [], []
        for item in items:
            (about_it if _holds(item, iris, by) else others).append(item)
        if about_it:
            if not others:
                return items, None, []
            # The rows in the report's word for an English one first, then the named review's, then the
            # figure asked before the topic's other figures; stable: the query's order within each
            # ("new urban jobs" put 基本公共服务…常住人口 first).
            review, own_word = _review_first(store, reading), _in_the_report_s_word(about)
            # ... and the level before the change unless a change is asked ("PM2.5是多少": 34.6 微克, then
            # 较2014年下降48.7%; "GDP增长了多少": the growth first).
            from .words import ASKS_CHANGE

            asks_change = ASKS_CHANGE.search(reading.folded) is not None
            about_it.sort(key=lambda item: (not own_word(item), "observation" in item and is_change(item) != asks_change, review(item),
                                            not any(v in itself for v in item.values() if isinstance(v, str))))
            rows = f"The first {len(about_it)} of the {len(items)} rows {'is' if len(about_it) == 1 else 'are'}"
            notes = [f"{rows} about {about!r}; the others follow."]
            if wanted is ways[1][2]:  # the rows of the measures of what was named: its own, or a goal's
                held = {v for item in about_it for v in item.values() if isinstance(v, str) and v in iris}
                numbers = ", ".join(sorted(iri.rsplit("/", 1)[1].replace("-", ".") for iri in held))
                if all(kind_of_iri(m.value) in GOAL_KINDS for m in named):  # "trade-offs between growth and environmental protection"
                    notes = [f"{rows} of measures that serve {about!r} ({numbers}); the others follow."]
                else:
                    notes = [f"{rows} of measure {numbers}, which {about!r} is part of; the others follow."]
            if by == "entity" and (unmentioned := _unmentioned(store, items, topic)):
                # "南京的GDP是多少": Zhenjiang's GDP target first, but nothing in the rows is of 南京
                notes.append(f"No row mentions {unmentioned!r}: the report uses those words elsewhere (`zjkg search {unmentioned}`).")
            if chosen.query in DEPARTMENT_QUERIES:
                # An action or a target named, or the best the topic finds ("谁负责促进房地产市场止跌回稳").
                asked_of = [m.value for m in named] or (entities_about(store, topic, coverage=_ABOUT_COVERAGE)[:1] if by == "topic" else [])
                if any(p.startswith((f"{ID}action/", f"{ID}target/")) and not p.startswith(f"{ID}target/main-") for p in asked_of):
                    notes.append(NO_DEPARTMENT_OF_A_PART)
            return about_it + others, {"by": by, "about": about, "rows": len(about_it), "of": len(items)}, notes
    if named:  # "镇江2024年的一般公共预算收入": the report gives it only as a 2025 main target
        about = _named_text(named)
        return items, None, [f"No row of {chosen.query} holds {about}: all {len(items)} are shown; "
                             f"`zjkg show {compact_iri(named[0].value)}` shows what the report says of it."]
    listing = "_class_iri" in chosen.params  # every entity of a class: a topic none is about is no news
    notes = []
    topic_asked = any(by in ("figure", "topic") for by, _, _ in asked)
    if (topic and not listing and reading.cues.get("topic") is not None and (topic_asked or chosen.query in _LINK_QUERIES)
            and (said := _mentioning_first(store, items, topic, links=chosen.query in _LINK_QUERIES)) is not None):
        # No entity the search finds for the topic is in the rows, but a row's own words hold it:
        # "岸线利用上有哪些矛盾" said no row was about 岸线, above the 2.1-5.2 conflict over the shoreline.
        ordered, words, count = said
        return ordered, {"by": "words", "about": words, "rows": count, "of": len(items)}, [
            f"The first {count} of the {len(items)} rows {'mentions' if count == 1 else 'mention'} {words} in "
            f"{'its' if count == 1 else 'their'} own words (labels, quotes, the curator's rationale); the others follow."]
    if topic and not listing and topic_asked and 1.0 in weighted_terms(_subject_of(topic)).values():  # in the question's own words
        note = f"No row of {chosen.query} is about {topic!r}: all {len(items)} are shown."
        if found := entities_about(store, topic, coverage=_ABOUT_COVERAGE)[:1]:
            # "既定的116项重点工作任务" read as the departments' workload: the 2024 review's figure is it
            from ..resolve import entity_index

            entity = entity_index(store, iri=found[0])
            label = f" {entity[0].label}" if entity else ""
            note += f" The search finds it in {compact_iri(found[0])}{label}: `zjkg show {compact_iri(found[0])}`."
        notes.append(note)
    # ... and still the rows of the review it names first ("2014年以来取得了哪些成就": the ten-year one's).
    reviews = _reviews_named(store, reading)
    held = [_holds(item, reviews, "entity") for item in items]
    of_review = [item for item, of in zip(items, held) if of]
    ordered = of_review + [item for item, of in zip(items, held) if not of]
    if of_review and ordered != items:  # the query's order put them first already: no news
        named_reviews = ", ".join(compact_iri(iri) for iri in sorted(reviews))
        first = {"by": "review", "about": named_reviews, "rows": len(of_review), "of": len(items)}
        return ordered, first, [*notes, f"The first {len(of_review)} of the {len(items)} rows are of {named_reviews}; the others follow."]
    return items, None, notes


_PARTS = re.compile(r"(?<=[\u3400-\u9fff])(?:和|与|及|以及)(?=[\u3400-\u9fff])|\s+(?:and|&)\s+")


def _about_each(store, topic: str) -> set[str]:
    """The entities the search finds for ``topic``, and for each of the things it joins ("重点工作任务
    和民生实事": the 116 tasks and the 40 projects; the whole found only the one)."""
    from ..ranking import entities_about

    found = set(entities_about(store, topic, coverage=_ABOUT_COVERAGE))
    parts = [part for part in _PARTS.split(topic) if part.strip()]
    if len(parts) > 1:
        for part in parts:  # each part is short: two of its three words are most of it
            found |= set(entities_about(store, part, coverage=0.6))
    return found


def _unmentioned(store, items: list[dict], topic: str) -> str:
    """The topic's Chinese words the report uses, when no row's own texts hold one of them, else "".
    Chinese only: every row has its Chinese label, not always its English one ("growth")."""
    from ..ranking import ranking_for, weighted_terms

    ranking = ranking_for(store)
    subject = " ".join(re.findall(r"[\u3400-\u9fff]+", _subject_of(topic)))
    wanted = [t for t, weight in weighted_terms(subject).items() if weight == 1.0 and ranking.knows(t)]
    if not wanted:
        return ""
    if any(_row_terms(item).intersection(wanted) for item in items):
        return ""
    return subject


def _row_terms(item: dict) -> set[str]:
    """The terms of a row's own texts (labels, quotes, rationales), not its IRIs or the query's parameters."""
    from ..ranking import terms

    return {t for key, value in item.items() if isinstance(value, str) and not key.startswith("_")
            and not value.startswith(("http://", "https://")) for t in terms(value)}


def _subject_of(topic: str) -> str:
    """The topic without the words that ask about the graph or a kind of entity (关联, 推断, curated
    links, 政府部门): they say which rows are asked for, not what the rows are about."""
    from .words import BASIS_WORDS, BODY_WORDS, OF_THE_GRAPH

    for pattern in [OF_THE_GRAPH.pattern, *(p for _, p in BASIS_WORDS + BODY_WORDS), r"单位|政府|\bgovernment\b"]:
        topic = re.sub(pattern, " ", topic)
    return " ".join(topic.split())


# Rows of links between measures, each with its rationale: a one-word topic ("conflict over
# shoreline") says which link is asked about.
_LINK_QUERIES = {"measure-conflicts", "measure-dependencies", "cross-area-dependencies"}
def _mentioning_first(store, items: list[dict], topic: str, *, links: bool) -> tuple[list[dict], str, int] | None:
    """The rows whose own texts hold most of the topic's words the report uses, first (the others
    in the query's order), the words they hold as the question says them, and how many rows hold
    any; None when all hold as many (none, say). Rows that are no ``links`` must hold two words
    and half of them: one of "长江大保护" (保护) or "统计数据" (统计) is in many a row about
    something else; a link's rationale names what it is about."""
    from ..ranking import ranking_for, terms, weighted_terms

    ranking = ranking_for(store)
    wanted = [t for t, weight in weighted_terms(topic).items() if weight == 1.0 and ranking.knows(t)]
    if not wanted:
        return None
    held = []
    for item in items:
        own = _row_terms(item)
        held.append([t for t in wanted if t in own])
    most = max(map(len, held))
    if len({len(h) for h in held}) == 1 or not links and (most < 2 or most < 0.5 * len(wanted)):
        return None
    order = sorted(range(len(items)), key=lambda i: -len(held[i]))
    found = {t for h in held for t in h}
    # The question's own words for the terms held: "shoreline", not its stem "shorelin"; "四群八链",
    # not its bigrams 四群, 群八, 八链.
    covered = [False] * len(topic)
    for start in range(len(topic) - 1):
        if topic[start:start + 2] in found:
            covered[start] = covered[start + 1] = True
    shown = [run for run in re.split(r"\s+", "".join(c if covered[i] else " " for i, c in enumerate(topic))) if run]
    shown += [w for w in re.findall(r"[a-z0-9]+", topic) if found.intersection(terms(w))]
    return [items[i] for i in order], ", ".join(repr(w) for w in dict.fromkeys(shown)), sum(1 for h in held if h)


def _in_the_report_s_word(words: str):
    """For English words the synonyms table pairs with the report's Chinese ones ("gdp": 地区生产总值,
    经济总量), whether a row's label holds one of those: "What was the GDP in 2024?" put 单位GDP能耗
    (energy use per unit of GDP, whose label holds the letters GDP) before the GDP itself."""
    if not words.isascii():
        return lambda item: True
    from ..ranking import fold
    from ..synonyms import expansions

    chinese = [word for word in expansions([words], fold) if not word.isascii()]
    return lambda item: not chinese or any(word in str(item.get("label", "")) for word in chinese)


def _holds(item: dict, iris: set[str], by: str) -> bool:
    """Whether a row holds one of ``iris``. A row of a figure (a target, an observation) found by the
    search is not held by its measure: "粮食总产量" put 6.2's four other targets (高标准农田…) among
    the rows about it, through the measure the search adds after each target."""
    figure_row = by in ("figure", "topic") and ("target" in item or "observation" in item)
    return any(v in iris for key, v in item.items() if isinstance(v, str) and not (figure_row and key == "measure"))


def _second_entity_first(reading, chosen: Interpretation, items: list[dict], bound: set[str]):
    """Rows narrowed by a bound entity, those holding another entity the question names first."""
    named = [m for m in reading.mentions if m.value.startswith(ID) and m.value not in bound and m.kind == "measure"]
    if not named or not items:
        return items, None, []
    about = _named_text(named)
    wanted = {m.value for m in named}
    holding = [item for item in items if any(v in wanted for v in item.values() if isinstance(v, str))]
    if not holding:
        shown = "the only row is shown" if len(items) == 1 else f"all {len(items)} are shown"
        return items, None, [f"No row of {chosen.query} holds {about}: {shown}."]
    rest = [item for item in items if item not in holding]
    note = f"The first {len(holding)} of the {len(items)} rows {'holds' if len(holding) == 1 else 'hold'} {about}; the others follow."
    return holding + rest, {"by": "entity", "about": about, "rows": len(holding), "of": len(items)}, [note] if rest else []


def _named_text(named) -> str:
    """Entities the question names, as a note says them: "measure:7-2 加强社会政策兜底保障"."""
    return ", ".join(f"{compact_iri(m.value)} {m.label}".strip() for m in named)


def _without_review_words(text: str) -> str:
    from .words import REVIEW_WORDS

    for _, words in REVIEW_WORDS:
        text = words.sub(" ", text)
    return " ".join(text.split())


def _review_first(store, reading):
    """The rows of the review the question names first, the others after in the query's order:
    "2024年…" asks the 2024 review before the ten-year one (whose figures end in 2024 too),
    "过去十年…" and "2014年以来…" the ten-year one."""
    reviews = _reviews_named(store, reading)
    return lambda item: 0 if any(v in reviews for v in item.values() if isinstance(v, str)) else 1


def _reviews_named(store, reading) -> set[str]:
    """The IRIs of the reviews the question names: by a year of theirs, by the year their figures
    are counted since, or in words (一年来, 十年来)."""
    from .words import REVIEW_WORDS
    from .years import years_of

    reviews = {f"{ID}review/{m.value}" for m in reading.mentions if m.kind == "year"}
    since = years_of(store).reviews_from
    reviews |= {since[int(m.value)] for m in reading.mentions if m.kind == "sinceyear" and int(m.value) in since}
    return reviews | {f"{ID}{review}" for review, words in REVIEW_WORDS if words.search(reading.folded)}
