"""Job flood: identical waiting recomputes are one, each user has a limit, and imports are
claimed before recomputes queued earlier."""

import pytest
from django_tasks_db.models import DBTaskResult

from zhiliang.imports.tasks import validate_import
from zhiliang.indicators.models import ComputeRun
from zhiliang.indicators.tasks import compute_indicators
from zhiliang.jobs.tests.helpers import queue_job

RUNS = "/api/indicator-runs/"


def test_an_identical_waiting_recompute_is_returned_not_queued_again(api):
    staff = api("office_staff", "3204")
    first = staff.post(RUNS, {"periods": ["2025-03", "2025"]}, format="json")
    again = staff.post(RUNS, {"periods": ["2025", "2025-03"]}, format="json")
    colleague = api("office_staff", "320412")
    other = colleague.post(RUNS, {"periods": ["2025-03", "2025"]}, format="json")
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 200)
    assert first.json()["id"] == again.json()["id"] == other.json()["id"]
    assert ComputeRun.objects.count() == 1
    assert staff.post(RUNS, {"periods": ["2025-04"]}, format="json").status_code == 201
    assert ComputeRun.objects.count() == 2


def test_one_user_may_have_only_so_many_recomputes_waiting(api, settings):
    settings.ZHILIANG_RECOMPUTE_PENDING_LIMIT = 2
    staff = api("office_staff", "3204")
    for period in ("2025-01", "2025-02"):
        assert staff.post(RUNS, {"periods": [period]}, format="json").status_code == 201
    r = staff.post(RUNS, {"periods": ["2025-05"]}, format="json")
    assert r.status_code == 429
    assert "您已有 2 个重新计算在排队或运行中" in r.json()["message"]
    assert ComputeRun.objects.count() == 2
    # Another user is not held up by this one's queue.
    assert api("office_staff", "320412").post(RUNS, {}, format="json").status_code == 201


def test_the_page_button_says_so_too(client, make_user, settings):
    settings.ZHILIANG_RECOMPUTE_PENDING_LIMIT = 1
    from zhiliang.conftest import PASSWORD

    user = make_user("office_staff", "3204")
    client.login(username=user.username, password=PASSWORD)
    start = "/indicators/runs/start/"
    client.post(start, {"periods": "2025-01"}, HTTP_ACCEPT_LANGUAGE="en")
    same = client.post(start, {"periods": "2025-01"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "already queued" in same.content.decode()
    more = client.post(start, {"periods": "2025-02"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "already have 1 recomputes waiting" in more.content.decode()
    assert ComputeRun.objects.count() == 1


def test_an_import_is_claimed_before_recomputes_queued_earlier(db):
    for n in range(3):
        queue_job(compute_indicators, n)
    imported = queue_job(validate_import, "batch", 1)
    assert validate_import.queue_name != compute_indicators.queue_name
    assert DBTaskResult.objects.ready().get_locked().pk == imported.pk


@pytest.mark.parametrize("task", [validate_import, compute_indicators])
def test_the_queues_are_declared(task, settings):
    assert task.queue_name in settings.TASKS["default"]["QUEUES"]
