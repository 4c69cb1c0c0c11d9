"""20 concurrent clients against gunicorn as deployed: enterprise API, home page, explorer.

    python -m benchmarks load [--engine sqlite|postgres|both] [--clients 20] [--seconds 15]

Data: `zhiliang demo --no-serve` at district scale on SQLite and city scale on PostgreSQL (the
database zhiliang_bench, or --pg-database), under $ZHILIANG_BENCH_HOME/load-<engine>-<scale>;
a second run reuses it. gunicorn runs with the arguments of deploy/zhiliang-web.service (its
ExecStart line), on a loopback TCP port instead of the unix socket.

Each scenario runs `--clients` clients for `--seconds`; each client sends its next request as
soon as the last one is answered (a closed loop, as a user who clicks again at once). The API
clients are logged in with tokens, the page clients with a session of their own each; half are
a city viewer and half a district viewer. The client is asyncio over raw sockets, so it needs
nothing outside the standard library and costs little CPU next to the server.

Goals (issue #19): API p95 ≤ 150 ms, ≥ 150 req/s, no errors; home page and explorer p95 ≤ 300 ms.
"""

import argparse
import asyncio
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import BENCH_HOME, ROOT, environment, machine, percentile, table, zhiliang
from benchmarks.common import pg_create_database as _pg_create
from benchmarks.enterprise_api import TOWNSHIP, VIEWERS, _free_port, _token, _wait_until_up

API_GOAL = {"p95": 150, "rps": 150}
PAGE_GOAL = {"p95": 300}
NAME_2 = "恒瑞"  # two Chinese characters: trigrams cannot serve it
EXPLORER = "/indicators/enterprise.count/"
API = "/api/enterprises/"


def scenarios(uscc: str) -> list[tuple[str, str, list[str]]]:
    """(name, kind, paths): a client cycles through the paths of its scenario."""
    q = urllib.parse.quote
    single = {
        "unfiltered": "",
        f"region={TOWNSHIP}": f"?region={TOWNSHIP}",
        "industry=C": "?industry=C",
        "status=active": "?status=active",
        "region+industry+status": f"?region={TOWNSHIP[:6]}&industry=C&status=active",
        f"q={NAME_2}": f"?q={q(NAME_2)}",
        "q=<USCC>": f"?q={uscc}",
    }
    mixed = [API + s for s in single.values()] + [
        API + "?page=20",
        API + "?size_class=small&status=active",
    ]
    return (
        [("api mixed", "api", mixed)]
        + [(f"api {name}", "api", [API + query]) for name, query in single.items()]
        + [("home page", "page", ["/"]), ("indicator explorer", "page", [EXPLORER])]
    )


# --- the client -------------------------------------------------------------------------


async def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{head}\r\n".encode()
        )
        await writer.drain()
        data = await reader.read()  # the server closes: everything up to EOF is the answer
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


async def _client(port, paths, headers, stop_at, times, errors, offset):
    i = offset
    while time.monotonic() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(_get(port, path, headers), 60)
        except (OSError, TimeoutError, ValueError, IndexError):
            status = 0
        if status == 200:
            times.append((time.perf_counter() - started) * 1000)
        else:
            errors.append(status)


async def _run(port, paths, client_headers, seconds) -> dict:
    times, errors = [], []
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(
        *(_client(port, paths, h, stop_at, times, errors, n) for n, h in enumerate(client_headers))
    )
    elapsed = time.monotonic() - started  # includes the requests still running at the end
    return {"n": len(times), "errors": len(errors), "elapsed": elapsed, "times": times}


# --- logging in -------------------------------------------------------------------------


def _session(port: int, username: str, password: str) -> str:
    """Log in through the login page as a browser does; the Cookie header of the session."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    r = conn.getresponse()
    page = r.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", r.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"}
    )
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}/login/",
        },
    )
    r = conn.getresponse()
    r.read()
    cookies = " ".join(r.msg.get_all("Set-Cookie") or [])
    found = re.search(r"sessionid=([^;]+)", cookies)
    if r.status != 302 or not found:
        raise SystemExit(f"login as {username}: HTTP {r.status}, no session")
    return f"sessionid={found.group(1)}; csrftoken={csrf}"


# --- the server -------------------------------------------------------------------------


UNIT = ROOT / "deploy" / "zhiliang-web.service"


def deployed_gunicorn_args(unit_file: Path = UNIT) -> list[str]:
    """gunicorn's arguments from deploy/zhiliang-web.service, so the benchmark follows it."""
    unit = Path(unit_file).read_text(encoding="utf-8")
    line = next(t for t in unit.splitlines() if t.startswith("ExecStart="))
    args = shlex.split(line.split("=", 1)[1])[1:]  # without the program
    return [a for a in args if a not in ("--access-logfile", "-")]  # no log writes here


def prepare(engine: str, scale: str, pg_database: str) -> tuple[Path, dict]:
    home = BENCH_HOME / f"load-{engine}-{scale}"
    url = None
    if engine == "postgres":
        _pg_create(pg_database)
        url = f"postgres://postgres@127.0.0.1:5432/{pg_database}"
    env = environment(home, url)
    started = time.monotonic()
    zhiliang("demo", "--no-serve", "--scale", scale, "--seed", "1", env=env, quiet=True)
    print(f"[{engine}] data ready in {time.monotonic() - started:.0f} s", flush=True)
    return home, env


def _goal(kind: str, r: dict) -> str:
    if kind == "api":
        ok = r["p95"] <= API_GOAL["p95"] and r["rps"] >= API_GOAL["rps"] and not r["errors"]
    else:
        ok = r["p95"] <= PAGE_GOAL["p95"] and not r["errors"]
    return "met" if ok else "MISSED"


def run_engine(engine, scale, a) -> tuple[list[list], str]:
    pg_database, clients, seconds, only = a.pg_database, a.clients, a.seconds, a.only
    home, env = prepare(engine, scale, pg_database)
    passwords = {
        e["username"]: e["password"]
        for e in json.loads((home / "demo-credentials.json").read_text(encoding="utf-8"))
    }
    port = _free_port()
    # Connections kept between requests as in production (settings: PRODUCTION, 60 s);
    # the rest of production's settings (secure cookies…) would not work over plain HTTP.
    env = {**env, "ZHILIANG_ALLOWED_HOSTS": "127.0.0.1", "ZHILIANG_DB_CONN_MAX_AGE": "60"}
    # Absolute, so that gunicorn imports the code this benchmark was started with.
    paths = [str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    args = deployed_gunicorn_args(a.unit)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), *args, "-b", f"127.0.0.1:{port}"],
        env=env,
        cwd=home,  # gunicorn's working directory, as WorkingDirectory= in the unit
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    loads = [os.getloadavg()[0]]
    try:
        _wait_until_up(port, server)
        tokens = [_token(port, u, passwords[u]) for u in VIEWERS]
        api_headers = [
            {"Authorization": f"Token {tokens[n % 2]}", "Accept": "application/json"}
            for n in range(clients)
        ]
        # A real USCC the district viewer sees (and so does the city viewer).
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", API + "?page_size=1", headers=api_headers[1])
        uscc = json.loads(conn.getresponse().read())["results"][0]["uscc"]
        page_headers = [
            {"Cookie": _session(port, VIEWERS[n % 2], passwords[VIEWERS[n % 2]])}
            for n in range(clients)
        ]
        for name, kind, paths in scenarios(uscc):
            if only and not any(o in name for o in only):
                continue
            headers = api_headers if kind == "api" else page_headers
            asyncio.run(_run(port, paths, headers[:2], 2))  # warm up each worker's caches
            r = asyncio.run(_run(port, paths, headers, seconds))
            loads.append(os.getloadavg()[0])
            times = r["times"] or [0.0]
            r.update(
                rps=r["n"] / r["elapsed"],
                p50=percentile(times, 50),
                p95=percentile(times, 95),
                max=max(times),
            )
            rows.append(
                [engine, name, r["n"], f"{r['rps']:.0f}"]
                + [f"{r[k]:.0f}" for k in ("p50", "p95", "max")]
                + [r["errors"], _goal(kind, r)]
            )
            print(" | ".join(str(c) for c in rows[-1]), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    load = f"load average (1 min) {min(loads):.1f}–{max(loads):.1f}"
    note = f"{engine}, {scale} scale: gunicorn {' '.join(args)}; {load}"
    return rows, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15, help="per scenario (default 15)")
    parser.add_argument("--sqlite-scale", default="district", choices=("district", "city"))
    parser.add_argument("--postgres-scale", default="city", choices=("district", "city"))
    parser.add_argument("--pg-database", default="zhiliang_bench")
    parser.add_argument("--unit", default=UNIT, help="the systemd unit to take gunicorn's from")
    parser.add_argument("--only", nargs="*", help="scenarios whose name contains one of these")
    a = parser.parse_args()
    engines = ("sqlite", "postgres") if a.engine == "both" else (a.engine,)
    rows, notes = [], []
    for engine in engines:
        scale = a.sqlite_scale if engine == "sqlite" else a.postgres_scale
        r, note = run_engine(engine, scale, a)
        rows += r
        notes.append(note)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\nload — {a.clients} clients, {a.seconds:.0f} s per scenario — {when} — {machine()}")
    for note in notes:
        print(f"  {note}")
    print()
    headers = ["engine", "scenario", "answered", "req/s", "p50 ms", "p95 ms", "max ms"]
    print(table(headers + ["errors", "goal"], rows))


if __name__ == "__main__":
    main()
