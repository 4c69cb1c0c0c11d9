"""Run every benchmark, each in its own process: `python -m benchmarks [name …]`."""

import subprocess
import sys

BENCHMARKS = (
    "plan_extraction",
    "import_enterprises",
    "enterprise_api",
    "load",
    "sampling_pass_rate",
    "sampling_draw",
    "equipment_due",
    "indicators_compute",
    "licensing_indicators",
    "injuries",
    "cases",
    "credit",
    "risk",
)


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        print(f"unknown benchmarks: {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}")
        return 2
    failed = 0
    for name in names:
        print(f"\n## {name}\n", flush=True)
        failed += subprocess.run([sys.executable, "-m", f"benchmarks.{name}"]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
