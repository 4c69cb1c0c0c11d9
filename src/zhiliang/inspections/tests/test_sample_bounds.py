"""A sample's test items are bounded: a huge list is a 400 and records nothing."""

from zhiliang.inspections.api.serializers import TEST_ITEMS_MAX
from zhiliang.inspections.models import Sample


def test_a_sample_with_too_many_test_items_is_refused(api, new_plan, set_quota, catalogue, maker):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 2, region_code="320412")
    firm = maker(catalogue["0101"], "320412")
    payload = {
        "plan": plan.pk,
        "enterprise": firm.pk,
        "product": "0101",
        "sampled_on": "2025-04-02",
        "test_items": [{"item": f"项目{i}", "verdict": "pass"} for i in range(TEST_ITEMS_MAX + 1)],
    }
    client = api("inspector", "320412")
    response = client.post("/api/samples/", payload, format="json")
    assert response.status_code == 400, response.content[:300]
    assert "test_items" in response.json()["message"]
    assert not Sample.objects.exists()
    payload["test_items"] = payload["test_items"][:TEST_ITEMS_MAX]
    assert client.post("/api/samples/", payload, format="json").status_code == 201
