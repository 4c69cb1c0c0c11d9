"""The demo's round: applications from both districts, one refused at the formal check,
panels that verify from their seeds, a disputed item settled by consensus, an objection,
decisions and holders in 武进区 and 新北区."""

import pytest

from zhiliang.recognition import panel
from zhiliang.recognition.models import Application, Expert, Holder, Objection, Round, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo_world, db):
    return demo_world


def test_demo_round(world):
    city_round = Round.objects.get(region__code="3204")
    apps = Application.objects.filter(round=city_round)
    assert apps.filter(status="refused").exists()
    assert apps.filter(status="awarded").count() == 2
    for a in apps.exclude(status="refused"):
        assert panel.verify(a).ok
    assert Score.objects.filter(revision=2, item="4.1.2").count() == 3
    assert Objection.objects.filter(outcome="dismissed").exists()
    for code in ("320411", "320412"):
        for model in (Expert, Round, Application, Holder):
            assert model.objects.in_region(code).exists(), (model, code)
