"""Every business list, declared once: scoped, 404 outside, closed to administrators,
filters that work, and queries that do not grow with the rows (core/testing/lists.py).
The lists of penalties to recognition are declared in test_lists_more.py."""

from zhiliang.cases.models import Case, Deadline, ForeignMatch, ForeignRecall
from zhiliang.complaints.models import Complaint
from zhiliang.core.testing.lists import BY_PRODUCT, CITY, A, ScopedListTests, first_linked
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning
from zhiliang.enterprises.models import Enterprise
from zhiliang.equipment.models import EquipmentUnit, Operator, PeriodicInspection
from zhiliang.injuries.models import InjuryCase, SentinelHospital
from zhiliang.licensing.models import Certificate, Instrument
from zhiliang.metrology.models import Campaign, Check, EnergyUnit
from zhiliang.risk.models import RiskInformation, Signal
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
        "enterprise": first_linked(Complaint),
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
        "enterprise": first_linked(RiskInformation),
    }


class TestSignals(ScopedListTests):
    # The demo's signals are 武进区's planted problem (and what chance adds): the API's
    # list is tested in risk/tests/test_api.py, as 新北区 may have none.
    model = Signal
    page, detail, api = "risk:signals", "risk:signal", None
    filters = BY_PRODUCT


class TestRiskAssessments(ScopedListTests):
    model = RiskAssessment
    page, detail, api = "warnings:assessments", "warnings:assessment", "riskassessment"
    filters = BY_PRODUCT


class TestRiskWarnings(ScopedListTests):
    model = RiskWarning
    page, detail, api = "warnings:warnings", "warnings:warning", "riskwarning"
    filters = BY_PRODUCT


class TestCards(ScopedListTests):
    model = Card
    page, detail, api = "warnings:cards", "warnings:card", "card"
    filters = BY_PRODUCT


class TestWarningActions(ScopedListTests):
    model = Action
    page, detail, api = "warnings:actions", None, "action"
    filters = {
        "card": lambda row: row.card_id,
        "warning": first_linked(Action, "warning"),
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
