"""A by-hand timing check: `python -m zhiliang.plans.extraction.bench [FILE]`.

Extracts a 20,000-character document (FILE repeated or cut to that length, else a
built-in sample) and prints the best and median of ten runs.
"""

import statistics
import sys
import time
from pathlib import Path

from . import extract_text

SAMPLE = (
    "一、主要目标\n到2020年,全市工业产品质量监督抽查合格率达到95%以上,主要农产品质量安全抽检合格率"
    "稳定在98%以上,新增中国驰名商标2件、省著名商标10件左右。\n"
    "1.推进品牌建设。培育省级以上名牌产品20个。(市市场监管局牵头,市发改委、工信局配合)\n"
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seed = Path(args[0]).read_text(encoding="utf-8") if args else SAMPLE
    text = (seed * (20000 // len(seed) + 1))[:20000]
    extract_text(text)  # warm-up: lazy imports and character tables
    runs = []
    for _ in range(10):
        start = time.perf_counter()
        extract_text(text)
        runs.append(time.perf_counter() - start)
    print(f"{len(text)} chars: best {min(runs):.4f} s, median {statistics.median(runs):.4f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
