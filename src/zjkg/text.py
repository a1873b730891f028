"""How text is compared: a person's typed names with the graph's (:func:`normalise`), and quotes with
the report's text (:func:`normalise_source`)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "normalise_source"]


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: how every comparison of names is made.

    >>> normalise("  Ｇ ＤＰ ")
    'g dp'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def normalise_source(text: str) -> str:
    """NFKC with all whitespace removed: how quotes are compared with the report.

    >>> normalise_source("新签约亿\\n元以上 2300亿元，")
    '新签约亿元以上2300亿元,'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
