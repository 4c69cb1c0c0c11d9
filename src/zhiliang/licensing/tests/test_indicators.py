"""Each indicator of licensing/indicators.yaml against a count done by hand."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from zhiliang.indicators import engine
from zhiliang.indicators import periods as P
from zhiliang.indicators.catalogue import catalogue_load
from zhiliang.indicators.models import IndicatorValue
from zhiliang.licensing import services

CODES = [
    "licensing.ccc_rate",
    "licensing.licence_rate",
    "licensing.qms_certified_count",
    "instruments.verification_coverage",
    "instruments.verification_pass_rate",
]
OLD = date(2010, 1, 1)


def value(code, period, region="320412"):
    v = IndicatorValue.objects.get(indicator__code=code, period=period, region__code=region)
    return v.numerator, v.denominator, v.value


@pytest.fixture
def computed(make_user, make_enterprise, make_certificate, make_instrument, ccc_product,
             licence_product):  # fmt: skip
    from zhiliang.enterprises.models import EnterpriseProduct

    def maker(township, *products, **fields):
        fields.setdefault("established_on", OLD)
        e = make_enterprise(township, **fields)
        for p in products:
            EnterpriseProduct.objects.create(enterprise=e, product=p)
        return e

    e1 = maker("320412001", ccc_product, licence_product)
    make_certificate(e1, issued_on=date(2023, 5, 1), expires_on=date(2028, 4, 30))
    make_certificate(e1, kind="production_licence", issued_on=date(2022, 1, 1),
                     expires_on=date(2026, 12, 31))  # fmt: skip
    make_certificate(e1, kind="iso9001", issued_on=date(2024, 1, 1), expires_on=date(2026, 12, 31))
    e2 = maker("320412001", ccc_product)  # expired mid-year: held at Q1's end, not at the year's
    make_certificate(e2, issued_on=date(2020, 7, 1), expires_on=date(2025, 6, 30),
                     status="expired", status_changed_on=date(2025, 7, 1))  # fmt: skip
    e3 = maker("320412002", ccc_product, licence_product)  # makes both, holds neither
    make_certificate(e3, kind="iso9001", issued_on=date(2021, 1, 1), expires_on=date(2023, 12, 31),
                     status="expired")  # fmt: skip
    e4 = maker("320412002", ccc_product, status="cancelled")  # deregistered: counts nowhere
    make_certificate(e4)
    make_certificate(e4, kind="iso9001", issued_on=date(2024, 1, 1), expires_on=date(2026, 12, 31))
    e5 = maker("320412002", ccc_product)  # revoked on 1 March 2025
    make_certificate(e5, issued_on=date(2022, 1, 1), expires_on=date(2026, 12, 31),
                     status="revoked", status_changed_on=date(2025, 3, 1))  # fmt: skip
    e6 = maker("320412001")  # holds a CCC but makes no CCC product: outside the rate
    make_certificate(e6)
    e7 = maker("320412001", ccc_product)  # two certificates: one enterprise
    make_certificate(e7, issued_on=date(2023, 1, 1), expires_on=date(2027, 12, 31))
    make_certificate(e7, issued_on=date(2024, 1, 1), expires_on=date(2028, 12, 31))
    e8 = maker("320412001", ccc_product, established_on=date(2025, 5, 1))  # new in Q2
    make_certificate(e8, issued_on=date(2025, 5, 10), expires_on=date(2030, 5, 9))
    make_enterprise("320411002", established_on=OLD)  # another district: nothing

    clerk = make_user("office_staff", "320412")

    def verify(inst, day, result="pass"):
        services.verification_record(
            actor=clerk, instrument=inst, data={"verified_on": day, "result": result}
        )

    i1 = make_instrument(e1, "1101")
    verify(i1, date(2025, 3, 1))  # due 2026-03-01: covered at both ends
    i2 = make_instrument(e1, "1101")
    verify(i2, date(2024, 6, 1))  # due 2025-06-01: covered at Q1's end only
    i3 = make_instrument(e1, "1101")
    verify(i3, date(2024, 11, 15))  # due 2025-11-15: covered at Q1's end
    verify(i3, date(2025, 11, 1), "fail")
    verify(i3, date(2025, 11, 20))  # due 2026-11-20: covered at the year's end
    i4 = make_instrument(e1, "1101", status="scrapped", retired_on=date(2025, 12, 1))
    verify(i4, date(2025, 2, 1))  # scrapped: outside coverage, but the verification counts
    i5 = make_instrument(e1, "0601")
    verify(i5, date(2019, 5, 1))  # first verification only: outside coverage
    make_instrument(e1, "1101", in_use_from=date(2025, 2, 1))  # never verified

    # Only this app's file: the test does not depend on the other apps' catalogues.
    catalogue_load([Path(__file__).resolve().parent.parent / "indicators.yaml"])
    engine.compute(periods=[P.parse("2025"), P.parse("2025-Q1")], codes=CODES)


def test_ccc_rate(computed):
    # 2025: makers E1 E2 E3 E5 E7 E8 (E4 deregistered, E6 makes none); holders E1 E7 E8.
    assert value("licensing.ccc_rate", "2025") == (3, 6, Decimal("50.0000"))
    # Q1: E8 not yet established; E2 still held; E5 revoked on 1 March.
    assert value("licensing.ccc_rate", "2025-Q1") == (3, 5, Decimal("60.0000"))
    # The city is the sum of its districts.
    assert value("licensing.ccc_rate", "2025", "3204")[:2] == (3, 6)


def test_licence_rate(computed):
    assert value("licensing.licence_rate", "2025") == (1, 2, Decimal("50.0000"))


def test_qms_certified_count(computed):
    # E1 only: E3's expired, E4 deregistered.
    assert value("licensing.qms_certified_count", "2025")[0] == 1


def test_verification_coverage(computed):
    # In use, periodic: I1 I2 I3 and the unverified one (I4 scrapped, I5 first-only).
    assert value("instruments.verification_coverage", "2025") == (2, 4, Decimal("50.0000"))
    assert value("instruments.verification_coverage", "2025-Q1") == (3, 4, Decimal("75.0000"))


def test_verification_pass_rate(computed):
    # 2025: I1 pass, I3 fail, I3 pass, I4 pass.
    assert value("instruments.verification_pass_rate", "2025") == (3, 4, Decimal("75.0000"))
    assert value("instruments.verification_pass_rate", "2025-Q1") == (2, 2, Decimal("100.0000"))
