"""The plans API tests' small world: two districts' plans, their units and staff."""

import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Region
from zhiliang.plans import services

A, B = "320412", "320411"  # 武进区, 新北区
_serial = itertools.count(1)


def make_plan(actor, region=A, tasks=(), targets=None, title=None):
    """A plan with one phase, one target (unless given) and the given tasks."""
    n = next(_serial)
    return services.plan_create(
        actor=actor,
        region=Region.objects.get(code=region),
        source_text=f"关于推进质量强区建设的实施方案（第{n}稿）……",
        meta={
            "title": title or f"质量强区建设实施方案{n}",
            "doc_number": f"武政办发〔2026〕{n}号",
            "issuer": "区政府办公室",
            "date": "2026-03-01",
            "period_start": "2026-01",
            "period_end": "2026-12",
        },
        targets=targets
        if targets is not None
        else [{"indicator": "监督抽查合格率", "comparator": ">=", "value": 95, "unit": "%"}],
        phases=[{"name": "动员部署阶段", "start": "2026-01", "end": "2026-03"}],
        tasks=list(tasks),
    )


def _task(title, lead=(), cooperating=(), due_on=None):
    return {
        "title": title,
        "lead": [o.pk for o in lead],
        "cooperating": [o.pk for o in cooperating],
        "due_on": due_on,
    }


@pytest.fixture
def world(make_org, make_user):
    office = make_org(A, "常州市武进区质量强区工作领导小组办公室", kind=OrganizationKind.OFFICE)
    market = make_org(A, "常州市武进区市场监督管理局")
    ndrc = make_org(A, "常州市武进区发展和改革局")
    commerce = make_org(A, "常州市武进区商务局")
    market_b = make_org(B, "常州市新北区市场监督管理局")
    clerk = make_user("office_staff", A, organization=office)
    clerk_b = make_user("office_staff", B, organization=market_b)
    yesterday = timezone.localdate() - timedelta(days=1)
    plan = make_plan(
        clerk,
        title="武进区质量提升行动方案",
        tasks=[
            _task("提升产品质量", lead=[market], cooperating=[ndrc], due_on=yesterday),
            _task("发展外贸品牌", lead=[commerce]),
        ],
    )
    plan_b = make_plan(
        clerk_b, region=B, title="新北区质量提升行动方案", tasks=[_task("新北任务", [market_b])]
    )
    return SimpleNamespace(
        clerk=clerk,
        clerk_b=clerk_b,
        office=office,
        market=market,
        ndrc=ndrc,
        commerce=commerce,
        market_b=market_b,
        plan=plan,
        plan_b=plan_b,
        quality=plan.tasks.get(title="提升产品质量"),
        trade=plan.tasks.get(title="发展外贸品牌"),
        target=plan.targets.get(),
        task_b=plan_b.tasks.get(),
    )


def reporter_of(api, make_user, org, region=A):
    return api(user=make_user("department_reporter", region, organization=org))
