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

The package, its dependencies pointing one way (each module imports only those above it):

- ``words``: the patterns and words of questions, and the text's folding;
- ``model``: Mention, Reading, Interpretation, and which kinds of entity fill which parameter;
- ``names``: the entities' names, found in a question;
- ``cues``: ``cues_of``, what a question asks beyond its parameters (a topic, a figure, a kind of answer);
- ``reading``: ``read_question``, a question's entities, topic and cues;
- ``examples``: the index of the queries' examples (the router), kept between runs;
- ``routing``: ``interpret``, the readings scored and their parameters filled;
- ``changes``: whether a figure is a change or a level, and targets against their baseline;
- ``lookups``: the measures of an action, a target or a goal, and whether departments are stated;
- ``ordering``: ``about_first``, the rows about what the question names but no parameter took, first;
- ``answer``: ``ask``, the chosen reading run, with its SPARQL, rows, quotes and alternatives;
- ``judging``: ``judge`` and ``contains``, an answer held against the gold set.
"""

from __future__ import annotations

from .answer import CONFIDENT_MARGIN, ask, quotes_of, run
from .examples import ROUTER_VERSION, header_examples
from .judging import contains, judge, same_params
from .model import Interpretation, Mention, Reading
from .reading import read_question
from .routing import interpret

__all__ = ["Mention", "Reading", "Interpretation", "read_question", "interpret", "ask", "run", "quotes_of", "header_examples",
           "contains", "same_params", "judge", "CONFIDENT_MARGIN", "ROUTER_VERSION"]
