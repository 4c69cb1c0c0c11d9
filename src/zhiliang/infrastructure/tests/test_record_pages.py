"""Correcting and deleting testing bodies, TBT notifications and CQO appointments on their
pages: the form filled from the record, a refusal shown with its reason and nothing
changed, another district answered as missing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from zhiliang.core.models import Region
from zhiliang.infrastructure import services
from zhiliang.infrastructure.models import Appointment, Laboratory, Notice
from zhiliang.infrastructure.tests.conftest import notice_data

pytestmark = pytest.mark.django_db


def lab_form(lab_data, **changes):
    form = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in lab_data.items()}
    form.pop("organization")
    form.update(changes)
    return form


def test_a_testing_body_corrected_in_chinese(login, clerk, lab_data):
    lab = services.laboratory_create(actor=clerk, data=lab_data)
    client = login(clerk)
    page = client.get(reverse("infrastructure:laboratory", args=[lab.pk])).content.decode()
    assert "更正记录" in page and 'value="201012340567"' in page
    url = reverse("infrastructure:laboratory_edit", args=[lab.pk])
    answer = client.post(url, lab_form(lab_data, cma_valid_until="2020-01-01"))  # before issue
    assert answer.status_code == 200 and answer.context["edit_form"].non_field_errors()
    lab.refresh_from_db()
    assert lab.cma_valid_until == date(2027, 2, 28)
    assert client.post(url, lab_form(lab_data, parameter_count=150)).status_code == 302
    lab.refresh_from_db()
    assert lab.parameter_count == 150 and lab.history.first().history_user == clerk
    answer = client.post(reverse("infrastructure:laboratory_delete", args=[lab.pk]))
    assert answer.status_code == 302 and not Laboratory.objects.exists()


@pytest.mark.english
def test_a_notice_with_comments_is_not_deleted(login, clerk, kettle_maker, today):
    ours, _theirs = kettle_maker
    notice = services.notice_create(
        actor=clerk, data=notice_data(Region.objects.get(code="320412"), today)
    )
    client = login(clerk)
    page = client.get(reverse("infrastructure:notice", args=[notice.pk])).content.decode()
    assert "Correct the record" in page and 'value="G/TBT/N/JPN/812"' in page
    form = {"number": "G/TBT/N/JPN/812", "member": "日本", "title": "电气用品安全法技术基准修订",
            "products": "电热水壶", "hs_codes": "8516", "objective": "",
            "notified_on": (today - timedelta(days=10)).isoformat(),
            "comment_deadline": (today + timedelta(days=60)).isoformat(),
            "region_code": "320412"}  # fmt: skip
    url = reverse("infrastructure:notice_edit", args=[notice.pk])
    assert client.post(url, form).status_code == 302
    notice.refresh_from_db()
    assert notice.comment_deadline == today + timedelta(days=60)
    services.comment_create(actor=clerk, notice=notice, data={
        "enterprise": ours, "department": None, "commented_on": today,
        "text": "请延长过渡期"})  # fmt: skip
    answer = client.post(reverse("infrastructure:notice_delete", args=[notice.pk]), follow=True)
    assert "stays recorded" in answer.content.decode()
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_an_appointment_corrected_and_another_district_refused(
    login, make_user, clerk, make_enterprise, today
):
    firm = make_enterprise("320412")
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": today}
    )
    client = login(clerk)
    url = reverse("infrastructure:officer_edit", args=[a.pk])
    form = {"person": "王质亮", "position": "副总经理", "phone": "13905191234",
            "appointed_on": (today + timedelta(days=3)).isoformat()}  # fmt: skip
    answer = client.post(url, form)  # a date in the future
    assert answer.status_code == 200 and answer.context["edit_form"].non_field_errors()
    assert Appointment.objects.get().person == "王质量"
    assert client.post(url, {**form, "appointed_on": today.isoformat()}).status_code == 302
    firm.refresh_from_db()
    assert firm.chief_quality_officer == "王质亮"  # the summary follows the correction
    other = login(make_user("office_staff", "320411"))
    assert other.post(url, form).status_code == 404
    assert other.get(reverse("infrastructure:officer", args=[a.pk])).status_code == 404
    assert Appointment.objects.get().person == "王质亮"


def test_a_training_recorded_by_mistake_is_removed_and_the_summary_follows(
    login, clerk, make_enterprise, today
):
    firm = make_enterprise("320412")
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": today}
    )
    t = services.training_create(
        actor=clerk, data={"appointment": a, "course": "任职培训", "trained_on": today}
    )
    firm.refresh_from_db()
    assert firm.cqo_trained_on == today
    client = login(clerk)
    page = client.get(reverse("infrastructure:officer", args=[a.pk])).content.decode()
    assert reverse("infrastructure:training_delete", args=[t.pk]) in page
    answer = client.post(reverse("infrastructure:training_delete", args=[t.pk]))
    assert answer.status_code == 302 and not a.trainings.exists()
    firm.refresh_from_db()
    assert firm.cqo_trained_on is None
