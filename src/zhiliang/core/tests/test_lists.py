"""Every business list, declared once: scoped, 404 outside, closed to administrators,
filters that work, and queries that do not grow with the rows (core/testing/lists.py)."""

from zhiliang.assessments.models import AssessmentResult, AssessmentScheme
from zhiliang.cases.models import Case, Deadline, ForeignMatch, ForeignRecall
from zhiliang.complaints.models import Complaint
from zhiliang.core.testing.lists import CITY, A, ScopedListTests
from zhiliang.credit.models import CreditClass, CreditRecord
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning
from zhiliang.enterprises.models import Enterprise
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection
from zhiliang.imports.models import ImportBatch
from zhiliang.indicators.models import IndicatorValue, ReportedValue
from zhiliang.injuries.models import InjuryCase, SentinelHospital
from zhiliang.inspections.choices import OPEN_STATES
from zhiliang.inspections.models import Draw, FollowUp, Inspector, Sample, SamplingPlan
from zhiliang.licensing.models import Certificate, Instrument, Verification
from zhiliang.metrology.models import Campaign, Check, EnergyUnit
from zhiliang.penalties.models import AbnormalListing, Penalty, PenaltyRepair, SeriousViolation
from zhiliang.plans.models import Plan, SupervisionNotice, Task
from zhiliang.recognition.models import Application as RecognitionApplication
from zhiliang.recognition.models import Expert, Holder
from zhiliang.recognition.models import Round as RecognitionRound
from zhiliang.risk.models import RiskInformation, Signal
from zhiliang.satisfaction.models import Response, Survey
from zhiliang.standards.models import Adoption, Drafting, EnterpriseStandard, Pilot, Standard


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


class TestSentinelHospitals(ScopedListTests):
    model = SentinelHospital
    page, detail, api = "injuries:hospitals", "injuries:hospital", "sentinelhospital"
    filters = {"q": lambda row: row.code}


class TestInjuryCases(ScopedListTests):
    model = InjuryCase
    page, detail, api = "injuries:cases", "injuries:case", "injurycase"
    filters = {
        "q": lambda row: row.case_number,
        "hospital": lambda row: row.hospital_id,
        "product": "0401",
    }

    def add_rows(self, world):
        """A township hospital with two cases: a jurisdiction with few (the demo's counties
        all have hundreds)."""
        from datetime import date

        from zhiliang.core.models import Region
        from zhiliang.injuries.services import case_create, hospital_create

        office = world.user("office_staff", CITY)
        hospital = hospital_create(actor=office, data={
            "code": "T-1", "name": "乡镇卫生院", "region": Region.objects.get(code=f"{A}001"),
            "stratum": "grade1", "weight": 20, "joined_on": date(2025, 1, 1),
        })  # fmt: skip
        for n in (1, 2):
            case_create(actor=office, data={
                "hospital": hospital, "case_number": f"T-{n}", "treated_on": date(2026, 1, n),
                "age": 30, "sex": "F", "body_part": "hand", "diagnosis": "burn",
                "disposition": "released", "place": "home", "product_codes": ["0107"],
            })  # fmt: skip


class TestCases(ScopedListTests):
    model = Case
    page, detail, api = "cases:list", "cases:detail", "case"
    filters = {"q": lambda row: row.number, "kind": "supervised"}


class TestAccidents(ScopedListTests):
    # The page only: /api/accidents/ is /api/cases/?kind=accident with the accident fields,
    # and the API checks here compare with every case the user sees.
    model = Case
    page = "cases:accidents"

    def shown(self, queryset):
        return queryset.filter(kind="accident")


class TestRecalls(ScopedListTests):
    # The page and detail only: /api/recalls/ is tested in cases/tests/test_recalls.py (the
    # API checks here compare with every case the user sees).
    model = Case
    page, detail = "cases:recalls", "cases:detail"

    def shown(self, queryset):
        return queryset.filter(kind="recall")


class TestForeignRecalls(ScopedListTests):
    model = ForeignRecall
    page, detail, api = "cases:foreign-list", "cases:foreign", "foreignrecall"
    filters = {
        "q": lambda row: row.reference,
        "source": lambda row: row.source,
        "match": "confirmed",
        "enterprise": lambda row: (
            ForeignMatch.objects.filter(foreign_recall=row, status="confirmed")
            .values_list("enterprise_id", flat=True)
            .first()
            or 0
        ),
    }


class TestForeignMatches(ScopedListTests):
    model = ForeignMatch
    api = "foreignmatch"


class TestCaseDeadlines(ScopedListTests):
    model = Deadline
    page = "cases:timer"

    def shown(self, queryset):
        return queryset.filter(met_at__isnull=True)


class TestRiskInformation(ScopedListTests):
    model = RiskInformation
    page, detail, api = "risk:information", "risk:information-detail", "riskinformation"
    filters = {
        "q": lambda row: row.reference,
        "product": lambda row: row.product.code,
        "hazard": "fire",
        "enterprise": lambda row: (
            RiskInformation.objects.exclude(enterprise=None).first().enterprise_id
        ),
    }


class TestSignals(ScopedListTests):
    # The demo's signals are 武进区's planted problem (and what chance adds): the API's
    # list is tested in risk/tests/test_api.py, as 新北区 may have none.
    model = Signal
    page, detail, api = "risk:signals", "risk:signal", None
    filters = {"product": lambda row: row.product.code}


class TestRiskAssessments(ScopedListTests):
    model = RiskAssessment
    page, detail, api = "warnings:assessments", "warnings:assessment", "riskassessment"
    filters = {"product": lambda row: row.product.code}


class TestRiskWarnings(ScopedListTests):
    model = RiskWarning
    page, detail, api = "warnings:warnings", "warnings:warning", "riskwarning"
    filters = {"product": lambda row: row.product.code}


class TestCards(ScopedListTests):
    model = Card
    page, detail, api = "warnings:cards", "warnings:card", "card"
    filters = {"product": lambda row: row.product.code}


class TestWarningActions(ScopedListTests):
    model = Action
    page, detail, api = "warnings:actions", None, "action"
    filters = {
        "card": lambda row: row.card_id,
        "warning": lambda row: Action.objects.exclude(warning=None).first().warning_id,
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
        "enterprise": lambda row: Standard.objects.exclude(enterprise=None).first().enterprise_id,
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
        "enterprise": lambda row: Adoption.objects.exclude(enterprise=None).first().enterprise_id,
        "standard": lambda row: Adoption.objects.exclude(standard=None).first().standard_id,
    }


class TestStandardDraftings(ScopedListTests):
    model = Drafting
    page, api = "standards:draftings", "standarddrafting"
    filters = {
        "q": lambda row: row.standard.number,
        "enterprise": lambda row: Drafting.objects.exclude(enterprise=None).first().enterprise_id,
    }


class TestStandardisationPilots(ScopedListTests):
    model = Pilot
    page, detail, api = "standards:pilots", "standards:pilot", "standardpilot"
    filters = {
        "q": lambda row: row.name,
        "enterprise": lambda row: Pilot.objects.exclude(enterprise=None).first().enterprise_id,
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
