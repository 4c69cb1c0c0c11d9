"""The pages: lists, details, forms through the services, the explicit case, 404 outside."""

from datetime import timedelta

from zhiliang.cases.models import Case
from zhiliang.monitoring.models import Plan, Purchase, Result


def test_lists_and_details(login, make_purchase, record, plan):
    purchase = make_purchase()
    record(purchase, "最高车速", "28")
    client = login("office_staff", "320412")
    page = client.get("/monitoring/")
    assert page.status_code == 200 and plan.name in page.content.decode()  # the city's plan
    page = client.get(f"/monitoring/{plan.pk}/").content.decode()
    assert "最高车速" in page and "GB 17761-2018" in page and 'id="item-form"' not in page
    page = client.get("/monitoring/purchases/?verdict=fail").content.decode()
    assert purchase.number in page
    page = client.get(f"/monitoring/purchases/{purchase.pk}/").content.decode()
    assert "28" in page and "GB 17761-2018" in page
    export = client.get("/monitoring/purchases/?export=xlsx")
    assert export.status_code == 200


def test_outside_the_jurisdiction_is_missing(login, make_purchase):
    theirs = make_purchase("320411")
    client = login("office_staff", "320412")
    assert client.get(f"/monitoring/purchases/{theirs.pk}/").status_code == 404
    assert client.post(f"/monitoring/purchases/{theirs.pk}/results/", {}).status_code == 404
    assert client.post(f"/monitoring/purchases/{theirs.pk}/case/", {}).status_code == 404


def test_a_plan_a_purchase_and_a_result_through_the_forms(login, catalogue, bought_on):
    client = login("office_staff", "320412")
    response = client.post(
        "/monitoring/new/",
        {"name": "儿童自行车监测", "year": bought_on.year, "region_code": "320412"},
    )
    plan = Plan.objects.get(name="儿童自行车监测")
    assert response.status_code == 302
    item = {"product_code": "0404", "hazard": "chemical", "name": "铅", "unit": "mg/kg",
            "standard": "GB 6675.4-2014"}  # fmt: skip
    bad = client.post(f"/monitoring/{plan.pk}/items/", item)
    assert bad.status_code == 200 and "请填写下限、上限或两者" in bad.content.decode()
    client.post(f"/monitoring/{plan.pk}/items/", {**item, "limit_max": "90"})
    assert plan.items.count() == 1
    data = {"plan": plan.pk, "number": "XB-1", "product_code": "0404", "region_code": "320412",
            "channel": "online", "shop": "童乐旗舰店", "platform": "", "bought_on": bought_on,
            "price": "399", "sample_name": "儿童自行车", "brand": "童乐"}  # fmt: skip
    page = client.post("/monitoring/purchases/new/", data)
    assert page.status_code == 200 and "请填写购样的网络平台" in page.content.decode()
    client.post("/monitoring/purchases/new/", {**data, "platform": "某电商平台"})
    purchase = Purchase.objects.get(number="XB-1")
    item = plan.items.get()
    page = client.post(f"/monitoring/purchases/{purchase.pk}/results/",
                       {"item": item.pk, "value": "九十", "tested_on": bought_on})  # fmt: skip
    assert "实测值须填写数字" in page.content.decode() and not Result.objects.exists()
    client.post(f"/monitoring/purchases/{purchase.pk}/results/",
                {"item": item.pk, "value": "120", "tested_on": bought_on})  # fmt: skip
    purchase.refresh_from_db()
    assert purchase.verdict == "fail"


def test_the_case_button_opens_a_case(login, make_purchase, record, make_enterprise, make_org):
    maker = make_enterprise("320412")
    purchase = make_purchase(enterprise=maker)
    record(purchase, "最高车速", "32")
    bureau = make_org("320412", name="武进区市场监督管理局")
    bureau.regulates_market = True
    bureau.save()
    client = login("office_staff", "320412")
    page = client.get(f"/monitoring/purchases/{purchase.pk}/").content.decode()
    assert 'id="case-form"' in page
    response = client.post(
        f"/monitoring/purchases/{purchase.pk}/case/",
        {"number": "督-1", "office": bureau.pk, "due_on": purchase.bought_on + timedelta(days=30)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.enterprise == maker
    page = client.get(f"/monitoring/purchases/{purchase.pk}/").content.decode()
    assert 'id="case-form"' not in page and "督-1" in page
