"""Services: plans, quotas, draws (publish, immutability), samples, inspectors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhiliang.inspections import rules, services
from zhiliang.inspections.models import Draw, DrawPick, Inspector, PlanQuota, Sample, TestItem

pytestmark = pytest.mark.django_db


def test_plan_defaults_come_from_the_data_file(new_plan):
    plan = new_plan()
    data = rules.sampling_rules()
    assert plan.random_share == Decimal(str(data["random_share"])) == Decimal("0.2")
    assert plan.team_size == data["team_size"] == 2
    assert plan.weights() == {"A": 0.5, "B": 1.0, "C": 2.0, "D": 4.0}
    assert plan.status == "draft"


@pytest.mark.parametrize(
    ("field", "value"),
    [("random_share", "1.5"), ("team_size", 0), ("level", "galactic"), ("name", " ")],
)
def test_plan_bad_values_are_refused(new_plan, field, value):
    with pytest.raises(ValidationError):
        new_plan(**{field: value})


def test_plan_outside_jurisdiction_or_without_right_is_refused(new_plan, make_user):
    with pytest.raises(PermissionDenied):
        new_plan(region_code="3205")
    with pytest.raises(PermissionDenied):
        new_plan(actor=make_user("inspector", "3204"))


def test_quota_set_updates_and_zero_removes(new_plan, set_quota, catalogue):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 3)
    set_quota(plan, catalogue["0101"], 5)
    assert PlanQuota.objects.get(plan=plan).quota == 5
    set_quota(plan, catalogue["0101"], 0)
    assert not PlanQuota.objects.filter(plan=plan).exists()
    with pytest.raises(ValidationError):
        set_quota(plan, catalogue["0101"], -1)


def test_draw_needs_quotas_and_the_right(new_plan, set_quota, catalogue, make_user, office):
    plan = new_plan()
    with pytest.raises(ValidationError, match="quotas"):
        services.draw_run(actor=office, plan=plan)
    set_quota(plan, catalogue["0101"], 3)
    with pytest.raises(PermissionDenied):
        services.draw_run(actor=make_user("inspector", "3204"), plan=plan)
    with pytest.raises(Http404):  # another city's office cannot see the plan
        services.draw_run(actor=make_user("office_staff", "3205"), plan=plan)
    d = services.draw_run(actor=office, plan=plan)
    assert 0 <= d.seed < 2**63 and d.algorithm == "es-keys-v2"


def test_published_draw_cannot_change(new_plan, set_quota, catalogue, maker, office):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 2)
    maker(catalogue["0101"]), maker(catalogue["0101"]), maker(catalogue["0101"])
    d = services.draw_run(actor=office, plan=plan, seed=3)
    services.draw_publish(actor=office, draw=d)
    d.refresh_from_db()
    assert d.published_at and d.published_by == office
    plan.refresh_from_db()
    assert plan.status == "active"
    with pytest.raises(ValidationError, match="published"):
        services.draw_publish(actor=office, draw=d)
    with pytest.raises(ValidationError, match="published"):
        services.draw_discard(actor=office, draw=d)
    assert Draw.objects.filter(pk=d.pk).exists()
    # A quota with picks stays.
    with pytest.raises(ValidationError):
        set_quota(plan, catalogue["0101"], 0)


def test_unpublished_draw_may_be_discarded(new_plan, set_quota, catalogue, maker, office):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 1)
    maker(catalogue["0101"])
    d = services.draw_run(actor=office, plan=plan, seed=3)
    services.draw_discard(actor=office, draw=d)
    assert not Draw.objects.exists() and not DrawPick.objects.exists()


def test_a_draw_that_does_not_verify_is_not_published(
    new_plan, set_quota, catalogue, maker, office
):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 1)
    maker(catalogue["0101"]), maker(catalogue["0101"])
    d = services.draw_run(actor=office, plan=plan, seed=3)
    Draw.objects.filter(pk=d.pk).update(seed=4)
    d.refresh_from_db()
    with pytest.raises(ValidationError, match="does not verify"):
        services.draw_publish(actor=office, draw=d)
    assert Draw.objects.get(pk=d.pk).published_at is None


def test_publish_needs_its_permission(new_plan, set_quota, catalogue, maker, office, make_user):
    plan = new_plan()
    set_quota(plan, catalogue["0101"], 1)
    maker(catalogue["0101"])
    d = services.draw_run(actor=office, plan=plan, seed=3)
    with pytest.raises(PermissionDenied):
        services.draw_publish(actor=make_user("inspector", "3204"), draw=d)


# -- samples ---------------------------------------------------------------------------------------


def test_sample_verdict_follows_its_items(new_plan, catalogue, maker, record_sample):
    plan = new_plan()
    ent = maker(catalogue["0101"])
    ok = record_sample(plan, ent, catalogue["0101"])
    bad = record_sample(plan, ent, catalogue["0101"], verdict="fail")
    pending = record_sample(plan, ent, catalogue["0101"], verdict="pending")
    assert (ok.verdict, bad.verdict, pending.verdict) == ("pass", "fail", "pending")
    assert bad.region == ent.region and TestItem.objects.filter(sample=bad).count() == 2


def test_sample_verdict_that_disagrees_is_refused(new_plan, catalogue, maker, office):
    plan = new_plan()
    ent = maker(catalogue["0101"])
    with pytest.raises(ValidationError, match="disagrees"):
        services.sample_record(
            actor=office,
            plan=plan,
            enterprise=ent,
            product=catalogue["0101"],
            data={"sampled_on": dt.date(2025, 5, 1), "verdict": "pass"},
            test_items=[{"item": "a", "verdict": "pass"}, {"item": "b", "verdict": "fail"}],
        )
    with pytest.raises(ValidationError, match="test items"):
        services.sample_record(
            actor=office,
            plan=plan,
            enterprise=ent,
            product=catalogue["0101"],
            data={"sampled_on": dt.date(2025, 5, 1), "verdict": "fail"},
        )
    assert not Sample.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sampled_on": "2999-01-01"}, "future"),
        ({"sampled_on": "not a date"}, "not a date"),
        ({"sampled_on": "2025-01-01", "backup_units": 0}, "backup"),
        ({"sampled_on": "2025-01-01", "place": "moon"}, "place"),
        ({"sampled_on": "2025-01-01", "colour": "red"}, "Unknown"),
    ],
)
def test_sample_bad_input_is_refused(new_plan, catalogue, maker, office, data, message):
    with pytest.raises(ValidationError, match=message):
        services.sample_record(
            actor=office,
            plan=new_plan(),
            enterprise=maker(catalogue["0101"]),
            product=catalogue["0101"],
            data=data,
        )
    assert not Sample.objects.exists()


def test_sample_rules_on_enterprise_product_and_pick(
    new_plan, set_quota, catalogue, maker, office, make_user
):
    plan = new_plan(region_code="320412", actor=make_user("office_staff", "320412"), level="county")
    elsewhere = maker(catalogue["0101"], "320411")
    with pytest.raises(ValidationError, match="outside the plan"):
        services.sample_record(
            actor=office, plan=plan, enterprise=elsewhere, product=catalogue["0101"],
            data={"sampled_on": "2025-01-01"},
        )  # fmt: skip
    ent = maker(catalogue["0101"], "320412")
    with pytest.raises(ValidationError, match="category"):
        services.sample_record(
            actor=office, plan=plan, enterprise=ent, product=catalogue["01"],
            data={"sampled_on": "2025-01-01"},
        )  # fmt: skip
    outsider = make_user("office_staff", "3205")
    with pytest.raises(PermissionDenied):
        services.sample_record(
            actor=outsider, plan=plan, enterprise=ent, product=catalogue["0101"],
            data={"sampled_on": "2025-01-01"},
        )  # fmt: skip
    # A pick of an unpublished draw cannot be sampled yet.
    city_plan = new_plan()
    set_quota(city_plan, catalogue["0101"], 1, region_code="320412")
    d = services.draw_run(actor=office, plan=city_plan, seed=1)
    pick = DrawPick.objects.get(draw=d)
    with pytest.raises(ValidationError, match="published draw"):
        services.sample_record(
            actor=office, plan=city_plan, enterprise=pick.enterprise, product=catalogue["0101"],
            data={"sampled_on": "2025-01-01"}, pick=pick,
        )  # fmt: skip
    services.draw_publish(actor=office, draw=d)
    pick.refresh_from_db()
    s = services.sample_record(
        actor=office, plan=city_plan, enterprise=pick.enterprise, product=catalogue["0101"],
        data={"sampled_on": "2025-01-01"}, pick=pick,
    )  # fmt: skip
    assert s.pick == pick and s.sample_number.startswith("CJ2025-")


def test_sample_update_and_publish(new_plan, catalogue, maker, record_sample, office, make_user):
    plan = new_plan()
    s = record_sample(plan, maker(catalogue["0101"]), catalogue["0101"], verdict="pending")
    with pytest.raises(ValidationError, match="pending"):
        services.sample_publish(actor=office, sample=s)
    s = services.sample_update(
        actor=office,
        sample=s,
        data={"brand": "雪花"},
        test_items=[{"item": "能效", "verdict": "fail"}],
    )
    assert s.verdict == "fail" and s.brand == "雪花"
    with pytest.raises(PermissionDenied):
        services.sample_publish(actor=make_user("inspector", "3204"), sample=s)
    services.sample_publish(actor=office, sample=s)
    with pytest.raises(ValidationError, match="published"):
        services.sample_update(actor=office, sample=s, data={"brand": "x"})
    with pytest.raises(ValidationError, match="published already"):
        services.sample_publish(actor=office, sample=s)


# -- inspectors ------------------------------------------------------------------------------------


def test_inspector_and_conflict_crud(office, make_org, make_enterprise, make_user):
    org = office.organization
    insp = services.inspector_create(
        actor=office, data={"name": " 王强 ", "organization": org, "phone": "13912345678"}
    )
    assert insp.name == "王强"
    services.inspector_update(actor=office, inspector=insp, data={"active": False})
    assert not Inspector.objects.get(pk=insp.pk).active
    with pytest.raises(ValidationError):
        services.inspector_create(actor=office, data={"name": "", "organization": org})
    with pytest.raises(PermissionDenied):
        services.inspector_create(
            actor=office, data={"name": "外地", "organization": make_org("3205")}
        )
    with pytest.raises(PermissionDenied):
        services.inspector_create(
            actor=make_user("viewer", "3204"), data={"name": "x", "organization": org}
        )
    ent = make_enterprise("320412")
    c = services.conflict_create(actor=office, inspector=insp, enterprise=ent, reason="亲属")
    with pytest.raises(ValidationError):
        services.conflict_create(actor=office, inspector=insp, reason="nothing named")
    with pytest.raises(ValidationError):
        services.conflict_create(actor=office, inspector=insp, enterprise=ent, reason=" ")
    services.conflict_delete(actor=office, conflict=c)
    assert not insp.conflicts.exists()
