"""Putting files and directories into place whole, and writing output that is checked.

Shared by the exports, the corpus, the persistent store and the CLI's output, so neither a reader
nor an interrupted run ever sees a half-written file or store, and no failed write passes for a
success:

- :func:`write_file` writes beside its destination and swaps the file in. A destination that is
  not a regular file (a device such as ``/dev/stdout``, a FIFO) is written through, not replaced;
  a symbolic link is followed, and its target replaced.
- :func:`staged_directory` builds a directory beside its destination and swaps it in, under
  :func:`build_lock`: builds of one path wait for each other, and the staging a killed build left
  behind is removed by the next one.
- :func:`write_output` writes to an open stream and flushes it.

Each turns a failed write (a full disk, a closed device) into :class:`WriteFailed`, one line
naming the path and the system's reason.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

from .errors import ZjkgError

__all__ = ["write_file", "staged_directory", "build_lock", "write_output", "WriteFailed", "describe_os_error"]


class WriteFailed(ZjkgError):
    """Output could not be written whole (no space left on device, a closed pipe or device...)."""


def describe_os_error(error: OSError) -> str:
    """The system's reason for ``error`` in words, as ``ls`` or ``cp`` would give it.

    >>> describe_os_error(OSError(errno.ENOSPC, "x"))
    'no space left on device'
    """
    if error.errno is not None:
        return os.strerror(error.errno)[:1].lower() + os.strerror(error.errno)[1:]
    if os.strerror(errno.ENOSPC) in str(error):  # RocksDB's errors carry the reason in words only
        return "no space left on device"
    return str(error)


def _usual_mode(full: int) -> int:
    """``full`` (0o666 or 0o777) less the umask: mkstemp and mkdtemp would give 0600 and 0700."""
    mask = os.umask(0)
    os.umask(mask)
    return full & ~mask


def _write_all(fd: int, content: bytes) -> None:
    """os.write until every byte is written: a short write is continued, never ignored."""
    view = memoryview(content)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # os.write raises on errors; 0 bytes written would loop forever
            raise OSError(errno.EIO, "nothing written")
        view = view[written:]


def write_file(destination: Path | str, content: bytes) -> None:
    """Put ``content`` at ``destination`` whole, or raise :class:`WriteFailed` and leave it as it was.

    A regular file (or a new one) is written beside the destination, flushed to disk and swapped
    in; a symbolic link is followed and its target swapped; a device, FIFO or socket is written
    through.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_file(path, b"hello"); path.read_bytes()
    b'hello'
    """
    destination = Path(destination)
    try:
        info = destination.stat()  # what the path leads to, through any links
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise WriteFailed(f"{destination}: cannot write: {describe_os_error(error)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteFailed(f"{destination}: is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(destination, content, os.O_WRONLY)  # a device, a FIFO: written, never replaced
        return
    if destination.is_symlink():
        if _through_open_file(destination):
            # /dev/stdout, /proc/self/fd/N on a file the shell opened (> or >>): write where it points.
            _write_through(destination, content, os.O_WRONLY | os.O_APPEND)
            return
        destination = destination.resolve()  # the link stays; the file it points to is replaced
    try:
        handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteFailed(f"{destination}: cannot write: {describe_os_error(error)}") from None
    try:
        try:
            _write_all(handle, content)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temporary, _usual_mode(0o666) if info is None else stat.S_IMODE(info.st_mode))
        os.replace(temporary, destination)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WriteFailed(f"{destination}: cannot write: {describe_os_error(error)}; the file is unchanged") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_through(destination: Path, content: bytes, flags: int) -> None:
    try:
        fd = os.open(destination, flags)
    except OSError as error:
        raise WriteFailed(f"{destination}: cannot write: {describe_os_error(error)}") from None
    try:
        _write_all(fd, content)
    except OSError as error:
        raise WriteFailed(f"{destination}: writing failed: {describe_os_error(error)}; the output is incomplete") from None
    finally:
        os.close(fd)


def _through_open_file(link: Path) -> bool:
    """Whether the chain of links from ``link`` passes through a process's open files (/proc/…/fd,
    /dev/fd): such a link names an open file, not a place to put a new one."""
    current = str(link)
    for _ in range(40):
        if current.startswith(("/proc/", "/dev/fd/")):
            return True
        try:
            target = os.readlink(current)
        except OSError:
            return False
        current = os.path.join(os.path.dirname(current), target)
    return False


def write_output(stream, content: bytes | str) -> None:
    """Write ``content`` to an open ``stream`` (binary or text) and flush it; a failure (a full disk
    under ``> file``, a closed device) is :class:`WriteFailed` naming the reason.

    A reader that closed a pipe early (``| head``) raises :class:`BrokenPipeError` as before: the
    caller decides that it is not an error.
    """
    try:
        if isinstance(content, bytes):
            stream = getattr(stream, "buffer", stream)  # a text stream's binary layer
        stream.write(content)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        name = getattr(stream, "name", "the output")
        name = {1: "standard output", 2: "standard error", "<stdout>": "standard output"}.get(name, name)
        raise WriteFailed(f"writing to {name} failed: {describe_os_error(error)}; the output is incomplete") from None


# Locks this process holds, so a build inside a build of the same path does not wait for itself
# (flock locks belong to an open file, and a second open of the lock file would block).
_HELD: dict[str, list] = {}
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def build_lock(destination: Path | str):
    """Hold the build lock of ``destination`` (a ``.NAME.lock`` file beside it, locked with flock):
    a second build of the same path, in any process, waits until the first has swapped its result in.

    While it is held, no other build of this path is running, so any staging left beside the
    destination (``.NAME.building.*``, ``.NAME.old.*``) belongs to a build that was killed; it is removed.
    """
    destination = Path(destination).absolute()
    key = str(destination)
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held:
            held[1] += 1
    if held:
        try:
            yield
        finally:
            with _HELD_GUARD:
                held[1] -= 1
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    lock_path = destination.parent / f".{destination.name}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise WriteFailed(f"{lock_path}: cannot create the build lock: {describe_os_error(error)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with _HELD_GUARD:
            _HELD[key] = [fd, 1]
        _remove_debris(destination)
        try:
            yield
        finally:
            with _HELD_GUARD:
                del _HELD[key]
    finally:
        os.close(fd)  # closing the file releases the lock; the lock file itself stays, empty


def _remove_debris(destination: Path) -> None:
    """Remove the staging of killed builds: call only with the build lock held."""
    for purpose in ("building", "old", "tmp"):
        for stale in destination.parent.glob(f".{glob_escape(destination.name)}.{purpose}.*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters escaped."""
    import glob

    return glob.escape(name)


@contextlib.contextmanager
def staged_directory(destination: Path, purpose: str = "tmp"):
    """Yield an empty directory beside ``destination``; when the block succeeds, it replaces
    ``destination`` (an existing one is moved aside first, then removed); when it fails, it is removed
    (and an OSError in the block, such as a full disk, becomes :class:`WriteFailed` naming ``destination``).

    The whole build runs under :func:`build_lock`, so concurrent builds of one path take turns,
    and each ends with a complete directory in place.
    """
    destination = Path(destination)
    with build_lock(destination):
        try:
            staging = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.{purpose}."))
        except OSError as error:
            raise WriteFailed(f"{destination}: cannot write: {describe_os_error(error)}") from None
        os.chmod(staging, _usual_mode(0o777))
        try:
            yield staging
        except OSError as error:  # a write into the staging failed (a full disk...): say where
            shutil.rmtree(staging, ignore_errors=True)
            kept = "the old one is unchanged" if destination.exists() else "nothing was left behind"
            raise WriteFailed(f"{destination}: cannot write: {describe_os_error(error)}; {kept}") from None
        except BaseException:  # the build failed: its errors are its own
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            if destination.exists():
                retired = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.old."))
                os.replace(destination, retired / "previous")
                os.replace(staging, destination)
                shutil.rmtree(retired, ignore_errors=True)
            else:
                os.replace(staging, destination)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise WriteFailed(f"{destination}: cannot put the new directory in place: {describe_os_error(error)}") from None
