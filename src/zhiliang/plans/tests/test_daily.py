from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhiliang.core.management.commands.daily import Command
from zhiliang.core.models import Region
from zhiliang.plans import services
from zhiliang.plans.choices import NoticeStatus
from zhiliang.plans.models import SupervisionNotice
from zhiliang.plans.tasks import draft_overdue_notices


@pytest.fixture
def overdue(make_user, make_org):
    clerk = make_user("office_staff", "320412")
    market = make_org("320412", "常州市武进区市场监督管理局")
    services.plan_create(
        actor=clerk,
        region=Region.objects.get(code="320412"),
        source_text="2026年质量工作要点",
        meta={"title": "2026年质量工作要点"},
        targets=[],
        phases=[],
        tasks=[
            {"title": "逾期", "lead": [market.pk], "due_on": "2026-06-30"},
            {"title": "未到期", "lead": [market.pk], "due_on": "2026-12-31"},
        ],
    )
    return market


def _daily(*args) -> str:
    out = StringIO()
    call_command("daily", *args, stdout=out)
    return out.getvalue()


def _notices_line(output: str) -> str:
    return next(line for line in output.splitlines() if "督办" in line)


def test_daily_drafts_notices_once(overdue):
    assert _notices_line(_daily("--date", "2026-11-21")).endswith(": 1")
    notice = SupervisionNotice.objects.get()
    assert (notice.task.title, notice.to_organization, notice.status) == (
        "逾期",
        overdue,
        NoticeStatus.DRAFT,
    )
    assert _notices_line(_daily("--date", "2026-11-22")).endswith(": 0")


def test_daily_without_a_date_runs_as_of_today(overdue, time_machine):
    time_machine.move_to("2027-01-02 09:00 +08:00")
    assert "2027-01-02" in _daily() and SupervisionNotice.objects.count() == 2


def test_bad_date_is_refused(db):
    with pytest.raises(CommandError):
        _daily("--date", "21.11.2026")


def test_help_tells_operators_about_cron():
    assert "5 1 * * * zhiliang-manage daily" in Command.help


def test_the_background_task_wraps_the_service(overdue):
    result = draft_overdue_notices.enqueue(today="2026-11-21")
    assert result.return_value == 1
