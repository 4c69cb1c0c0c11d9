"""The serious-violation list through its services: each step in turn, the periods from
the data, the refusals (no legal basis, a step skipped, too early), the daily removal and
the set-based selector other apps call."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from zhiliang.core.workdays import add_weekdays
from zhiliang.enterprises.models import Enterprise
from zhiliang.penalties import listing_rules, selectors
from zhiliang.penalties import serious_services as s
from zhiliang.penalties.choices import SeriousStatus
from zhiliang.penalties.tests.test_services import messages

TODAY = timezone.localdate


def test_the_periods_are_data_with_source_and_mark():
    periods = listing_rules.periods()
    for key in ("objection", "publish_within", "early_removal", "removal"):
        assert periods[f"{key}_source"] and periods[f"{key}_mark"] in ("✓", "?")
    assert periods["early_removal_after_years"] >= 1 and periods["removal_after_years"] == 3
    for entry in listing_rules.sectors().values():
        assert entry.months in (6, 12) and entry.mark in ("✓", "?")


def test_a_listing_without_legal_basis_or_known_kind_is_refused(make_serious, firm):
    with pytest.raises(ValidationError) as exc:
        make_serious(legal_basis="  ")
    assert "needs its legal basis" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        make_serious(category="jaywalking")
    assert "Unknown kind jaywalking" in messages(exc)
    assert not firm.serious_violations.exists()


def test_the_steps_in_turn(make_serious, clerk):
    start = TODAY() - timedelta(days=800)
    listing = make_serious()
    assert listing.status == SeriousStatus.PROPOSED and listing.history.count() == 1
    s.serious_notify(actor=clerk, listing=listing, on=start + timedelta(days=1))
    until = add_weekdays(start + timedelta(days=1), 5)
    assert listing.objection_until == until
    # Inside the objection window the listing cannot be decided.
    with pytest.raises(ValidationError) as exc:
        s.serious_decide(actor=clerk, listing=listing, on=until)
    assert f"runs until {until.isoformat()}" in messages(exc)
    listing.refresh_from_db()
    assert listing.status == SeriousStatus.NOTIFIED and listing.listed_on is None
    s.serious_decide(actor=clerk, listing=listing, on=until + timedelta(days=1))
    assert listing.ends_on == listing.listed_on.replace(year=listing.listed_on.year + 3)
    s.serious_publish(actor=clerk, listing=listing, on=until + timedelta(days=3))
    assert listing.status == SeriousStatus.PUBLISHED and listing.history.count() == 4


def test_a_step_skipped_is_refused(make_serious, clerk):
    listing = make_serious()
    with pytest.raises(ValidationError) as exc:
        s.serious_decide(actor=clerk, listing=listing)
    assert "Not possible at this step" in messages(exc)
    with pytest.raises(ValidationError):
        s.serious_publish(actor=clerk, listing=listing)
    with pytest.raises(ValidationError):
        s.serious_apply_removal(actor=clerk, listing=listing, conditions={})
    listing.refresh_from_db()
    assert listing.status == SeriousStatus.PROPOSED and listing.history.count() == 1


def test_early_removal_after_the_minimum_period_with_every_condition(make_serious, clerk):
    recent = make_serious(to="published", start=TODAY() - timedelta(days=100))
    first = recent.early_removal_from
    with pytest.raises(ValidationError) as exc:
        s.serious_apply_removal(actor=clerk, listing=recent, conditions={})
    assert f"from {first.isoformat()}" in messages(exc)

    listing = make_serious(to="published")
    some = {"obligations_met": True, "harm_removed": True}
    s.serious_apply_removal(actor=clerk, listing=listing, conditions=some, statement="已缴清罚款")
    assert listing.removal_conditions == {**some, "no_new_penalty": False}
    with pytest.raises(ValidationError) as exc:
        s.serious_grant_removal(actor=clerk, listing=listing, reason="符合条件")
    assert "has had no further heavier penalty" in messages(exc)
    s.serious_refuse_removal(actor=clerk, listing=listing, reason="条件未满足")
    assert listing.status == SeriousStatus.PUBLISHED
    every = dict.fromkeys(listing_rules.removal_conditions(), True)
    s.serious_apply_removal(actor=clerk, listing=listing, conditions=every)
    s.serious_grant_removal(actor=clerk, listing=listing, reason="符合提前移出条件")
    assert listing.status == SeriousStatus.REMOVED and listing.removed_on == TODAY()
    assert not selectors.public_serious().filter(pk=listing.pk).exists()


def test_the_daily_job_removes_at_the_end(make_serious, make_enterprise):
    old = make_serious(to="published", start=TODAY() - timedelta(days=3 * 366 + 30))
    current = make_serious(to="published", enterprise=make_enterprise("320412"))
    # Past its end it is off the public list even before the job runs.
    public = selectors.public_serious()
    assert list(public.values_list("pk", flat=True)) == [current.pk]
    assert s.serious_expire_due() == 1 and s.serious_expire_due() == 0
    old.refresh_from_db()
    assert old.status == SeriousStatus.EXPIRED and old.removed_on == old.ends_on
    assert old.history.first().history_change_reason == "daily: period ended"


def test_the_set_based_selector_and_the_measures(make_serious, firm, make_enterprise):
    listing = make_serious(to="decided")
    other = make_enterprise("320412")
    make_serious(enterprise=other)  # only proposed: no measures
    listed = Enterprise.objects.filter(pk__in=selectors.seriously_listed_ids())
    assert list(listed) == [firm]
    before = listing.listed_on - timedelta(days=1)
    assert not selectors.seriously_listed_ids(as_of=before).exists()
    assert not selectors.seriously_listed_ids(as_of=listing.ends_on).exists()
    measures = selectors.listing_measures(enterprise=firm)
    assert measures["listed"] and measures["barred_from_awards"] and measures["flagged"]
    assert measures["min_sampling_ratio"] == listing_rules.measures()["min_sampling_ratio"]
    assert selectors.listing_measures(enterprise=other) == {
        "listed": False, "listing": None, "min_sampling_ratio": None,
        "barred_from_awards": False, "flagged": False,
    }  # fmt: skip


def test_rights_and_jurisdiction(make_serious, make_user):
    listing = make_serious()
    viewer = make_user("viewer", "320412")
    with pytest.raises(PermissionDenied):
        s.serious_notify(actor=viewer, listing=listing)
    with pytest.raises(Http404):
        s.serious_notify(actor=make_user("office_staff", "320411"), listing=listing)
    listing.refresh_from_db()
    assert listing.status == SeriousStatus.PROPOSED


def test_the_pages_take_each_step_and_answer_404_outside(make_serious, login, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    listing = make_serious(to="notified")
    client = login(clerk)
    page = client.get(reverse("penalties:serious", args=[listing.pk])).content.decode()
    assert reverse("penalties:serious-decide", args=[listing.pk]) in page
    assert reverse("penalties:serious-publish", args=[listing.pk]) not in page
    # A step skipped through the page: a message, nothing changed.
    publish = reverse("penalties:serious-publish", args=[listing.pk])
    response = client.post(publish, {"on": TODAY().isoformat()}, follow=True)
    assert "当前环节不能进行此操作" in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == SeriousStatus.NOTIFIED
    day = (listing.objection_until + timedelta(days=1)).isoformat()
    decide = reverse("penalties:serious-decide", args=[listing.pk])
    client.post(decide, {"on": day, "decision_number": "常武市监严〔2024〕9号"})
    client.post(publish, {"on": day})
    pdf = SimpleUploadedFile("决定书.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(reverse("penalties:serious-evidence", args=[listing.pk]), {"file": pdf})
    listing.refresh_from_db()
    assert listing.status == SeriousStatus.PUBLISHED and listing.evidence.count() == 1
    assert client.get(reverse("penalties:serious-list")).status_code == 200
    export = client.get(reverse("penalties:serious-list"), {"export": "xlsx"})
    assert export.status_code == 200
    other = login("office_staff", "320411")
    assert other.get(reverse("penalties:serious", args=[listing.pk])).status_code == 404
    assert other.post(publish, {"on": day}).status_code == 404
    file_url = reverse(
        "penalties:serious-evidence-file", args=[listing.pk, listing.evidence.get().pk]
    )
    assert other.get(file_url).status_code == 404


def test_the_api_takes_the_steps(make_serious, api, firm, bureau):
    client = api("office_staff", "320412")
    data = {"enterprise_uscc": firm.uscc, "deciding_body": bureau.pk, "category": "quality",
            "legal_basis": ""}  # fmt: skip
    response = client.post("/api/serious-violations/", data, format="json")
    assert response.status_code == 400 and "legal_basis" in response.json()["errors"]
    data["legal_basis"] = "《市场监督管理严重违法失信名单管理办法》第七条"
    created = client.post("/api/serious-violations/", data, format="json").json()
    url = f"/api/serious-violations/{created['id']}/"
    assert client.post(url + "publish/", {}, format="json").status_code == 400
    assert client.post(url + "notify/", {}, format="json").json()["status"] == "notified"
    other = api("office_staff", "320411")
    assert other.get(url).status_code == 404
    assert other.post(url + "drop/", {"reason": "x"}, format="json").status_code == 404


def test_overturning_the_penalty_withdraws_its_listing(make_serious, make_penalty, clerk):
    from zhiliang.penalties.services import penalty_overturn

    penalty = make_penalty(decided_on=TODAY() - timedelta(days=900))
    listing = make_serious(to="published", penalty=penalty)
    proposal = make_serious(penalty=penalty, start=TODAY() - timedelta(days=5))
    assert selectors.public_serious().filter(pk=listing.pk).exists()
    penalty_overturn(actor=clerk, penalty=penalty, on=TODAY(), reason="行政诉讼判决撤销")
    listing.refresh_from_db()
    proposal.refresh_from_db()
    assert listing.status == SeriousStatus.REMOVED and listing.removed_on == TODAY()
    assert proposal.status == SeriousStatus.DROPPED
    assert not selectors.public_serious().filter(pk=listing.pk).exists()


def test_the_decision_puts_the_enterprise_in_class_d_at_once(make_serious, clerk, firm):
    from zhiliang.credit import scoring
    from zhiliang.credit.models import CreditClass
    from zhiliang.credit.services import credit_records_refresh

    listing = make_serious(to="notified")
    credit_records_refresh()
    scoring.classify()
    assert CreditClass.objects.get(enterprise=firm).computed_class == "B"
    s.serious_decide(actor=clerk, listing=listing, on=listing.objection_until + timedelta(days=1))
    cls = CreditClass.objects.get(enterprise=firm)  # the service's event: class at once
    assert (cls.computed_class, cls.forced_by) == ("D", "force_d_serious")
    firm.refresh_from_db()
    assert firm.risk_class == "D"
