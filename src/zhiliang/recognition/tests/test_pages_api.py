"""Pages and API of the engine: the round flow through the pages (formal check, draw,
score sheets, a score above an item's points refused on the page), the registry's list and
certificate, and the API refusing an ineligible enterprise with its reasons."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zhiliang.credit.models import CreditClass
from zhiliang.recognition import rules
from zhiliang.recognition.models import Application
from zhiliang.recognition.tests.conftest import apply, holder_of, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_round_pages_and_flow(world, login):
    client = login(world.office)
    assert client.get(reverse("recognition:rounds")).status_code == 200
    assert client.get(reverse("recognition:round_new")).status_code == 200
    page = client.get(reverse("recognition:round", args=[world.round.pk]))
    assert page.status_code == 200 and "4.1.2" in page.content.decode()
    response = client.post(
        reverse("recognition:apply", args=[world.round.pk]), {"uscc": world.firms[0].uscc}
    )
    assert response.status_code == 302
    application = Application.objects.get()
    url = reverse("recognition:application", args=[application.pk])
    client.post(
        reverse("recognition:document", args=[application.pk]), {"title": "申报书", "file": pdf()}
    )
    client.post(reverse("recognition:check", args=[application.pk]), {"passed": "on"})
    client.post(reverse("recognition:draw", args=[application.pk]), {"seed": "42"})
    application.refresh_from_db()
    assert application.status == "scoring"
    page = client.get(url).content.decode()
    assert "panel verified from its seed" in page and "sheet-1" in page
    seat = application.seats.order_by("order").first()
    data = {"seat": seat.pk}
    data.update(
        {f"s{seat.pk}-item_{i['code']}": i["points"] for i in rules.items("excellence_award")}
    )
    data[f"s{seat.pk}-item_4.1.2"] = 60
    response = client.post(reverse("recognition:scores", args=[application.pk]), data, follow=True)
    assert "above the item" in response.content.decode()
    assert not application.scores.exists()
    data[f"s{seat.pk}-item_4.1.2"] = 50
    client.post(reverse("recognition:scores", args=[application.pk]), data)
    assert application.scores.count() == len(rules.items("excellence_award"))


def test_district_office_cannot_run_a_city_round(world, login, make_user):
    application = apply(world, world.firms[0])
    client = login(make_user("office_staff", "320412"))
    assert client.get(reverse("recognition:application", args=[application.pk])).status_code == 200
    response = client.post(reverse("recognition:check", args=[application.pk]), {"passed": "on"})
    assert response.status_code in (403, 404)
    application.refresh_from_db()
    assert application.status == "submitted"
    other = login(make_user("office_staff", "320411"))
    assert other.get(reverse("recognition:application", args=[application.pk])).status_code == 404


def test_holders_list_export_and_certificate(world, login):
    firm = world.firms[0]
    holder = holder_of(firm)
    client = login(world.office)
    assert firm.name in client.get(reverse("recognition:holders")).content.decode()
    assert client.get(reverse("recognition:holders") + "?export=xlsx").status_code == 200
    response = client.get(reverse("recognition:certificate", args=[holder.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    assert "电机" in page


def test_api_refuses_an_ineligible_enterprise_with_reasons(world, api):
    firm = world.firms[0]
    CreditClass.objects.create(
        enterprise=firm,
        computed_class="D",
        effective_class="D",
        score=90,
        model_version="t",
        computed_at=timezone.now(),
    )
    client = api(user=world.office)
    body = {"round_id": world.round.pk, "enterprise_uscc": firm.uscc}
    response = client.post("/api/recognition-applications/", body, format="json")
    assert response.status_code == 400 and "credit risk class D" in str(response.json())
    body["enterprise_uscc"] = world.firms[1].uscc
    response = client.post("/api/recognition-applications/", body, format="json")
    assert response.status_code == 201, response.json()
    assert all(r["passed"] for r in response.json()["eligibility"])
    assert client.get("/api/recognition-rounds/").json()["count"] == 1


def test_public_list_of_holders_without_login(world, client):
    firm = world.firms[0]
    holder_of(firm)
    holder_of(firm, product="旧品", status="revoked")
    page = client.get(reverse("public:holders")).content.decode()
    assert "电机" in page and "旧品" not in page
    response = client.get(reverse("public:holders") + "?export=xlsx")
    assert response.status_code == 200
