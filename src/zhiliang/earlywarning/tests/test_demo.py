"""The demo walks the planted problem to action: the 320412 × 0401 电动自行车 signal → a
serious assessment → a yellow card to 武进区 with its 专项整治 plan → a targeted sampling
plan; in 新北区 a card and a published consumer warning."""

import pytest
from django.urls import reverse

from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning

pytestmark = pytest.mark.django_db


def test_the_demo_contains_the_walk(demo_world):
    card = Card.objects.get(region__code="320412", product__code="0401")
    assert card.colour == "yellow" and card.status == "open"
    assert card.issuer_region.code == "3204"
    assessment = card.assessment
    assert assessment.signal.region.code == "320412"
    assert assessment.signal.product.code == "0401"
    assert assessment.level == "serious" and assessment.decision == "card"
    assert card.plan.region.code == "320412" and card.plan.tasks.count() == 3
    sampling = Action.objects.get(card=card, kind="sampling").sampling_plan
    assert sampling.quotas.filter(product__code="0401", region__code="320412").exists()
    assert RiskWarning.objects.filter(
        kind="alert", status="published", region__code="320412"
    ).exists()
    # 新北区: a record of every model, and a consumer warning on the public page.
    for model in (Card, RiskAssessment, RiskWarning, Action):
        assert model.objects.in_region("320411").exists(), model
    assert RiskWarning.objects.filter(
        kind="consumer", status="published", region__code="320411"
    ).exists()


def test_the_walk_on_the_pages(demo_world):
    card = Card.objects.get(region__code="320412", product__code="0401")
    url = reverse("warnings:card", args=[card.pk])
    district = demo_world.client("office_staff", "320412")
    assert district.get(url).status_code == 200
    other = demo_world.client("office_staff", "320411")
    assert other.get(url).status_code == 404
    inspector = demo_world.client("inspector", "320412")
    home = inspector.get("/").content.decode()
    assert reverse("warnings:warnings") in home or reverse("warnings:assessments") in home
