"""A 常州市 round of the government quality award with an expert pool and applicants."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhiliang.core.models import Region
from zhiliang.recognition import rules, services
from zhiliang.recognition.models import Expert, Holder

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="申报书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def full_points(scheme="excellence_award", share=0.8) -> dict:
    return {i["code"]: round(i["points"] * share, 1) for i in rules.items(scheme)}


@pytest.fixture
def world(office, make_enterprise, make_user):
    firms = [make_enterprise("320412") for _ in range(3)]
    city = Region.objects.get(code="3204")
    experts = [
        Expert.objects.create(
            name=f"专家{i}", speciality="质量管理", organisation="常州大学", region=city
        )
        for i in range(6)
    ]
    today = timezone.localdate()
    round_ = services.round_create(
        actor=office,
        data={
            "scheme": "excellence_award",
            "year": today.year,
            "level": "city",
            "title": f"{today.year}年常州市市长质量奖",
            "region": city,
            "opens_on": today - timedelta(days=10),
            "panel_size": 3,
        },
    )

    class World:
        pass

    w = World()
    w.office, w.firms, w.experts, w.round, w.city = office, firms, experts, round_, city
    return w


def apply(world, firm, **extra):
    return services.application_submit(
        actor=world.office, data={"round": world.round, "enterprise": firm, **extra}
    )


def accepted(world, firm):
    application = apply(world, firm)
    services.document_add(actor=world.office, application=application, title="申报书", upload=pdf())
    return services.application_check(actor=world.office, application=application, passed=True)


def holder_of(firm, *, product="电机", status="valid") -> Holder:
    """A city-level brand title of this year, valid for three years."""
    today = timezone.localdate()
    return Holder.objects.create(
        kind="brand", enterprise=firm, region=firm.region, product=product, level="city",
        year=today.year, valid_from=today, valid_until=today.replace(year=today.year + 3),
        status=status,
    )  # fmt: skip
