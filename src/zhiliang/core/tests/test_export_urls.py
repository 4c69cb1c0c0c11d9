"""Every xlsx a user can download, found from the URL configuration, with records named
like formulas: each name comes out as a text cell with the exact name, no cell is a formula.

A new export URL fails `test_every_xlsx_url_is_known` until it is added to DOWNLOADS below,
so it gets checked here too.
"""

import itertools
import re
import uuid

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from zhiliang.core.tests.test_exports import NASTY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# No user data in them: only "no formula" is checked.
STATIC = {"inspections:result-template", "imports:template"}


def _routes(patterns=None, namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", str(p.pattern)


def xlsx_routes() -> set[str]:
    """Views whose route ends in .xlsx or picks its format from the URL (.<fmt>)."""
    return {
        name
        for name, route in _routes()
        if route.endswith(".xlsx") or re.search(r"\.<(slug|str):fmt>$", route)
    }


def _first(model, **filters):
    obj = model.objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo has no {model.__name__}"
    return obj


def _rejected_batch(user):
    from zhiliang.imports.models import ImportBatch, ImportRow

    batch = ImportBatch.objects.create(
        id=uuid.uuid4(),
        kind="enterprises",
        created_by=user,
        region=user.jurisdiction,
        original_name="名单.xlsx",
        file_format="xlsx",
        headers=["企业名称", "统一社会信用代码"],
    )
    ImportRow.objects.bulk_create(
        ImportRow(batch=batch, number=n + 2, values=[name, "x"], errors=["代码有误"])
        for n, name in enumerate(NASTY)
    )
    return batch


def _downloads(user) -> dict[str, str]:
    from zhiliang.assessments.models import AssessmentResult
    from zhiliang.indicators.models import IndicatorValue
    from zhiliang.plans.models import Plan

    value = _first(IndicatorValue, region__code="3204")
    city = "?region=3204"
    return {
        "assessments:export": reverse(
            "assessments:export", args=[_first(AssessmentResult).pk, "xlsx"]
        ),
        "enterprises:export": reverse("enterprises:export"),
        "equipment:unit_export": reverse("equipment:unit_export"),
        "equipment:field_export": reverse("equipment:field_export") + city,
        "equipment:inspection_export": reverse("equipment:inspection_export"),
        "equipment:operator_export": reverse("equipment:operator_export"),
        "imports:rejected": reverse("imports:rejected", args=[_rejected_batch(user).pk]),
        "imports:template": reverse("imports:template", args=["samples"]),
        "audit:trail-export": reverse("audit:trail-export"),
        "indicators:export": reverse("indicators:export", args=[value.indicator.code]),
        "inspections:samples-export": reverse("inspections:samples-export"),
        "inspections:result-template": reverse("inspections:result-template"),
        "licensing:certificate-export": reverse("licensing:certificate-export"),
        "licensing:instrument-export": reverse("licensing:instrument-export"),
        "licensing:field-list": reverse("licensing:field-list") + city,
        "penalties:repaired-export": reverse("penalties:repaired-export", args=["xlsx"]),
        "plans:export": reverse(
            "plans:export", args=[_first(Plan, tasks__isnull=False).pk, "xlsx"]
        ),
    }


def _name_everything_like_a_formula() -> set[str]:
    """Enterprises, units, bodies, regions, assessed units: each gets one of the names
    (organisations, unique per region, with their id after it). Returns the names given."""
    from zhiliang.assessments.models import ResultEntry
    from zhiliang.core.models import Organization, Region
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.equipment.models import PeriodicInspection
    from zhiliang.plans.models import Task

    given = set(NASTY)
    for model, field, qs in [
        (Enterprise, "name", Enterprise.objects.all()),
        (Organization, "name", Organization.objects.all()),
        (Region, "name", Region.objects.filter(code__startswith="3204").exclude(code="3204")),
        (ResultEntry, "name", ResultEntry.objects.all()),
        (PeriodicInspection, "inspection_body", PeriodicInspection.objects.all()),
        (Task, "title", Task.objects.all()),
    ]:
        objs = list(qs.order_by("pk"))
        for obj, name in zip(objs, itertools.cycle(NASTY)):
            if model is Organization:
                name = f"{name}{obj.pk}"
                given.add(name)
            setattr(obj, field, name)
        model.objects.bulk_update(objs, [field], batch_size=1000)
    return given


def test_every_xlsx_url_is_known():
    known = {
        "assessments:export", "audit:trail-export", "enterprises:export",
        "equipment:unit_export", "imports:template",
        "equipment:field_export", "equipment:inspection_export", "equipment:operator_export",
        "imports:rejected", "indicators:export", "inspections:samples-export",
        "inspections:result-template", "licensing:certificate-export",
        "licensing:instrument-export", "licensing:field-list", "plans:export",
        "penalties:repaired-export",
    }  # fmt: skip
    assert xlsx_routes() == known


@pytest.mark.django_db
def test_every_xlsx_export_writes_formula_like_names_as_text(
    regions, settings, tmp_path, client, django_capture_on_commit_callbacks
):
    from zhiliang.core.models import ExportFile, User

    settings.HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--no-serve", "--limit", "120", verbosity=0)
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.enterprises.services import enterprise_update

    given = _name_everything_like_a_formula()
    user = User.objects.get(username="changzhou.office")
    auditor = User.objects.get(username="changzhou.auditor")
    # A change the audit trail shows, to a name like a formula.
    firm = Enterprise.objects.order_by("pk").first()
    enterprise_update(actor=user, enterprise=firm, data={"name": NASTY[1]})
    downloads = _downloads(user)
    assert set(downloads) == xlsx_routes()
    for name, url in sorted(downloads.items()):
        client.force_login(auditor if name.startswith("audit:") else user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url)
        if response.status_code == 302:  # a large one: made by the job, from the export files
            assert response["Location"] == reverse("downloads"), name
            export = ExportFile.objects.order_by("-created_at").first()
            assert export.status == "ready", f"{name}: {export.message}"
            response = client.get(reverse("download_file", args=[export.pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == XLSX, name
        path = tmp_path / f"{name.replace(':', '-')}.xlsx"
        path.write_bytes(b"".join(response.streaming_content))
        cells = [c for ws in load_workbook(path) for row in ws.iter_rows() for c in row]
        formulas = [c.coordinate for c in cells if c.data_type == "f"]
        assert formulas == [], f"{name}: formula cells {formulas[:5]}"
        named = [c for c in cells if c.value in given]
        assert all(c.data_type == "s" for c in named), name
        if name not in STATIC:
            assert named, f"{name}: none of the formula-like names came out"
