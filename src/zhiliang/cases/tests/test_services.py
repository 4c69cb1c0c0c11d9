"""The case services: bad input refused with reasons, the decision's penalty made once,
jurisdiction, interviews, escalation notices."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhiliang.cases import clocks, services
from zhiliang.cases.models import Case, Escalation
from zhiliang.cases.tests.conftest import at
from zhiliang.penalties.models import Penalty

pytestmark = pytest.mark.django_db

PENALTY = {
    "decision_number": "常武市监罚〔2026〕88号",
    "kind": "fine",
    "fine_amount": 100000,
    "legal_basis": "《中华人民共和国产品质量法》第四十九条",
    "decided_on": date(2026, 4, 1),
}


def test_an_accident_dated_in_the_future_is_refused(make_accident):
    later = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        make_accident(opened_at=later, reported_at=timezone.now())
    assert "opened_at" in err.value.message_dict
    assert not Case.objects.exists()


def test_negative_figures_are_refused(make_accident):
    with pytest.raises(ValidationError) as err:
        make_accident(deaths=-1, direct_loss=-5)
    assert {"deaths", "direct_loss"} <= set(err.value.message_dict)


def test_grade_from_the_figures(make_accident, clerk):
    case = make_accident(deaths=0, injuries=12, direct_loss=50000)
    assert case.grade == "larger"
    case = services.accident_update(actor=clerk, case=case, data={"deaths": 10})
    assert case.grade == "major"
    with pytest.raises(ValidationError):  # by hand needs a reason
        services.accident_update(
            actor=clerk, case=case, data={"grade": "general", "grade_by_hand": True}
        )
    case.refresh_from_db()
    assert case.grade == "major"


def test_equipment_accident_takes_the_units_enterprise(make_accident, firm, regions):
    from zhiliang.equipment.models import EquipmentUnit

    unit = EquipmentUnit.objects.create(
        register_code="31103204122019000001",
        catalogue_code="3110",
        enterprise=firm,
        region=firm.region,
        accepted_on=date(2019, 5, 1),
        in_service_on=date(2019, 5, 1),
    )
    case = make_accident(enterprise=None, equipment_unit=unit)
    assert case.enterprise == firm and case.region == unit.region


def test_the_decision_records_the_penalty_once(make_supervised, clerk):
    case = make_supervised()
    for stage in ("filed", "investigating"):
        services.case_advance(actor=clerk, case=case, to=stage, at=at(2026, 3, 10 + len(stage)))
    with pytest.raises(ValidationError):
        services.case_advance(actor=clerk, case=case, to="decided", at=at(2026, 4, 1, 10))
    data = dict(PENALTY, enforcing_body=clerk.organization)
    services.case_advance(actor=clerk, case=case, to="decided", at=at(2026, 4, 1, 10), penalty=data)
    assert Penalty.objects.count() == 1 and case.penalty.enterprise == case.enterprise
    assert case.deadlines.get(kind="decision").state == "met"
    services.case_advance(actor=clerk, case=case, to="executing", at=at(2026, 4, 10, 10))
    services.case_advance(actor=clerk, case=case, to="closed", at=at(2026, 5, 10, 10))
    assert Penalty.objects.count() == 1
    assert case.is_closed and case.deadlines.get(kind="supervision").state == "met"
    with pytest.raises(ValidationError):
        services.case_advance(actor=clerk, case=case, to="executing")


def test_a_refused_penalty_leaves_the_case_where_it_was(make_supervised, clerk):
    case = make_supervised()
    for stage in ("filed", "investigating"):
        services.case_advance(actor=clerk, case=case, to=stage, at=at(2026, 3, 10 + len(stage)))
    bad = dict(PENALTY, enforcing_body=clerk.organization, kind="nonsense")
    with pytest.raises(ValidationError):
        services.case_advance(actor=clerk, case=case, to="decided", penalty=bad)
    case.refresh_from_db()
    assert case.stage == "investigating" and not Penalty.objects.exists()


def test_jurisdiction_city_sees_what_it_listed_district_its_own(make_supervised, make_user):
    case = make_supervised()
    other = make_user("office_staff", "320411")  # 新北区
    city = Case.objects.visible_to(case.listing_office and make_user("office_staff", "3204"))
    assert case in city
    assert case not in Case.objects.visible_to(other)
    with pytest.raises(Http404):
        services.case_advance(actor=other, case=case, to="filed")


def test_a_district_cannot_list_for_another_district(office, make_user, firm):
    neighbour = make_user("office_staff", "320411")
    data = {
        "number": "x1",
        "title": "t",
        "enterprise": firm,
        "violation": "v",
        "office": office.organization,
        "opened_at": at(2026, 3, 1),
        "due_on": date(2026, 6, 1),
    }
    with pytest.raises((ValidationError, Http404)):
        services.supervised_list(actor=neighbour, data=data)


def test_interview_follow_up_is_a_clock(make_supervised, clerk):
    case = make_supervised()
    interview = services.interview_add(
        actor=clerk,
        case=case,
        data={
            "held_on": date(2026, 3, 5),
            "attendees": "法定代表人",
            "issues": "进货查验缺失",
            "commitments": "一个月内整改",
            "follow_up_on": date(2026, 4, 5),
        },
    )
    clock = case.deadlines.get(interview=interview)
    assert clock.state == "late"  # 2026-04-05 has passed
    with pytest.raises(ValidationError):
        services.interview_check(actor=clerk, interview=interview, on=date(2026, 4, 3), result="")
    services.interview_check(actor=clerk, interview=interview, on=date(2026, 4, 3), result="已整改")
    clock.refresh_from_db()
    assert clock.state == "met"


def test_escalation_once_per_late_deadline(make_supervised, office):
    case = make_supervised()  # found 2 March: the filing clock passed long ago
    assert clocks.escalations_raise() >= 1
    notice = Escalation.objects.get(deadline__kind="filing")
    assert notice.addressed_to == office.organization  # the listing office
    assert clocks.escalations_raise() == 0
    assert case.deadlines.get(kind="filing").escalated_at is not None


def test_document_through_the_evidence_check(make_supervised, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_supervised()
    with pytest.raises(ValidationError):
        services.document_add(
            actor=clerk, case=case, title="笔录", upload=SimpleUploadedFile("a.exe", b"MZ\x90\x00")
        )
    pdf = SimpleUploadedFile("询问笔录.pdf", b"%PDF-1.4\n%%EOF\n")
    document = services.document_add(actor=clerk, case=case, title="询问笔录", upload=pdf)
    assert document.file_kind == "pdf" and len(document.sha256) == 64


def test_an_approved_accident_becomes_a_credit_record_of_the_enterprise(make_accident, clerk):
    from zhiliang.credit import scoring
    from zhiliang.credit.models import CreditClass, CreditRecord
    from zhiliang.credit.services import credit_records_refresh

    case = make_accident(deaths=0, injuries=12, direct_loss=50000)
    credit_records_refresh()
    scoring.classify()
    steps = ("escalated", "investigating", "report_submitted")
    for n, to in enumerate(steps):
        services.case_advance(actor=clerk, case=case, to=to, at=at(2026, 3, 3 + n, 9, 0))
    assert not CreditRecord.objects.filter(kind="accident").exists()  # not before approval
    services.case_advance(actor=clerk, case=case, to="approved", at=at(2026, 4, 1, 9, 0))
    record = CreditRecord.objects.get(kind="accident")  # the service's event, at once
    assert (record.enterprise_id, record.detail, record.occurred_on.isoformat()) == (
        case.enterprise_id, "larger", "2026-03-02"
    )  # fmt: skip
    reasons = CreditClass.objects.get(enterprise_id=case.enterprise_id).reasons
    assert reasons[0]["code"] == "accidents" and reasons[0]["contribution"] == 15.0
