"""The persistent on-disk store: built once from files, reopened read-only, rebuilt when they change.

Its folder holds the RocksDB database, the name and text index (:mod:`zjkg.store.textindex`), the
search index beside it (:mod:`zjkg.ranking`, a tantivy directory) and ``zjkg-store.json`` (what it
was built from). Only this module knows that layout.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import ranking
from ..atomic import staged_directory, write_file
from ..errors import InputError
from ..resources import default_data_files
from . import textindex
from .embedded import EmbeddedStore
from .files import data_files, graph_for, load_files

__all__ = ["persistent_store", "open_read_only", "open_index", "pinned_snapshot", "release_snapshot", "META_FILE"]

META_FILE = "zjkg-store.json"


def _fingerprint(files: list[Path]) -> list:
    try:
        return [[str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    except FileNotFoundError as error:
        raise InputError(f"{error.filename}: no such file") from None


def _content_hash(files: list[Path]) -> str:
    import hashlib  # the persistent store's paths only: not on every CLI call

    digest = hashlib.blake2b(digest_size=32)
    for path in files:
        digest.update(str(graph_for(path)).encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _read_meta(path: Path) -> dict | None:
    meta_path = path / META_FILE
    if not meta_path.is_file():
        return None
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: the store's {META_FILE} cannot be read ({error}); remove the folder to rebuild it") from None


def persistent_store(path: Path | str, files: Iterable[Path | str] | None = None) -> EmbeddedStore:
    """An on-disk store at ``path`` holding ``files``, built once and reopened read-only.

    It is rebuilt when the files' content changes (a content hash, checked only when a file's size
    or modification time moved), and always built beside ``path`` and then swapped in, so a reader
    never sees a half-built store. Without ``files``, an existing store keeps the files it was
    built from (and is still rebuilt if they changed); a new one gets the report's own.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder; a store is a folder: choose another store path")
    meta = _read_meta(path)
    if files is None:
        files = meta["files"] if meta else default_data_files()
    files = data_files(files)
    fingerprint = _fingerprint(files)
    # Built by an older zjkg, or its index deleted: rebuilt like a store whose files changed.
    outdated = meta is not None and (meta.get("index") != textindex.VERSION or not (path / textindex.FILE).is_file()
                                     or meta.get("ranking") != ranking.VERSION or not (path / ranking.DIRECTORY).is_dir())
    if meta is None or outdated or meta.get("fingerprint") != fingerprint:
        content = _content_hash(files)
        if meta is not None and not outdated and meta.get("content") == content:
            meta["fingerprint"] = fingerprint  # touched, not changed: no rebuild
            _write_json(path / META_FILE, meta)
        else:
            _build(path, files, {"content": content, "fingerprint": fingerprint, "files": [str(f) for f in files],
                                 "index": textindex.VERSION, "ranking": ranking.VERSION})
    return EmbeddedStore(oxigraph=open_read_only(path), description=str(path), names=open_index(path),
                         ranking_path=path / ranking.DIRECTORY)


def open_read_only(path: Path | str) -> ox.Store:
    """The built store at ``path`` opened read-only (RocksDB lets many processes do so at once)."""
    try:
        return ox.Store.read_only(str(path))
    except OSError as error:
        raise InputError(f"{path}: cannot open the store: {error}") from None


def pinned_snapshot(path: Path | str) -> Path:
    """A snapshot of the built store at ``path``, for one server's lifetime: a directory beside it
    whose files are hard links to the store's (a RocksDB checkpoint in all but name: the files of a
    built store never change, a rebuild writes new ones and swaps the directory).

    A rebuild of ``path`` then leaves the snapshot whole, so every worker, the first and one
    started after a crash, answers from the same data until the server restarts. Made under the
    build lock (never half-way through a swap); snapshots of servers no longer running are removed.
    Remove it with :func:`release_snapshot`.
    """
    import os
    import shutil
    import tempfile

    from ..atomic import build_lock

    path = Path(path).absolute()
    with build_lock(path):
        for stale in path.parent.glob(f".{path.name}.serving.*"):
            pid = stale.name.rsplit(".serving.", 1)[1].split(".")[0]
            if pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        snapshot = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.serving.{os.getpid()}."))
        for source in sorted(path.rglob("*")):
            target = snapshot / source.relative_to(path)
            if source.is_dir():
                target.mkdir()
            else:
                try:
                    os.link(source, target)
                except OSError:  # another filesystem or no links: a copy, as large as the store
                    shutil.copy2(source, target)
    return snapshot


def release_snapshot(snapshot: Path) -> None:
    import shutil

    shutil.rmtree(snapshot, ignore_errors=True)


def _running(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_index(path: Path | str) -> textindex.TextIndex:
    """The name and text index of the built store at ``path``."""
    return textindex.TextIndex(Path(path) / textindex.FILE)


def _write_json(path: Path, value: dict) -> None:
    write_file(path, json.dumps(value, indent=1).encode("utf-8"))


def _build(path: Path, files: list[Path], meta: dict) -> None:
    if path.exists() and not (path / META_FILE).is_file() and any(path.iterdir()):
        raise InputError(f"{path}: exists and is not a zjkg store; choose another store path")
    path.parent.mkdir(parents=True, exist_ok=True)
    with staged_directory(path, "building") as building:
        oxigraph = ox.Store(str(building))
        load_files(oxigraph, files, on_disk=True)
        oxigraph.optimize()
        textindex.build_index(oxigraph, building / textindex.FILE)
        ranking.build_ranking(ranking.collect_documents(EmbeddedStore(oxigraph=oxigraph)), building / ranking.DIRECTORY)
        del oxigraph  # close the database before it moves
        _write_json(building / META_FILE, meta)  # written last: a store without it is incomplete
