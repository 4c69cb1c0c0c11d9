"""The enterprise importer's row check alone, in memory: the serializer for every row (the
importer before issue #19) against the quick check with the serializer for the rest.

    python -m benchmarks.import_check_rows [--rows 20000]

No database: the regions, industries and registered USCCs that `build_context` would read
are made in memory, so that on a loaded machine the two are compared in the same process
and minute. ~1 % of rows are spoilt as in `import_enterprises`; both must give the same
verdict for every row, or the run stops.
"""

import argparse
import os
import random
import time
from types import SimpleNamespace

from benchmarks.common import BENCH_HOME, django_setup


def _records(n: int, rng: random.Random):
    from zhiliang.enterprises.uscc import make_uscc

    townships = [f"320412{t:03d}" for t in range(1, 21)]
    out = []
    for i in range(n):
        record = {
            "uscc": make_uscc("320412", f"B{i:07d}"),
            "name": f"常州基准{i}号有限公司",
            "region_code": townships[i % 20],
            "industry_code": ["34", "C", "35", "13"][i % 4],
            "address": f"武进区基准路{i}号",
            "size_class": ["small", "micro", "medium"][i % 3],
            "legal_representative": "张三",
            "established_on": f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}",
            "status": "active",
            "chief_quality_officer": "李四",
            "cqo_trained_on": "2021-06-01",
            "contact_phone": "0519-88880000",
        }
        if rng.random() < 0.01:
            kind = rng.randrange(5)
            if kind == 0:
                record["uscc"] = record["uscc"][:-1] + ("0" if record["uscc"][-1] != "0" else "1")
            elif kind == 1:
                record["region_code"] = "320499"
            elif kind == 2:
                record["region_code"] = "320411002"
            elif kind == 3:
                record["established_on"] = "2031-05-01"
            else:
                record["industry_code"] = "99"
        out.append(record)
    return out


def _context():
    from zhiliang.core.models import Region
    from zhiliang.enterprises.import_check import quick_context
    from zhiliang.enterprises.models import Industry

    regions = {f"320412{t:03d}": Region(id=t, code=f"320412{t:03d}", name="镇", level=4)
               for t in range(1, 21)}  # fmt: skip
    regions["320411002"] = Region(id=99, code="320411002", name="新北", level=4)
    industries = {c: Industry(id=i, code=c, name=c, level=2) for i, c in
                  enumerate(["34", "C", "35", "13"])}  # fmt: skip
    user = SimpleNamespace(jurisdiction=Region(id=1, code="320412", name="武进区", level=3))
    return quick_context(
        {"user": user, "regions": regions, "industries": industries, "taken_usccs": set()}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    django_setup(BENCH_HOME / "check_rows")
    from rest_framework import serializers

    from zhiliang.enterprises.importers import ENTERPRISE_IMPORT as spec

    records = _records(args.rows, random.Random(2026))
    context = _context()
    serializer = spec.serializer_class(context=context)

    def verdict(record):
        try:
            return serializer.run_validation(record)
        except serializers.ValidationError:
            return None

    load = os.getloadavg()
    t, c = time.perf_counter(), time.process_time()
    old = [verdict(r) for r in records]
    t_old, c_old = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    new = [spec.quick_check(context, r) or verdict(r) for r in records]
    t_new, c_new = time.perf_counter() - t, time.process_time() - c
    assert [o is None for o in old] == [n is None for n in new]
    assert all(o == n for o, n in zip(old, new, strict=True) if o is not None)
    rejected = sum(o is None for o in old)
    print(f"{args.rows:,} rows, {rejected} rejected; load average {load[0]:.1f} → "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    for what, wall, cpu in (
        ("serializer for every row", t_old, c_old),
        ("quick check + serializer for the rest", t_new, c_new),
    ):
        print(f"{what}: {wall:.2f} s wall, {cpu:.2f} s CPU ({args.rows / cpu:,.0f} rows per CPU s)")
    print(f"same verdicts and values for every row; {c_old / c_new:.1f}× less CPU")


if __name__ == "__main__":
    main()
