"""Licensing indicators at city scale: the five certificate and instrument indicators.

    python -m benchmarks.licensing_indicators

Data: `zhiliang generate --scale city` (560,000 enterprises in 常州市) into
$ZHILIANG_BENCH_HOME/licensing-sqlite-city, then the licensing demo step over all of them
(certificates for makers of CCC and licence products, ISO certificates, instruments with
their verification history); a second run reuses it. The compute (the licensing codes
only, the 2025 year with its quarters and months) runs in a child process, twice; the
better wall time and its peak memory (RSS) are kept.
"""

import json
import subprocess
import sys
import time

from benchmarks.common import BENCH_HOME, environment, machine, table

RUNS = 2
CODES = [
    "licensing.ccc_rate",
    "licensing.licence_rate",
    "licensing.qms_certified_count",
    "instruments.verification_coverage",
    "instruments.verification_pass_rate",
]

_COUNTS = """
import json
from zhiliang.enterprises.models import Enterprise
from zhiliang.licensing.models import Certificate, Instrument, Verification
print(json.dumps({"enterprises": Enterprise.objects.count(),
                  "certificates": Certificate.objects.count(),
                  "instruments": Instrument.objects.count(),
                  "verifications": Verification.objects.count()}))
"""

_LOAD = """
import time
from zhiliang.licensing.demo import demo_licensing_step
t = time.monotonic()
line = demo_licensing_step(seed=1)
print(f"{line} in {time.monotonic() - t:.0f} s")
"""

_COMPUTE = f"""
import json, resource, time
from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
catalogue_load()
periods = P.periods_of_year(2025)
t = time.monotonic()
result = engine.compute(periods=periods, codes={CODES!r})
print(json.dumps({{"seconds": time.monotonic() - t, "values": result["values"],
                  "periods": len(periods),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _python(code: str, env: dict) -> str:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip


def _zl(*args, env):
    subprocess.run(
        [sys.executable, "-m", "zhiliang", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare() -> tuple[dict, dict]:
    home = BENCH_HOME / "licensing-sqlite-city"
    env = environment(home)
    started = time.monotonic()
    _zl("migrate", env=env)
    counts = json.loads(_python(_COUNTS, env))
    if not counts["enterprises"]:
        _zl("load-regions", env=env)
        _zl("generate", "--scale", "city", "--seed", "1", "--no-history", env=env)
    if not counts["certificates"]:
        print(_python(_LOAD, env), flush=True)
    counts = json.loads(_python(_COUNTS, env))
    print(f"[sqlite city] data ready in {time.monotonic() - started:.0f} s", flush=True)
    return env, counts


def main() -> int:
    env, counts = prepare()
    runs = [json.loads(_python(_COMPUTE, env)) for _ in range(RUNS)]
    best = min(runs, key=lambda r: r["seconds"])
    print(f"machine: {machine()}")
    print(
        table(
            ["engine", "enterprises", "certificates", "instruments", "verifications",
             "periods", "values", "compute s", "peak RSS MiB"],
            [["sqlite", f"{counts['enterprises']:,}", f"{counts['certificates']:,}",
              f"{counts['instruments']:,}", f"{counts['verifications']:,}", best["periods"],
              f"{best['values']:,}", f"{best['seconds']:.1f}", f"{best['rss']:.0f}"]],
        )
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
