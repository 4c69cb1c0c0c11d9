"""Deleting a record others still refer to is a 409 that says by what, and deletes nothing."""

from zhiliang.enterprises.models import Enterprise


def test_deleting_an_enterprise_holding_certificates_is_a_conflict(
    api, make_enterprise, make_certificate
):
    holder = make_enterprise("320412")
    make_certificate(holder)
    make_certificate(holder)
    response = api("office_staff", "320412").delete(f"/api/enterprises/{holder.pk}/")
    assert response.status_code == 409, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert "2 " in message  # what refers to it, counted
    assert Enterprise.objects.filter(pk=holder.pk).exists()
