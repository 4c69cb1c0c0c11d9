"""The enterprise record's CQO and training date, given by the API, the admin or an import,
are written as appointments and trainings, and the record's two fields stay their summary."""

from datetime import date

import pytest
from django.contrib import admin
from django.utils import timezone

from zhiliang.core.testing import xlsx as sheets
from zhiliang.core.tests.test_admin_jurisdiction import admin_form_data
from zhiliang.enterprises.models import Enterprise
from zhiliang.enterprises.uscc import make_uscc
from zhiliang.imports import services as imports
from zhiliang.infrastructure import services
from zhiliang.infrastructure.models import Appointment, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("320412", established_on=date(2010, 1, 1), size_class="medium")


def summary_is_history(enterprise) -> None:
    enterprise.refresh_from_db()
    current = Appointment.objects.filter(enterprise=enterprise, ended_on__isnull=True).first()
    assert enterprise.chief_quality_officer == (current.person if current else "")
    last = current.trainings.order_by("-trained_on").first() if current else None
    assert enterprise.cqo_trained_on == (last.trained_on if last else None)


@pytest.mark.english
def test_an_api_patch_names_a_new_officer_and_a_training(api, firm):
    office = api("office_staff", "320412")
    url = f"/api/enterprises/{firm.pk}/"
    r = office.patch(url, {"chief_quality_officer": "王质量"}, format="json")
    assert r.status_code == 200, r.json()
    first = Appointment.objects.get(enterprise=firm)
    assert (first.person, first.appointed_on) == ("王质量", timezone.localdate())
    r = office.patch(url, {"cqo_trained_on": "2023-05-06"}, format="json")
    assert r.status_code == 200 and r.json()["cqo_trained_on"] == "2023-05-06", r.json()
    assert Training.objects.get(appointment=first).trained_on == date(2023, 5, 6)
    r = office.patch(url, {"chief_quality_officer": "李质量"}, format="json")
    assert r.status_code == 200 and r.json()["cqo_trained_on"] is None  # not 李's course
    first.refresh_from_db()
    assert first.ended_on == timezone.localdate()
    assert Appointment.objects.get(enterprise=firm, ended_on=None).person == "李质量"
    summary_is_history(firm)
    r = office.patch(url, {"chief_quality_officer": ""}, format="json")
    assert r.status_code == 200 and not Appointment.objects.filter(ended_on=None).exists()
    summary_is_history(firm)


@pytest.mark.english
def test_an_api_patch_that_would_break_the_history_is_refused(api, clerk, firm):
    office = api("office_staff", "320412")
    url = f"/api/enterprises/{firm.pk}/"
    r = office.patch(url, {"cqo_trained_on": "2023-05-06"}, format="json")
    assert r.status_code == 400
    assert "needs a chief quality officer" in str(r.json()["errors"]["cqo_trained_on"])
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": date(2023, 1, 1)}
    )
    services.training_create(
        actor=clerk, data={"appointment": a, "course": "任职培训", "trained_on": date(2023, 5, 6)}
    )
    r = office.patch(url, {"cqo_trained_on": None}, format="json")
    assert r.status_code == 400
    assert "remove a wrong one" in str(r.json()["errors"]["cqo_trained_on"])
    assert Training.objects.count() == 1
    summary_is_history(firm)


def test_an_admin_save_writes_the_officer_as_history(client, make_user, firm):
    office = make_user("office_staff", "320412")
    client.force_login(office)
    data = admin_form_data(admin.site._registry[Enterprise], office, firm, "320412")
    data.update(chief_quality_officer="赵质量", cqo_trained_on="2024-03-01")
    r = client.post(f"/admin/enterprises/enterprise/{firm.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Appointment.objects.get(enterprise=firm)
    assert a.person == "赵质量" and a.history.get().history_user == office
    assert list(a.trainings.values_list("trained_on", flat=True)) == [date(2024, 3, 1)]
    summary_is_history(firm)
    # Clearing the date on the form deletes no training: the reason shows on the form.
    data.update(cqo_trained_on="")
    r = client.post(f"/admin/enterprises/enterprise/{firm.pk}/change/", data)
    assert r.status_code == 200 and "培训记录作为历史保存" in r.content.decode()  # zh-hans
    assert Training.objects.count() == 1
    summary_is_history(firm)


HEADERS = [
    "统一社会信用代码", "企业名称", "区划代码", "行业代码", "首席质量官", "首席质量官培训日期",
]  # fmt: skip


def test_an_imported_row_brings_its_officer_and_training(clerk):
    rows = [
        [make_uscc("320412", "MCQ00001"), "常州首席一号有限公司", "320412001", "34", "钱质量",
         "2022/4/1"],
        [make_uscc("320412", "MCQ00002"), "常州首席二号有限公司", "320412001", "34", "", ""],
        [make_uscc("320412", "MCQ00003"), "常州首席三号有限公司", "320412001", "34", "",
         "2022/4/1"],
    ]  # fmt: skip
    batch = sheets.validate(clerk, "enterprises", sheets.xlsx(HEADERS, rows), "list.xlsx")
    assert (batch.valid_rows, batch.rejected_rows) == (2, 1)  # a date without an officer
    imports.import_commit(actor=clerk, batch=batch)
    one = Enterprise.objects.get(name="常州首席一号有限公司")
    a = Appointment.objects.get()
    assert (a.enterprise_id, a.person, a.appointed_on) == (one.pk, "钱质量", None)
    assert a.history.get().history_user == clerk
    t = Training.objects.get()
    assert (t.appointment_id, t.enterprise_id, t.trained_on) == (a.pk, one.pk, date(2022, 4, 1))
    assert t.history.get().history_user == clerk
    summary_is_history(one)
    summary_is_history(Enterprise.objects.get(name="常州首席二号有限公司"))
