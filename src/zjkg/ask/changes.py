"""Figures as changes: whether a review's figure is a change or a level, and targets asked for
against their baseline (below it, above it)."""

from __future__ import annotations

import re

from ..namespace import ID

__all__ = ["by_change", "is_change"]


# A figure that is a change (增长5.8%, 下降48.7%, 1.7倍, 新认定560家), not a level reached (提升到81.1%, 达到5500亿元).
_CHANGE_FIGURE = re.compile(r"(?:增长|下降|提升|提高|减少|降低|增加|上升|缩小|扩大)\s*[\d.]|倍|百分点|"
                            r"新增|新认定|新引进|新建|新开|新签约")  # ... or what was added in the year (560 newly certified, of 1617)


def is_change(item: dict) -> bool:
    """Whether a review's figure is a change (a target is a plan: "净增400家" is its level, not asked
    for against its growth targets, so only observations are sorted by it)."""
    return _CHANGE_FIGURE.search(str(item.get("label") or "")) is not None


_BELOW = re.compile(r"低于|少于|不及|小于|不如|下调|调低|调减|\b(?:lower(?:ed)?|below|less|smaller|under|beneath|fall short|cut)\b")
_ABOVE = re.compile(r"高于|超过|多于|大于|\b(?:higher|above|more|greater|exceed|exceeds|over)\b")


def by_change(reading, items: list[dict]):
    """Targets asked for against their baseline ("Which 2025 targets are lower than the 2024
    level?"): those with a change in the direction asked first, by how far, with the count said;
    None when the rows have no change or no direction is asked. The query's change column held the
    answer, and the note said no row was about 'lower than level'."""
    if "change" not in items[0] or not (below := _BELOW.search(reading.folded)) and not _ABOVE.search(reading.folded):
        return None
    figure = reading.cues.get("figure")  # a review's figure read from 高于 ("增速高于…") is no target asked
    if any(m.value.startswith(ID) for m in reading.mentions) or figure is not None and figure.kind != "observation":
        return None  # "How far is the GDP growth target below the 2024 growth?": that target's row, first
    sign = -1 if below else 1
    moved = sorted((item for item in items if isinstance(item.get("change"), int | float) and sign * item["change"] > 0),
                   key=lambda item: -sign * item["change"])
    with_baseline = sum(1 for item in items if isinstance(item.get("change"), int | float))
    where = "below" if below else "above"
    if not moved:
        return items, None, [f"No target is {where} its baseline: {with_baseline} of the {len(items)} have one to compare with."]
    rest = [item for item in items if item not in moved]
    return moved + rest, {"by": "change", "about": where, "rows": len(moved), "of": len(items)}, [
        f"The first {len(moved)} of the {len(items)} rows {'is' if len(moved) == 1 else 'are'} {where} "
        f"{'its' if len(moved) == 1 else 'their'} baseline (of the {with_baseline} with one); the others follow."]
