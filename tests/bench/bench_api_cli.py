"""What a CLI command costs through the running app compared with opening the file (on demand).

    uv run python -m tests.bench.bench_api_cli --db /tmp/bench1m.duckdb [--runs 15]

Copies the database twice (never writes the given file), starts `axos app` on one copy and
runs the same commands as real `axos` processes against both; prints the median wall time of
each, the difference (the cost of going through the app: finding it, one HTTP round trip, the
command in a worker thread) and the median of the bare POST /api/v1/cli round trip without
the client's Python start.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from axos_data import remote_channel
from tests.e2e.conftest import AXOS, AppServer, free_port

COMMANDS = [
    ["order", "list", "--limit", "20"],
    ["--json", "order", "show", "{order}"],
    ["order", "comment", "{order}", "benchmark"],
    ["settings", "show"],
]


def _time(args: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXOS_")}
    start = time.perf_counter()
    done = subprocess.run([*AXOS, *args], cwd=cwd, env=env, capture_output=True, timeout=600)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"axos {' '.join(args)}: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-api-cli-"))
    direct, served = work / "direkte.duckdb", work / "app.duckdb"
    shutil.copyfile(options.db, direct)
    shutil.copyfile(options.db, served)
    order = str(json.loads(subprocess.run(
        [*AXOS, "--db", str(direct), "--json", "order", "list", "--limit", "1"],
        capture_output=True, check=True, text=True,
    ).stdout)["orders"][0]["order_no"])  # fmt: skip
    app = AppServer(served, free_port()).start()
    try:
        while remote_channel.find_app(served) is None:
            time.sleep(0.1)
        print(f"{'command':40} {'file':>9} {'app':>9} {'diff':>9}  (median of {options.runs})")
        for command in COMMANDS:
            args = [word.replace("{order}", order) for word in command]
            on_file = [_time(["--db", str(direct), *args], work) for _ in range(options.runs)]
            on_app = [_time(["--db", str(served), *args], work) for _ in range(options.runs)]
            a, b = statistics.median(on_file), statistics.median(on_app)
            shown = " ".join(args)
            print(f"{shown:40} {a * 1e3:7.0f}ms {b * 1e3:7.0f}ms {(b - a) * 1e3:+7.0f}ms")
        found = remote_channel.find_app(served)
        body = json.dumps({"argv": ["order", "list", "--limit", "20"], "cwd": str(work)}).encode()
        trips = []
        for _ in range(options.runs * 4):
            request = urllib.request.Request(
                found.url + "/api/v1/cli",
                data=body,
                headers={"Authorization": f"Bearer {found.token}"},
            )
            start = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                response.read()
            trips.append(time.perf_counter() - start)
        print(f"POST /api/v1/cli order list --limit 20: {statistics.median(trips) * 1000:.1f} ms")
    finally:
        app.stop()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
