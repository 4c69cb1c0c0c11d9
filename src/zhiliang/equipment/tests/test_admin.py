"""The back office: scoped lists, and an edit recomputes the stored due date."""

from datetime import date


def test_admin_is_scoped_and_recomputes(client, make_user, make_unit, make_enterprise):
    mine = make_unit("4300", accepted_on=date(2022, 6, 1))
    theirs = make_unit("4300", region_code="320411002", enterprise=make_enterprise("320411002"))
    client.force_login(make_user("office_staff", "320412"))
    page = client.get("/admin/equipment/equipmentunit/").content.decode()
    assert mine.register_code in page and theirs.register_code not in page
    assert client.get(f"/admin/equipment/equipmentunit/{theirs.pk}/change/").status_code == 404
    for path in ("periodicinspection", "operator"):
        assert client.get(f"/admin/equipment/{path}/").status_code == 200
    form = client.get(f"/admin/equipment/equipmentunit/{mine.pk}/change/").context["adminform"]
    data = {k: v for k, v in form.form.initial.items() if v is not None}
    data.update(
        catalogue_code="4110", accepted_on="2022-06-01", in_service_on="2022-06-01",
        registered_on="2022-06-01", enterprise=mine.enterprise_id, region=mine.region_id,
        status="in_use",
    )  # fmt: skip
    bad = client.post(f"/admin/equipment/equipmentunit/{mine.pk}/change/",
                      {**data, "catalogue_code": "9999"})  # fmt: skip
    assert bad.status_code == 200 and "9999" in bad.content.decode()
    ok = client.post(f"/admin/equipment/equipmentunit/{mine.pk}/change/", data)
    assert ok.status_code == 302
    mine.refresh_from_db()
    assert mine.next_due_on == date(2024, 6, 1) and mine.due_rule.startswith("lifting_two_yearly")


def test_a_read_only_record_cannot_be_reverted(client, clerk, make_operator):
    """Operators are read-only in the back office: their history is shown, never restored."""
    from django.contrib import admin

    from zhiliang.core.tests.test_admin_jurisdiction import admin_form_data
    from zhiliang.equipment.models import Operator

    operator = make_operator()
    first = operator.history.get()
    Operator.objects.filter(pk=operator.pk).update(name="改过的名字")
    client.force_login(clerk)
    url = f"/admin/equipment/operator/{operator.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200
    data = admin_form_data(admin.site._registry[Operator], clerk, first.instance, "320412")
    assert client.post(url, data).status_code == 403
    assert Operator.objects.get(pk=operator.pk).name == "改过的名字"
