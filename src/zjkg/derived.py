"""What zjkg derives from the data files, kept between runs: the search index and the router's examples.

A process that loads the report in memory would otherwise rebuild both on its first search or
question (about 0.15 s, more than loading the report and answering). They are kept in a cache
folder per version of what they are derived from: the files (paths, sizes, modification times:
the data, the named queries, the code that derives them) and zjkg's version; a new version gets a
new folder. The cache lives in
``$ZJKG_CACHE``, else ``$XDG_CACHE_HOME/zjkg``, else ``~/.cache/zjkg``; ``ZJKG_CACHE=""`` turns it
off, and a cache that cannot be written is not used (everything is then built in memory). Each
kind keeps its :data:`KEPT` newest folders: every edit of the data or the code makes a new one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["folder", "keep", "KEPT"]

KEPT = 8  # folders of one kind (index, router) kept; older ones are removed when a new one is written


def _root() -> Path | None:
    configured = os.environ.get("ZJKG_CACHE")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zjkg"


def folder(files: Iterable[Path], *parts: object) -> Path | None:
    """The cache folder for what ``parts`` names, derived from ``files``; None when the cache is off
    or a file cannot be read (then nothing is cached)."""
    from . import __version__ as zjkg_version

    root = _root()
    if root is None:
        return None
    try:
        stamp = [[str(Path(f).resolve()), Path(f).stat().st_size, Path(f).stat().st_mtime_ns] for f in files]
    except OSError:
        return None
    key = _blake2b(json.dumps([zjkg_version, stamp, *map(str, parts)]).encode(), digest_size=16).hexdigest()
    return root / f"{parts[0]}-{key}" if parts else root / key


def _blake2b(data: bytes, *, digest_size: int):
    """hashlib's BLAKE2b, from the module hashlib takes it from when it can: importing hashlib
    loads OpenSSL (~2.5 ms of every cold run); the digest is the same."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python implementation
        from hashlib import blake2b
    return blake2b(data, digest_size=digest_size)


def keep(destination: Path, write: Callable[[Path], None]) -> bool:
    """Write a cache folder whole (``write`` fills an empty folder, then it is swapped in); False
    when it cannot be written, which is not an error: the caller has what it built in memory."""
    from .atomic import WriteFailed, staged_directory

    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with staged_directory(destination, "building") as building:
            write(building)
    except (OSError, WriteFailed):
        return False
    _prune(destination)
    return True


def _prune(kept: Path) -> None:
    """Remove the oldest folders of ``kept``'s kind beyond the newest :data:`KEPT` (never ``kept``)."""
    import shutil

    kind = kept.name.rsplit("-", 1)[0] + "-"
    try:
        siblings = [p for p in kept.parent.iterdir() if p.is_dir() and not p.is_symlink() and p.name.startswith(kind)
                    and len(p.name) == len(kept.name)]
        siblings.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in siblings[KEPT:]:
        if old != kept:
            shutil.rmtree(old, ignore_errors=True)
