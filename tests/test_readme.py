"""Every shell example of the README runs as written, from a fresh temporary directory.

The README is a new user's front door: its commands are run by bash in an empty working directory
(relative paths included, as a person would type them), and each must exit 0 with output. The set-up
lines install the package (done by the test run itself), so only what follows their `&&` runs here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
INSTALL = re.compile(r"^python3 -m pip install \S+ && ")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.S | re.M)


def shell_examples() -> list[str]:
    commands = []
    for block in _blocks("sh"):
        for line in block.splitlines():
            if not line.strip():
                continue
            command = INSTALL.sub("", line)
            if command.startswith("python3 -m pytest"):
                continue  # the suite itself: this test is part of it
            commands.append(command)
    return commands


def test_the_readme_has_its_examples():
    # Guards the extraction: a changed fence would otherwise leave nothing to run.
    commands = shell_examples()
    assert len(commands) >= 11
    assert "zjkg serves 新质生产力" in commands  # the set-up line's command, after its install


@pytest.fixture(scope="module")
def zjkg_on_path():
    if shutil.which("zjkg") is None:
        pytest.fail("the zjkg command is not on PATH: install the package (python3 -m pip install '.[test]')")


@pytest.mark.parametrize("command", shell_examples())
def test_a_readme_command_runs_as_written(command, tmp_path, zjkg_on_path):
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, timeout=300)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, f"{command!r} exited {done.returncode}: {stderr[-2000:]}"
    assert "Traceback" not in stderr
    assert done.stdout or any(tmp_path.iterdir()), f"{command!r} printed and wrote nothing"


@pytest.mark.parametrize("code", _blocks("python"))
def test_a_readme_python_example_runs(code, tmp_path):
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert done.stdout.strip()
