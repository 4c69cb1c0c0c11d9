"""Every importer's template: downloaded and uploaded as it is, its example row imports."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.registry import all_specs


@pytest.fixture
def world(make_user, make_enterprise, make_org):
    """A city office with one enterprise, one equipment unit, an open sampling plan and a
    sentinel hospital, and the catalogues the importers read."""
    from zhiliang.core.models import Region
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product
    from zhiliang.equipment.services import unit_create
    from zhiliang.inspections.services import sampling_plan_create
    from zhiliang.licensing.catalogue import certificate_kinds_load, instrument_catalogue_load
    from zhiliang.licensing.models import CertificateKind, InstrumentCategory

    certificate_kinds_load(CertificateKind)
    instrument_catalogue_load(InstrumentCategory)
    products_load(Product)
    clerk = make_user("office_staff", "3204")
    firm = make_enterprise("320412001")
    unit_create(
        actor=clerk,
        data={
            "catalogue_code": "3110",
            "enterprise": firm,
            "region": Region.objects.get(code="320412001"),
            "register_code": "3110320400001",
            "accepted_on": date(2020, 3, 10),
            "in_service_on": date(2020, 3, 10),
        },
        today=date(2021, 2, 1),
    )
    sampling_plan_create(
        actor=clerk,
        data={
            "name": "常州市产品质量监督抽查计划",
            "level": "city",
            "year": 2025,
            "authority": clerk.organization,
            "region": clerk.jurisdiction,
        },
    )
    from zhiliang.injuries.services import hospital_create

    hospital_create(
        actor=clerk,
        data={
            "code": "CZ-H01", "name": "哨点医院", "region": Region.objects.get(code="320412"),
            "stratum": "grade2", "weight": 5, "joined_on": date(2025, 1, 1),
        },
    )  # fmt: skip
    _survey_and_campaign(clerk)
    _standard_lab_and_purchase(clerk, firm, make_org)
    return clerk


def _survey_and_campaign(clerk) -> None:
    """What the response file and the lab sheet name (their example rows)."""
    from zhiliang.metrology.services import campaign_create
    from zhiliang.satisfaction.services import survey_create

    survey_create(actor=clerk, data={
        "code": "CS2025-3204", "year": 2025, "title": "测评", "region": clerk.jurisdiction,
        "fieldwork_from": date(2025, 9, 1), "fieldwork_to": date(2025, 10, 31),
    })  # fmt: skip
    campaign_create(actor=clerk, data={
        "code": "JL2025-01", "name": "净含量专项", "subject": "net_content",
        "region": clerk.jurisdiction, "starts_on": date(2025, 4, 1), "ends_on": date(2025, 11, 30),
    })  # fmt: skip


def _standard_lab_and_purchase(clerk, firm, make_org) -> None:
    """What the enterprise-standards, scope and monitoring-results rows name: a product the
    enterprise makes and a national standard, a registered testing body, a pending purchase."""
    from decimal import Decimal

    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import EnterpriseProduct, Product
    from zhiliang.monitoring.services import item_create, plan_create, purchase_create
    from zhiliang.standards.models import Standard

    kettle = Product.objects.get(code="0107")
    EnterpriseProduct.objects.create(enterprise=firm, product=kettle)
    Standard.objects.create(
        number="GB 4706.1-2005", title="家用和类似用途电器的安全 第1部分：通用要求",
        level="national", issued_on=date(2005, 8, 15), implemented_on=date(2006, 8, 1),
    )  # fmt: skip
    make_org("3204", name="常州市产品质量监督检验中心", kind=OrganizationKind.INSPECTION_BODY)
    bike = Product.objects.get(code="0401")
    plan = plan_create(actor=clerk, data={
        "name": "电动自行车风险监测", "year": 2025, "region": clerk.jurisdiction,
    })  # fmt: skip
    item_create(actor=clerk, data={
        "plan": plan, "product": bike, "hazard": "injury", "name": "最高车速", "unit": "km/h",
        "limit_max": Decimal("25"), "standard": "GB 17761-2018",
    })  # fmt: skip
    purchase_create(actor=clerk, data={
        "plan": plan, "number": "JC0001", "product": bike,
        "region": Region.objects.get(code="320412"), "channel": "store", "shop": "专卖店",
        "bought_on": date(2025, 6, 2), "price": Decimal("2399.00"), "sample_name": "电动自行车",
        "brand": "雅驰",
    })  # fmt: skip


def _download(client, kind) -> bytes:
    response = client.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


KINDS = sorted(s.kind for s in all_specs())


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_as_downloaded_imports_its_example_row(client, world, kind, tmp_path):
    client.force_login(world)
    content = _download(client, kind)
    path = tmp_path / "template.xlsx"
    path.write_bytes(content)
    book = load_workbook(path)
    data, about = book.worksheets
    spec = next(s for s in all_specs() if s.kind == kind)
    example = spec.example(world) if spec.example else {}
    n = len(example) if isinstance(example, list) else 1  # example rows
    assert data.max_row == 1 + n and data.max_column == len(spec.fields)
    # Two notes and the importer's own, the titles, one row a column.
    notes = 2 + len(spec.examples.get("notes", ()))
    assert about.max_row == notes + 1 + len(spec.fields)
    batch = services.import_upload(
        actor=world, kind=kind, uploaded=SimpleUploadedFile("t.xlsx", content), filename="t.xlsx"
    )
    assert all(batch.mapping), (batch.headers, batch.mapping)  # every title recognised
    batch = services.import_validate(actor=world, batch=batch)
    rejected = {r.number: r.errors for r in batch.rows.filter(is_valid=False)}
    assert (batch.valid_rows, rejected) == (n, {})
    batch = services.import_commit(actor=world, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.created_count == n, batch.message


def test_titles_follow_the_language_and_the_column_sheet_names_codes(client, world, tmp_path):
    client.force_login(world)
    path = tmp_path / "t.xlsx"
    path.write_bytes(_download(client, "enterprises"))
    data, about = load_workbook(path).worksheets
    titles = [c.value for c in data[1]]
    assert "统一社会信用代码" in titles and "USCC" not in titles
    sizes = next(r for r in about.iter_rows(values_only=True) if r[0] == "企业规模")
    assert sizes[1] == "选填" and "大型" in sizes[3]
    client.post(reverse("set_language"), {"language": "en"})
    path.write_bytes(_download(client, "enterprises"))
    data, _about = load_workbook(path).worksheets
    assert "USCC" in [c.value for c in data[1]]


def test_a_template_is_offered_only_to_those_who_may_import(client, make_user, world):
    client.force_login(make_user("viewer", "3204"))
    assert client.get(reverse("imports:template", args=["enterprises"])).status_code == 403
    client.force_login(world)
    assert client.get(reverse("imports:template", args=["nothing"])).status_code == 404
    page = client.get(reverse("imports:new", args=["certificates"]))
    assert reverse("imports:template", args=["certificates"]).encode() in page.content
