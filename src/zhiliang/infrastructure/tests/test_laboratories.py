"""The testing-body registry: number formats and validity as data, and the rule samples
follow — a sample's laboratory is a registered body qualified on the sampling date, on the
services (page and API go through them) and in the importer."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhiliang.infrastructure import services
from zhiliang.infrastructure.models import Laboratory

pytestmark = pytest.mark.django_db


def test_a_body_is_registered_with_its_numbers_normalised(clerk, lab_data):
    lab = services.laboratory_create(actor=clerk, data=lab_data)
    assert lab.region.code == "320412" and lab.cnas_number == "CNAS L1234"
    assert lab.history.count() == 1


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("cma_number", "CMA-2010-1234", "not a CMA qualification number"),
        ("cnas_number", "L1234", "not a CNAS accreditation number"),
        ("cma_valid_until", date(2028, 3, 1), "at most 6 years"),
        ("cma_valid_until", date(2020, 3, 1), "expires before it was issued"),
        ("level", "world", "not a level"),
    ],
)
def test_bad_numbers_and_dates_are_refused_with_the_reason(clerk, lab_data, field, value, words):
    with pytest.raises(ValidationError) as exc:
        services.laboratory_create(actor=clerk, data={**lab_data, field: value})
    assert words in str(exc.value.message_dict[field])
    assert not Laboratory.objects.exists()


def test_a_cma_number_is_registered_once(clerk, lab_data, make_org):
    from zhiliang.core.choices import OrganizationKind

    services.laboratory_create(actor=clerk, data=lab_data)
    other = make_org("320412", "另一所", kind=OrganizationKind.INSPECTION_BODY, qualified=False)
    with pytest.raises(ValidationError) as exc:
        services.laboratory_create(actor=clerk, data={**lab_data, "organization": other})
    assert "registered already" in str(exc.value.message_dict["cma_number"])


def test_refusal_for_a_sample_date(clerk, lab_data, body):
    lab = services.laboratory_create(actor=clerk, data=lab_data)
    assert services.laboratory_refusal(body, date(2024, 5, 6)) is None
    assert "expired on 2027-02-28" in services.laboratory_refusal(body, date(2027, 3, 1))
    assert "not yet qualified" in services.laboratory_refusal(body, date(2021, 1, 1))
    lab.delete()
    body.refresh_from_db()
    assert "not in the registry" in services.laboratory_refusal(body, date(2024, 5, 6))


def test_a_sample_may_not_name_an_unregistered_or_expired_laboratory(
    office, make_org, make_enterprise
):
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.enterprises.models import Product
    from zhiliang.inspections import services as sampling

    product = Product.objects.get(code="0101")
    plan = sampling.sampling_plan_create(
        actor=office,
        data={"name": "抽查", "level": "city", "year": 2025, "authority": office.organization,
              "region": office.jurisdiction},
    )  # fmt: skip
    firm = make_enterprise("320412")
    unregistered = make_org("3204", "未登记所", kind=OrganizationKind.INSPECTION_BODY,
                            qualified=False)  # fmt: skip

    def record(lab, day):
        return sampling.sample_record(actor=office, plan=plan, enterprise=firm, product=product,
                                      data={"sampled_on": day, "laboratory": lab})  # fmt: skip

    with pytest.raises(ValidationError) as exc:
        record(unregistered, date(2025, 5, 6))
    assert "not in the registry" in str(exc.value.message_dict["laboratory"])
    qualified = make_org("3204", "登记所", kind=OrganizationKind.INSPECTION_BODY)
    lab = qualified.laboratory
    lab.cma_valid_until = date(2025, 5, 1)
    lab.save()
    with pytest.raises(ValidationError) as exc:
        record(qualified, date(2025, 5, 6))
    assert "expired on 2025-05-01" in str(exc.value.message_dict["laboratory"])
    sample = record(qualified, date(2025, 4, 6))
    assert sample.laboratory == qualified


@pytest.mark.english
def test_api_registers_and_refuses_a_malformed_cma_number(api, body):
    client = api("office_staff", "320412")
    body_json = {
        "organization": body.pk, "level": "县级检验检测机构", "cma_number": "12",
        "cma_issued_on": "2021-03-01", "cma_valid_until": "2027-02-28", "parameter_count": 80,
    }  # fmt: skip
    r = client.post("/api/testing-bodies/", body_json, format="json")
    assert r.status_code == 400 and "not a CMA qualification number" in str(r.json())
    r = client.post("/api/testing-bodies/", {**body_json, "cma_number": "201012340567"},
                    format="json")  # fmt: skip
    assert r.status_code == 201, r.json()
    assert r.json()["level"] == "county" and r.json()["expired"] is False
    other = api("office_staff", "320411")
    assert other.get(f"/api/testing-bodies/{r.json()['id']}/").status_code == 404
