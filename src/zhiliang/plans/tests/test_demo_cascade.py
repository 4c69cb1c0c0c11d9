"""The demo's 任务分解: 常州市 adopts 江苏省's plan, 武进区 the city's, and the province's
board shows both regions with every task state."""

import pytest

from zhiliang.core.models import User
from zhiliang.demo.organizations import organizations_ensure
from zhiliang.plans.board import plan_board
from zhiliang.plans.choices import TaskState
from zhiliang.plans.demo import demo_plans_load
from zhiliang.plans.demo_cascade import demo_cascade_load
from zhiliang.plans.models import Plan


@pytest.fixture
def loaded(regions):
    organizations_ensure(scope="3204")
    demo_plans_load(seed=1)
    return demo_cascade_load()


def test_province_plan_adopted_by_city_and_district(loaded):
    assert loaded["adopted"] == 2
    province = Plan.objects.get(region__code="32")
    city = Plan.objects.get(parent=province)
    district = Plan.objects.get(parent=city)
    assert (city.region.code, district.region.code) == ("3204", "320412")
    assert "任务分解" in district.title and "江苏省" in district.title
    jiangsu = User.objects.get(username="jiangsu.office")
    board = plan_board(user=jiangsu, pk=province.pk)
    assert [r["name"] for r in board["rollup"]["regions"]] == ["常州市", "武进区"]
    states = {t.state for t in plan_board(user=jiangsu, pk=district.pk)["tasks"]}
    assert {TaskState.DONE, TaskState.DONE_LATE, TaskState.OVERDUE} <= states
    # A second run adds nothing.
    assert demo_cascade_load()["adopted"] == 0
