"""Generated from the admin registry: every registered model, every object view its admin
offers (`get_urls()`, so views a library adds later are covered too).

A 武进区 office clerk GETs and POSTs every object URL of a 新北区 record: 404, as for a
record that does not exist, and the record is unchanged; the changelist does not show it.
The three administrator roles get 404 on business records of their own city. Reference
models (regions, organisations, accounts, the security log) follow their own rules.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.forms import BooleanField
from django.test import RequestFactory
from django.urls import URLPattern

from zhiliang.core.admin_base import ScopedAdmin
from zhiliang.core.models import Organization, Region, SecurityEvent, User

A, B, CITY = "320412", "320411", "3204"  # 武进区, 新北区, 常州市
ADMINS = ("system_admin", "security_admin", "audit_admin")
REFERENCE = {
    "core.region",
    "core.organization",
    "core.user",
    "core.securityevent",
    "core.passwordreset",
}
# Registered models that belong to no region: nation-wide catalogues and system tables.
# A model lands here only on purpose; any other model without `visible_to` fails below.
CATALOGUES = {
    "enterprises.industry",
    "licensing.certificatekind",
    "licensing.instrumentcategory",
    "indicators.indicator",
    "indicators.computerun",
}
# System tables no role of the site may open at all.
CLOSED = {"auth.group", "django_tasks_database.dbtaskresult"}
REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)
SCOPED = [(m, a) for m, a in REGISTRY if hasattr(m._default_manager, "visible_to")]
BUSINESS = [(m, a) for m, a in SCOPED if m._meta.label_lower not in REFERENCE]


def _id(item):
    return item[0]._meta.label_lower


def _record_in(model, code):
    """A record of `code`'s subtree; the model's own rule for the reference models."""
    if model is Region:
        return Region.objects.filter(code=code).first()
    if model is SecurityEvent:
        return SecurityEvent.objects.filter(user__organization__region__code=code).first()
    return model._default_manager.all().in_region(code).order_by("pk").first()


def _history_id(model, record):
    manager = getattr(model, getattr(model._meta, "simple_history_manager_attribute", ""), None)
    if manager is None:
        return None
    versions = manager.filter(**{model._meta.pk.attname: record.pk})
    if not versions.exists():
        manager.bulk_history_create([record])
    return versions.order_by("-history_id").first().history_id


def _fill(route: str, values: list) -> str:
    """A URL pattern (`<path:object_id>/change/`, `^([^/]+)/history/([^/]+)/$`) filled in."""
    filled = iter(values)
    route = route.lstrip("^").rstrip("$")
    return re.sub(r"<[^>]+>|\((?:\?P<\w+>)?[^)]*\)", lambda m: str(next(filled)), route)


def object_urls(model, model_admin, record):
    """Every URL of the admin that names a record, filled in for `record`."""
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    urls = []
    for pattern in model_admin.get_urls():
        if not isinstance(pattern, URLPattern) or not pattern.pattern.regex.groups:
            continue
        values = [quote(record.pk)]
        if pattern.pattern.regex.groups == 2 and (pattern.name or "").endswith("_simple_history"):
            values.append(_history_id(model, record))
        assert len(values) == pattern.pattern.regex.groups, (
            f"{model._meta.label}: the admin URL {pattern.pattern} takes values this test "
            "does not know how to fill: teach object_urls() about it"
        )
        urls.append(base + _fill(str(pattern.pattern), values))
    return urls


def _snapshot(model, record):
    return model._default_manager.filter(pk=record.pk).values().get()


def admin_form_data(model_admin, user, record, region_code):
    """What the admin's own form would post for the record, its region set to `region_code`'s."""
    request = RequestFactory().get("/")
    request.user = user
    form = model_admin.get_form(request, record)(instance=record)
    data = {"post": "yes"}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    for name in getattr(model_admin, "region_fields", ()):
        if name in form.fields:
            data[name] = str(Region.objects.get(code=region_code).pk)
    for formset, _inline in model_admin.get_formsets_with_inlines(request, record):
        prefix = formset.get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def _assert_not_found_anywhere(client, model, model_admin, record, region_code):
    before = _snapshot(model, record)
    data = admin_form_data(model_admin, client.user, record, region_code)
    urls = object_urls(model, model_admin, record)
    assert urls, f"{model._meta.label}: its admin offers no object view"
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, data if method == "post" else None)
            assert response.status_code == 404, (client.user.username, method, url)
    assert _snapshot(model, record) == before, f"{model._meta.label} changed"


@pytest.fixture
def world(demo_world, db):
    return demo_world


def test_every_registered_model_is_scoped_or_a_catalogue():
    for model, model_admin in REGISTRY:
        label = model._meta.label_lower
        if hasattr(model._default_manager, "visible_to"):
            assert isinstance(model_admin, ScopedAdmin), (
                f"{label} is scoped by visible_to but its admin does not use ScopedAdmin"
            )
        else:
            assert label in CATALOGUES | CLOSED, (
                f"{label} is in the admin without `visible_to`: scope its manager and use "
                "ScopedAdmin, or (if it belongs to no region) list it as a catalogue here"
            )


@pytest.mark.parametrize("item", SCOPED, ids=_id)
def test_other_district_is_not_found(world, item):
    model, model_admin = item
    record = _record_in(model, B)
    assert record is not None, (
        f"{model._meta.label} has no record in 新北区 in the demo data: add some to its "
        "demo loader, so that its admin pages are checked"
    )
    client = world.client("office_staff", A)
    _assert_not_found_anywhere(client, model, model_admin, record, A)
    listing = client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
    assert listing.status_code in (200, 403)
    path = f"/{model._meta.model_name}/{quote(record.pk)}/change/"
    assert path not in listing.content.decode()


@pytest.mark.parametrize("item", BUSINESS, ids=_id)
def test_administrators_do_not_see_business_records(world, item):
    model, model_admin = item
    record = _record_in(model, B)
    assert record is not None, f"{model._meta.label} has no record in 新北区 in the demo data"
    # The record's own office opens it: the URLs are right, the 404s below are refusals.
    own = world.client("office_staff", B)
    change = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}/change/"
    assert own.get(change).status_code == 200
    for role in ADMINS:
        _assert_not_found_anywhere(world.client(role, CITY), model, model_admin, record, CITY)


@pytest.mark.parametrize("role", ADMINS)
def test_administrators_see_organisations_and_accounts_of_their_subtree(world, role):
    for model, record in (
        (Organization, _record_in(Organization, B)),
        (User, _record_in(User, B)),
        (Region, _record_in(Region, B)),
    ):
        url = f"/admin/core/{model._meta.model_name}/{record.pk}/change/"
        assert world.client(role, CITY).get(url).status_code == 200, (role, url)
        model_admin = admin.site._registry[model]
        _assert_not_found_anywhere(world.client(role, A), model, model_admin, record, A)


def test_security_log_is_the_audit_administrators_of_the_region(world):
    record = _record_in(SecurityEvent, B)
    url = f"/admin/core/securityevent/{record.pk}/change/"
    assert world.client("audit_admin", CITY).get(url).status_code == 200
    assert world.client("audit_admin", A).get(url).status_code == 404
    assert world.client("system_admin", CITY).get(url).status_code == 404


def test_system_tables_are_closed_to_every_role(world):
    for role, code in world.users:
        client = world.client(role, code)
        for label in sorted(CLOSED):
            url = "/admin/{}/{}/".format(*label.split("."))
            assert client.get(url).status_code in (302, 403), (role, code, url)
