"""Lists read as columns (core.api.lean) answer exactly as the serializer does: every list of
the API routers, with the demo's data, read by a city office user and by a viewer (who sees
personal data masked), once on the lean path and once on the full path."""

import pytest
from rest_framework.test import APIClient

from zhiliang.core.api import lean
from zhiliang.core.models import User
from zhiliang.core.tests.test_jurisdiction_api import ENDPOINTS

USERS = ("changzhou.office", "changzhou.viewer")
LISTS = [(prefix, viewset) for prefix, viewset in ENDPOINTS if hasattr(viewset, "list")]


def _get(username, prefix):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client.get(f"/api/{prefix}/?page_size=500")


@pytest.mark.parametrize("prefix,viewset", LISTS, ids=[p for p, _v in LISTS])
def test_lean_lists_answer_as_the_serializer(demo_world, db, monkeypatch, prefix, viewset):
    for username in USERS:
        fast = _get(username, prefix)
        with monkeypatch.context() as patch:
            patch.setattr(lean, "plan_for", lambda *a, **k: None)
            full = _get(username, prefix)
        assert fast.status_code == full.status_code, (username, prefix)
        assert fast.json() == full.json(), (username, prefix)


def test_the_big_registries_are_read_as_columns(demo_world, db):
    """Where the speed matters (issue #19): a change that sends these lists back to the full
    path fails here, not in a benchmark."""
    from zhiliang.enterprises.api.views import EnterpriseViewSet
    from zhiliang.enterprises.models import Enterprise

    user = User.objects.get(username="changzhou.viewer")
    plan = lean.plan_for(EnterpriseViewSet.serializer_class, Enterprise.objects.visible_to(user))
    assert plan is not None
    assert "region__code" in plan.lookups and "industry__name" in plan.lookups
