"""``python -m zjkg.anchors [--check]``: regenerate ``data/annotations.ttl`` (see :func:`zjkg.anchors.main`)."""

from . import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
