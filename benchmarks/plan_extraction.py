"""Policy-document extraction speed: a 20,000-character document, goal under 0.2 s.

`python -m benchmarks.plan_extraction` — pure Python, no database. Documents: the five
labelled ones from ../shared/policy-extraction/docs (each repeated or cut to 20,000
characters, and all five joined), and a dense built-in sample with a target in every line.
"""

import statistics
import sys
import time
from pathlib import Path

from benchmarks.common import machine, table
from zhiliang.plans.extraction import extract_text

DOCS = Path(__file__).resolve().parents[2] / "shared" / "policy-extraction" / "docs"
LENGTH = 20_000
RUNS = 20
DENSE = (
    "一、主要目标\n到2020年,全市工业产品质量监督抽查合格率达到95%以上,主要农产品质量安全抽检合格率"
    "稳定在98%以上,新增中国驰名商标2件、省著名商标10件左右。\n"
    "1.推进品牌建设。培育省级以上名牌产品20个。(市市场监管局牵头,市发改委、工信局配合)\n"
)


def _sized(text: str) -> str:
    return (text * (LENGTH // len(text) + 1))[:LENGTH]


def _time(text: str) -> tuple[float, float, int]:
    result = extract_text(text)  # warm-up: lazy imports and character tables
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        extract_text(text)
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs), len(result["targets"])


def main() -> int:
    samples = {}
    if DOCS.exists():
        docs = sorted(DOCS.glob("*.txt"))
        for path in docs:
            samples[path.stem[:3]] = _sized(path.read_text(encoding="utf-8"))
        samples["all five"] = _sized("\n".join(p.read_text(encoding="utf-8") for p in docs))
    samples["dense sample"] = _sized(DENSE)
    rows = []
    for name, text in samples.items():
        best, median, targets = _time(text)
        rows.append([name, f"{len(text):,}", targets, f"{best * 1000:.1f}", f"{median * 1000:.1f}"])
    print(f"plan_extraction — {time.strftime('%Y-%m-%d')} — {machine()}")
    print(f"{RUNS} runs each; goal: under 200 ms for {LENGTH:,} characters\n")
    print(table(["document", "characters", "targets", "best (ms)", "median (ms)"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
