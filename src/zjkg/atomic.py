"""Putting files and directories into place whole: written beside their destination, then swapped in.

Shared by the exports and the persistent store, so neither a reader nor an interrupted run ever
sees a half-written file or store.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["write_file", "staged_directory"]


def _usual_mode(full: int) -> int:
    """``full`` (0o666 or 0o777) less the umask: mkstemp and mkdtemp would give 0600 and 0700."""
    mask = os.umask(0)
    os.umask(mask)
    return full & ~mask


def write_file(destination: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, _usual_mode(0o666))
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def staged_directory(destination: Path, purpose: str = "tmp"):
    """Yield an empty directory beside ``destination``; when the block succeeds, it replaces
    ``destination`` (an existing one is moved aside first, then removed); when it fails, it is removed."""
    staging = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.{purpose}."))
    os.chmod(staging, _usual_mode(0o777))
    try:
        yield staging
        if destination.exists():
            retired = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.old."))
            os.replace(destination, retired / "previous")
            os.replace(staging, destination)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
