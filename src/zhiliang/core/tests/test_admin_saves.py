"""Admin saves (a change or a revert): the role's rights, the model's whole validation and
the jurisdiction hold whatever the form shows."""

from django.contrib import admin
from django.test import RequestFactory

from zhiliang.core.admin_base import OUTSIDE_JURISDICTION
from zhiliang.core.tests.test_admin_jurisdiction import admin_form_data
from zhiliang.enterprises.admin import EnterpriseAdmin
from zhiliang.enterprises.models import Enterprise


def _versions(enterprise):
    enterprise.name = "改名后的有限公司"
    enterprise.save()
    return list(enterprise.history.order_by("history_id"))


def test_an_office_clerk_reverts_inside_the_district(client, make_user, make_enterprise):
    enterprise = make_enterprise("320412")
    first = _versions(enterprise)[0]
    office = make_user("office_staff", "320412")
    client.force_login(office)
    url = f"/admin/enterprises/enterprise/{enterprise.pk}/history/{first.history_id}/"
    data = admin_form_data(admin.site._registry[Enterprise], office, first.instance, "320412")
    assert client.post(url, data).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == first.name


class RegionShownOnly(EnterpriseAdmin):
    """An admin that shows the region and the USCC without letting them be edited."""

    readonly_fields = ["region", "status"]


def _revert_form(user, version):
    request = RequestFactory().post("/")
    request.user = user
    model_admin = RegionShownOnly(Enterprise, admin.site)
    data = admin_form_data(model_admin, user, version, "320412")
    return model_admin.get_form(request, version)(data, instance=version)


def test_a_revert_cannot_move_a_record_out_of_the_district(make_user, make_enterprise):
    enterprise = make_enterprise("320412")
    Enterprise.objects.filter(pk=enterprise.pk).update(
        region_id=make_enterprise("320411").region_id
    )
    moved = Enterprise.objects.get(pk=enterprise.pk)  # the version a revert would restore
    form = _revert_form(make_user("office_staff", "320412"), moved)
    assert not form.is_valid()
    assert str(OUTSIDE_JURISDICTION) in form.non_field_errors()


def test_admin_saves_run_the_models_whole_validation(make_user, make_enterprise):
    version = make_enterprise("320412")
    version.status = "vanished"  # not one of the choices; not on the form
    form = _revert_form(make_user("office_staff", "320412"), version)
    assert not form.is_valid()
    assert form.non_field_errors() == ["Status: Value 'vanished' is not a valid choice."]
