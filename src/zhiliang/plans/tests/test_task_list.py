"""The office's task list across plans: filters, the xlsx export, and the home page's count."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhiliang.plans.choices import ProgressStatus, UnitRole
from zhiliang.plans.models import Plan, ProgressReport, Task, TaskUnit
from zhiliang.web import home

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, make_org):
    """武进区: a plan with a task overdue, one overdue but reported done, one due later and
    one overdue whose latest report says late; 新北区: an overdue task of its own."""
    today = timezone.localdate()
    clerk = make_user("office_staff", "320412")
    other = make_user("office_staff", "320411")
    market = make_org("320412", "常州市武进区市场监督管理局")
    reform = make_org("320412", "常州市武进区发展和改革局")

    def plan(user, title):
        return Plan.objects.create(
            title=title, region=user.jurisdiction, source_text=title, source_hash=title,
            created_by=user,
        )  # fmt: skip

    def task(plan, title, days, lead, status=None):
        t = Task.objects.create(plan=plan, title=title, due_on=today + timedelta(days=days))
        TaskUnit.objects.create(task=t, organization=lead, role=UnitRole.LEAD)
        if status:
            ProgressReport.objects.create(
                plan=plan, task=t, organization=lead, reported_on=today, status=status,
                created_by=clerk,
            )  # fmt: skip
        return t

    ours = plan(clerk, "武进区质量提升行动方案")
    tasks = {
        "overdue": task(ours, "开展质量提升行动", -10, market),
        "done": task(ours, "建立质量奖励制度", -5, reform, ProgressStatus.DONE),
        "later": task(ours, "培育质量标杆企业", 30, reform),
        "late": task(ours, "推进标准化建设", -1, reform, ProgressStatus.LATE),
    }
    theirs = plan(other, "新北区质量提升行动方案")
    task(theirs, "新北区任务", -3, other.organization)
    return clerk, ours, tasks, market, reform


def _listed(client, **filters) -> set[str]:
    response = client.get(reverse("plans:tasks"), filters)
    assert response.status_code == 200
    return {t.title for t in response.context["page"]}


def test_the_office_lists_its_tasks_across_plans(login, world):
    clerk, _plan, tasks, _market, _reform = world
    assert _listed(login(clerk)) == {t.title for t in tasks.values()}


def test_filters(login, world):
    clerk, plan, tasks, market, reform = world
    client = login(clerk)
    assert _listed(client, overdue="true") == {"开展质量提升行动", "推进标准化建设"}
    assert _listed(client, overdue="false") == {"建立质量奖励制度", "培育质量标杆企业"}
    assert _listed(client, lead=market.pk) == {"开展质量提升行动"}
    assert _listed(client, status="none") == {"开展质量提升行动", "培育质量标杆企业"}
    assert _listed(client, status="done") == {"建立质量奖励制度"}
    assert _listed(client, plan=plan.pk, region="320412") == {t.title for t in tasks.values()}
    assert _listed(client, region="320411") == set()
    # A blank field of the form is "any".
    assert len(_listed(client, plan="", lead="", status="", overdue="")) == 4


def test_the_home_count_opens_a_list_of_as_many_tasks(login, world):
    clerk = world[0]
    client = login(clerk)
    panel = next(p for p in home.home_panels(clerk) if p.key == home.TASKS)
    count = panel.counts[0]
    assert count.n == 2
    assert count.url.startswith(reverse("plans:tasks")) and "overdue=true" in count.url
    assert client.get(count.url).context["page"].paginator.count == count.n
    assert panel.more_url == reverse("plans:tasks")


def test_pickers_offer_what_the_office_sees(login, world):
    clerk, plan, _tasks, market, reform = world
    html = login(clerk).get(reverse("plans:tasks")).content.decode()
    assert plan.title in html and market.name in html and reform.name in html
    assert "新北区质量提升行动方案" not in html


def test_bad_filters_answer_on_the_page(login, world):
    client = login(world[0])
    for bad in ({"plan": "x"}, {"lead": "abc"}, {"status": "nope"}, {"region": "99"}):
        response = client.get(reverse("plans:tasks"), {**bad, "export": "xlsx"})
        assert response.status_code == 200, bad
        assert response["Content-Type"].startswith("text/html"), bad
        assert response.context["filterset"].errors, bad


def test_export_has_the_filtered_rows(login, world):
    client = login(world[0])
    response = client.get(reverse("plans:tasks"), {"overdue": "true", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "实施方案", "地区", "任务", "牵头单位", "配合单位", "完成时限", "最新进展", "逾期",
    )  # fmt: skip
    body = {r[2]: r for r in rows[1:]}
    assert set(body) == {"开展质量提升行动", "推进标准化建设"}
    assert body["开展质量提升行动"][3] == "常州市武进区市场监督管理局"
    assert body["开展质量提升行动"][6:] == ("尚未报送", "是")
    assert "滞后" in body["推进标准化建设"][6]


def test_another_district_sees_none_of_them(login, make_user, world):
    assert _listed(login(make_user("office_staff", "320411"))) == {"新北区任务"}
