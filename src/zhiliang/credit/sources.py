"""Where credit records come from: one selector per record kind, each one grouped query
over its source table in the columns of `COLUMNS`.

A selector takes `enterprise_ids` (None: all) and `today`, and returns a queryset whose
`values()` (the columns of `COLUMNS`, in that order) are the records of its kind.
`SOURCES` maps each kind of data/record_kinds.yaml to its selector: adding a source is one
YAML entry + one function here (`PLUGGED_SOURCES` for a source another app declares).
"""

from django.db.models import CharField, DateField, DecimalField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce

from zhiliang.complaints.choices import ComplaintOutcome
from zhiliang.complaints.models import Complaint
from zhiliang.equipment.choices import DueState, UnitStatus
from zhiliang.equipment.models import EquipmentUnit
from zhiliang.inspections.choices import FollowUpAction, SamplePlace, Verdict
from zhiliang.inspections.models import FollowUpStep, Sample
from zhiliang.licensing.choices import CertificateStatus, InstrumentStatus
from zhiliang.licensing.models import Certificate, Instrument
from zhiliang.metrology.models import Check as MetrologyCheck
from zhiliang.metrology.models import Verdict as MetrologyVerdict
from zhiliang.penalties.choices import PenaltyStatus
from zhiliang.penalties.models import AbnormalListing, Penalty, SeriousViolation

COLUMNS = (
    "r_enterprise", "r_detail", "r_occurred", "r_ended", "r_repaired", "r_amount",
    "r_source_pk", "r_public_from", "r_public_until",
)  # fmt: skip

# Typed NULLs: PostgreSQL would take a bare NULL in the sub-select as text.
_NO_DATE = Cast(Value(None), output_field=DateField())
_NO_AMOUNT = Cast(Value(None), output_field=DecimalField(max_digits=14, decimal_places=2))


def _shape(qs, *, enterprise, occurred, detail="", ended=None, repaired=None, amount=None,
           public_from=None, public_until=None, enterprise_ids=None):  # fmt: skip
    """The source rows as credit-record columns (every column named, in `COLUMNS` order)."""
    if enterprise_ids is not None:
        qs = qs.filter(**{f"{enterprise}__in": list(enterprise_ids)})
    detail_expr = detail if not isinstance(detail, str) else Value(detail)
    shaped = qs.order_by().annotate(
        r_enterprise=F(enterprise),
        r_detail=Cast(detail_expr, CharField()),
        r_occurred=occurred,
        r_ended=ended if ended is not None else _NO_DATE,
        r_repaired=repaired if repaired is not None else _NO_DATE,
        r_amount=amount if amount is not None else _NO_AMOUNT,
        r_source_pk=F("pk"),
        r_public_from=public_from if public_from is not None else _NO_DATE,
        r_public_until=public_until if public_until is not None else _NO_DATE,
    )
    return shaped.filter(r_occurred__isnull=False, r_enterprise__isnull=False).values(*COLUMNS)


def sample_failed(enterprise_ids, today):
    """A failed sample, unless the objection's re-test passed (the failure is void)."""
    qs = Sample.objects.filter(verdict=Verdict.FAIL, enterprise__isnull=False).exclude(
        follow_up__retest_verdict=Verdict.PASS
    )
    occurred = Coalesce(F("tested_on"), F("sampled_on"))
    return _shape(qs, enterprise="enterprise_id", occurred=occurred, enterprise_ids=enterprise_ids)


def _step(steps, *, on_time=False):
    qs = FollowUpStep.objects.filter(step__in=steps, follow_up__sample__enterprise__isnull=False)
    if on_time:
        qs = qs.filter(Q(due_on__isnull=True) | Q(done_on__lte=F("due_on")))
    return qs


def rectified_on_time(enterprise_ids, today):
    qs = _step([FollowUpAction.REINSPECT_PASS], on_time=True)
    return _shape(qs, enterprise="follow_up__sample__enterprise_id", occurred=F("done_on"),
                  enterprise_ids=enterprise_ids)  # fmt: skip


def reinspection_failed(enterprise_ids, today):
    qs = _step([FollowUpAction.REINSPECT_FAIL, FollowUpAction.SECOND_REINSPECT_FAIL])
    return _shape(qs, enterprise="follow_up__sample__enterprise_id", occurred=F("done_on"),
                  detail=F("step"), enterprise_ids=enterprise_ids)  # fmt: skip


def _certificates(status):
    return Certificate.objects.filter(status=status, status_changed_on__isnull=False)


def certificate_suspended(enterprise_ids, today):
    qs = _certificates(CertificateStatus.SUSPENDED)
    return _shape(qs, enterprise="holder_id", occurred=F("status_changed_on"),
                  detail=F("kind__code"), enterprise_ids=enterprise_ids)  # fmt: skip


def certificate_revoked(enterprise_ids, today):
    qs = _certificates(CertificateStatus.REVOKED)
    return _shape(qs, enterprise="holder_id", occurred=F("status_changed_on"),
                  detail=F("kind__code"), enterprise_ids=enterprise_ids)  # fmt: skip


def certificate_expired_producing(enterprise_ids, today):
    """Expired, and the holder was sampled at production after the expiry."""
    producing = Sample.objects.filter(
        enterprise_id=OuterRef("holder_id"),
        place=SamplePlace.PRODUCTION,
        sampled_on__gt=OuterRef("expires_on"),
    )
    qs = Certificate.objects.filter(status=CertificateStatus.EXPIRED).filter(Exists(producing))
    return _shape(qs, enterprise="holder_id", occurred=F("expires_on"), detail=F("kind__code"),
                  enterprise_ids=enterprise_ids)  # fmt: skip


def equipment_unregistered(enterprise_ids, today):
    qs = EquipmentUnit.objects.filter(found_unregistered_on__isnull=False)
    return _shape(qs, enterprise="enterprise_id", occurred=F("found_unregistered_on"),
                  ended=F("registered_on"), detail=F("kind_code"),
                  enterprise_ids=enterprise_ids)  # fmt: skip


def equipment_overdue(enterprise_ids, today):
    qs = EquipmentUnit.objects.filter(
        due_state=DueState.OVERDUE, status=UnitStatus.IN_USE, next_due_on__isnull=False
    )
    return _shape(qs, enterprise="enterprise_id", occurred=F("next_due_on"),
                  detail=F("kind_code"), enterprise_ids=enterprise_ids)  # fmt: skip


def instrument_overdue(enterprise_ids, today):
    qs = Instrument.objects.filter(status=InstrumentStatus.IN_USE, next_due_on__lt=today)
    return _shape(qs, enterprise="owner_id", occurred=F("next_due_on"),
                  detail=F("category__code"), enterprise_ids=enterprise_ids)  # fmt: skip


def penalty(enterprise_ids, today):
    """Decisions in force; `detail` is the kind of penalty (warning, fine …)."""
    qs = Penalty.objects.filter(status=PenaltyStatus.IN_FORCE)
    return _shape(qs, enterprise="enterprise_id", occurred=F("decided_on"), detail=F("kind"),
                  amount=F("fine_amount"), repaired=F("repaired_on"), public_from=F("public_from"),
                  public_until=F("public_until"), enterprise_ids=enterprise_ids)  # fmt: skip


def abnormal_listing(enterprise_ids, today):
    return _shape(AbnormalListing.objects.all(), enterprise="enterprise_id",
                  occurred=F("listed_on"), ended=F("removed_on"), detail=F("reason"),
                  enterprise_ids=enterprise_ids)  # fmt: skip


def serious_violation(enterprise_ids, today):
    """On the serious-violation list from the decision until the removal (early, at the end
    of the period, or withdrawn with the penalty it rested on)."""
    qs = SeriousViolation.objects.filter(listed_on__isnull=False)
    return _shape(qs, enterprise="enterprise_id", occurred=F("listed_on"), ended=F("removed_on"),
                  detail=F("category"), public_from=F("published_on"), public_until=F("ends_on"),
                  enterprise_ids=enterprise_ids)  # fmt: skip


def complaint_justified(enterprise_ids, today):
    qs = Complaint.objects.filter(
        outcome=ComplaintOutcome.JUSTIFIED, enterprise__isnull=False, closed_on__isnull=False
    )
    return _shape(qs, enterprise="enterprise_id", occurred=F("closed_on"),
                  detail=F("category"), enterprise_ids=enterprise_ids)  # fmt: skip


def metrology_failed(enterprise_ids, today):
    """A failed metrology check (net content short, a dispenser beyond its error);
    `detail` is the campaign's subject."""
    qs = MetrologyCheck.objects.filter(verdict=MetrologyVerdict.FAIL, enterprise__isnull=False)
    return _shape(qs, enterprise="enterprise_id", occurred=F("checked_on"),
                  detail=F("campaign__subject"), enterprise_ids=enterprise_ids)  # fmt: skip


def accident(enterprise_ids, today):
    """An accident the enterprise was responsible for, once its investigation report was
    approved (the grade is then settled); `detail` is the grade, dated the day it happened."""
    from django.db.models.functions import TruncDate

    from zhiliang.cases.selectors import credited_accidents

    return _shape(credited_accidents(), enterprise="enterprise_id", occurred=TruncDate("opened_at"),
                  detail=F("grade"), enterprise_ids=enterprise_ids)  # fmt: skip


def cqo_trained(enterprise_ids, today):
    """A training of the enterprise's chief quality officer (the CQO registry's records)."""
    from zhiliang.infrastructure.models import Training

    return _shape(Training.objects.all(), enterprise="enterprise_id", occurred=F("trained_on"),
                  enterprise_ids=enterprise_ids)  # fmt: skip


SOURCES = {
    "sample_failed": ("inspections.sample", sample_failed),
    "rectified_on_time": ("inspections.followupstep", rectified_on_time),
    "reinspection_failed": ("inspections.followupstep", reinspection_failed),
    "certificate_suspended": ("licensing.certificate", certificate_suspended),
    "certificate_revoked": ("licensing.certificate", certificate_revoked),
    "certificate_expired_producing": ("licensing.certificate", certificate_expired_producing),
    "equipment_unregistered": ("equipment.equipmentunit", equipment_unregistered),
    "equipment_overdue": ("equipment.equipmentunit", equipment_overdue),
    "instrument_overdue": ("licensing.instrument", instrument_overdue),
    "penalty": ("penalties.penalty", penalty),
    "abnormal_listing": ("penalties.abnormallisting", abnormal_listing),
    "serious_violation": ("penalties.seriousviolation", serious_violation),
    "complaint_justified": ("complaints.complaint", complaint_justified),
    "cqo_trained": ("infrastructure.training", cqo_trained),
    "metrology_failed": ("metrology.check", metrology_failed),
    "accident": ("cases.case", accident),
}

# Sources other apps add, same shape: kind → (source label, selector).
PLUGGED_SOURCES: dict = {}


def all_sources() -> dict:
    return {**SOURCES, **PLUGGED_SOURCES}
