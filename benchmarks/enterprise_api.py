"""GET /api/enterprises/ at city scale (560,000 enterprises) behind gunicorn, per filter.

    python -m benchmarks.enterprise_api [--engine sqlite|postgres|both] [--requests 200]

Data: `zhiliang demo --no-serve --scale city` into $ZHILIANG_BENCH_HOME/api-<engine>
(PostgreSQL: the database zhiliang_bench, created if missing); a second run reuses it.
Requests go one at a time over loopback, as a city-level and a district-level viewer.
Goal: p95 under 150 ms for every case.
"""

import argparse
import http.client
import json
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks.common import (
    BENCH_HOME,
    PG_BENCH_URL,
    environment,
    machine,
    percentile,
    pg_create_database,
    table,
    zhiliang,
)

GOAL_MS = 150
TOWNSHIP = "320412001"  # 戚墅堰街道, 武进区: visible to both viewers
CASES = (
    ("unfiltered", ""),
    ("q=恒瑞 (name)", "?q=%E6%81%92%E7%91%9E"),
    (f"region={TOWNSHIP}", f"?region={TOWNSHIP}"),
    ("industry=C", "?industry=C"),
    ("status=active", "?status=active"),
    ("page=50", "?page=50"),
)
VIEWERS = ("changzhou.viewer", "wujin.viewer")
WARM_UP = 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _wait_until_up(port: int, server: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            _request(port, "GET", "/api/schema/")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def _token(port: int, username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password})
    status, data = _request(
        port, "POST", "/api/auth/token/", {"Content-Type": "application/json"}, body
    )
    if status != 200:
        raise SystemExit(f"token for {username}: HTTP {status} {data[:200]!r}")
    return json.loads(data)["token"]


def measure(port: int, token: str, query: str, requests: int, budget: float) -> dict:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    path = "/api/enterprises/" + query
    status, data = _request(port, "GET", path, headers)
    if status != 200:
        raise SystemExit(f"{path}: HTTP {status} {data[:200]!r}")
    count = json.loads(data).get("count")
    for _ in range(WARM_UP - 1):
        _request(port, "GET", path, headers)
    times, deadline = [], time.monotonic() + budget
    for _ in range(requests):  # bounded: at most `requests`, and stops at the time budget
        started = time.perf_counter()
        status, _data = _request(port, "GET", path, headers)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        if time.monotonic() > deadline:
            break
    return {
        "count": count,
        "n": len(times),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "max": max(times),
    }


def prepare(engine: str, scale: str = "city") -> tuple[Path, dict]:
    home = BENCH_HOME / (f"api-{engine}" if scale == "city" else f"api-{engine}-{scale}")
    url = None
    if engine == "postgres":
        name = "zhiliang_bench" if scale == "city" else f"zhiliang_bench_{scale}"
        pg_create_database(name)
        url = PG_BENCH_URL.rsplit("/", 1)[0] + "/" + name
    env = environment(home, url)
    started = time.monotonic()
    zhiliang("demo", "--no-serve", "--scale", scale, "--seed", "1", env=env)
    print(f"[{engine}] data ready in {time.monotonic() - started:.0f} s", flush=True)
    return home, env


def run_engine(engine: str, requests: int, budget: float, scale: str = "city") -> list[list]:
    home, env = prepare(engine, scale)
    passwords = {
        e["username"]: e["password"]
        for e in json.loads((home / "demo-credentials.json").read_text(encoding="utf-8"))
    }
    port = _free_port()
    env = {**env, "ZHILIANG_ALLOWED_HOSTS": "127.0.0.1"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "zhiliang.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        _wait_until_up(port, server)
        for username in VIEWERS:
            token = _token(port, username, passwords[username])
            for name, query in CASES:
                r = measure(port, token, query, requests, budget)
                verdict = "ok" if r["p95"] < GOAL_MS else "MISSED"
                rows.append(
                    [engine, username, name, f"{r['count']:,}", r["n"]]
                    + [f"{r[k]:.0f}" for k in ("p50", "p95", "max")]
                    + [verdict]
                )
                print(" | ".join(str(c) for c in rows[-1]), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--scale", choices=("district", "city"), default="city", help="data set (default city)"
    )
    parser.add_argument(
        "--case-seconds", type=float, default=60, help="time budget per case (default 60)"
    )
    args = parser.parse_args()
    engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
    rows = []
    for engine in engines:
        rows += run_engine(engine, args.requests, args.case_seconds, args.scale)
    print(
        f"\nenterprise_api — {args.scale} scale — {date.today()} — {machine()}; "
        "gunicorn -w 2, sequential client\n"
    )
    headers = ["engine", "user", "case", "matches", "n", "p50 ms", "p95 ms", "max ms", "goal"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
