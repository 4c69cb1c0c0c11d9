"""Every business list, declared once: scoped, 404 outside, closed to administrators,
filters that work, and queries that do not grow with the rows (core/testing/lists.py)."""

from zhiliang.assessments.models import AssessmentResult, AssessmentScheme
from zhiliang.complaints.models import Complaint
from zhiliang.core.testing.lists import A, ScopedListTests
from zhiliang.enterprises.models import Enterprise
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection
from zhiliang.imports.models import ImportBatch
from zhiliang.indicators.models import IndicatorValue, ReportedValue
from zhiliang.inspections.choices import OPEN_STATES
from zhiliang.inspections.models import Draw, FollowUp, Inspector, Sample, SamplingPlan
from zhiliang.licensing.models import Certificate, Instrument, Verification
from zhiliang.metrology.models import Campaign, Check, EnergyUnit
from zhiliang.penalties.models import AbnormalListing, Penalty
from zhiliang.plans.models import Plan, SupervisionNotice, Task
from zhiliang.satisfaction.models import Response, Survey


class TestEnterprises(ScopedListTests):
    model = Enterprise
    page, detail, api = "enterprises:list", "enterprises:detail", "enterprise"
    filters = {"q": lambda row: row.name, "industry": lambda row: row.industry.code}


class TestComplaints(ScopedListTests):
    model = Complaint
    page, detail, api = "complaints:list", "complaints:detail", "complaint"
    filters = {
        "q": lambda row: row.number,
        "enterprise": lambda row: Complaint.objects.exclude(enterprise=None).first().enterprise_id,
        "status": "closed",
        "outcome": "justified",
    }


class TestSatisfactionSurveys(ScopedListTests):
    model = Survey
    page, detail, api = "satisfaction:list", "satisfaction:detail", "survey"
    filters = {"q": lambda row: row.title}


class TestSurveyResponses(ScopedListTests):
    model = Response
    page, api = "satisfaction:responses", "surveyresponse"
    filters = {"q": lambda row: row.respondent, "straight_lined": True}
    keeps_all = frozenset({"survey"})


class TestMetrologyCampaigns(ScopedListTests):
    model = Campaign
    page, detail, api = "metrology:campaigns", "metrology:campaign", "campaign"
    filters = {"q": lambda row: row.name}


class TestMetrologyChecks(ScopedListTests):
    model = Check
    page, detail, api = "metrology:checks", "metrology:check", "metrologycheck"
    filters = {"q": lambda row: row.number, "verdict": "fail"}
    keeps_all = frozenset({"campaign"})


class TestEnergyUnits(ScopedListTests):
    model = EnergyUnit
    page, detail, api = "metrology:energy_units", "metrology:energy_unit", "energyunit"
    filters = {"q": lambda row: row.name, "short": True}


class TestEquipmentUnits(ScopedListTests):
    model = EquipmentUnit
    page, detail, api = "equipment:unit_list", "equipment:unit_detail", "equipmentunit"
    filters = {"q": lambda row: row.register_code}


class TestPeriodicInspections(ScopedListTests):
    model = PeriodicInspection
    page, api = "equipment:inspection_list", "periodicinspection"


class TestOperators(ScopedListTests):
    model = Operator
    page, detail, api = "equipment:operator_list", "equipment:operator_detail", "operator"
    filters = {"q": lambda row: row.name, "item": "N1", "certificate": "valid"}


class TestCertificates(ScopedListTests):
    model = Certificate
    page, detail, api = "licensing:certificates", "licensing:certificate", "certificate"
    filters = {
        "q": lambda row: row.number,
        "kind": lambda row: row.kind.code,
        "product": lambda row: row.products.first().code,
        "expiring_within": 365,
    }


class TestInstruments(ScopedListTests):
    model = Instrument
    page, detail, api = "licensing:instruments", "licensing:instrument", "instrument"
    filters = {
        "q": lambda row: row.serial,
        "category": lambda row: row.category.code,
        "due_within": 365,
    }


class TestPenalties(ScopedListTests):
    model = Penalty
    page, detail, api = "penalties:penalties", "penalties:penalty", "penalty"
    filters = {"q": lambda row: row.decision_number}


class TestAbnormalListings(ScopedListTests):
    model = AbnormalListing
    page, detail, api = "penalties:listings", "penalties:listing", "abnormallisting"
    filters = {"q": lambda row: row.enterprise.uscc}


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
    filters = {"q": lambda row: row.title}
    keeps_all = frozenset({"q"})  # the demo's two plans are one document, in both districts


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
