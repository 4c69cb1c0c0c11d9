import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.enterprises.models import Enterprise


def test_list_filters_and_stays_in_jurisdiction(client, make_user, make_enterprise):
    make_enterprise("320412001", name="武进甲机械有限公司")
    make_enterprise("320412002", name="武进乙食品有限公司", status="cancelled")
    make_enterprise("320411002", name="新北丙机械有限公司")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("enterprises:list")).content.decode()
    assert "武进甲机械" in page and "武进乙食品" in page and "新北丙机械" not in page
    page = client.get(reverse("enterprises:list"), {"q": "机械"}).content.decode()
    assert "武进甲机械" in page and "武进乙食品" not in page
    page = client.get(reverse("enterprises:list"), {"status": "cancelled"}).content.decode()
    assert "武进乙食品" in page and "武进甲机械" not in page
    response = client.get(reverse("enterprises:list"), {"region": "abc"})
    assert response.status_code == 200 and "abc" in response.content.decode()


def test_export_is_the_filtered_list_with_masked_phones(client, make_user, make_enterprise):
    make_enterprise("320412001", name="武进甲机械有限公司", contact_phone="13912345678")
    make_enterprise("320412002", name="武进乙食品有限公司", status="cancelled")
    make_enterprise("320411002", name="新北丙机械有限公司")
    client.force_login(make_user("viewer", "320412"))
    # The list form sends its blank fields too: they mean "any".
    blank = {"region": "", "industry": "", "status": "", "size_class": ""}
    response = client.get(reverse("enterprises:export"), {"q": "机械", **blank})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 2 and rows[1][1] == "武进甲机械有限公司" and rows[1][-1] == "139****5678"


def test_detail_shows_history_and_hides_other_districts(client, make_user, make_enterprise):
    from zhiliang.enterprises.services import enterprise_update

    clerk = make_user("office_staff", "320412")
    mine = make_enterprise("320412001", name="武进甲机械有限公司")
    from zhiliang.core.models import Region

    enterprise_update(
        actor=clerk,
        enterprise=mine,
        data={"name": "武进甲精密机械有限公司", "region": Region.objects.get(code="320412002")},
    )
    theirs = make_enterprise("320411002")
    client.force_login(clerk)
    page = client.get(reverse("enterprises:detail", args=[mine.pk])).content.decode()
    assert (
        "武进甲精密机械有限公司" in page and "武进甲机械有限公司" in page and clerk.username in page
    )
    assert client.get(reverse("enterprises:detail", args=[theirs.pk])).status_code == 404


def test_login_page_is_chinese_first_and_switches_to_english(client, regions):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in page and "登录" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    page = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in page and "Log in" in page


def test_dashboard_counts_by_district(client, make_user, make_enterprise):
    make_enterprise("320412001")
    make_enterprise("320412002")
    make_enterprise("320411002")
    client.force_login(make_user("viewer", "3204"))
    response = client.get(reverse("home"))
    charts = response.context["charts"]
    assert {r["name"]: r["count"] for r in charts["regions"]} == {"新北区": 1, "武进区": 2}
    assert charts["sections"] == [{"code": "C", "name": "制造业", "count": 3}]
    assert "echarts.min.js" in response.content.decode()


def test_the_admin_saves_through_the_services(client, make_user, make_enterprise):
    """A change in the back office gets the rules and the history of every other surface."""
    from django.contrib import admin

    from zhiliang.core.tests.test_admin_jurisdiction import admin_form_data

    office = make_user("office_staff", "320412")
    enterprise = make_enterprise("320412001", established_on=date(2010, 5, 1))
    url = f"/admin/enterprises/enterprise/{enterprise.pk}/change/"
    data = admin_form_data(admin.site._registry[Enterprise], office, enterprise, "320412001")
    client.force_login(office)
    data["chief_quality_officer"] = "王质量"  # a training date needs an officer
    r = client.post(url, {**data, "cqo_trained_on": "2000-01-01"})
    assert r.status_code == 200 and r.context["adminform"].form.errors["cqo_trained_on"]
    assert client.post(url, {**data, "cqo_trained_on": "2011-01-01"}).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.cqo_trained_on == date(2011, 1, 1)
    assert enterprise.history.first().history_user == office
