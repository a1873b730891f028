"""The SPARQL endpoint: a Starlette app (:mod:`.app`) over a pool of killable query workers (:mod:`.pool`, each running :mod:`.worker`)."""

from __future__ import annotations

from .app import MAX_BODY_BYTES, create_app, serve

__all__ = ["create_app", "serve", "MAX_BODY_BYTES"]
