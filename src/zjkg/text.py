"""How text typed by a person is compared with the graph's: the one normalisation rule."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise"]


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: how every comparison of names is made.

    >>> normalise("  Ｇ ＤＰ ")
    'g dp'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()
