"""The audit administrator's search of the change history: scoped to their region, filtered,
paged, exported, read-only; no business role opens it."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhiliang.core.choices import SecurityEventKind
from zhiliang.core.models import SecurityEvent
from zhiliang.enterprises.services import enterprise_create, enterprise_update


@pytest.fixture
def story(make_user, make_enterprise):
    """A 武进 clerk registers and renames an enterprise (logged in from 10.0.0.7); a 新北
    clerk renames one of theirs; the 武进 audit administrator reads."""
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Industry
    from zhiliang.enterprises.uscc import make_uscc

    wujin, xinbei = make_user("office_staff", "320412"), make_user("office_staff", "320411")
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN,
        user=wujin,
        username=wujin.username,
        ip="10.0.0.7",
        at=timezone.now() - timedelta(minutes=5),
    )
    mine = enterprise_create(
        actor=wujin,
        data={
            "uscc": make_uscc("320412", "77777777"),
            "name": "武进示例机械有限公司",
            "region": Region.objects.get(code="320412"),
            "industry": Industry.objects.get(code="34"),
        },
    )
    enterprise_update(actor=wujin, enterprise=mine, data={"name": "武进改名机械有限公司"})
    theirs = make_enterprise("320411")
    enterprise_update(actor=xinbei, enterprise=theirs, data={"name": "新北改名机械有限公司"})
    auditor = make_user("audit_admin", "320412")
    return {"wujin": wujin, "xinbei": xinbei, "auditor": auditor, "mine": mine}


def _rows(response):
    return response.context["rows"]


def test_the_auditor_reads_who_changed_what_from_where_in_their_region(client, story):
    client.force_login(story["auditor"])
    response = client.get(reverse("audit:trail"))
    assert response.status_code == 200
    rows = _rows(response)
    assert {r["actor"] for r in rows} == {story["wujin"]}  # not the 新北 clerk's change
    renamed = next(r for r in rows if r["history_type"] == "~")
    assert renamed["record"] == "武进改名机械有限公司"
    assert [(c["old"], c["new"]) for c in renamed["changes"]] == [
        ("武进示例机械有限公司", "武进改名机械有限公司")
    ]
    assert renamed["ip"] == "10.0.0.7"
    assert "武进改名机械有限公司" in response.content.decode()
    assert reverse("audit:trail") in response.content.decode()  # in the navigation


def test_filters_by_user_type_text_and_date(client, story):
    client.force_login(story["auditor"])
    url = reverse("audit:trail")
    today = timezone.localdate().isoformat()
    assert len(_rows(client.get(url, {"actor": story["wujin"].pk}))) == 2
    assert len(_rows(client.get(url, {"kind": "enterprises.enterprise", "q": "改名"}))) == 1
    assert len(_rows(client.get(url, {"kind": "plans.plan"}))) == 0
    assert len(_rows(client.get(url, {"date_from": today, "date_to": today}))) == 2
    old = (timezone.localdate() - timedelta(days=3)).isoformat()
    assert len(_rows(client.get(url, {"date_to": old}))) == 0
    # A user of another region is not a choice; a bad date is told, not a crash.
    response = client.get(url, {"actor": story["xinbei"].pk, "date_from": "2025-02-30"})
    assert response.status_code == 200 and response.context["form"].errors


def test_export_holds_the_filtered_changes(client, story):
    client.force_login(story["auditor"])
    response = client.get(reverse("audit:trail-export"), {"q": "改名"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][2] == "10.0.0.7"
    assert "武进示例机械有限公司 → 武进改名机械有限公司" in rows[0][6]


@pytest.mark.parametrize(
    "role", ["office_staff", "department_reporter", "inspector", "viewer", "system_admin"]
)
def test_other_roles_may_not_open_it(client, make_user, role):
    client.force_login(make_user(role, "320412"))
    assert client.get(reverse("audit:trail")).status_code == 403
    assert client.get(reverse("audit:trail-export")).status_code == 403


def test_nothing_can_be_changed_through_it(client, story):
    client.force_login(story["auditor"])
    assert client.post(reverse("audit:trail")).status_code == 405
    assert client.post(reverse("audit:trail-export")).status_code == 405


@pytest.mark.django_db
def test_changed_moments_read_in_the_bureaus_time():
    # A publication at 03:30:58 UTC reads 11:30:58, as the page's own time column does.
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from zhiliang.core.history import describe_changes
    from zhiliang.inspections.models import Sample

    when = datetime(2026, 12, 6, 3, 30, 58, 763340, tzinfo=UTC)
    [[change]] = describe_changes(
        Sample, [[SimpleNamespace(field="published_at", old=None, new=when)]]
    )
    assert (change["old"], change["new"]) == (None, "2026-12-06 11:30:58")


def test_a_login_leaves_no_empty_change_row(client, make_user):
    """A login saves only the untracked `last_login`: no version, so no empty "修改" row;
    a change of a tracked field is still recorded."""
    clerk = make_user("office_staff", "3204")
    auditor = make_user("audit_admin", "3204")  # a city auditor also sees the system's rows
    before = clerk.history.count()
    client.force_login(clerk)
    clerk.refresh_from_db()
    assert clerk.last_login is not None and clerk.history.count() == before
    client.force_login(auditor)
    rows = _rows(client.get(reverse("audit:trail"), {"kind": "core.user"}))
    # Setting up the accounts changed their staff flag (a real change, with its row).
    assert not [r for r in rows if r["history_type"] == "~" and not r["changes"]], rows
    clerk.full_name = "改过的名字"
    clerk.save()
    assert clerk.history.count() == before + 1
