"""Follow-up of a failure: every transition, its deadlines, refusals, overdue flagging."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhiliang.inspections import rules, services, tasks
from zhiliang.inspections.models import FollowUp, FollowUpStep

pytestmark = pytest.mark.django_db

T0 = dt.date.today() - dt.timedelta(days=400)  # the result reached the enterprise


def day(n: int) -> dt.date:
    return T0 + dt.timedelta(days=n)


@pytest.fixture
def failed(new_plan, catalogue, maker, record_sample):
    return record_sample(
        new_plan(), maker(catalogue["0101"]), catalogue["0101"], verdict="fail",
        sampled_on=T0 - dt.timedelta(days=20),
    )  # fmt: skip


@pytest.fixture
def fu(failed, office):
    return services.followup_open(actor=office, sample=failed, notified_on=T0, note="送达")


def step(fu, office, action, n, **kw):
    return services.followup_transition(
        actor=office, follow_up=fu, action=action, done_on=day(n), **kw
    )


def test_deadlines_are_data():
    data = rules.followup_rules()
    assert (data["objection_days"], data["rectification_days"], data["reinspection_days"]) == (
        15,
        60,
        75,
    )
    assert (data["second_reinspection_min_days"], data["second_reinspection_max_days"]) == (60, 90)
    assert "18" in data["source"]


def test_open_sets_the_objection_window(fu, office):
    assert fu.state == "notified"
    assert fu.objection_due_on == day(15) == fu.due_on
    s = FollowUpStep.objects.get(follow_up=fu)
    assert (s.step, s.to_state, s.actor, s.done_on) == ("notify", "notified", office, T0)


def test_only_failed_samples_and_only_once(
    failed, office, new_plan, catalogue, maker, record_sample
):
    ok = record_sample(new_plan(), maker(catalogue["0101"]), catalogue["0101"])
    with pytest.raises(ValidationError, match="failed"):
        services.followup_open(actor=office, sample=ok, notified_on=T0)
    services.followup_open(actor=office, sample=failed, notified_on=T0)
    with pytest.raises(ValidationError, match="already"):
        services.followup_open(actor=office, sample=failed, notified_on=T0)


def test_objection_retest_pass_closes(fu, office):
    step(fu, office, "object", 15)  # the last day of the window
    fu.refresh_from_db()
    assert fu.state == "retest" and fu.due_on is None
    fu = step(fu, office, "retest_pass", 30)
    assert (fu.state, fu.retest_verdict, fu.closed_on) == ("closed", "pass", day(30))


def test_objection_after_the_window_is_refused(fu, office):
    with pytest.raises(ValidationError, match="objection window closed"):
        step(fu, office, "object", 16)
    assert FollowUp.objects.get(pk=fu.pk).state == "notified"


def test_retest_fail_orders_rectification_with_its_deadlines(fu, office):
    step(fu, office, "object", 5)
    fu = step(fu, office, "retest_fail", 20)
    assert fu.state == "rectification" and fu.retest_verdict == "fail"
    assert fu.rectification_ordered_on == day(20)
    assert fu.rectification_due_on == day(80) == fu.due_on
    assert fu.reinspection_due_on == day(95)


def test_rectification_waits_for_the_window_unless_waived(fu, office):
    with pytest.raises(ValidationError, match="objection window runs until"):
        step(fu, office, "order_rectification", 10)
    fu = step(fu, office, "order_rectification", 10, objection_waived=True)
    assert fu.state == "rectification" and fu.rectification_due_on == day(70)


def test_full_path_through_announcement_to_escalation(fu, office):
    step(fu, office, "order_rectification", 16)
    fu = step(fu, office, "report_rectified", 50)
    assert fu.state == "reinspection" and fu.due_on == day(16 + 75)
    fu = step(fu, office, "reinspect_fail", 80)
    assert fu.state == "announced" and fu.announced_on == day(80)
    assert fu.second_reinspection_from == day(140) and fu.second_reinspection_due_on == day(170)
    assert fu.due_on == day(170)
    with pytest.raises(ValidationError, match="60–90 days"):
        step(fu, office, "second_reinspect_fail", 139, escalation="suspension")
    with pytest.raises(ValidationError, match="suspension or revocation"):
        step(fu, office, "second_reinspect_fail", 140)
    fu = step(fu, office, "second_reinspect_fail", 140, escalation="revocation")
    assert (fu.state, fu.escalation, fu.closed_on) == ("escalated", "revocation", day(140))
    steps = list(FollowUpStep.objects.filter(follow_up=fu).order_by("id"))
    assert [s.step for s in steps] == [
        "notify",
        "order_rectification",
        "report_rectified",
        "reinspect_fail",
        "second_reinspect_fail",
    ]
    assert steps[1].due_on == day(15)  # the deadline it had to meet
    assert all(s.actor == office for s in steps)


def test_reinspection_pass_and_second_reinspection_pass_close(fu, office, failed):
    step(fu, office, "order_rectification", 16)
    step(fu, office, "report_rectified", 40)
    fu = step(fu, office, "reinspect_pass", 60)
    assert fu.state == "closed" and fu.closed_on == day(60)


def test_second_reinspection_pass_closes(fu, office):
    step(fu, office, "order_rectification", 16)
    step(fu, office, "report_rectified", 40)
    step(fu, office, "reinspect_fail", 60)
    fu = step(fu, office, "second_reinspect_pass", 150)
    assert fu.state == "closed"


@pytest.mark.parametrize(
    "action",
    ["retest_pass", "retest_fail", "report_rectified", "reinspect_pass", "second_reinspect_pass"],
)
def test_invalid_transitions_are_refused_with_the_possible_ones(fu, office, action):
    with pytest.raises(ValidationError) as err:
        step(fu, office, action, 20)
    assert "is not possible while the follow-up is" in str(err.value)
    assert "objection filed" in str(err.value)  # what is possible
    assert FollowUpStep.objects.filter(follow_up=fu).count() == 1


def test_nothing_after_closing_but_training(fu, office):
    step(fu, office, "object", 3)
    step(fu, office, "retest_pass", 10)
    with pytest.raises(ValidationError, match="not possible"):
        step(fu, office, "order_rectification", 20)
    fu = step(fu, office, "record_training", 12, training_attendees=14, note="质量安全培训")
    assert (fu.state, fu.training_on, fu.training_attendees) == ("closed", day(12), 14)
    assert fu.training_note == "质量安全培训"


def test_dates_in_the_future_or_before_the_last_step_are_refused(fu, office):
    with pytest.raises(ValidationError, match="future"):
        services.followup_transition(
            actor=office, follow_up=fu, action="object",
            done_on=dt.date.today() + dt.timedelta(days=1),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="precede"):
        step(fu, office, "object", -1)
    with pytest.raises(ValidationError, match="Unknown step"):
        step(fu, office, "teleport", 1)


def test_transition_needs_the_right_and_the_jurisdiction(fu, make_user):
    with pytest.raises(PermissionDenied):
        step(fu, make_user("viewer", "3204"), "object", 2)
    with pytest.raises(Http404):  # outside the jurisdiction: answered as missing
        step(fu, make_user("inspector", "3205"), "object", 2)
    step(fu, make_user("inspector", "320412"), "object", 2)  # inspectors take steps too


def test_daily_job_flags_overdue_and_unflags_when_done(fu, office, failed):
    today = day(20)
    assert services.followups_flag_overdue(today=day(15)) == 0  # due that day: not yet late
    assert services.followups_flag_overdue(today=today) == 1
    fu.refresh_from_db()
    assert fu.overdue and fu.overdue_flagged_on == today
    assert services.followups_flag_overdue(today=today) == 0  # flagged once
    step(fu, office, "order_rectification", 18)
    fu.refresh_from_db()
    assert not fu.overdue and fu.due_on == day(78)
    assert services.followups_flag_overdue(today=day(78)) == 0
    assert services.followups_flag_overdue(today=day(79)) == 1
    # The task wraps the service and takes an ISO date.
    FollowUp.objects.update(overdue=False)
    assert tasks.flag_overdue_followups.call(day(79).isoformat()) == 1


def test_daily_job_listed():
    from zhiliang.daily import DAILY_JOBS

    assert (
        "sampling follow-up steps overdue",
        "zhiliang.inspections.tasks.flag_overdue_followups",
    ) in DAILY_JOBS


def test_sample_with_follow_up_cannot_change(fu, office, failed):
    with pytest.raises(ValidationError, match="follow-up"):
        services.sample_update(actor=office, sample=failed, data={"brand": "x"})


def test_evidence_must_be_a_document_and_nothing_changes_otherwise(fu, office, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    program = SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="PDF, JPEG, PNG"):
        step(fu, office, "object", 5, evidence=program)
    fu.refresh_from_db()
    assert fu.state == "notified" and FollowUpStep.objects.filter(follow_up=fu).count() == 1
    pdf = SimpleUploadedFile("notice.pdf", b"%PDF-1.4 order")
    assert step(fu, office, "object", 5, evidence=pdf).state != "notified"
    assert FollowUpStep.objects.get(follow_up=fu, step="object").evidence


# -- the steps offered now ------------------------------------------------------------------------


def _options(fu, on):
    return {o.action: o for o in services.followup_steps(fu, on)}


def test_steps_during_the_objection_window(fu):
    options = _options(fu, day(3))
    assert options["object"].allowed and options["object"].due_on == day(15)
    assert options["order_rectification"].needs_waiver
    assert options["order_rectification"].from_on == day(16)
    assert "reinspect_pass" not in options


def test_steps_after_the_objection_window(fu):
    options = _options(fu, day(16))
    assert not options["object"].allowed and "closed" in options["object"].reason
    rectify = options["order_rectification"]
    assert rectify.allowed and not rectify.needs_waiver


def test_second_reinspection_offered_only_from_its_first_day(fu, office):
    step(fu, office, "order_rectification", 20)
    step(fu, office, "report_rectified", 50)
    step(fu, office, "reinspect_fail", 70)
    fu.refresh_from_db()
    assert not _options(fu, day(129))["second_reinspect_pass"].allowed
    option = _options(fu, day(130))["second_reinspect_pass"]
    assert option.allowed and (option.from_on, option.due_on) == (day(130), day(160))


def test_the_service_refuses_with_the_offered_reason(fu, office):
    reason = _options(fu, day(20))["object"].reason
    with pytest.raises(ValidationError) as refused:
        step(fu, office, "object", 20)
    assert refused.value.messages == [reason]
    assert FollowUp.objects.get(pk=fu.pk).state == "notified"
