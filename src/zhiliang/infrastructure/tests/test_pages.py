"""The registry pages: lists with their figures, details, the new-record forms (a refusal
shown on the form, nothing saved), a comment after the deadline refused on the page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from zhiliang.core.models import Region
from zhiliang.infrastructure import services
from zhiliang.infrastructure.models import Comment, Laboratory
from zhiliang.infrastructure.tests.conftest import notice_data

pytestmark = pytest.mark.django_db


def test_testing_body_pages(login, clerk, lab_data):
    client = login(clerk)
    url = reverse("infrastructure:laboratory_new")
    assert client.get(url).status_code == 200
    post = {**lab_data, "organization": lab_data["organization"].pk, "cma_number": "CMA12"}
    response = client.post(url, post)
    assert response.status_code == 200 and response.context["form"].errors["cma_number"]
    assert not Laboratory.objects.exists()
    response = client.post(url, {**post, "cma_number": "201012340567"})
    lab = Laboratory.objects.get()
    assert response.status_code == 302
    html = client.get(reverse("infrastructure:laboratories")).content.decode()
    assert "201012340567" in html and "县级检验检测机构" in html
    assert client.get(reverse("infrastructure:laboratory", args=[lab.pk])).status_code == 200


def test_notice_pages_and_a_late_comment(login, clerk, kettle_maker, today):
    ours, _theirs = kettle_maker
    wujin = Region.objects.get(code="320412")
    late = services.notice_create(
        actor=clerk,
        data=notice_data(wujin, today, notified_on=today - timedelta(days=90),
                         comment_deadline=today - timedelta(days=1)),
    )  # fmt: skip
    client = login(clerk)
    html = client.get(reverse("infrastructure:notices")).content.decode()
    assert "G/TBT/N/JPN/812" in html
    page = client.get(reverse("infrastructure:notice", args=[late.pk]))
    assert page.context["comment_form"] is None  # closed: no form
    response = client.post(
        reverse("infrastructure:comment_save", args=[late.pk]),
        {"uscc": ours.uscc, "commented_on": today.isoformat(), "text": "迟到"},
    )
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "截止" in response.content.decode() or response.context["comment_form"].errors
    assert client.get(reverse("infrastructure:notice_new")).status_code == 200


def test_officer_pages_mask_for_a_viewer(login, make_user, clerk, make_enterprise, today):
    firm = make_enterprise("320412")
    a = services.appointment_create(
        actor=clerk, data={"enterprise": firm, "person": "王质量", "appointed_on": today}
    )
    viewer = login(make_user("viewer", "320412"))
    html = viewer.get(reverse("infrastructure:officers")).content.decode()
    assert "王**" in html and "王质量" not in html
    html = viewer.get(reverse("infrastructure:officer", args=[a.pk])).content.decode()
    assert "王**" in html and "王质量" not in html
    office = login(clerk)
    response = office.post(
        reverse("infrastructure:training_save", args=[a.pk]),
        {"course": "首席质量官培训", "trained_on": today.isoformat(), "hours": "16"},
    )
    assert response.status_code == 302 and a.trainings.count() == 1
