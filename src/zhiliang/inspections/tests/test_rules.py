"""Where the sampling rules live: a record's own rules in `Model.clean()`, so that every
surface (service, API, page, admin) keeps them; the admin saves through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from zhiliang.core.tests.test_admin_jurisdiction import admin_form_data
from zhiliang.inspections import services
from zhiliang.inspections.models import Draw, FollowUp, Inspector, InspectorConflict, SamplingPlan

pytestmark = pytest.mark.django_db


def test_a_report_cannot_precede_the_sampling_on_any_surface(
    api, new_plan, catalogue, maker, office
):
    """The result sheet importer refused it; the API and the pages stored it."""
    plan, firm = new_plan(), maker(catalogue["0101"], "320412")
    payload = {
        "plan": plan.pk,
        "enterprise": firm.pk,
        "product": "0101",
        "sampled_on": "2025-04-02",
        "tested_on": "2025-03-30",
    }
    response = api("inspector", "320412").post("/api/samples/", payload, format="json")
    assert response.status_code == 400
    assert "tested_on" in response.json()["errors"]
    with pytest.raises(ValidationError, match="tested_on"):
        services.sample_record(
            actor=office, plan=plan, enterprise=firm, product=catalogue["0101"],
            data={"sampled_on": "2025-04-02", "tested_on": "2025-03-30"},
        )  # fmt: skip


def test_a_conflict_names_one_party_whatever_saves_it(inspector, make_enterprise, office):
    """The database asks for at least one; the admin's inline saved both."""
    both = InspectorConflict(
        inspector=inspector(),
        enterprise=make_enterprise("320412"),
        organization=office.organization,
        reason="股东",
    )
    with pytest.raises(ValidationError, match="either the enterprise or the organisation"):
        both.full_clean()


def test_plan_rules_hold_for_the_record_itself(office):
    plan = SamplingPlan(
        name="计划", level="city", year=2025, authority=office.organization,
        region=office.jurisdiction, random_share=Decimal("0.5"),
        weight_a=0, weight_b=0, weight_c=0, weight_d=Decimal("-1"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "weight_d" in exc.value.message_dict
    plan.weight_d = 0
    with pytest.raises(ValidationError, match="weight above zero"):
        plan.full_clean()


def test_record_rules_of_draws_and_follow_ups():
    with pytest.raises(ValidationError, match="seed"):
        Draw(seed=-1).clean()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        FollowUp(notified_on=tomorrow).clean()
    with pytest.raises(ValidationError, match="trained"):
        FollowUp(training_attendees=0).clean()


def test_the_admin_saves_an_inspector_through_the_service(client, office):
    client.force_login(office)
    model_admin = admin.site._registry[Inspector]
    data = admin_form_data(model_admin, office, Inspector(), office.jurisdiction.code)
    data.update({"name": "  李明 ", "organization": str(office.organization.pk), "active": "on"})
    response = client.post("/admin/inspections/inspector/add/", data)
    assert response.status_code == 302, response.content[:500]
    inspector = Inspector.objects.get()
    # The service trims the name and records who made the change.
    assert inspector.name == "李明"
    assert inspector.history.get().history_user == office
    data["name"] = "李明明"
    url = f"/admin/inspections/inspector/{inspector.pk}/change/"
    assert client.post(url, data).status_code == 302
    assert Inspector.objects.get().name == "李明明"
