"""The back office saves certificates and instruments through the services: the same rules
(the validity cap of the kind), rights and derived dates as the API and the importer."""

from datetime import date

from django.contrib import admin

from zhiliang.core.tests.test_admin_jurisdiction import admin_form_data
from zhiliang.licensing.models import Certificate


def test_the_admin_keeps_the_validity_cap(client, make_user, make_enterprise, make_certificate):
    clerk = make_user("office_staff", "320412")
    cert = make_certificate(make_enterprise("320412001"))  # a CCC: five years at most
    url = f"/admin/licensing/certificate/{cert.pk}/change/"
    data = admin_form_data(admin.site._registry[Certificate], clerk, cert, "320412001")
    client.force_login(clerk)
    r = client.post(url, {**data, "expires_on": "2030-01-10"})
    assert r.status_code == 200 and "2029-01-10" in str(r.context["adminform"].form.errors)
    cert.refresh_from_db()
    assert cert.expires_on == date(2029, 1, 9)
    assert client.post(url, {**data, "expires_on": "2028-06-30"}).status_code == 302
    cert.refresh_from_db()
    assert cert.expires_on == date(2028, 6, 30) and cert.ended_on == date(2028, 7, 1)
    assert cert.history.first().history_user == clerk
