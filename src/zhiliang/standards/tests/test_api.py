"""The API: a wrong number refused with the expected pattern, reference standards read by
every district, another district's records answered as missing."""

from datetime import date

from zhiliang.standards.models import Standard


def test_a_standard_number_in_the_wrong_format_is_a_400_with_the_pattern(api):
    client = api("office_staff", "320412")
    body = {"number": "DB32T 3748 2020", "title": "x", "level": "地方标准",
            "issued_on": "2020-03-10", "implemented_on": "2020-04-10"}  # fmt: skip
    response = client.post("/api/standards/", body, format="json")
    assert response.status_code == 400
    assert "DB32/T 3748-2020" in response.json()["errors"]["number"][0]
    assert not Standard.objects.exists()


def test_reference_standards_are_read_by_all_and_enterprise_ones_in_their_district(
    api, clerk, gb4706, kettle_maker
):
    mine = api(user=clerk).post("/api/standards/", {
        "number": "Q/WJDQ 001-2022", "title": "电热水壶", "enterprise_uscc": kettle_maker.uscc,
        "issued_on": "2022-01-01", "implemented_on": "2022-01-01"}, format="json")  # fmt: skip
    assert mine.status_code == 201, mine.json()
    assert mine.json()["level"] == "enterprise" and mine.json()["reviews"][0]["due_on"] == (
        "2025-01-01"
    )
    other = api("office_staff", "320411")
    numbers = [r["number"] for r in other.get("/api/standards/").json()["results"]]
    assert numbers == ["GB 4706.1-2005"]
    assert other.get(f"/api/standards/{mine.json()['id']}/").status_code == 404


def test_an_enterprise_standard_applied_through_the_api(api, clerk, gb4706, kettle_maker):
    client = api(user=clerk)
    response = client.post("/api/enterprise-standards/", {
        "enterprise_uscc": kettle_maker.uscc, "product_code": "0107",
        "standard_number": "GB 4706.1—2005", "declared_on": str(date(2025, 3, 1)),
        "items": "泄漏电流：GB 4706.1 第13章；电气强度："}, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["complete"] is False
    assert {"gap": "method", "name": "电气强度"} in body["gaps"]
    missing = client.post("/api/enterprise-standards/", {
        "enterprise_uscc": kettle_maker.uscc, "product_code": "0101",
        "standard_number": "GB 4706.1-2005"}, format="json")  # fmt: skip
    assert missing.status_code == 400
    assert kettle_maker.name in missing.json()["errors"]["product_code"][0]  # does not make it
