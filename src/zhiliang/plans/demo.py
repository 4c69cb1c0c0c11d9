"""Demo plans: two real policy documents imported as plans, with reports and one 督办.

西太湖科技产业园's 2019 opinion becomes a 武进区 plan, 江苏省's 2012 action plan a
province plan. The text goes through the real extractor and unit resolution; units the
demo lacks (the 江苏省 departments) are created. The documents are historic, so every
task is past due: all are reported done but one, which gets an issued notice.
Deterministic for a given seed; a document already imported is skipped.
"""

import calendar
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core import yamldata
from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Organization, Region, User
from zhiliang.core.roles import Role
from zhiliang.core.services import user_create
from zhiliang.plans import services
from zhiliang.plans.choices import NoticeStatus, ProgressStatus, UnitRole
from zhiliang.plans.extraction import extract_text, read_file
from zhiliang.plans.models import Plan, ProgressReport, SupervisionNotice
from zhiliang.plans.resolution import full_name, lineage, resolve_units
from zhiliang.plans.units import LEVEL_WORDS

DATA = Path(__file__).resolve().parent / "data" / "demo"
RESPOND_WITHIN = timedelta(days=7)
TARGET_REPORTS = 6  # targets per plan that get reports


@dataclass(frozen=True)
class DemoDocument:
    file: str
    region_code: str
    account: str  # the office account that imports it
    review: str = ""  # tasks a reviewer adds (yaml), for a document that assigns none
    leave_undone: bool = False  # keep one task overdue and not done


DOCUMENTS = (
    DemoDocument(
        "000_dc6631377d0cf53b.txt",
        "320412",
        "wujin.office",
        review="000_dc6631377d0cf53b.tasks.yaml",
        leave_undone=True,
    ),
    DemoDocument("004_f69051a3c1ed6a83.txt", "32", "jiangsu.office"),
)

DONE = (
    "已完成{t}各项工作,形成工作总结报送质量办。",
    "{t}按期完成,相关台账和佐证材料已归档备查。",
    "召开专题推进会,逐项对照分工落实,{t}工作全面完成。",
    "会同配合单位完成{t},年度目标任务全部达成。",
)
UNDERWAY = (
    "已制定工作方案并召开部署会,各配合单位分工明确,工作有序推进。",
    "已完成前期调研,正在组织实施,预计按期完成。",
)
LATE = "受机构改革影响,{t}推进滞后,正在会同配合单位加紧推进。"


def demo_plans_load(*, seed: int = 1) -> dict:
    """Import the demo documents as plans; return what was made (and new accounts)."""
    rng = random.Random(seed)
    result = dict.fromkeys(
        ("plans_created", "plans_skipped", "targets", "tasks", "phases", "organisations_created"),
        0,
    ) | {"reports": 0, "notices_drafted": 0, "notices_issued": 0, "accounts": []}
    undone, organisations = None, Organization.objects.count()
    with transaction.atomic():
        for doc in DOCUMENTS:
            text = read_file(DATA / doc.file)
            region = Region.objects.get(code=doc.region_code)
            if Plan.objects.filter(region=region, source_hash=services.source_hash(text)).exists():
                result["plans_skipped"] += 1
                continue
            plan, actor = _import(doc, text, region, result)
            task = _report(plan, actor, rng, doc.leave_undone)
            result["reports"] += plan.reports.count()
            undone = (task, actor) if task is not None else undone
        result["notices_drafted"] = services.notices_draft_overdue()
        if undone is not None:
            task, actor = undone
            respond_by = timezone.localdate() + RESPOND_WITHIN
            for notice in SupervisionNotice.objects.filter(task=task, status=NoticeStatus.DRAFT):
                services.notice_issue(actor=actor, notice=notice, respond_by=respond_by)
                result["notices_issued"] += 1
    result["organisations_created"] = Organization.objects.count() - organisations
    return result


# --- import ---------------------------------------------------------------------------


def _import(doc: DemoDocument, text: str, region: Region, result: dict):
    extraction = extract_text(text)
    items = [
        {"title": r["task"], "lead": r["lead"], "cooperating": r["cooperating"]}
        for r in extraction["responsibilities"]
    ]
    if doc.review:
        items += yamldata.load((DATA / doc.review).read_text(encoding="utf-8"))
    names = list(dict.fromkeys(n for i in items for n in (*i["lead"], *i["cooperating"])))
    org_ids = _organisations(names, region)
    actor, account = _office_user(region, doc.account)
    if account:
        result["accounts"].append(account)
    issued = date.fromisoformat(extraction["meta"]["date"])
    dues = _due_dates(issued, len(items))
    tasks = []
    for item, due_on in zip(items, dues, strict=True):
        start = text.find(item["title"])
        tasks.append(
            {
                "title": item["title"],
                "description": _line_at(text, start),
                "lead": _ids(item["lead"], org_ids),
                "cooperating": _ids(item["cooperating"], org_ids),
                "as_written": {"lead": item["lead"], "cooperating": item["cooperating"]},
                "due_on": due_on,
                "span": [start, start + len(item["title"])] if start >= 0 else None,
            }
        )
    meta = extraction["meta"] | {
        "period_start": f"{issued:%Y-%m}",
        "period_end": f"{max(dues, default=issued):%Y-%m}",
    }
    plan = services.plan_create(
        actor=actor,
        region=region,
        source_text=text,
        meta=meta,
        targets=extraction["targets"],
        phases=extraction["phases"],
        tasks=tasks,
        source_name=doc.file,
        source_bytes=(DATA / doc.file).read_bytes(),
    )
    result["plans_created"] += 1
    for key in ("targets", "tasks", "phases"):
        result[key] += getattr(plan, key).count()
    return plan, actor


def _ids(names: list[str], org_ids: dict[str, int]) -> list[int]:
    # Two written names may mean one organisation (省质监局, 省工商局 → 市场监督管理局).
    return list(dict.fromkeys(org_ids[n] for n in names if n in org_ids))


def _line_at(text: str, start: int) -> str:
    if start < 0:
        return ""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].strip()


def _due_dates(issued: date, count: int) -> list[date]:
    """Month ends from 3 to 12 months after the document, spread evenly."""
    dues = []
    for i in range(count):
        months = issued.month - 1 + 3 + round(9 * i / max(count - 1, 1))
        year, month = issued.year + months // 12, months % 12 + 1
        dues.append(date(year, month, calendar.monthrange(year, month)[1]))
    return dues


def _organisations(names: list[str], region: Region) -> dict[str, int]:
    """Written name → organisation id; a unit that does not resolve and is no group is
    created (once, however many names mean it)."""
    chain = lineage(region)
    ids, wanted = {}, {}
    for res in resolve_units(names, region):
        if res.organization is not None:
            ids[res.name] = res.organization.pk
        elif not res.collective:
            where = res.region or region
            name = res.suggestion or _qualified(res.name, chain, where)
            wanted.setdefault((where, name), []).append(res.name)
    governments = dict(
        Organization.objects.filter(
            kind=OrganizationKind.GOVERNMENT, region__in={w for w, _n in wanted}
        ).values_list("region_id", "pk")
    )
    existing = {
        (o.region_id, o.name): o.pk
        for o in Organization.objects.filter(name__in={n for _w, n in wanted})
    }
    new = [
        Organization(
            name=name,
            kind=OrganizationKind.DEPARTMENT,
            region=where,
            parent_id=governments.get(where.pk),
        )
        for where, name in wanted
        if (where.pk, name) not in existing
    ]
    bulk_create_with_history(new, Organization, default_change_reason="demo data")
    existing |= {
        (o.region_id, o.name): o.pk
        for o in Organization.objects.filter(name__in={n for _w, n in wanted})
    }
    for (where, name), written in wanted.items():
        ids |= dict.fromkeys(written, existing[(where.pk, name)])
    return ids


def _qualified(name: str, chain: list[Region], region: Region) -> str:
    """ "省海洋渔业局" → "江苏省海洋渔业局": a level word gives way to the region's name."""
    word = next((w for w in LEVEL_WORDS if name.startswith(w)), None)
    return full_name(chain, region) + name[len(word) :] if word else name


def _office_user(region: Region, username: str) -> tuple[User, dict | None]:
    """The office account that imports the region's plan; created if the region has none."""
    user = User.objects.filter(username=username).first() or (
        User.objects.filter(
            is_active=True, organization__region=region, role_grants__role=Role.OFFICE_STAFF
        )
        .order_by("id")
        .first()
    )
    if user is not None:
        return user, None
    from zhiliang.demo.accounts import new_password

    office = _office(region)
    password = new_password()
    user = user_create(
        actor=None,
        username=username,
        password=password,
        organization=office,
        full_name=f"{office.short_name or office.name} {Role.OFFICE_STAFF.label}",
        roles=[Role.OFFICE_STAFF],
    )
    return user, {
        "username": username,
        "password": password,
        "role": str(Role.OFFICE_STAFF.value),
        "organisation": office.name,
        "region_code": region.code,
    }


def _office(region: Region) -> Organization:
    office = Organization.objects.filter(region=region, kind=OrganizationKind.OFFICE).first()
    if office is None:
        bureau = Organization.objects.filter(region=region, name__endswith="市场监督管理局").first()
        office = Organization(
            name=f"{region.name}质量工作领导小组办公室",
            short_name=f"{region.name}质量办",
            kind=OrganizationKind.OFFICE,
            region=region,
            parent=bureau,
        )
        office.full_clean()
        office.save()
    return office


# --- progress reports -----------------------------------------------------------------


def _report(plan: Plan, actor: User, rng: random.Random, leave_undone: bool):
    """Report the plan's tasks and some targets; return the task left undone, if any."""
    tasks = list(plan.tasks.prefetch_related("task_units__organization").order_by("order"))
    leads = {
        t.pk: [u.organization for u in t.task_units.all() if u.role == UnitRole.LEAD] for t in tasks
    }
    single = [t for t in tasks if len(leads[t.pk]) == 1 and t.due_on]
    undone = rng.choice(single) if leave_undone and single else None
    reporters = _reporters({o.pk for orgs in leads.values() for o in orgs})
    office = actor.organization
    reports = []

    def add(org, when, status, narrative, **on):
        reports.append(
            ProgressReport(
                plan=plan,
                organization=org,
                reported_on=when,
                status=status,
                narrative=narrative,
                created_by=reporters.get(org.pk, actor),
                **on,
            )
        )

    for task in tasks:
        if task.due_on is None:
            continue
        org = (leads[task.pk] or [office])[0]
        midway = plan.issued_on + (task.due_on - plan.issued_on) / 2
        if task == undone:
            add(
                org,
                midway,
                ProgressStatus.IN_PROGRESS,
                LATE.format(t=_quoted(task.title)),
                task=task,
            )
            continue
        if rng.random() < 0.3:
            add(org, midway, ProgressStatus.IN_PROGRESS, rng.choice(UNDERWAY), task=task)
        done_on = max(task.due_on - timedelta(days=rng.randint(3, 25)), midway + timedelta(1))
        add(
            org,
            done_on,
            ProgressStatus.DONE,
            rng.choice(DONE).format(t=_quoted(task.title)),
            task=task,
        )
    _report_targets(plan, actor, rng, add)
    for report in reports:
        report._history_user = report.created_by
    bulk_create_with_history(reports, ProgressReport, default_change_reason="demo data")
    return undone


def _quoted(title: str) -> str:
    return title if "“" in title else f"“{title}”"


def _reporters(org_ids: set[int]) -> dict[int, User]:
    """A reporting account of each organisation, where one exists."""
    users = User.objects.filter(
        is_active=True,
        organization_id__in=org_ids,
        role_grants__role=Role.DEPARTMENT_REPORTER,
    ).order_by("-id")
    return {u.organization_id: u for u in users}


def _report_targets(plan: Plan, actor: User, rng: random.Random, add) -> None:
    """Year-end figures for a few targets (pass rates first); counts get a midyear one."""
    firsts = {}
    for target in plan.targets.order_by("order"):
        firsts.setdefault(target.indicator_text, target)
    rates = [t for t in firsts.values() if "合格率" in t.indicator_text]
    others = [t for t in firsts.values() if t not in rates]
    chosen = rates + rng.sample(others, min(len(others), max(TARGET_REPORTS - len(rates), 0)))
    word = next(w for w, level in LEVEL_WORDS.items() if level == plan.region.level)
    bureau = resolve_units([f"{word}市场监管局"], plan.region)[0].organization
    org = bureau or actor.organization
    for target in sorted(chosen, key=lambda t: t.order):
        value, unit, sign = float(target.value), target.unit, -1 if target.comparator == "<=" else 1
        year = int(target.deadline[:4]) if target.deadline else plan.issued_on.year
        year_end = date(year, 12, rng.randint(10, 28))
        if unit == "%":
            final = min(100.0, round(value + sign * rng.uniform(1.5, 6.0), 1))
        else:
            midyear = plan.issued_on + (year_end - plan.issued_on) / 2
            partial = int(value * rng.uniform(0.4, 0.7))
            text = f"截至{midyear.month}月{midyear.day}日,{target.indicator_text}{partial}{unit}。"
            add(
                org,
                midyear,
                ProgressStatus.IN_PROGRESS,
                text,
                target=target,
                reported_value=partial,
            )
            final = int(value * rng.uniform(1.0, 1.25)) + (target.comparator == ">")
        text = f"全年{target.indicator_text}{final:g}{unit},完成目标。"
        add(
            org,
            year_end,
            ProgressStatus.DONE,
            text,
            target=target,
            reported_value=Decimal(f"{final:g}"),
        )


def demo_plans_step(*, seed: int) -> str:
    result = demo_plans_load(seed=seed)
    return _(
        "plans: %(created)s imported, %(skipped)s already there; %(notices)s 督办 notice issued"
    ) % {
        "created": f"{result['plans_created']:,}",
        "skipped": f"{result['plans_skipped']:,}",
        "notices": f"{result['notices_issued']:,}",
    }
