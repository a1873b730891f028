"""The answer: the best reading run as its named query (or the ranked measures of a topic, or the
ranked search), with the SPARQL run, the rows, the report's words, the alternatives, and how the
question was read; rendering-neutral (the CLI and the endpoint render it)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..namespace import ID, compact_iri, expand_curie, is_iri
from .examples import router_for
from .lookups import DEPARTMENT_ANSWERS, NO_DEPARTMENT, NO_DEPARTMENT_OF_A_PART, departments_inferred
from .model import Interpretation
from .ordering import about_first
from .routing import interpret

__all__ = ["CONFIDENT_MARGIN", "ask", "run", "quotes_of"]

CONFIDENT_MARGIN = 1.15  # the best reading must score this many times the next to be taken without doubt
_MIN_SCORE = 2.0  # below this, nothing in the question matched an example well enough


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
        from ..spelling import respelled

        spelled = respelled(store, question)
        return _unanswered(question, explained, [], [
            f"The report does not use the words {foreign!r}: nothing in the graph is about them, so no query "
            "answers this question. " + (f"Did you mean: {spelled}" if spelled else
                                         "`zjkg search` with other words finds what the report does say.")])
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
    if chosen.query == "entity-description" and chosen.params.get("_entity_iri") and not any(
            compact_iri(m.value) == chosen.params["_entity_iri"] for m in reading.mentions):
        notes.append(f"The entity the search ranks first for {reading.topic!r}; `zjkg search {reading.topic}` lists the others.")
    if chosen.query in DEPARTMENT_ANSWERS and answer["items"] and NO_DEPARTMENT_OF_A_PART not in notes \
            and departments_inferred(store):
        # "市发改委牵头哪些举措？" read as if the report said so (sector-workload has no basis column)
        notes.append(NO_DEPARTMENT)
    asked = (chosen.topic or chosen.params.get("_text")) if chosen.query in ("keyword-search", "measures-serving-goal") else None
    if asked and answer["items"] and answer["items"][0].get("field") == "synonym":
        # "報告有沒有提到托育": 7.3.6 came first with the snippet 托育, which the report never says
        notes.append(f"The report does not say {asked!r}: the first row is reached through the synonyms table "
                     "(the curator's pairing of everyday words with the report's own), not the report's words.")
    notes += _twin_numbers(store, reading)
    if (year := _year_asked_of_itself(reading)) is not None:
        # "2014年镇江地区生产总值是多少？": 2024's 5500亿元 came first, as if it were 2014's
        from .years import years_of

        review = years_of(store).reviews_from.get(int(year))
        if review:  # the review counted from that year: its rows are the ones below
            notes.append(f"The report gives no figure for {year} itself: {compact_iri(review)} compares later figures "
                         f"with {year}'s (the rows below).")
        else:  # "port throughput in 2023": one 2024 figure is compared with 2023 (较2023年), none is of it
            notes.append(f"The report gives no figure for {year} itself, only a comparison of a later one with it "
                         f"(ask for the change since {year}).")
    if absent := _absent_acronyms(store, reading):  # "2025年CPI涨幅目标": the main targets, none of CPI
        from ..spelling import respelled_acronym

        near = [n for n in (respelled_acronym(store, w) for w in absent) if n]  # "GPD": GDP
        notes.append(f"The report does not use {', '.join(repr(w) for w in absent)}: no row is about "
                     f"{'it' if len(absent) == 1 else 'them'}." + (f" Did you mean: {', '.join(near)}" if near else ""))
    if chosen.query == "keystone-measures" and "_min_confidence" not in chosen.params and answer["items"]:
        notes += _surer_keystone(store, chosen, answer["items"][0])
    if not answer["items"]:
        notes.append(_nothing_found(store, chosen))
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


def _year_asked_of_itself(reading) -> str | None:
    """A year the reviews only compare with, asked of itself ("2014年…是多少", "What was GDP in
    2014?", "Zhenjiang in 2014"), not since it ("2014年以来…") nor for the change against it (a
    refyear), or None."""
    import re

    for m in reading.mentions:
        if m.kind == "sinceyear" and not re.search(
                r"以来|来|起|至今|\bsince\b|\bfrom\b", reading.folded[m.end:m.end + 8] + reading.folded[max(0, m.start - 8):m.start]):
            return m.value
    return None


def _twin_numbers(store, reading) -> list[str]:
    """An action read by a number a target shares ("谁负责1.1.1": action 1.1.1, and target 1.1.1
    新签约…2300亿元), said with how to ask for the other."""
    from ..resolve import entity_index

    notes = []
    for m in reading.mentions:
        if m.how == "number" and m.value.startswith(f"{ID}action/"):
            twin = entity_index(store, ["Target"], iri=m.value.replace(f"{ID}action/", f"{ID}target/"))
            if twin:
                number = m.value.rsplit("/", 1)[1].replace("-", ".")
                notes.append(f"{number} is read as action {number} ({m.label}); target {number} ({twin[0].label}) "
                             f"shares the number: ask for 目标{number} or target {number}.")
    return notes


def _absent_acronyms(store, reading) -> list[str]:
    """The acronyms of the question (CPI, PMI: capitals as it writes them, outside the entities it
    names, such as SDG 7) that the report never uses, nor a synonym of its words. Only acronyms:
    other words the report lacks are mostly the question's own (why, should, 这条), which the
    search cannot tell from a topic."""
    from ..ranking import ranking_for, terms
    from ..spelling import ACRONYM

    ranking = ranking_for(store)
    named = [reading.folded[m.start:m.end] for m in [*reading.mentions, *reading.cues.values()]]  # SDG 7; 哪些SDG
    found = ACRONYM.findall(reading.question)
    return [word for word in dict.fromkeys(found) if not any(word.lower() in span for span in named)
            and not any(ranking.knows(t) for t in terms(word))]


def _surer_keystone(store, chosen: Interpretation, first: dict) -> list[str]:
    """When the keystone's count rests in part on low-confidence links ("哪个举措是最关键的": two of
    4.3's four), a note that says how many, and what leads counting only the surer ones."""
    surer = run(store, Interpretation(chosen.query, {**chosen.params, "_min_confidence": "medium"}, 0.0))["items"]
    counted = int(first.get("dependents") or 0)
    kept = next((int(i.get("dependents") or 0) for i in surer if i.get("measure") == first.get("measure")), 0)
    if not surer or kept == counted:
        return []
    top = surer[0]
    lead = (f"{top.get('notation')} {top.get('label')} leads with {top.get('dependents')}" if int(top.get("dependents") or 0) > kept
            else f"{first.get('notation')} has {kept}, as many as any")
    return [f"{first.get('notation')}'s {counted} dependents include {counted - kept} by links of low confidence; "
            f"counting only links of medium confidence or higher, {lead}."]


def _nothing_found(store, chosen: Interpretation) -> str:
    if chosen.topic is not None:
        from ..spelling import respelled

        if (spelled := respelled(store, chosen.topic)) is not None:
            return f"No measure's own words hold most of {chosen.topic!r}. Did you mean: {spelled}"
        return (f"No measure's own words hold most of {chosen.topic!r}: the report may say it in other words; "
                "try `zjkg search` with fewer of them.")
    if chosen.query == "keyword-search" and "_text" in chosen.params:  # "…about the enviroment?": a word to suggest
        from ..spelling import respelled

        text = chosen.params["_text"]
        spelled = respelled(store, text)
        return f"No row: the search finds nothing for {text!r}." + (f" Did you mean: {spelled}" if spelled else "")
    if chosen.params:
        given = ", ".join(f"{name.lstrip('_').removesuffix('_iri')} = {value}" for name, value in chosen.params.items())
        measure = chosen.params.get("_measure_iri", "")
        show = f" (`zjkg show {measure.removeprefix('measure:').replace('-', '.')}` shows what the report says of it)" if measure else ""
        return f"No row: nothing in the graph answers {chosen.query} with {given}{show}."
    return f"No row: {chosen.query} finds nothing in the graph."
