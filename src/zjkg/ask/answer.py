"""The answer: the best reading run as its named query (or the ranked measures of a topic, or the
ranked search), with the SPARQL run, the rows, the report's words, the alternatives, and how the
question was read; rendering-neutral (the CLI and the endpoint render it)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..namespace import ID, PREFIXES, compact_iri, expand_curie, is_iri
from .examples import router_for
from .model import Interpretation
from .routing import interpret

__all__ = ["CONFIDENT_MARGIN", "ask", "run", "quotes_of", "about_first"]

SDG = PREFIXES["sdg"]


CONFIDENT_MARGIN = 1.15  # the best reading must score this many times the next to be taken without doubt
_MIN_SCORE = 2.0  # below this, nothing in the question matched an example well enough
_ABOUT_COVERAGE = 0.75  # the share of a topic's words an entity's texts must hold to put its rows first


def ask(store, question: str) -> dict:
    """Answer ``question``: ``{"question", "query", "params", "sparql", "items", "alternatives",
    "confident", "reading"}``. ``query`` is None when nothing matched; when the best reading does
    not clearly beat the next, ``confident`` is false and ``alternatives`` lists the next two."""
    reading, interpretations = interpret(store, question)
    explained = {"folded": reading.folded, "entities": [m.item() for m in reading.mentions],
                 "cues": sorted(cue.kind for cue in reading.cues.values()), "topic": reading.topic, "terms": reading.terms,
                 "readings": [i.item() for i in interpretations]}
    notes = []
    if (foreign := _words_the_report_lacks(reading)) is not None:
        # "镇江市长是谁", "托育服务": the rows of whatever query its other words resemble would
        # answer a question the report is silent on.
        return _unanswered(question, explained, [], [
            f"The report does not use the words {foreign!r}: nothing in the graph is about them, so no query "
            "answers this question. `zjkg search` with other words finds what the report does say."])
    if not interpretations or interpretations[0].score < _MIN_SCORE:
        if "topic" not in reading.cues:  # no word the report holds either
            return _unanswered(question, explained, interpretations[:3], [])
        # No named query reads it ("营商环境", "PM2.5"), but the report holds its words: the ranked
        # search for them, as `zjkg search` gives it, rather than nothing.
        searched = Interpretation("keyword-search", {"_text": reading.topic}, 0.0)
        interpretations = [searched, *(i for i in interpretations if i.query != "keyword-search")][:1]
        notes.append(f"No named query reads this question: the entities the search ranks for {reading.topic!r}.")
    chosen, others = interpretations[0], interpretations[1:]
    # The search for its words answers it confidently: nothing else read it (hence the note).
    confident = not others or chosen.score >= CONFIDENT_MARGIN * others[0].score
    answer = run(store, chosen)
    if chosen.topic is None and answer.get("sparql") is not None:
        answer["items"], first, notes = about_first(store, reading, chosen, answer["items"])
        if first:
            answer["first"] = first
    if not answer["items"]:
        notes.append(_nothing_found(chosen))
    elif (chain := _chains_of(chosen)) is not None:
        notes.append(chain)
    labels = {compact_iri(m.value): m.label for m in reading.mentions if is_iri(m.value)}
    # One index lookup per bound entity, for both languages; a goal bound from the topic's words
    # has no mention, so its Chinese label comes from the index too.
    indexed = _labels(store, [value for value in chosen.params.values() if value in labels or _is_entity(value)])
    return {"question": question, "query": chosen.query, "params": chosen.params, **answer, "notes": notes,
            "score": round(chosen.score, 3), "confident": confident,
            # Confident: the next two readings; not: the best three, this one first.
            "alternatives": [i.item() for i in (others[:2] if confident else interpretations[:3])],
            "labels": {value: labels.get(value) or indexed.get(value, ("", ""))[0]
                       for value in chosen.params.values() if value in labels or _is_entity(value)},
            "labels_en": {curie: en for curie, (_, en) in indexed.items() if en},
            "quotes": quotes_of(store, answer["items"]), "reading": explained}


def _unanswered(question: str, explained: dict, alternatives, notes: list[str]) -> dict:
    return {"question": question, "query": None, "params": {}, "sparql": None, "items": [], "confident": False,
            "alternatives": [i.item() for i in alternatives], "labels": {}, "quotes": {}, "notes": notes, "reading": explained}


def _words_the_report_lacks(reading) -> str | None:
    """The question's topic when none of its words is the report's (nor a synonym of one), the
    question names no entity of the graph, and nothing else in it asks about the graph (a class,
    a link, a count, a kind of answer): "镇江市长是谁", "托育服务". Else None: "列出全部举措的
    编号和名称" asks about the measures, whatever 编号 is."""
    from ..ranking import weighted_terms
    from .words import OF_THE_GRAPH

    content = [t for t, weight in weighted_terms(reading.topic).items() if weight == 1.0]
    if not content or reading.cues or OF_THE_GRAPH.search(reading.folded):
        return None  # cues["topic"] is there when a word of it is the report's
    if any(m.value.startswith(("http://", "https://")) for m in reading.mentions):
        return None
    return reading.topic


_QUOTES = """PREFIX zjkg: <https://w3id.org/zjkg/ontology#>
SELECT ?e ?quote WHERE { ?e zjkg:quote ?quote } ORDER BY ?e ?quote"""


def quotes_of(store, items: list[dict], *, limit: int = 12) -> dict[str, str]:
    """The report's own words (``zjkg:quote``) for the first ``limit`` entities the items name, by CURIE."""
    from ..store.binding import at_where, values_rows

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
    from ..guards import check_query
    from ..queries import NamedQuery, bind_parameters, joined_sorted, narrowing_for
    from ..store import Rows
    from ..store.binding import at_where, values_row
    from ..values import plain_row

    if interpretation.topic is not None:
        from ..ranking import ranked_measures

        items = [{**item, "relation": "topic", "goal": None} for item in ranked_measures(store, interpretation.topic)]
        return {"sparql": None, "items": items, "topic": interpretation.topic}
    if interpretation.query == "keyword-search" and "_text" in interpretation.params:
        # As `zjkg search`: ranked by the text index rather than the query's substring test.
        from ..ranking import ranking_for

        items = [hit.item() for hit in ranking_for(store).search(interpretation.params["_text"])]
        return {"sparql": None, "items": items, "search": interpretation.params["_text"]}
    # As run_named runs it, from the router's own reading of the query's file (its parameters
    # from the #+ header): the header's YAML is not loaded on every question.
    router = router_for(store)
    text = router.texts[interpretation.query]
    query = NamedQuery(interpretation.query, Path(), text, params={p: "" for p in router.params[interpretation.query]})
    check_query(text)
    bound = bind_parameters(query, interpretation.params)
    rows = joined_sorted(store.query(text, bound, narrowing=narrowing_for(store.names, query.name, bound)), text)
    # The query as run, without its #+ header (comments: its metadata and examples).
    text = "\n".join(line for line in query.text.splitlines() if not line.startswith("#+")) + "\n"
    sparql = (at_where(text, values_row(bound)) or text) if bound else text
    if isinstance(rows, Rows):
        items = [dict.fromkeys(rows.variables) | plain_row(row) for row in rows.rows]
    else:
        items = [{"boolean": rows}] if isinstance(rows, bool) else []
    return {"sparql": sparql, "items": items}


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
    if not any(isinstance(v, str) and v.startswith(ID) for item in items for v in item.values()):
        return items, None, []  # rows of counts or classes: no entity to put first
    from ..ranking import entities_about, weighted_terms

    named = [m for m in reading.mentions if m.value.startswith(ID) and m.value not in bound]
    figure = reading.cues.get("figure")
    ways = [("entity", ", ".join(m.label or compact_iri(m.value) for m in named), lambda: {m.value for m in named})]
    # ... and what the search finds for the words that named it: "2024年地区生产总值" names the 2025
    # GDP target, whose words find the 2024 GDP figure among the year's observations.
    words = " ".join(reading.folded[m.start:m.end] for m in named if m.how in ("name", "search"))
    ways.append(("entity", words, lambda: set(entities_about(store, words, coverage=_ABOUT_COVERAGE))))
    # A topic of one word ("cover", "set": the figure "set by the province") says too little to sort
    # rows by. The words naming a review ("十年来") say which review the rows are of (_review_first),
    # not what they are about; they stay in the topic the router reads.
    topic = _without_review_words(reading.topic)
    if reading.cues.get("topic") is not None and sum(w == 1.0 for w in weighted_terms(topic).values()) >= 2:
        if figure is not None:
            ways.append(("figure", figure.label, lambda: {figure.value}))
        ways.append(("topic", topic, lambda: set(entities_about(store, topic, coverage=_ABOUT_COVERAGE))))
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
            about_it.sort(key=lambda item: (not own_word(item), review(item),
                                            not any(v in itself for v in item.values() if isinstance(v, str))))
            return about_it + others, {"by": by, "about": about, "rows": len(about_it), "of": len(items)}, [
                f"The first {len(about_it)} of the {len(items)} rows {'is' if len(about_it) == 1 else 'are'} about {about!r}; the others follow."]
    if named:  # "镇江2024年的一般公共预算收入": the report gives it only as a 2025 main target
        about = _named_text(named)
        return items, None, [f"No row of {chosen.query} holds {about}: all {len(items)} are shown; "
                             f"`zjkg show {compact_iri(named[0].value)}` shows what the report says of it."]
    listing = "_class_iri" in chosen.params  # every entity of a class: a topic none is about is no news
    notes = []
    if topic and not listing and any(by in ("figure", "topic") for by, _, _ in asked):  # in the question's own words
        notes.append(f"No row of {chosen.query} is about {topic!r}: all {len(items)} are shown.")
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


def _chains_of(chosen: Interpretation) -> str | None:
    """Where the chains are: measure-dependencies gives the direct links of one end (what 2.1
    rests on, or what rests on 4.3); `zjkg deps` and `zjkg impact` follow them further (a
    reviewer read 2 measures at risk where `zjkg impact 2.1` lists 4)."""
    if chosen.query != "measure-dependencies" or len(chosen.params.keys() & {"_measure_iri", "_depends_on_iri"}) != 1:
        return None
    if "_measure_iri" in chosen.params:
        number = chosen.params["_measure_iri"].removeprefix("measure:").replace("-", ".")
        return f"The direct links; `zjkg deps {number}` follows them to what those rest on in turn."
    number = chosen.params["_depends_on_iri"].removeprefix("measure:").replace("-", ".")
    return f"The direct links; `zjkg impact {number}` follows them to what rests on those in turn."


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


def _is_entity(value) -> bool:
    return isinstance(value, str) and (expand_curie(value) or "").startswith(ID)


def _labels(store, curies: list[str]) -> dict[str, tuple[str, str]]:
    """The (Chinese, English) labels of the entities ``curies`` name, by CURIE."""
    from ..resolve import entity_index

    found = {}
    for curie in curies:
        entities = entity_index(store, iri=expand_curie(curie) or curie)
        if entities:
            found[curie] = (entities[0].label, entities[0].label_en)
    return found


def _nothing_found(chosen: Interpretation) -> str:
    if chosen.topic is not None:
        return (f"No measure's own words hold most of {chosen.topic!r}: the report may say it in other words; "
                "try `zjkg search` with fewer of them.")
    if chosen.params:
        given = ", ".join(f"{name.lstrip('_').removesuffix('_iri')} = {value}" for name, value in chosen.params.items())
        measure = chosen.params.get("_measure_iri", "")
        show = f" (`zjkg show {measure.removeprefix('measure:').replace('-', '.')}` shows what the report says of it)" if measure else ""
        return f"No row: nothing in the graph answers {chosen.query} with {given}{show}."
    return f"No row: {chosen.query} finds nothing in the graph."
