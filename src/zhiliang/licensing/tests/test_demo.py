from datetime import date

from zhiliang.licensing.demo import demo_licensing_step
from zhiliang.licensing.models import Certificate, Instrument, Verification


def test_demo_step_loads_once(make_enterprise, ccc_product):
    from zhiliang.enterprises.models import EnterpriseProduct, Industry

    shop = Industry.objects.get(code="52")
    for i in range(60):
        e = make_enterprise("320412001", established_on=date(2015, 1, 1))
        EnterpriseProduct.objects.create(enterprise=e, product=ccc_product)
        make_enterprise("320412002", industry=shop, name=f"武进商店{i}")
    line = demo_licensing_step(seed=1)
    assert "certificates" in line
    ccc = Certificate.objects.filter(kind__code="ccc")
    assert 40 <= ccc.count() <= 60
    assert ccc.filter(products=ccc_product).count() == ccc.count()
    assert ccc.filter(status="valid").count() > ccc.count() / 2
    assert Instrument.objects.filter(category__code="1101").exists()
    assert Verification.objects.exists()
    # Derived dates as the services keep them.
    for inst in Instrument.objects.filter(last_verified_on__isnull=False, mode="periodic"):
        last = inst.verifications.order_by("-verified_on").first()
        assert last.verified_on == inst.last_verified_on
    counts = (Certificate.objects.count(), Instrument.objects.count(), Verification.objects.count())
    assert "already loaded" in demo_licensing_step(seed=1)
    assert counts == (
        Certificate.objects.count(),
        Instrument.objects.count(),
        Verification.objects.count(),
    )
