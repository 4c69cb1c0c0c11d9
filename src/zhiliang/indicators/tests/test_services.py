from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from zhiliang.core.models import Region
from zhiliang.indicators import services
from zhiliang.indicators.choices import RunStatus, ValueSource
from zhiliang.indicators.models import ComputeRun, Indicator, IndicatorValue, ReportedValue
from zhiliang.indicators.tests.conftest import value

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(make_user, catalogue):
    return make_user("department_reporter", "320412")


def _save(actor, region="320412", code="brand.famous_products", period="2025", v="81.5"):
    return services.reported_value_save(
        actor=actor,
        indicator=Indicator.objects.get(code=code),
        region=Region.objects.get(code=region),
        period=period,
        value=Decimal(v),
        evidence="江苏省名牌产品公告（2025）",
    )


def test_reported_value_lands_in_indicator_values(reporter):
    report = _save(reporter)
    assert report.organization == reporter.organization
    v = value("brand.famous_products", "320412", "2025")
    assert (v.value, v.source, v.denominator, v.period_kind) == (
        Decimal("81.5"),
        ValueSource.REPORTED,
        None,
        "year",
    )
    _save(reporter, v="82")  # a correction replaces the figure, history keeps the old one
    assert ReportedValue.objects.count() == 1
    assert value("brand.famous_products", "320412", "2025").value == 82
    assert ReportedValue.objects.get().history.count() == 2


def test_reported_value_township_in_jurisdiction(reporter):
    _save(reporter, region="320412001", period="2025-Q1")
    assert value("brand.famous_products", "320412001", "2025-Q1").period_kind == "quarter"


def test_reported_value_outside_jurisdiction(reporter):
    with pytest.raises(ValidationError, match="outside your jurisdiction"):
        _save(reporter, region="320411")
    assert not IndicatorValue.objects.exists()


def test_reported_value_rules(reporter, make_user):
    with pytest.raises(ValidationError, match="computed from the registries"):
        _save(reporter, code="enterprise.count")
    with pytest.raises(ValidationError, match="not a period"):
        _save(reporter, period="2025-13")
    with pytest.raises(PermissionDenied):
        _save(make_user("viewer", "320412"))
    assert not ReportedValue.objects.exists()


def test_reported_value_rules_live_in_the_model(reporter):
    """The service calls full_clean: a figure its column cannot hold and blank evidence are
    refused whoever calls it, and the period is stored as its code."""
    with pytest.raises(ValidationError):
        _save(reporter, v="1e17")
    report = _save(reporter, period=" 2025-q1 ".upper())
    assert report.period == "2025-Q1"
    report.evidence = "   "
    with pytest.raises(ValidationError, match="Say where the figure comes from"):
        report.full_clean()


def test_compute_run_request_runs_the_task(world, make_user, django_capture_on_commit_callbacks):
    staff = make_user("office_staff", "3204")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compute_run_request(actor=staff, periods=["2024", "2024/2025"])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.percent == 100, run.message
    assert run.values_written > 0 and run.steps_done == run.steps_total
    assert value("enterprise.count", "3204", "2024/2025").numerator == 7


def test_compute_run_request_needs_permission(make_user):
    with pytest.raises(PermissionDenied):
        services.compute_run_request(actor=make_user("viewer", "3204"))
    assert not ComputeRun.objects.exists()


def test_failed_run_is_recorded(world, catalogue, monkeypatch):
    from zhiliang.indicators import engine

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine, "compute", boom)
    run = ComputeRun.objects.create()
    with pytest.raises(RuntimeError):
        services.compute_run_execute(run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "disk full" in run.message


def test_run_message_writes_numbers_as_the_office_does(catalogue, monkeypatch):
    from django.utils import translation

    from zhiliang.indicators import engine

    result = {"indicators": 95, "sources": 30, "periods": 73, "values": 3632115, "seconds": 20.04}
    monkeypatch.setattr(engine, "compute", lambda **kwargs: result)
    with translation.override("zh-hans"):
        run = services.compute_run_execute(run=ComputeRun.objects.create())
    assert "写入 3,632,115 个数值" in run.message and "20.0 秒" in run.message


def test_command_load_and_compute(world, capsys):
    call_command("indicators", "load")
    assert "indicators from" in capsys.readouterr().out
    call_command("indicators", "compute", "--period", "2024-Q2", "--period", "2025")
    assert value("enterprise.count", "3204", "2024-Q2").numerator == 5
    assert not IndicatorValue.objects.filter(period="2024").exists()
    with pytest.raises(CommandError, match="2025-13 is not a period"):
        call_command("indicators", "compute", "--period", "2025-13")


def test_daily_job_computes_the_current_year(world):
    from zhiliang.indicators.tasks import compute_current_year

    compute_current_year.call(today="2025-02-10")
    periods = set(IndicatorValue.objects.values_list("period", flat=True))
    assert periods == {"2025", "2025-Q1", "2025-01", "2025-02", "2024/2025"}
    assert ComputeRun.objects.get().trigger == "daily"


def test_current_year_periods():
    assert services.current_year_periods(date(2026, 7, 1))[-1] == "2026/2027"


def test_demo_step(world):
    from zhiliang.indicators.demo import demo_indicators_step

    line = demo_indicators_step(seed=1)
    assert "indicators:" in line and IndicatorValue.objects.exists()
