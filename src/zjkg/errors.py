"""The errors zjkg raises. The CLI maps them to exit codes: input errors 2, failed checks 1."""

from __future__ import annotations

__all__ = ["ZjkgError", "InputError", "QuerySyntaxError", "QueryRefused", "EndpointError", "NotFound", "CheckFailed"]


class ZjkgError(Exception):
    """Base class: a problem to report to the user in one clear message, never a traceback."""

    exit_code = 2


class InputError(ZjkgError):
    """Bad input: a file that does not parse, an unknown option value, a missing parameter."""


class QuerySyntaxError(InputError):
    """The SPARQL text does not parse; the message carries the parser's words and position."""


class QueryRefused(InputError):
    """The query is valid but refused by a guard (SERVICE, LOAD, updates, size or nesting limits).

    ``reason`` is one of ``update``, ``service``, ``size``, ``nesting``: the endpoint maps them to
    403, 403, 413 and 400.
    """

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason


class EndpointError(ZjkgError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class NotFound(InputError):
    """Nothing matches a name, id or goal; ``suggestions`` holds the nearest candidates."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        if self.suggestions:
            message += "\nDid you mean: " + "; ".join(self.suggestions)
        super().__init__(message)


class CheckFailed(ZjkgError):
    """A check ran and found problems (validation violations, a dependency cycle)."""

    exit_code = 1
