"""The generic bases: API viewsets and permission, list pages, pickers."""

import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework import mixins

from zhiliang.core.api.permissions import NOBODY, SERVICE_DECIDES, RolePermissions
from zhiliang.core.api.viewsets import ScopedViewSet
from zhiliang.core.models import Region


def test_a_drf_mixin_listed_first_still_writes_through_the_service():
    calls = []

    class Units(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
        model = Region
        create_service = staticmethod(lambda **kw: calls.append(("create", kw)) or "made")
        delete_service = staticmethod(lambda **kw: calls.append(("delete", kw)))
        instance_name = "unit"

    view = Units()
    view.request = SimpleNamespace(user="clerk")
    serializer = SimpleNamespace(validated_data={"name": "x"}, instance=None)
    view.perform_create(serializer)
    view.perform_destroy("the unit")
    assert serializer.instance == "made"
    assert calls == [
        ("create", {"actor": "clerk", "data": {"name": "x"}}),
        ("delete", {"actor": "clerk", "unit": "the unit"}),
    ]


class _User:
    is_authenticated = True

    def __init__(self, *perms):
        self.perms = set(perms)

    def has_perms(self, perms):
        return set(perms) <= self.perms


def _allowed(user, method, **view):
    action = view.pop("action", None)
    view = SimpleNamespace(get_queryset=Region.objects.none, action=action, **view)
    return RolePermissions().has_permission(SimpleNamespace(user=user, method=method), view)


def test_one_permission_class_reads_what_a_viewset_declares():
    reader = _User("core.view_region")
    assert _allowed(reader, "GET") and not _allowed(reader, "POST")
    # An action whose right the service decides needs only the read.
    assert _allowed(reader, "POST", action="close", action_perms={"close": SERVICE_DECIDES})
    # Rights borrowed from another model; a closed method is closed even to a superuser's perms.
    borrowed = {"GET": ["x.view_other"], "POST": [NOBODY]}
    assert _allowed(_User("x.view_other"), "GET", perms=borrowed)
    assert not _allowed(reader, "GET", perms=borrowed)
    assert not _allowed(_User("core.view_region", "core.add_region"), "POST", perms=borrowed)


def _make_many(make_enterprise, n):
    for i in range(n):
        make_enterprise("320412001", name=f"武进{i:03d}机械有限公司")


def test_list_has_page_numbers_and_a_jump_box_that_keep_the_filters(
    client, make_user, make_enterprise
):
    _make_many(make_enterprise, 101)
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("enterprises:list"), {"q": "机械", "page": "2"}).content.decode()
    assert 'href="?q=%E6%9C%BA%E6%A2%B0&amp;page=3"' in page
    assert 'aria-current="page"><span class="page-link">2<' in page
    jump = re.search(r'<form method="get" class="[^"]*page-jump">(.*?)</form>', page, re.S)
    assert jump and '<input type="hidden" name="q" value="机械">' in jump.group(1)
    assert 'name="page"' in jump.group(1) and 'max="3"' in jump.group(1)


def test_list_exports_the_filtered_rows_with_export_xlsx(client, make_user, make_enterprise):
    make_enterprise("320412001", name="武进甲机械有限公司")
    make_enterprise("320412002", name="武进乙食品有限公司")
    client.force_login(make_user("viewer", "320412"))
    response = client.get(reverse("enterprises:list"), {"q": "机械", "export": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = [r[1] for r in book.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["武进甲机械有限公司"]
    # Bad filters export nothing: the page says what is wrong.
    response = client.get(reverse("enterprises:list"), {"region": "abc", "export": "xlsx"})
    assert response.status_code == 200 and "Content-Disposition" not in response


def test_list_picks_regions_and_industries_by_name(client, make_user, make_enterprise):
    make_enterprise("320412001")
    client.force_login(make_user("viewer", "320412"))
    page = client.get(reverse("enterprises:list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    region = re.search(r'<select name="region".*?</select>', html, re.S).group(0)
    assert '<option value="320412">武进区</option>' in region
    assert 'value="320412001">\u3000戚墅堰街道</option>' in region
    assert "320411" not in region  # another district is not offered
    industry = re.search(r'<select name="industry".*?</select>', html, re.S).group(0)
    assert 'value="C">C 制造业</option>' in industry
    size = re.search(r'<select class="form-select" name="size_class".*?</select>', html, re.S)
    assert "---------" not in size.group(0)


@pytest.mark.parametrize("name", ["enterprises:export", "licensing:certificate-export"])
def test_old_export_addresses_still_download(client, make_user, name):
    client.force_login(make_user("office_staff", "320412"))
    response = client.get(reverse(name))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_every_list_pages_through_the_one_tag():
    """Including the page-links template by hand drops the page numbers (the audit trail did)."""
    from pathlib import Path

    import zhiliang

    root = Path(zhiliang.__file__).parent
    by_hand = [
        str(t.relative_to(root))
        for t in root.glob("*/templates/**/*.html")
        if 'include "web/pagination.html"' in t.read_text(encoding="utf-8")
    ]
    assert by_hand == []


def test_no_module_translates_at_import_time():
    """A label translated when its module is imported keeps that moment's language: an
    export's headers came out in the worker's language. Module-level labels are lazy."""
    import ast
    from pathlib import Path

    import zhiliang

    eager = {"gettext", "pgettext", "ngettext", "npgettext"}
    found = []
    for path in Path(zhiliang.__file__).parent.rglob("*.py"):
        if {"migrations", "tests"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in eager
        }
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.Expr) and any(
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in names
                for call in ast.walk(node)
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_a_services_refusal_lands_on_the_form_field_it_names():
    from django import forms
    from django.core.exceptions import ValidationError

    from zhiliang.core.views import form_errors

    class Form(forms.Form):
        enterprise_uscc = forms.CharField(required=False)
        note = forms.CharField(required=False)

    form = Form({})
    assert form.is_valid()
    refusal = ValidationError({"enterprise": "unknown", "note": "too long", "region": "outside"})
    form_errors(form, refusal, {"enterprise": "enterprise_uscc"})
    assert form.errors["enterprise_uscc"] == ["unknown"] and form.errors["note"] == ["too long"]
    assert form.non_field_errors() == ["outside"]  # no field of that name: above the form

    form = Form({})
    assert form.is_valid()
    form_errors(form, ValidationError("refused"), {})
    assert form.non_field_errors() == ["refused"]


def test_not_in_future_takes_a_date_or_a_time():
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from zhiliang.core.validators import not_in_future

    not_in_future(timezone.localdate(), "The date")
    not_in_future(timezone.now() - timedelta(minutes=1), "The time", field="at")
    with pytest.raises(ValidationError) as refused:
        not_in_future(timezone.now() + timedelta(hours=1), "The time", field="at")
    assert refused.value.message_dict == {"at": ["The time cannot be in the future."]}
    with pytest.raises(ValidationError):
        not_in_future(timezone.localdate() + timedelta(days=1), "The date")
