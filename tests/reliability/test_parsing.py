"""Bounded parsing: no entity expansion, no URL fetched while loading or validating."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from zjkg.cli import cli

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&e;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("command", [["stats"], ["validate"]])
def test_billion_laughs_is_refused_in_under_a_second(runner, tmp_path, command):
    bomb = tmp_path / "laughs.rdf"
    bomb.write_text(LAUGHS, encoding="utf-8")
    start = time.monotonic()
    result = runner.invoke(cli, [*command, "--data", str(bomb)])
    assert time.monotonic() - start < 1.0
    assert result.exit_code == 2 and "DTD or entity declarations" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", [["stats"], ["validate"]])
def test_a_remote_jsonld_context_is_never_fetched(runner, tmp_path, command):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    connections, done = [], threading.Event()

    def accept():  # each connection is noted and closed at once, so a fetching command fails fast
        while True:
            connection, _ = listener.accept()
            connection.close()
            if done.is_set():
                return
            connections.append(connection)

    watcher = threading.Thread(target=accept)
    watcher.start()
    document = tmp_path / "remote.jsonld"
    document.write_text(json.dumps({"@context": f"http://127.0.0.1:{port}/context.jsonld",
                                    "@id": "http://example.org/s", "p": "o"}), encoding="utf-8")
    try:
        result = runner.invoke(cli, [*command, "--data", str(document)])
    finally:
        done.set()
        socket.create_connection(("127.0.0.1", port)).close()  # wakes the watcher: no timeout to wait for
        watcher.join()
        listener.close()
    assert result.exit_code == 2  # refused: a context that is not in the file
    assert connections == []  # validate used to fetch it through rdflib
