"""The reference for `import_enterprises`: the same checks written by hand, the rows written
with executemany (SQLite) or COPY (PostgreSQL), history rows included, one transaction.

What the importer could at best approach on this machine: no staging, no stored verdicts,
no serializer even for rejected rows (their reasons are not worded). Issue #19 asks for
the importer's time as a ratio to this.
"""

import re
import time
from datetime import date, datetime

HISTORY_CHUNK = 900
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(text: str, today: date):
    """(ok, value): empty is fine; a date must exist and not lie ahead."""
    if not text:
        return True, None
    if not _ISO.fullmatch(text):
        return False, None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return False, None
    return day <= today, day


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _checked(rows, *, scope, regions, industries, sizes, statuses, today):
    """The rows that pass every check of the importer (the registry apart). A repeated
    USCC: the first row keeps it, good or not (the importer's rule)."""
    from stdnum.cn import uscc

    good, seen = [], set()
    for cells in rows:
        c = [_text(v) for v in cells]
        number, name, region_code, industry_code = c[0].upper(), c[1], c[2], c[3].upper()
        if number in seen:
            continue
        seen.add(number)
        region = regions.get(region_code)
        industry = industries.get(industry_code)
        size, status = sizes.get(c[5], c[5]), statuses.get(c[8], c[8] or "active")
        ok_e, established = _day(c[7], today)
        ok_t, trained = _day(c[10], today)
        if (
            not uscc.is_valid(number)
            or not name
            or region is None
            or not region_code.startswith(scope)
            or industry is None
            or (size and size not in sizes.values())
            or status not in statuses.values()
            or not (ok_e and ok_t)
            or (established and trained and trained < established)
        ):
            continue
        good.append((number, name, region, c[4], industry, size, c[6], c[7] or None, status,
                     c[9], c[10] or None, c[11]))  # fmt: skip
    return good


def reference_import(path, user, *, sizes: dict, statuses: dict) -> dict:
    """Read, check and write `path` as `user` would import it; seconds per stage."""
    from django.db import connection, transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    from zhiliang.core.bulk import insert_rows
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Enterprise, Industry

    times = {}
    t = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    rows = sheet[1:]
    times["read"] = time.perf_counter() - t

    t = time.perf_counter()
    scope = user.jurisdiction.code
    regions = dict(Region.objects.subtree(scope).filter(level__in=(3, 4)).values_list("code", "id"))
    industries = dict(Industry.objects.values_list("code", "id"))
    good = _checked(
        rows,
        scope=scope,
        regions=regions,
        industries=industries,
        sizes={v: k for k, v in sizes.items()},
        statuses={v: k for k, v in statuses.items()},
        today=timezone.localdate(),
    )
    numbers = [r[0] for r in good]
    taken = set()
    for start in range(0, len(numbers), HISTORY_CHUNK):
        taken.update(
            Enterprise.objects.filter(uscc__in=numbers[start : start + HISTORY_CHUNK]).values_list(
                "uscc", flat=True
            )
        )
    kept = [r for r in good if r[0] not in taken]
    times["check"] = time.perf_counter() - t

    t = time.perf_counter()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = [
        "uscc", "name", "region_id", "address", "industry_id", "size_class",
        "legal_representative", "established_on", "status", "chief_quality_officer",
        "cqo_trained_on", "contact_phone", "risk_class", "created_at", "updated_at",
    ]  # fmt: skip
    history = ["id", *columns]
    with transaction.atomic():
        insert_rows(Enterprise._meta.db_table, columns, (r + ("B", now, now) for r in kept))
        head = (
            f"INSERT INTO {Enterprise.history.model._meta.db_table} ({', '.join(history)}, "
            "history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {', '.join(history)}, %s, 'import', '+', %s "
            f"FROM {Enterprise._meta.db_table} WHERE uscc "
        )
        usccs = [r[0] for r in kept]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(head + "= ANY(%s)", [now, user.pk, usccs])
            else:
                for start in range(0, len(usccs), HISTORY_CHUNK):
                    chunk = usccs[start : start + HISTORY_CHUNK]
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(head + f"IN ({marks})", [now, user.pk, *chunk])
    times["write"] = time.perf_counter() - t
    return {"times": times, "created": len(kept)}
