"""One rule for a sample on every path: its link to the draw pick (page, API, importer), when
it may change or be published (service and page alike), and who may be a plan's authority."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhiliang.conftest import PASSWORD
from zhiliang.core.choices import OrganizationKind
from zhiliang.inspections import forms, services
from zhiliang.inspections.models import Sample

pytestmark = pytest.mark.django_db
SAMPLED = (dt.date.today() - dt.timedelta(days=10)).isoformat()


@pytest.fixture
def drawn(office, new_plan, set_quota, catalogue, maker, inspector):
    """A plan whose published draw picked two 320412 refrigerator makers; one more undrawn."""
    fridge = catalogue["0101"]
    plan = new_plan()
    set_quota(plan, fridge, 2, region_code="320412")
    for _ in range(2):
        maker(fridge, "320412")
        inspector("3204")
    draw = services.draw_run(actor=office, plan=plan, seed=5)
    services.draw_publish(actor=office, draw=draw)
    picks = list(draw.picks.select_related("enterprise").order_by("order"))
    return {"plan": plan, "picks": picks, "fridge": fridge, "undrawn": maker(fridge, "320412")}


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_service_links_a_drawn_enterprise_to_its_pick(office, drawn):
    pick = drawn["picks"][0]
    record = dict(actor=office, plan=drawn["plan"], product=drawn["fridge"])
    sample = services.sample_record(
        **record, enterprise=pick.enterprise, data={"sampled_on": SAMPLED}
    )
    assert sample.pick == pick
    other = services.sample_record(
        **record, enterprise=drawn["undrawn"], data={"sampled_on": SAMPLED}
    )
    assert other.pick is None


def test_an_unpublished_draw_links_nothing(office, new_plan, set_quota, catalogue, maker):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 1, region_code="320412")
    firm = maker(catalogue["0101"], "320412")
    services.draw_run(actor=office, plan=plan, seed=1)
    sample = services.sample_record(
        actor=office, plan=plan, enterprise=firm, product=catalogue["0101"],
        data={"sampled_on": SAMPLED},
    )  # fmt: skip
    assert sample.pick is None


def test_the_page_prefills_from_the_pick_and_links_it(client, office, drawn):
    pick = drawn["picks"][1]
    _login(client, office)
    form = client.get(reverse("inspections:sample-new") + f"?pick={pick.pk}").context["form"]
    assert form.initial["plan"] == drawn["plan"].pk
    assert form.initial["uscc"] == pick.enterprise.uscc
    assert form.initial["product"] == drawn["fridge"].pk
    # A pick the user cannot see pre-fills nothing.
    assert (
        "uscc"
        not in client.get(reverse("inspections:sample-new") + "?pick=0").context["form"].initial
    )
    response = client.post(
        reverse("inspections:sample-new"),
        {
            "plan": drawn["plan"].pk, "uscc": pick.enterprise.uscc,
            "product": drawn["fridge"].pk, "sampled_on": SAMPLED, "place": "production",
            "test_units": 1, "backup_units": 1,
            "items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Sample.objects.get().pick == pick


def test_the_api_links_the_pick_when_none_is_given(api, drawn):
    pick = drawn["picks"][0]
    r = api("office_staff", "3204").post(
        "/api/samples/",
        {
            "plan": drawn["plan"].pk,
            "enterprise": pick.enterprise.pk,
            "product": "0101",
            "sampled_on": SAMPLED,
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert Sample.objects.get().pick == pick


def test_the_importer_links_the_pick(office, drawn):
    from zhiliang.core.testing.xlsx import xlsx
    from zhiliang.imports import services as imports
    from zhiliang.imports.registry import register
    from zhiliang.inspections.importers import SAMPLE_IMPORT
    from zhiliang.inspections.tests.test_importers import HEADERS, run

    register(SAMPLE_IMPORT)
    pick = drawn["picks"][0]
    row = ["LAB-1", str(drawn["plan"].pk), pick.enterprise.uscc, "0101", "", "", SAMPLED, "", "",
           "合格", "标识", "", "", "", "", "", "合格"]  # fmt: skip
    batch = run(office, xlsx(HEADERS, [row]))
    assert batch.valid_rows == 1
    imports.import_commit(actor=office, batch=batch)
    assert Sample.objects.get().pick == pick


def test_edit_and_publish_follow_one_rule_on_page_and_service(client, office, drawn):
    sample = services.sample_record(
        actor=office, plan=drawn["plan"], enterprise=drawn["undrawn"], product=drawn["fridge"],
        data={"sampled_on": SAMPLED},
    )  # fmt: skip
    page = reverse("inspections:sample", args=[sample.pk])
    _login(client, office)
    body = client.get(page).content.decode()
    # Pending: it may change, not be published.
    assert 'id="sample-edit"' in body and 'id="sample-publish"' not in body
    assert services.sample_publish_refusal(sample)
    with pytest.raises(ValidationError, match="pending"):
        services.sample_publish(actor=office, sample=sample)
    services.sample_update(
        actor=office, sample=sample, data={}, test_items=[{"item": "标识", "verdict": "pass"}]
    )
    assert 'id="sample-publish"' in client.get(page).content.decode()
    services.sample_publish(actor=office, sample=sample)
    body = client.get(page).content.decode()
    assert 'id="sample-edit"' not in body and 'id="sample-publish"' not in body
    # The edit page itself sends back with the reason, and the service refuses alike.
    response = client.get(reverse("inspections:sample-edit", args=[sample.pk]), follow=True)
    assert "published and cannot change" in response.content.decode()
    with pytest.raises(ValidationError, match="published"):
        services.sample_update(actor=office, sample=sample, data={"brand": "x"})


def test_only_a_market_regulation_body_may_be_a_plans_authority(office, new_plan, make_org):
    education = make_org("3204", "常州市教育局")
    with pytest.raises(ValidationError, match="market regulation"):
        new_plan(authority=education)
    choices = forms.PlanForm(user=office).fields["authority"].queryset
    assert office.organization in choices and education not in choices
    office_body = make_org("3204", "常州市质量办", kind=OrganizationKind.OFFICE)
    assert office_body not in choices


def test_a_bureau_registered_through_the_api_may_be_an_authority(api, office, regions):
    client = api("office_staff", "3204")
    body = {"name": "常州市某区市场监管分局", "kind": "department", "region_code": "3204"}
    r = client.post("/api/organizations/", {**body, "regulates_market": True}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["regulates_market"] is True
    choices = forms.PlanForm(user=office).fields["authority"].queryset
    assert choices.filter(pk=r.json()["id"]).exists()
