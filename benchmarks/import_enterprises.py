"""Import 100,000 enterprises from an xlsx through the staged importer, stage by stage.

    python -m benchmarks.import_enterprises [--rows 100000] [--database-url URL]

Works in a fresh database under $ZHILIANG_BENCH_HOME/import (default /tmp/zhiliang-bench),
as an office-staff user of 常州市. Goal (issue #19): ≥ 5,000 rows/s on SQLite and PostgreSQL
(100,000 rows ≤ 20 s, upload + validate + commit). Then the same file once more through the
reference (`import_reference`: the same checks by hand, executemany / COPY), on the emptied
registry; the table shows the importer's time as a multiple of it.
"""

import argparse
import os
import random
import shutil
import time
import zipfile
from datetime import date

from benchmarks.common import BENCH_HOME, django_setup, machine, peak_rss_mib, table
from benchmarks.import_reference import reference_import

HEADERS = (
    "统一社会信用代码", "企业名称", "区划代码", "行业代码", "地址", "企业规模", "法定代表人",
    "成立日期", "登记状态", "首席质量官", "首席质量官培训日期", "联系电话",
)  # fmt: skip
SIZE_WORDS = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
STATUS_WORDS = {
    "active": "存续",
    "operating": "在业",
    "revoked": "吊销",
    "cancelled": "注销",
    "moved_out": "迁出",
}
GOAL_ROWS_PER_SECOND = 5000


def _spoil(rng: random.Random, cells: list, previous_uscc: str) -> list:
    """One of the mistakes clerks make, so that ~1 % of rows are rejected."""
    kind = rng.randrange(6)
    if kind == 0:
        cells[0] = cells[0][:-1] + ("0" if cells[0][-1] != "0" else "1")  # check character
    elif kind == 1:
        cells[2] = "320499"  # no such region
    elif kind == 2:
        cells[2] = "320506"  # 苏州市吴中区: outside 常州市
    elif kind == 3:
        cells[7] = "2031-05-01"  # in the future
    elif kind == 4:
        cells[3] = "99"  # not an industry
    else:
        cells[0] = previous_uscc  # twice in the file
    return cells


def build_workbook(path, rows: int, seed: int = 2026) -> int:
    """Write the sheet row by row (openpyxl write-only); return the number of spoilt rows."""
    from openpyxl import Workbook

    from zhiliang.demo.generate import industry_ids, places_in
    from zhiliang.demo.synthetic import county_counts, enterprise_rows

    cities, counties, townships = places_in("3204")
    codes = {p.region_id: p.code for ps in townships.values() for p in ps}
    codes.update({c.region_id: c.code for c in counties})
    ids = industry_ids()
    industries = {v: k for k, v in ids.items()}
    counts = county_counts("district", {}, rows)
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业名录")
    ws.append(HEADERS)
    spoilt, written, previous = 0, 0, ""
    for county in counties:
        stream = enterprise_rows(
            seed=seed,
            city_name=cities["3204"],
            county=county,
            townships=townships[county.code],
            count=counts[county.code],
            industry_ids=ids,
        )
        for r in stream:
            cells = [
                r["uscc"],
                r["name"],
                codes[r["region_id"]],
                industries[r["industry_id"]],
                r["address"],
                SIZE_WORDS[r["size_class"]],
                r["legal_representative"],
                r["established_on"],
                STATUS_WORDS[r["status"]],
                r["chief_quality_officer"],
                r["cqo_trained_on"],
                r["contact_phone"],
            ]
            if previous and rng.random() < 0.01:
                cells = _spoil(rng, cells, previous)
                spoilt += 1
            previous = r["uscc"]
            ws.append(cells)
            written += 1
    wb.save(path)
    _add_dimension(path, f"A1:{chr(64 + len(HEADERS))}{written + 1}")
    return spoilt


def _add_dimension(path, ref: str) -> None:
    """Excel and WPS record the used range in <dimension>; openpyxl's write-only mode does
    not, and without it every read-only open scans the whole sheet to find its size."""
    name = "xl/worksheets/sheet1.xml"
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == name:
                data = data.replace(
                    b"<sheetViews>", f'<dimension ref="{ref}" /><sheetViews>'.encode(), 1
                )
            dst.writestr(item, data)
    tmp.replace(path)


def _office_user():
    from zhiliang.core.models import Organization, User
    from zhiliang.core.services import user_create
    from zhiliang.demo.organizations import organizations_ensure

    organizations_ensure(scope="3204")
    user = User.objects.filter(username="bench.office").first()
    if user is None:
        office = Organization.objects.get(region__code="3204", kind="office")
        user = user_create(
            actor=None,
            username="bench.office",
            password="Bench-Import-2026!",
            organization=office,
            roles=["office_staff"],
        )
    return user


def _empty_registry() -> None:
    """The imported enterprises, their officers' appointments and trainings (the sheet's
    CQO columns become those) and the history of all three gone, a statement each."""
    from django.db import connection

    from zhiliang.enterprises.models import Enterprise
    from zhiliang.infrastructure.models import Appointment, Training

    models = (Training, Appointment, Enterprise)
    with connection.cursor() as cursor:
        for model in [m.history.model for m in models] + list(models):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def run(rows: int, database_url: str | None) -> dict:
    home = BENCH_HOME / "import"
    if database_url and "bench" not in database_url.rsplit("/", 1)[-1]:
        raise SystemExit("refusing to empty a database whose name does not contain 'bench'")
    if not database_url and home.exists():
        shutil.rmtree(home)  # a fresh SQLite database every run
    django_setup(home, database_url)
    from django.core.files import File
    from django.core.management import call_command

    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.imports.registry import get_spec, missing_required
    from zhiliang.imports.services import (
        import_commit,
        import_set_mapping,
        import_upload,
        import_validate,
    )

    call_command("migrate", interactive=False, verbosity=0)
    regions_load()
    Enterprise.history.all().delete()
    Enterprise.objects.all().delete()
    user = _office_user()
    path = home / f"enterprises-{rows}.xlsx"
    started = time.perf_counter()
    spoilt = build_workbook(path, rows)
    times = {"build xlsx (not counted)": time.perf_counter() - started}
    rss = {"build xlsx (not counted)": peak_rss_mib()}

    def stage(name, fn):
        t = time.perf_counter()
        result = fn()
        times[name], rss[name] = time.perf_counter() - t, peak_rss_mib()
        return result

    with open(path, "rb") as fh:
        batch = stage(
            "upload",
            lambda: import_upload(
                actor=user,
                kind="enterprises",
                uploaded=File(fh, name=path.name),
                filename=path.name,
            ),
        )
    if missing_required(get_spec("enterprises"), batch.mapping) or "" in batch.mapping:
        batch = stage(
            "set mapping",
            lambda: import_set_mapping(actor=user, batch=batch, mapping=batch.mapping),
        )
    batch = stage("validate", lambda: import_validate(actor=user, batch=batch))
    valid, rejected = batch.valid_rows, batch.rejected_rows
    batch = stage("commit", lambda: import_commit(actor=user, batch=batch))
    in_db = Enterprise.objects.count()
    _empty_registry()
    reference = reference_import(path, user, sizes=SIZE_WORDS, statuses=STATUS_WORDS)
    return {
        "reference": reference,
        "rows": rows,
        "spoilt": spoilt,
        "valid": valid,
        "rejected": rejected,
        "created": batch.created_count,
        "status": batch.status,
        "message": batch.message,
        "times": times,
        "rss": rss,
        "in_db": in_db,
        "size_mb": path.stat().st_size / 1e6,
    }


def report(result: dict, engine: str) -> str:
    times = result["times"]
    counted = {k: v for k, v in times.items() if "not counted" not in k}
    total = sum(counted.values())
    ref = result["reference"]
    ref_total = sum(ref["times"].values())
    lines = [
        f"import_enterprises — {engine}, {date.today()} — {machine()}",
        "load average (1, 5, 15 min) at start {} and end {}".format(
            *(" / ".join(f"{x:.1f}" for x in la) for la in result["load"])
        ),
        f"{result['rows']:,} rows ({result['size_mb']:.1f} MB xlsx), {result['spoilt']} spoilt; "
        f"checked: {result['valid']:,} valid, {result['rejected']:,} rejected; "
        f"committed: {result['created']:,} ({result['status']}) {result['message']}".rstrip(),
        "",
        table(
            ["stage", "seconds", "peak RSS after (MiB)"],
            [[k, f"{v:.1f}", f"{result['rss'][k]:.0f}"] for k, v in times.items()]
            + [["total (upload → commit)", f"{total:.1f}", f"{peak_rss_mib():.0f}"]],
        ),
        "",
        f"throughput: {result['rows'] / total:,.0f} rows/s; goal ≥ {GOAL_ROWS_PER_SECOND:,} "
        "rows/s: " + ("met" if result["rows"] / total >= GOAL_ROWS_PER_SECOND else "MISSED"),
        "",
        "reference (same checks by hand, executemany/COPY, history included):",
        table(
            ["stage", "seconds"],
            [[k, f"{v:.1f}"] for k, v in ref["times"].items()] + [["total", f"{ref_total:.1f}"]],
        ),
        f"reference: {ref['created']:,} created, {result['rows'] / ref_total:,.0f} rows/s; "
        f"the importer takes {total / ref_total:.1f}× the reference's time"
        + ("" if ref["created"] == result["created"] else " (created counts DIFFER)"),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = run(args.rows, args.database_url)
    result["load"] = (load_before, os.getloadavg())
    print(report(result, "PostgreSQL" if args.database_url else "SQLite"))


if __name__ == "__main__":
    main()
