"""Every business list, declared once (continued from test_lists.py): penalties, credit,
sampling, plans, indicators, assessments, imports, standards and recognition."""

from zhiliang.assessments.models import AssessmentResult, AssessmentScheme
from zhiliang.core.testing.lists import A, ScopedListTests, first_linked
from zhiliang.credit.models import CreditClass, CreditRecord
from zhiliang.imports.models import ImportBatch
from zhiliang.indicators.models import IndicatorValue, ReportedValue
from zhiliang.inspections.choices import OPEN_STATES
from zhiliang.inspections.models import Draw, FollowUp, Inspector, Sample, SamplingPlan
from zhiliang.licensing.models import Verification
from zhiliang.penalties.models import AbnormalListing, Penalty, PenaltyRepair, SeriousViolation
from zhiliang.plans.models import Plan, SupervisionNotice, Task
from zhiliang.recognition.models import Application as RecognitionApplication
from zhiliang.recognition.models import Expert, Holder
from zhiliang.recognition.models import Round as RecognitionRound
from zhiliang.standards.models import Adoption, Drafting, EnterpriseStandard, Pilot, Standard


class TestPenalties(ScopedListTests):
    model = Penalty
    page, detail, api = "penalties:penalties", "penalties:penalty", "penalty"
    filters = {"q": lambda row: row.decision_number}


class TestAbnormalListings(ScopedListTests):
    model = AbnormalListing
    page, detail, api = "penalties:listings", "penalties:listing", "abnormallisting"
    filters = {"q": lambda row: row.enterprise.uscc}


class TestSeriousViolations(ScopedListTests):
    model = SeriousViolation
    page, detail, api = "penalties:serious-list", "penalties:serious", "seriousviolation"
    filters = {"q": lambda row: row.enterprise.uscc, "category": "quality", "status": "published"}
    keeps_all = frozenset({"category"})  # the demo lists for one kind


class TestPenaltyRepairs(ScopedListTests):
    model = PenaltyRepair
    page, detail, api = "penalties:repairs", "penalties:repair", "penaltyrepair"
    filters = {"q": lambda row: row.penalty.decision_number, "status": "granted"}


class TestCreditClasses(ScopedListTests):
    model = CreditClass
    page, detail, api = "credit:classes", "credit:class", "creditclass"
    filters = {
        "q": lambda row: row.enterprise.uscc,
        "risk_class": lambda row: (
            CreditClass.objects.exclude(effective_class="B").first().effective_class
        ),
        "is_default": False,
    }


class TestCreditRecords(ScopedListTests):
    model = CreditRecord
    page, api = "credit:records", "creditrecord"
    filters = {"q": lambda row: row.enterprise.uscc, "kind": "penalty"}


class TestVerifications(ScopedListTests):
    model = Verification
    api = "verification"


class TestSamplingPlans(ScopedListTests):
    model = SamplingPlan
    page, detail, api = "inspections:plans", "inspections:plan", "samplingplan"
    filters = {"q": lambda row: row.name}


class TestSamples(ScopedListTests):
    model = Sample
    page, detail, api = "inspections:samples", "inspections:sample", "sample"
    filters = {
        "q": lambda row: row.sample_number,
        "product": lambda row: row.product.code,
        "category": lambda row: row.product.parent.code,
    }


class TestDraws(ScopedListTests):
    model = Draw
    page, detail, api = "inspections:draws", "inspections:draw", "draw"
    filters = {"status": "done"}
    # The demo samples every drawn enterprise: all its draws are done (the home page's test
    # adds enterprises still to sample and counts them on this list).
    keeps_all = frozenset({"status"})


class TestFollowUps(ScopedListTests):
    model = FollowUp
    page, detail, api = "inspections:followups", "inspections:followup", "followup"

    def shown(self, queryset):
        return queryset.filter(state__in=OPEN_STATES)


class TestInspectors(ScopedListTests):
    model = Inspector
    page, detail, api = "inspections:inspectors", "inspections:inspector", "inspector"


class TestPlans(ScopedListTests):
    model = Plan
    page, detail, api = "plans:list", "plans:detail", "plan"
    # The demo's district plans are one document; the city also reads the province's plan.
    filters = {"q": lambda row: row.title}


class TestTasks(ScopedListTests):
    model = Task
    page, api = "plans:tasks", "task"
    filters = {
        "unit": lambda row: row.task_units.first().organization_id,
        "lead": lambda row: row.task_units.filter(role="lead").first().organization_id,
        "status": lambda row: row.reports.order_by("-reported_on", "-id").first().status,
    }


class TestNotices(ScopedListTests):
    model = SupervisionNotice
    page, api = "plans:notices", "supervisionnotice"


class TestIndicatorValues(ScopedListTests):
    model = IndicatorValue
    api = "indicatorvalue"
    filters = {"region": A, "within": A, "parent": A}


class TestReportedValues(ScopedListTests):
    model = ReportedValue
    page, api = "indicators:reported", "reportedvalue"
    filters = {"within": A}


class TestAssessmentSchemes(ScopedListTests):
    model = AssessmentScheme
    page, detail, api = "assessments:schemes", "assessments:scheme", "assessmentscheme"


class TestAssessmentResults(ScopedListTests):
    model = AssessmentResult
    page, detail, api = "assessments:schemes", "assessments:result", "assessmentresult"


class TestImports(ScopedListTests):
    model = ImportBatch
    page, detail = "imports:list", "imports:detail"

    def add_rows(self, world):
        office = world.user("office_staff", A)
        for n in range(3):
            ImportBatch.objects.create(
                kind="enterprises", created_by=office, region=office.jurisdiction,
                file=f"imports/more-{n}.xlsx", original_name="企业名录.xlsx", file_format="xlsx",
            )  # fmt: skip


class TestStandards(ScopedListTests):
    model = Standard
    page, detail, api = "standards:standards", "standards:standard", "standard"
    filters = {
        "q": lambda row: row.number,
        "status": "current",
        "enterprise": first_linked(Standard),
    }


class TestEnterpriseStandards(ScopedListTests):
    model = EnterpriseStandard
    page, detail, api = "standards:applied_list", "standards:applied", "enterprisestandard"
    filters = {"q": lambda row: row.enterprise.name}


class TestStandardAdoptions(ScopedListTests):
    model = Adoption
    page, api = "standards:adoptions", "standardadoption"
    filters = {
        "q": lambda row: row.foreign_number,
        "enterprise": first_linked(Adoption),
        "standard": first_linked(Adoption, "standard"),
    }


class TestStandardDraftings(ScopedListTests):
    model = Drafting
    page, api = "standards:draftings", "standarddrafting"
    filters = {
        "q": lambda row: row.standard.number,
        "enterprise": first_linked(Drafting),
    }


class TestStandardisationPilots(ScopedListTests):
    model = Pilot
    page, detail, api = "standards:pilots", "standards:pilot", "standardpilot"
    filters = {
        "q": lambda row: row.name,
        "enterprise": first_linked(Pilot),
    }


class TestRecognitionExperts(ScopedListTests):
    model = Expert
    page, detail, api = "recognition:experts", "recognition:expert", "expert"
    filters = {"q": lambda row: row.name}


class TestRecognitionRounds(ScopedListTests):
    model = RecognitionRound
    page, detail, api = "recognition:rounds", "recognition:round", "recognitionround"
    filters = {"q": lambda row: row.title}


class TestRecognitionApplications(ScopedListTests):
    model = RecognitionApplication
    detail, api = "recognition:application", "recognitionapplication"
    filters = {"q": lambda row: row.enterprise.name}


class TestRecognitionHolders(ScopedListTests):
    model = Holder
    page, detail, api = "recognition:holders", "recognition:holder", "holder"
    filters = {
        "q": lambda row: row.enterprise.name,
        "enterprise": lambda row: row.enterprise_id,
    }
