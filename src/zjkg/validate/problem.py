"""What every check of ``zjkg validate`` returns: a list of :class:`Problem`, each naming its entity."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem"]


@dataclass(frozen=True)
class Problem:
    check: str
    entity: str
    message: str

    def item(self) -> dict:
        return {"check": self.check, "entity": self.entity, "message": self.message}
