"""The rows of one sample in a result sheet, taken together: filled in from its first row,
checked as a whole (agreement, item count, the verdict by the one rule), saved as one sample
with its test items. See `importers` for the sheet's layout."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.guards import referable
from zhiliang.core.models import Organization
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.enterprises.uscc import normalize
from zhiliang.inspections import selectors, services
from zhiliang.inspections.choices import SamplePlace, Verdict
from zhiliang.inspections.models import Sample, SamplingPlan
from zhiliang.inspections.services.samples import TEST_ITEMS_MAX

# The sample's columns: given on its first row, left empty or repeated on the others.
SAMPLE_FIELDS = (
    "plan", "uscc", "product", "brand", "model", "batch", "sampled_on", "tested_on", "place",
    "test_units", "backup_units", "laboratory", "verdict",
)  # fmt: skip
# What the service takes as the sample's data, as the checked row holds it.
SAMPLE_DATA = (
    "sample_number", "brand", "model", "batch", "sampled_on", "tested_on", "place",
    "test_units", "backup_units",
)  # fmt: skip


def _number(record: dict) -> str:
    return (record.get("sample_number") or "").strip()


def _groups(records: list[dict]) -> dict[str, list[int]]:
    """Sample number → the indexes of its rows, in file order (rows without one left out)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        if _number(record):
            groups[_number(record)].append(i)
    return groups


def _same(name: str, value: str) -> str:
    return normalize(value) if name == "uscc" else value.strip()


def complete(records: list[dict]) -> None:
    """A sample's later rows take the sample's columns they leave empty from its earlier
    rows (cells merged down a sample read as empty below their first row)."""
    for indexes in _groups(records).values():
        given: dict[str, str] = {}
        for i in indexes:
            for name in SAMPLE_FIELDS:
                if records[i].get(name, "") != "":
                    given.setdefault(name, records[i][name])
        for i in indexes:
            for name, value in given.items():
                records[i].setdefault(name, value)


def _rows_text(results, indexes) -> str:
    return "、".join(str(results[i][0]) for i in indexes)


def _disagreements(records, indexes) -> list[str]:
    out = []
    for name in SAMPLE_FIELDS:
        values = dict.fromkeys(
            _same(name, records[i][name]) for i in indexes if records[i].get(name, "") != ""
        )
        if len(values) > 1:
            out.append(f"{_label(name)}: {' / '.join(values)}")
    return out


def _label(name: str) -> str:
    from zhiliang.inspections.importers import FIELDS

    return str(next(f.label for f in FIELDS if f.name == name))


def _verdict_problem(number: str, rows: list[dict], results, indexes) -> str | None:
    """Why the sample's stated verdict disagrees with its items by the one rule, or None."""
    stated = next((r["verdict"] for r in rows if r.get("verdict")), None)
    items = [(results[i][0], r["test_item"]) for i, r in zip(indexes, rows, strict=True)]
    items = [(n, item) for n, item in items if item]
    if not stated:
        return None
    if not items:
        return _(
            "Sample %(s)s is stated %(v)s but lists no test item: a verdict needs the test "
            "items behind it."
        ) % {"s": number, "v": Verdict(stated).label}
    derived = services.overall_verdict([item["verdict"] for _n, item in items])
    if derived == stated:
        return None
    failed = [f"{item['item']}（{n}）" for n, item in items if item["verdict"] == Verdict.FAIL]
    return _(
        "Sample %(s)s is stated %(v)s but its test items give %(d)s (any failed item fails "
        "the sample; all must pass for a pass). Failed items (row): %(f)s."
    ) % {
        "s": number,
        "v": Verdict(stated).label,
        "d": Verdict(derived).label,
        "f": "、".join(failed) or "—",
    }


def check_together(results: list[list], records: list[dict]) -> None:
    """Each sample's rows as a whole; a sample with any bad row is rejected whole."""
    for number, indexes in _groups(records).items():
        reasons = []
        disagree = _disagreements(records, indexes)
        if disagree:
            reasons.append(
                _(
                    "The rows of sample %(s)s (rows %(rows)s) disagree on the sample's "
                    "columns — %(what)s. Give them once, or the same on every row."
                )
                % {"s": number, "rows": _rows_text(results, indexes), "what": "; ".join(disagree)}
            )
        n_items = sum(1 for i in indexes if (records[i].get("item") or "").strip())
        if n_items > TEST_ITEMS_MAX:
            reasons.append(
                _(
                    "Sample %(s)s has %(n)s test items (rows %(first)s–%(last)s); a sample has "
                    "at most %(max)s."
                )
                % {
                    "s": number,
                    "n": f"{n_items:,}",
                    "max": f"{TEST_ITEMS_MAX:,}",
                    "first": results[indexes[0]][0],
                    "last": results[indexes[-1]][0],
                }  # fmt: skip
            )
        bad = [i for i in indexes if results[i][3]]
        if not reasons and not bad:
            problem = _verdict_problem(number, [results[i][2] for i in indexes], results, indexes)
            reasons += [problem] if problem else []
        for i in indexes:
            others = [j for j in bad if j != i]
            extra = list(reasons)
            if others:
                extra.append(
                    _("Sample %(s)s is not imported: row %(rows)s has errors.")
                    % {"s": number, "rows": _rows_text(results, others)}
                )
            if extra or results[i][3]:
                results[i][2] = None
                results[i][3] += extra


def commit(actor, rows: list[dict]) -> int:
    """Record each sample with its test items through the sampling service; any error
    undoes the whole import. Counts rows, as the import's totals do."""
    plans = SamplingPlan.objects.in_bulk({r["plan_id"] for r in rows})
    enterprises = Enterprise.objects.select_related("region").in_bulk(
        {r["enterprise_id"] for r in rows}
    )
    products = Product.objects.in_bulk({r["product_id"] for r in rows})
    samples: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        samples[row["sample_number"]].append(row)
    for group in samples.values():
        first = group[0]
        data = {k: first[k] for k in SAMPLE_DATA if first.get(k) not in (None, "")}
        if first.get("laboratory_id"):
            data["laboratory"] = first["laboratory_id"]
        verdict = next((r["verdict"] for r in group if r.get("verdict")), None)
        if verdict:
            data["verdict"] = verdict
        items = [r["test_item"] for r in group if r.get("test_item")]
        services.sample_record(
            actor=actor,
            plan=plans[first["plan_id"]],
            enterprise=enterprises[first["enterprise_id"]],
            product=products[first["product_id"]],
            data=data,
            test_items=items or None,
        )
    return len(rows)


def example(user) -> list[dict]:
    """One sample of the user's first open plan, at an enterprise inside its region, of a
    product of its quotas (or of the catalogue), with a number not yet registered: its
    first row gives the sample and one test item, the second only a further item."""
    plan = selectors.plans_open_to(user).exclude(status="closed").select_related("region")
    plan = plan.order_by("pk").first()
    if plan is None:
        return [{}]
    firm = Enterprise.objects.visible_to(user).in_region(plan.region.code).order_by("pk").first()
    leaves = Product.objects.filter(parent__isnull=False)
    product = leaves.filter(pk__in=plan.quotas.values("product")).first() or leaves.first()
    if firm is None or product is None:
        return [{}]
    numbers = [f"EX-{plan.pk}-{n:04d}" for n in range(1, 51)]
    taken = set(
        Sample.objects.filter(sample_number__in=numbers).values_list("sample_number", flat=True)
    )
    number = next((n for n in numbers if n not in taken), "")
    lab = referable(Organization, user, services.LABORATORY_KINDS).order_by("region__code").first()
    today = timezone.localdate()
    first = {
        "sample_number": number,
        "plan": plan.name,
        "uscc": firm.uscc,
        "product": product.code,
        "sampled_on": (today - timedelta(days=20)).isoformat(),
        "tested_on": (today - timedelta(days=5)).isoformat(),
        "place": SamplePlace.PRODUCTION,
        "test_units": 2,
        "backup_units": 1,
        "laboratory": lab.name if lab else "",
        "verdict": Verdict.PASS,
        "item": _("marking"),
        "standard": "GB 5296.1-2012",
        "clause": "5.1",
        "requirement": _("as the standard requires"),
        "measured_value": _("complies"),
        "item_verdict": Verdict.PASS,
    }
    second = {
        "sample_number": number,
        "item": _("appearance"),
        "standard": "GB/T 2828.1-2012",
        "clause": "6.2",
        "requirement": "≤ 2",
        "measured_value": "1",
        "unit": _("defects"),
        "item_verdict": Verdict.PASS,
    }
    return [first, second]
