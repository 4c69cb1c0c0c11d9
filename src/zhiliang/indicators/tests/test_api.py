import pytest

from zhiliang.indicators.models import ReportedValue

pytestmark = [pytest.mark.django_db, pytest.mark.english]

VALUES = "/api/indicator-values/"


def test_catalogue(api, catalogue):
    client = api("viewer", "320412")
    r = client.get("/api/indicators/", {"kind": "reported"})
    assert r.status_code == 200
    codes = {i["code"] for i in r.json()["results"]}
    assert "brand.famous_products" in codes and "enterprise.count" not in codes
    r = client.get("/api/indicators/enterprise.cqo_share/")
    assert r.status_code == 200 and r.json()["is_rate"] and r.json()["unit"] == "%"
    assert client.get("/api/indicators/no.such/").status_code == 404


def test_values_by_indicator_region_period(api, computed):
    r = api("viewer", "3204").get(
        VALUES, {"indicator": "enterprise.cqo_share", "region": "3204", "period": "2024-Q2"}
    )
    assert r.status_code == 200
    [row] = r.json()["results"]
    assert row["indicator"] == "enterprise.cqo_share" and row["region_code"] == "3204"
    assert (row["period"], row["numerator"], row["denominator"], row["value"]) == (
        "2024-Q2",
        "2.0000",
        "5.0000",
        "40.0000",
    )


def test_value_filters(api, computed):
    client = api("viewer", "3204")
    base = {"indicator": "enterprise.count", "period": "2025"}
    r = client.get(VALUES, {**base, "parent": "320412"})
    assert {v["region_code"] for v in r.json()["results"]} >= {"320412001", "320412002"}
    assert all(v["region_level"] == 4 for v in r.json()["results"])
    r = client.get(VALUES, {**base, "within": "320411"})
    assert {v["region_code"] for v in r.json()["results"]} >= {"320411", "320411002"}
    r = client.get(VALUES, {**base, "level": 3})
    assert {v["region_level"] for v in r.json()["results"]} == {3}
    r = client.get(
        VALUES, {"indicator": "enterprise.count", "region": "3204", "period_kind": "ayear"}
    )
    assert {v["period"] for v in r.json()["results"]} == {
        "2022/2023",
        "2023/2024",
        "2024/2025",
        "2025/2026",
    }


@pytest.mark.parametrize(
    "params,message",
    [
        ({"indicator": "no.such"}, "There is no indicator with code no.such"),
        ({"region": "999999"}, "There is no region with code 999999"),
        ({"within": "32x"}, "There is no region with code 32x"),
        ({"period": "2025-13"}, "2025-13 is not a period"),
        ({"period": "2024/2026"}, "is not an assessment year"),
        ({"level": "7"}, "level"),
    ],
)
def test_bad_codes_are_400(api, catalogue, params, message):
    r = api("viewer", "3204").get(VALUES, params)
    assert r.status_code == 400
    assert message in r.json()["message"]


def test_values_scoped_to_jurisdiction(api, computed):
    client = api("viewer", "320412")
    r = client.get(VALUES, {"indicator": "enterprise.count", "period": "2025", "page_size": 500})
    codes = {v["region_code"] for v in r.json()["results"]}
    assert codes and all(c.startswith("320412") for c in codes)
    r = client.get(VALUES, {"indicator": "enterprise.count", "region": "3204"})
    assert r.status_code == 200 and r.json()["count"] == 0
    some = computed and client.get(VALUES).json()["results"][0]
    assert some["region_code"].startswith("320412")


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_see_no_figures(api, computed, role):
    client = api(role, "3204")
    assert client.get(VALUES).status_code == 403
    assert client.get("/api/reported-values/").status_code == 403
    assert client.get("/api/indicator-runs/").status_code == 403


def test_values_query_count(api, computed, django_assert_max_num_queries):
    client = api("viewer", "3204")
    with django_assert_max_num_queries(6):
        r = client.get(VALUES, {"page_size": 200})
    assert len(r.json()["results"]) == 200


def test_report_a_value(api, catalogue):
    client = api("department_reporter", "320412")
    body = {
        "indicator": "brand.famous_products",
        "region_code": "320412",
        "period": "2025",
        "value": "7",
        "evidence": "江苏省名牌产品公告（2025）",
    }
    r = client.post("/api/reported-values/", body, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["indicator"] == "brand.famous_products" and r.json()["value"] == "7.0000"
    r = client.get(VALUES, {"indicator": "brand.famous_products", "region": "320412"})
    assert r.json()["results"][0]["source"] == "reported"
    # Outside the jurisdiction, a computed indicator, a bad period: 400, nothing saved.
    for change, message in [
        ({"region_code": "320411"}, "outside your jurisdiction"),
        ({"indicator": "enterprise.count"}, "computed from the registries"),
        ({"period": "2025-Q9"}, "not a period"),
        ({"indicator": "nope"}, "no indicator"),
    ]:
        r = client.post("/api/reported-values/", {**body, **change}, format="json")
        assert r.status_code == 400 and message in r.json()["message"], r.json()
    assert ReportedValue.objects.count() == 1
    r = api("viewer", "320412").post("/api/reported-values/", body, format="json")
    assert r.status_code == 403


def test_reported_values_list_scoped(api, catalogue):
    mine = api("department_reporter", "320412")
    body = {
        "indicator": "brand.famous_products",
        "region_code": "320412001",
        "period": "2025",
        "value": "3",
        "evidence": "公告",
    }
    assert mine.post("/api/reported-values/", body, format="json").status_code == 201
    pk = ReportedValue.objects.get().pk
    other = api("viewer", "320411")
    assert other.get("/api/reported-values/").json()["count"] == 0
    assert other.get(f"/api/reported-values/{pk}/").status_code == 404
    assert api("viewer", "3204").get(f"/api/reported-values/{pk}/").status_code == 200


def test_runs_api(api, world, django_capture_on_commit_callbacks):
    viewer = api("viewer", "3204")
    assert viewer.get("/api/indicator-runs/").status_code == 200
    assert viewer.post("/api/indicator-runs/", {}, format="json").status_code == 403
    staff = api("office_staff", "3204")
    r = staff.post("/api/indicator-runs/", {"periods": ["2025-13"]}, format="json")
    assert r.status_code == 400 and "not a period" in r.json()["message"]
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post("/api/indicator-runs/", {"periods": ["2025"]}, format="json")
    assert r.status_code == 201
    run = staff.get(f"/api/indicator-runs/{r.json()['id']}/").json()
    assert run["status"] == "done" and run["percent"] == 100 and run["values_written"] > 0
