"""The pages: signal → assessment → decision → card → actions and lifting; warnings to the
public page and the risk notice .docx; the risk page and the home panels."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning
from zhiliang.earlywarning.tests.conftest import evidence

pytestmark = [pytest.mark.english, pytest.mark.django_db]


def _assessment_form(cell, **over):
    form = {
        "signal": cell.signal.pk,
        "hazard": "fire",
        "scenario": "Battery fire while charging.",
        "severity": "3",
        "steps": "thermal runaway | 0.05\nfire | 1/2\nsomeone present | 20%",
        "products": "",
        "regions": "",
        "enterprises": "",
    }
    form.update(over)
    return form


def test_signal_to_assessment_to_card(client, cell):
    client.force_login(cell.city)
    signal_page = client.get(reverse("risk:signal", args=[cell.signal.pk])).content.decode()
    new = reverse("warnings:assessment-new")
    assert f"{new}?signal={cell.signal.pk}" in signal_page
    assert client.get(f"{new}?signal={cell.signal.pk}").status_code == 200
    response = client.post(new, _assessment_form(cell))
    assessment = RiskAssessment.objects.get()
    assert response.status_code == 302 and assessment.level == "serious"
    page = client.get(response.url).content.decode()
    assert "1/200" in page and "risk-cell-chosen" in page and "2019/417" in page
    response = client.post(
        reverse("warnings:assessment-decide", args=[assessment.pk]), {"decision": "card"}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert reverse("warnings:card-new") in page
    card_new = f"{reverse('warnings:card-new')}?assessment={assessment.pk}&region_code=320412"
    assert 'value="320412"' in client.get(card_new).content.decode()
    response = client.post(
        reverse("warnings:card-new"),
        {
            "assessment": assessment.pk,
            "signal": cell.signal.pk,
            "region_code": "320412",
            "product_code": "0401",
            "hazard": "fire",
            "colour": "yellow",
            "problem": "E-bike failures tripled in Wujin.",
            "deadline": "",
        },
    )
    card = Card.objects.get()
    assert response.url == reverse("warnings:card", args=[card.pk])
    page = client.get(response.url).content.decode()
    assert card.plan.title in page and "Lift the card" in page
    # Actions from the card.
    act = reverse("warnings:card-act", args=[card.pk, "sampling"])
    assert client.post(act).status_code == 302
    assert Action.objects.get().sampling_plan.quotas.count() == 1
    assert client.post(reverse("warnings:card-act", args=[card.pk, "nonsense"])).status_code == 404


def test_bad_assessment_input_is_shown_and_nothing_saved(client, cell):
    client.force_login(cell.city)
    url = reverse("warnings:assessment-new")
    for bad, reason in (
        ({"severity": "5"}, "Select a valid choice"),
        ({"steps": "fire | 1.5"}, "at most 1"),
        ({"steps": "fire | lots"}, "not a probability"),
        ({"signal": ""}, "from a signal"),
        ({"regions": "320505"}, "Outside your jurisdiction"),
    ):
        response = client.post(url, _assessment_form(cell, **bad))
        assert response.status_code == 200 and reason in response.content.decode(), bad
    assert not RiskAssessment.objects.exists()


def test_card_outside_jurisdiction_refused_on_the_form(client, cell):
    client.force_login(cell.city)
    response = client.post(
        reverse("warnings:card-new"),
        {
            "region_code": "320505",
            "product_code": "0401",
            "hazard": "fire",
            "colour": "yellow",
            "problem": "x",
        },
    )
    assert response.status_code == 200
    assert "outside your jurisdiction" in response.content.decode()
    assert not Card.objects.exists()


def test_lifting_refused_without_evidence_or_while_the_signal_is_open(client, cell, card):
    client.force_login(cell.city)
    url = reverse("warnings:card-lift", args=[card.pk])
    response = client.post(url, {"note": "done"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {"note": "done", "file": evidence()})
    assert response.status_code == 200 and "still open" in response.content.decode()
    cell.signal.status, cell.signal.closed_on = "closed", timezone.localdate()
    cell.signal.save()
    assert client.post(url, {"note": "done", "file": evidence()}).status_code == 302
    card.refresh_from_db()
    assert card.status == "lifted"


def test_district_sees_its_card_not_another_districts(client, cell, card, make_user):
    client.force_login(cell.district)
    url = reverse("warnings:card", args=[card.pk])
    page = client.get(url).content.decode()
    assert "Lift the card" not in page  # the issuer lifts
    assert url in client.get(reverse("warnings:cards")).content.decode()
    client.force_login(make_user("office_staff", "320411"))
    assert client.get(url).status_code == 404
    assert client.post(reverse("warnings:card-act", args=[card.pk, "sampling"])).status_code == 404


def test_warning_draft_published_on_the_public_page(client, cell):
    client.force_login(cell.city)
    response = client.post(
        reverse("warnings:warning-new"),
        {
            "kind": "consumer",
            "region_code": "320412",
            "product_code": "0401",
            "hazard": "fire",
            "title": "Do not charge e-bikes indoors",
            "text": "Batteries may catch fire.",
            "advice": "Charge outside.",
            "enterprises": "",
        },
    )
    warning = RiskWarning.objects.get()
    public = reverse("public:warnings")
    client.logout()
    assert warning.title not in client.get(public).content.decode()
    client.force_login(cell.city)
    client.post(reverse("warnings:warning-publish", args=[warning.pk]))
    client.logout()
    page = client.get(public).content.decode()
    assert warning.title in page and "Charge outside." in page
    assert response.status_code == 302


def test_risk_notice_docx(client, cell):
    from docx import Document

    from zhiliang.earlywarning import services

    notice = services.warning_create(
        actor=cell.city,
        data={
            "kind": "notice",
            "region": cell.wujin,
            "product": cell.product,
            "hazard": "fire",
            "title": "Notice",
            "text": "电池组存在热失控风险。",
            "enterprises": [cell.firm],
        },
    )
    client.force_login(cell.city)
    response = client.get(reverse("warnings:warning-docx", args=[notice.pk]))
    assert response.status_code == 200
    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs
    )
    assert "风险告知书" in text and cell.firm.name in text and "电池组存在热失控风险" in text


def test_risk_page_and_home_panels(client, cell, card, assessment):
    from zhiliang.earlywarning import services

    client.force_login(cell.city)
    page = client.get(reverse("risk:page")).content.decode()
    assert 'id="open-cards"' in page and card.deadline.isoformat() in page
    # A card due within the panel's days, and the pending assessment, on the home page.
    Card.objects.filter(pk=card.pk).update(deadline=timezone.localdate() + timedelta(days=3))
    home = client.get(reverse("home")).content.decode()
    assert "Yellow and red cards due" in home and "Risk assessments awaiting decision" in home
    alert = services.warning_create(
        actor=cell.city,
        data={
            "kind": "alert",
            "region": cell.wujin,
            "product": cell.product,
            "hazard": "fire",
            "title": "Check e-bike batteries at the markets",
            "text": "x",
        },
    )
    services.warning_publish(actor=cell.city, warning=alert)
    client.force_login(cell.inspector)
    assert alert.title in client.get(reverse("home")).content.decode()


def test_lists_export_and_filters(client, cell, card):
    client.force_login(cell.city)
    for name in ("warnings:assessments", "warnings:warnings", "warnings:cards", "warnings:actions"):
        assert client.get(reverse(name)).status_code == 200, name
    response = client.get(reverse("warnings:cards") + "?export=xlsx")
    assert response.status_code == 200
    assert client.get(reverse("warnings:cards") + "?due_before=junk").status_code == 200
