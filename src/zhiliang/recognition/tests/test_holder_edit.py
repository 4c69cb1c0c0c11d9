"""A holder's record corrected on its page: a refusal shown on the form with nothing
changed, another district answered as missing, a revoked title kept as it was."""

import pytest
from django.urls import reverse

from zhiliang.recognition.models import Holder
from zhiliang.recognition.tests.conftest import holder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(world):
    return holder_of(world.firms[0])


def form_of(holder, **changes):
    form = {"product": holder.product, "level": holder.level, "grade": "",
            "year": holder.year, "valid_from": holder.valid_from.isoformat(),
            "valid_until": holder.valid_until.isoformat(), "certificate_number": ""}  # fmt: skip
    form.update(changes)
    return form


def test_a_holder_corrected_in_chinese_and_a_refusal_on_the_form(world, login, holder):
    client = login(world.office)
    page = client.get(reverse("recognition:holder", args=[holder.pk])).content.decode()
    assert "更正记录" in page and 'value="电机"' in page
    url = reverse("recognition:holder_edit", args=[holder.pk])
    answer = client.post(url, form_of(holder, product=""))  # a brand names its product
    assert answer.status_code == 200 and answer.context["edit_form"].non_field_errors()
    holder.refresh_from_db()
    assert holder.product == "电机"
    assert client.post(url, form_of(holder, product="三相异步电动机")).status_code == 302
    holder.refresh_from_db()
    assert holder.product == "三相异步电动机" and holder.history.count() == 2


@pytest.mark.english
def test_another_district_and_a_revoked_title(world, login, make_user, holder):
    other = login(make_user("office_staff", "320411"))
    url = reverse("recognition:holder_edit", args=[holder.pk])
    assert other.post(url, form_of(holder, product="x")).status_code == 404
    Holder.objects.filter(pk=holder.pk).update(status="revoked")
    client = login(world.office)
    page = client.get(reverse("recognition:holder", args=[holder.pk])).content.decode()
    assert "Correct the record" not in page
    answer = client.post(url, form_of(holder, product="x"))
    assert "kept as it was when revoked" in answer.content.decode()
    holder.refresh_from_db()
    assert holder.product == "电机"
