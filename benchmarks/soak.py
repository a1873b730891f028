"""A bounded load on a real `zjkg serve` on 127.0.0.1: N clients for S seconds, a mix of light
SPARQL, bound named queries and (optionally) heavy cross joins and hostile texts.

Prints requests, non-2xx by status, latency p50/p95/p99 per kind, and the server's RSS (itself and
its workers) before and after. Run:

    python benchmarks/soak.py --clients 50 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

LIGHT = ["ASK {}", "PREFIX zjkg: <https://w3id.org/zjkg/ontology#> SELECT (COUNT(?m) AS ?n) WHERE { ?m a zjkg:Measure }"]
NAMED = ["/queries/measures-by-pledge?pledge_iri=pledge:1", "/queries/main-targets",
         "/queries/keyword-search?" + urllib.parse.urlencode({"text": "人才"})]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HOSTILE = ["a." * 49_000, "ASK { FILTER(" + "!" * 9_580 + "true) }", "SELECT * WHERE { # x\rSERVICE <http://127.0.0.1:9/> {} }"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """The resident memory of ``pid`` and its children, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * 4096
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(p) for p in children.read().split()]
        except OSError:
            pass
    return total / 1e6


def call(base: str, kind: str) -> tuple[int, float]:
    if kind == "named":
        url = base + random.choice(NAMED)
        data = None
    else:
        text = {"light": random.choice(LIGHT), "heavy": HEAVY, "hostile": random.choice(HOSTILE)}[kind]
        url, data = base + "/sparql", text.encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json",
                                                              "Content-Type": "application/sparql-query"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--heavy", type=int, default=2, help="clients that send only cross joins")
    parser.add_argument("--hostile", type=int, default=2, help="clients that send only hostile texts")
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from zjkg.cli import main; main()", "serve", "--port", str(port),
                               "--workers", str(options.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/queries", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    before = rss_mb(server.pid)
    results: dict[str, list] = defaultdict(list)
    lock = threading.Lock()
    stop_at = time.monotonic() + options.seconds

    def client(kinds: list[str]):
        while time.monotonic() < stop_at:
            kind = random.choice(kinds)
            status, seconds = call(base, kind)
            with lock:
                results[kind].append((status, seconds))

    roles = [["heavy"]] * options.heavy + [["hostile"]] * options.hostile
    roles += [["light", "named"]] * (options.clients - len(roles))
    threads = [threading.Thread(target=client, args=(role,)) for role in roles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = rss_mb(server.pid)
    server.terminate()
    server.wait(timeout=15)
    summary = {"clients": options.clients, "seconds": options.seconds, "workers": options.workers,
               "rss_mb_before": round(before, 1), "rss_mb_after": round(after, 1), "kinds": {}}
    for kind, items in sorted(results.items()):
        times = sorted(seconds for _, seconds in items)
        q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
        summary["kinds"][kind] = {"requests": len(items),
                                  "non_2xx": dict(Counter(s for s, _ in items if not 200 <= s < 300)),
                                  "p50_ms": round(1000 * q[49], 1), "p95_ms": round(1000 * q[94], 1),
                                  "p99_ms": round(1000 * q[98], 1)}
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
