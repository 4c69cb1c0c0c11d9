"""Fixtures of the licensing tests: the catalogues, products and ready-made records."""

from datetime import date

import pytest


@pytest.fixture
def catalogues(regions):
    """Certificate kinds, the verification catalogue and the product catalogue (a migration
    loads them, but live-server tests flush every table when they end)."""
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product
    from zhiliang.licensing.catalogue import certificate_kinds_load, instrument_catalogue_load
    from zhiliang.licensing.models import CertificateKind, InstrumentCategory

    certificate_kinds_load(CertificateKind)
    instrument_catalogue_load(InstrumentCategory)
    products_load(Product)


@pytest.fixture
def ccc_product(catalogues):
    from zhiliang.enterprises.models import Product

    return Product.objects.filter(requires_ccc=True).order_by("code").first()


@pytest.fixture
def licence_product(catalogues):
    from zhiliang.enterprises.models import Product

    return (
        Product.objects.filter(requires_licence=True, requires_ccc=False).order_by("code").first()
    )


@pytest.fixture
def make_certificate(catalogues):
    """A certificate written straight to the table, `ended_on` derived like the services do."""
    from zhiliang.licensing.dates import ended_on
    from zhiliang.licensing.models import Certificate, CertificateKind

    counter = {"n": 0}

    def make(holder, kind="ccc", products=(), **fields):
        counter["n"] += 1
        fields.setdefault("number", f"T{counter['n']:06d}")
        fields.setdefault("issued_on", date(2024, 1, 10))
        fields.setdefault("expires_on", date(2029, 1, 9))
        fields.setdefault("status", "valid")
        fields.setdefault(
            "ended_on",
            ended_on(
                status=fields["status"],
                expires_on=fields["expires_on"],
                status_changed_on=fields.get("status_changed_on"),
                today=date.today(),
            ),
        )
        cert = Certificate.objects.create(
            kind=CertificateKind.objects.get(code=kind), holder=holder, **fields
        )
        if products:
            cert.products.set(products)
        return cert

    return make


@pytest.fixture
def make_instrument(catalogues):
    from zhiliang.licensing.dates import next_due
    from zhiliang.licensing.models import Instrument, InstrumentCategory

    counter = {"n": 0}

    def make(owner, category="1101", verified_on=None, result="pass", **fields):
        counter["n"] += 1
        cat = InstrumentCategory.objects.get(code=category)
        fields.setdefault("serial", f"S{counter['n']:06d}")
        fields.setdefault("mode", cat.mode)
        fields.setdefault("period_months", cat.period_months)
        fields.setdefault("in_use_from", date(2020, 1, 1))
        fields.setdefault("next_due_on", fields["in_use_from"])
        if verified_on:
            fields["last_verified_on"], fields["last_result"] = verified_on, result
            fields["next_due_on"] = next_due(
                verified_on=verified_on,
                result=result,
                mode=fields["mode"],
                period_months=fields["period_months"],
            )
        return Instrument.objects.create(owner=owner, category=cat, **fields)

    return make
