"""Demo certificates and instruments for 常州市's enterprises (the demo's city).

Makers of CCC and licence products mostly hold a certificate (some expired, a few
suspended or revoked, a realistic share without one); a share of manufacturers hold
ISO 9001 / ISO 14001; shops, fuel stations, factories, taxi firms and clinics own
instruments under compulsory verification with a verification history, about 95 % of the
periodic ones verified on time. Deterministic for a seed; a second run adds nothing.
"""

import random
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.core.models.regions import subtree_ids
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise, EnterpriseProduct, Product
from zhiliang.licensing.choices import CertificateStatus as CS
from zhiliang.licensing.choices import InstrumentStatus, VerificationMode
from zhiliang.licensing.dates import add_months, add_years, ended_on, next_due
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
    Verification,
)

CITY = "3204"
BATCH = 2000
VERIFIERS = ("常州市计量测试技术研究所", "江苏省计量科学研究院", "武进区计量检定测试所")
ISSUERS = {
    "ccc": ("中国质量认证中心", "中汽认证中心", "威凯认证检测有限公司"),
    "production_licence": ("江苏省市场监督管理局",),
    "iso9001": ("中国质量认证中心", "方圆标志认证集团", "北京世标认证中心"),
    "iso14001": ("中国质量认证中心", "方圆标志认证集团"),
}
PREFIX = {"ccc": "2022010", "production_licence": "XK", "iso9001": "Q", "iso14001": "E"}
# (industry section or division, share of its enterprises, [(catalogue code, min, max)])
OWNERS = (
    ("C", 0.08, (("1601", 1, 4), ("1102", 0, 1))),
    ("52", 0.10, (("1101", 1, 2),)),
    ("51", 0.03, (("1103", 1, 1), ("1102", 0, 1))),
    ("F", 0.01, (("03", 2, 6), ("0401", 0, 1))),
    ("54", 0.08, (("01", 1, 3),)),
    ("Q", 0.20, (("22", 1, 3), ("2601", 0, 1), ("27", 0, 1))),
    ("D", 0.20, (("0601", 1, 2), ("1601", 1, 2))),
)
# Verification history kept for the demo: the last three years.
HISTORY_DAYS = 3 * 365


def _holders(rng, ids: list[int], share: float) -> list[int]:
    return [e for e in ids if rng.random() < share]


def _certificate(rng, kind, holder_id, n, today):
    """Most valid; ~7 % expired, ~3 % suspended, ~1.5 % revoked, ~1 % cancelled."""
    years = kind.validity_years or 3
    span = years * 365
    roll = rng.random()
    if roll < 0.07:  # expired some months ago, not renewed
        issued = today - timedelta(days=span + rng.randint(10, 400))
    else:
        issued = today - timedelta(days=rng.randint(5, span - 1))
    expires = add_years(issued, years) - timedelta(days=1)
    status, changed = CS.VALID, None
    if expires < today:
        status, changed = CS.EXPIRED, expires + timedelta(days=1)
    elif roll > 0.985:
        status, changed = CS.REVOKED, today - timedelta(days=rng.randint(1, 300))
    elif roll > 0.975:
        status, changed = CS.CANCELLED, today - timedelta(days=rng.randint(1, 300))
    elif roll > 0.945:
        status, changed = CS.SUSPENDED, today - timedelta(days=rng.randint(1, 120))
    if changed is not None and changed < issued:
        changed = issued + timedelta(days=1)
    number = f"{PREFIX.get(kind.code, 'C')}{issued:%Y}{n:07d}"
    return Certificate(
        kind=kind,
        number=number,
        holder_id=holder_id,
        issuer=rng.choice(ISSUERS.get(kind.code, ("认证机构",))),
        issued_on=issued,
        expires_on=expires,
        status=status,
        status_changed_on=changed,
        ended_on=ended_on(
            status=status, expires_on=expires, status_changed_on=changed, today=today
        ),
    )


def _ensure_products(rng, enterprises) -> int:
    """Only when the generator made no product links: give manufacturers one product each."""
    if EnterpriseProduct.objects.filter(enterprise__region__id__range=subtree_ids(CITY)).exists():
        return 0
    products = list(Product.objects.filter(parent__isnull=False).values_list("id", flat=True))
    makers = [e for e, section, _div in enterprises if section == "C"]
    links = [
        EnterpriseProduct(enterprise_id=e, product_id=rng.choice(products))
        for e in makers
        if products and rng.random() < 0.3
    ]
    EnterpriseProduct.objects.bulk_create(links, batch_size=BATCH)
    return len(links)


def _load_certificates(rng, enterprises, today) -> int:
    kinds = {k.code: k for k in CertificateKind.objects.all()}
    in_city = EnterpriseProduct.objects.filter(
        enterprise__region__id__range=subtree_ids(CITY), enterprise__status__in=IN_BUSINESS
    )
    made: dict[str, dict[int, list[int]]] = {
        "ccc": defaultdict(list),
        "production_licence": defaultdict(list),
    }
    for eid, pid, ccc, licence in in_city.values_list(
        "enterprise_id", "product_id", "product__requires_ccc", "product__requires_licence"
    ):
        if ccc:
            made["ccc"][eid].append(pid)
        if licence:
            made["production_licence"][eid].append(pid)
    certs, covered, n = [], [], 0
    for code, share in (("ccc", 0.86), ("production_licence", 0.82)):
        for holder in sorted(made[code]):
            if rng.random() < share:
                n += 1
                certs.append(_certificate(rng, kinds[code], holder, n, today))
                covered.append(made[code][holder])
    manufacturers = [e for e, section, _div in enterprises if section == "C"]
    for code, share in (("iso9001", 0.22), ("iso14001", 0.07)):
        for holder in _holders(rng, manufacturers, share):
            n += 1
            certs.append(_certificate(rng, kinds[code], holder, n, today))
            covered.append([])
    _insert(Certificate, certs)
    ids = dict(
        Certificate.objects.filter(holder__region__id__range=subtree_ids(CITY)).values_list(
            "number", "id"
        )
    )
    through = Certificate.products.through
    _executemany(
        through,
        ["certificate_id", "product_id"],
        [(ids[c.number], p) for c, products in zip(certs, covered, strict=True) for p in products],
    )
    return len(certs)


def _history(rng, category, in_use_from, today, lapse: bool):
    """Verifications from entry into use until today (or until a lapse, for ~5 %); only
    the last HISTORY_DAYS are kept."""
    out, day = [], in_use_from
    period = category.period_months
    stop = today - timedelta(days=rng.randint(40, 400)) if lapse else today
    while day <= stop:
        result = "pass" if rng.random() < 0.97 else "fail"
        out.append((day, result))
        if category.mode != VerificationMode.PERIODIC:
            break
        if result == "fail":
            day = day + timedelta(days=rng.randint(7, 30))  # repaired and verified again
            continue
        day = add_months(day, period) - timedelta(days=rng.randint(0, 20))
    horizon = today - timedelta(days=HISTORY_DAYS)
    return [v for v in out if v[0] >= horizon] or out[-1:]


def _load_instruments(rng, enterprises, today) -> tuple[int, int]:
    categories = {c.code: c for c in InstrumentCategory.objects.all()}
    instruments, histories = [], []
    for key, share, kinds in OWNERS:
        owners = [e for e, section, div in enterprises if key in (section, div)]
        for owner in _holders(rng, owners, share):
            for code, low, high in kinds:
                category = categories.get(code)
                if category is None:
                    continue
                for _i in range(rng.randint(low, high)):
                    in_use = today - timedelta(days=rng.randint(20, 6 * 365))
                    history = _history(rng, category, in_use, today, lapse=rng.random() < 0.05)
                    inst = Instrument(
                        owner_id=owner,
                        category=category,
                        serial=f"{code}{owner:07d}{len(instruments):05d}",
                        model_name=rng.choice(("A型", "B型", "JC-2", "ZX-100", "")),
                        mode=category.mode,
                        period_months=category.period_months,
                        in_use_from=in_use,
                        status=InstrumentStatus.IN_USE,
                    )
                    if rng.random() < 0.03:
                        inst.status, inst.retired_on = InstrumentStatus.SCRAPPED, today
                    inst.next_due_on = in_use  # nothing on record: due before use
                    if history:
                        day, result = history[-1]
                        inst.last_verified_on, inst.last_result = day, result
                        inst.next_due_on = next_due(
                            verified_on=day, result=result, mode=inst.mode,
                            period_months=inst.period_months,
                        )  # fmt: skip
                    instruments.append(inst)
                    histories.append(history)
    # Demo rows go in without history records (like `generate --no-history`): the ORM's
    # bulk insert costs more than the rows are worth here; changes made later are recorded.
    _insert(Instrument, instruments)
    ids = dict(
        Instrument.objects.filter(owner__region__id__range=subtree_ids(CITY)).values_list(
            "serial", "id"
        )
    )
    now = timezone.now()
    rows = []
    for inst, history in zip(instruments, histories, strict=True):
        inst.pk = ids[inst.serial]
        for day, result in history:
            due = None
            if result == "pass" and inst.mode == VerificationMode.PERIODIC:
                due = add_months(day, inst.period_months)
            number = f"JD{day:%Y%m}{len(rows):07d}"
            rows.append((inst.pk, day, result, number, rng.choice(VERIFIERS), due, now))
    _insert_verifications(rows)
    return len(instruments), len(rows)


def _insert(model, objs: list) -> None:
    """One prepared INSERT for all rows of a model (its concrete columns but the key): the
    demo's bulk of records in seconds, where the ORM's bulk_create takes a minute."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    rows = [
        tuple(
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else getattr(o, f.attname)
            for f in fields
        )
        for o in objs
    ]  # fmt: skip
    _executemany(model, [f.column for f in fields], rows)


def _executemany(model, columns, rows: list[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10000):
            cursor.executemany(sql, rows[start : start + 10000])


def _insert_verifications(rows: list[tuple]) -> None:
    columns = ("instrument_id", "verified_on", "result", "certificate_number", "verifier",
               "next_due_on", "created_at")  # fmt: skip
    _executemany(Verification, columns, rows)


def demo_licensing_step(*, seed: int) -> str:
    rng = random.Random(seed * 7919 + 42)
    today = timezone.localdate()
    enterprises = list(
        Enterprise.objects.in_region(CITY)
        .filter(status__in=IN_BUSINESS)
        .order_by("id")
        .values_list("id", "industry__parent__code", "industry__code")
    )
    if not enterprises:
        return _("licensing: no 常州 enterprises to load certificates for")
    parts = []
    with transaction.atomic():
        linked = _ensure_products(rng, enterprises)
        if linked:
            parts.append(_("%(n)s product links") % {"n": f"{linked:,}"})
        if Certificate.objects.in_region(CITY).exists():
            parts.append(_("certificates already loaded"))
        else:
            n = _load_certificates(rng, enterprises, today)
            parts.append(_("%(n)s certificates") % {"n": f"{n:,}"})
        if Instrument.objects.in_region(CITY).exists():
            parts.append(_("instruments already loaded"))
        else:
            n, v = _load_instruments(rng, enterprises, today)
            parts.append(
                _("%(n)s instruments with %(v)s verifications") % {"n": f"{n:,}", "v": f"{v:,}"}
            )
    return _("licensing: %(parts)s") % {"parts": pgettext("list separator", ", ").join(parts)}
