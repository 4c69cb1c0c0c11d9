"""The metrology and satisfaction indicators computed by the engine, checked by hand."""

from datetime import date
from decimal import Decimal

import pytest

from zhiliang.core.models import Region
from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.tests.conftest import value
from zhiliang.metrology import services
from zhiliang.satisfaction import services as survey_services

GOOD = [0.498, 0.502, 0.495, 0.501, 0.499, 0.503, 0.497, 0.5, 0.496, 0.504]


def test_pass_rates_configuration_rate_and_index(clerk):
    catalogue_load()
    wj = Region.objects.get(code="320412")
    net = services.campaign_create(actor=clerk, data={
        "code": "N", "name": "净含量", "subject": "net_content", "region": wj,
        "starts_on": date(2025, 4, 1), "ends_on": date(2025, 6, 30)})  # fmt: skip
    fuel = services.campaign_create(actor=clerk, data={
        "code": "F", "name": "加油机", "subject": "fuel_dispenser", "region": wj,
        "starts_on": date(2025, 4, 1), "ends_on": date(2025, 6, 30)})  # fmt: skip
    base = {
        "region": Region.objects.get(code="320412001"),
        "checked_on": date(2025, 5, 6),
        "item": "大米",
        "nominal": Decimal("0.5"),
        "nominal_unit": "kg",
        "lot_size": 30,
    }
    for n, values in (("1", GOOD), ("2", GOOD), ("3", [0.48] + GOOD[1:])):
        services.check_create(actor=clerk, data={**base, "campaign": net, "number": n,
                                                 "values": values})  # fmt: skip
    for n, errors in (("1", [0.1, 0.1, 0.1]), ("2", [0.5, 0.1, 0.1])):
        services.check_create(actor=clerk, data={
            "campaign": fuel, "number": n, "region": wj, "checked_on": date(2025, 5, 7),
            "item": "1号枪", "values": errors})  # fmt: skip
    unit = services.energy_unit_create(actor=clerk, data={
        "name": "U", "region": wj, "annual_tce": Decimal(9000), "year": 2024,
        "recorded_on": date(2025, 1, 10)})  # fmt: skip
    for level, required, installed in (("unit", 4, 4), ("equipment", 46, 44)):
        services.meter_config_save(actor=clerk, unit=unit, data={
            "level": level, "kind": "electricity", "required": required,
            "installed": installed, "recorded_on": date(2025, 1, 10)})  # fmt: skip
    survey = survey_services.survey_create(actor=clerk, data={
        "code": "S", "year": 2025, "title": "t", "region": wj,
        "fieldwork_from": date(2025, 9, 1), "fieldwork_to": date(2025, 9, 30)})  # fmt: skip
    rows = [{"survey": survey, "respondent": str(i), "region": wj, "sector": sector,
             "surveyed_on": date(2025, 9, 2), "weight": w, "answers": {"q8": a, "q9": a, "q10": a}}
            for i, (sector, w, a) in enumerate([("consumer_services", 1.0, 10),
                                                ("consumer_services", 3.0, 7),
                                                ("productive_services", 1.0, 4)] * 15)]  # fmt: skip
    survey_services.responses_bulk_create(actor=clerk, rows=rows)

    engine.compute(periods=[P.year(2025)])
    assert value("metrology.net_content_pass_rate", "320412", "2025").value == pytest.approx(
        Decimal("66.6667"), abs=Decimal("0.001")
    )
    assert value("metrology.dispenser_pass_rate", "320412", "2025").value == 50
    assert value("metrology.pass_rate", "3204", "2025").value == 60  # 3 of 5, rolled up
    assert value("metrology.energy_meter_rate", "320412", "2025").value == pytest.approx(
        Decimal("96"), abs=Decimal("0.001")
    )  # (4 + 44) / (4 + 46)
    # 15 times each (30 consumer-services responses, the publication threshold):
    # consumer services (1 × 100 + 3 × 66.667) / 4 = 75; all sectors (300 + 33.333) / 5.
    consumer = value("satisfaction.customer_index.consumer_services", "320412", "2025")
    assert consumer.value == pytest.approx(Decimal("75"), abs=Decimal("0.001"))
    overall = value("satisfaction.customer_index", "3204", "2025")
    assert overall.value == pytest.approx(Decimal("66.6667"), abs=Decimal("0.001"))
    assert value("satisfaction.customer_index.public_services", "320412", "2025").value is None
    productive = value("satisfaction.customer_index.productive_services", "320412", "2025")
    assert (productive.value, productive.sample_size) == (None, 15)  # withheld: too few
