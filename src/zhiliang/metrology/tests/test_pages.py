"""The new-campaign page: the form, and a refusal shown on it with nothing saved."""

import pytest
from django.urls import reverse

from zhiliang.metrology.models import Campaign

pytestmark = pytest.mark.django_db


def test_new_campaign_form_and_a_refused_post(login, office):
    client = login(office)
    url = reverse("metrology:campaign_new")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Campaign.objects.exists()
