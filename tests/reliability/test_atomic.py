"""Writes under faults: a full disk, links, devices and FIFOs, killed and concurrent builds."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from zjkg.atomic import WriteFailed, staged_directory, write_file, write_output


@pytest.fixture
def full_disk(tmp_path):
    """A 64 kB tmpfs: mounted when run as root, else the tests that need it are skipped."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs, which only root can mount")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_keeps_the_old_file_and_says_why(full_disk):
    target = full_disk / "export.ttl"
    write_file(target, b"old\n")
    with pytest.raises(WriteFailed, match="No space left on device|no space left on device"):
        write_file(target, b"x" * 200_000)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in full_disk.iterdir()] == ["export.ttl"]  # no temporary left behind


def test_a_full_stdout_is_an_error_not_a_truncation():
    with open("/dev/full", "wb") as full:  # every write to /dev/full fails with ENOSPC
        with pytest.raises(WriteFailed, match="no space left on device"):
            write_output(full, b"rows\n" * 1000)


@pytest.mark.parametrize("descriptor, name", [(1, "standard output"), (2, "standard error"), ("<stdout>", "standard output")])
def test_a_failed_write_to_a_standard_stream_names_it(descriptor, name):
    """sys.stdout's binary layer is named by its descriptor: the message says which stream it was."""

    class Failing:
        def __init__(self):
            self.name = descriptor

        def write(self, content):
            raise OSError(28, "No space left on device")

        flush = write

    with pytest.raises(WriteFailed) as error:
        write_output(Failing(), b"rows\n")
    assert str(error.value) == f"writing to {name} failed: no space left on device; the output is incomplete"


def test_a_path_given_as_text_is_written_through_a_hidden_temporary_beside_it(tmp_path, monkeypatch):
    """The bytes go to a dot-file in the same directory first, so that no listing or glob (*.ttl) sees
    a half-written file, and the swap stays on one file system."""
    swaps = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (swaps.append((Path(a), Path(b))), real_replace(a, b))[1])
    write_file(str(tmp_path / "export.ttl"), b"new")
    assert (tmp_path / "export.ttl").read_bytes() == b"new"
    ((temporary, destination),) = swaps
    assert destination == tmp_path / "export.ttl" and temporary.parent == tmp_path
    assert temporary.name.startswith(".export.ttl.") and temporary.name.endswith(".tmp")


def test_a_symlink_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_file(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"] and fifo.is_fifo()


def test_dev_stdout_on_a_file_is_written_through(tmp_path):
    """`zjkg export -o /dev/stdout > file` used to replace the /dev/stdout link with a file."""
    out = tmp_path / "out.txt"
    script = "import sys; from zjkg.atomic import write_file; write_file(sys.argv[1], b'exported\\n')"
    with open(out, "wb") as stdout:
        subprocess.run([sys.executable, "-c", script, "/dev/stdout"], stdout=stdout, check=True)
    assert out.read_bytes() == b"exported\n" and Path("/dev/stdout").is_symlink()


def test_a_device_is_written_not_replaced():
    write_file(Path("/dev/null"), b"nothing")
    assert Path("/dev/null").is_char_device()


def test_a_killed_builds_staging_is_removed_by_the_next_build(tmp_path):
    destination = tmp_path / "corpus.db"
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from zjkg.atomic import staged_directory
        with staged_directory(Path({str(destination)!r}), "building") as staging:
            (staging / "half").write_bytes(b"x" * 1000)
            print("staging", flush=True)
            time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "staging"
    child.kill()
    child.wait()
    assert [p for p in tmp_path.iterdir() if ".building." in p.name]  # the debris the issue found
    with staged_directory(destination, "building") as staging:
        (staging / "whole").write_bytes(b"ok")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["corpus.db"]
    assert (destination / "whole").read_bytes() == b"ok"


def test_concurrent_builds_of_one_path_take_turns_and_both_end_whole(tmp_path):
    destination = tmp_path / "store"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from zjkg.atomic import staged_directory
        with staged_directory(Path({str(destination)!r}), "building") as staging:
            start = time.time()
            for i in range(5):
                (staging / f"part{{i}}").write_text(sys.argv[1])
                time.sleep(0.1)
            print(start, time.time(), flush=True)
    """)
    children = [subprocess.Popen([sys.executable, "-c", script, name], stdout=subprocess.PIPE, text=True)
                for name in ("first", "second")]
    spans = sorted(tuple(map(float, child.communicate(timeout=60)[0].split())) for child in children)
    assert all(child.returncode == 0 for child in children)
    assert spans[0][1] <= spans[1][0]  # the second build began after the first had finished
    contents = {(destination / f"part{i}").read_text() for i in range(5)}
    assert len(contents) == 1  # one build's whole result, never a mixture
    assert not [p for p in tmp_path.iterdir() if ".building." in p.name or ".old." in p.name]


def test_corpus_on_a_full_disk_is_exit_2_and_leaves_no_truncated_report(full_disk):
    from click.testing import CliRunner

    from zjkg.cli import cli

    result = CliRunner().invoke(cli, ["corpus", "--reports", "20", "-o", str(full_disk / "corpus")])
    assert result.exit_code == 2 and "no space left on device" in result.output.lower()
    assert result.exception is None or isinstance(result.exception, SystemExit)
    import pyoxigraph as ox

    for report in (full_disk / "corpus").glob("*.nt"):  # every report left is whole: it parses
        assert list(ox.parse(path=str(report), format=ox.RdfFormat.N_TRIPLES))
    assert not list((full_disk / "corpus").glob(".*.tmp"))


def test_a_directory_export_on_a_full_disk_names_the_directory(full_disk, runner):
    from zjkg.cli import cli

    target = full_disk / "neo4j"
    result = runner.invoke(cli, ["export", "--to", "csv", "--view", "full", "-o", str(target)])
    assert result.exit_code == 2, result.output
    # was an OSError out of the command: "writing to standard output failed" from zjkg's main
    assert f"{target}: cannot write: no space left on device" in result.output
    assert not target.exists() and not [p for p in full_disk.iterdir() if ".tmp." in p.name]


def test_a_store_build_on_a_full_disk_names_the_store_and_leaves_no_staging(full_disk, runner):
    from zjkg.cli import cli

    target = full_disk / "report.db"
    result = runner.invoke(cli, ["stats", "--store", str(target)])
    assert result.exit_code == 2, result.output
    assert f"{target}: cannot write: no space left on device" in result.output  # not RocksDB's paragraph
    assert not [p for p in full_disk.iterdir() if ".building." in p.name]
