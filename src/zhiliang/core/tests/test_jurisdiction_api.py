"""The API's jurisdiction, generated from the routers: every endpoint registered now or
later is covered without writing a test for it.

For every viewset, a record of 新北区 (320411) is taken from the demo data and a 武进区
(320412) office user must not find it in the list, and its detail and every detail-level
action must answer exactly as an id that does not exist (same status, same JSON), and
change nothing. For every writable serializer, a body naming another district's record in
a related field (or a record of the wrong kind) must get the same answer as a body naming
a record that does not exist, and write nothing.
"""

import uuid

import pytest
from django.db import models
from django.forms.models import model_to_dict
from django.urls import URLResolver
from rest_framework import relations
from rest_framework.test import APIClient, APIRequestFactory

from zhiliang.core.accounts import api_token_create
from zhiliang.core.api.fields import ScopedCodeField, ScopedField, ScopedUsccField
from zhiliang.core.models import Region, User
from zhiliang.enterprises.uscc import make_uscc

A, B = "320412", "320411"  # 武进区 (the user's), 新北区 (the other district)
USERS = ("wujin.office", "wujin.inspector", "wujin.reporter")  # tried in turn for writes
CITY = "changzhou.office"
MISSING_ID = 987654321
# Endpoints of catalogues shared by every region: they have no jurisdiction to test.
SHARED = {
    "indicators": "the indicator catalogue",
    "indicator-runs": "recomputes cover every region at once",
    "certificate-kinds": "the certificate kinds catalogue",
    "instrument-categories": "the measuring instruments catalogue",
    # Not a catalogue but no region either: each user sees only their own tokens
    # (core/tests/test_api_tokens.py::test_owners_revoke_their_tokens_and_cannot_see_others).
    "tokens": "a user's own API tokens",
}


def _endpoints():
    from zhiliang.urls import api_patterns

    out = []
    for pattern in api_patterns:
        router = getattr(getattr(pattern, "urlconf_module", None), "router", None)
        if isinstance(pattern, URLResolver) and router is not None:
            out += [(prefix, viewset) for prefix, viewset, _basename in router.registry]
    return out


ENDPOINTS = _endpoints()


def _client(username):
    user = User.objects.get(username=username)
    client = APIClient()
    _token, key = api_token_create(user=user, name="jurisdiction test")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.user = user
    return client


def _model(viewset):
    return viewset.queryset.model


def _in_district(model, code=B):
    """The model's records of a district, by its jurisdiction queryset."""
    if model is Region:
        return Region.objects.filter(code=code)
    manager = model._default_manager
    if not hasattr(manager, "in_region"):
        return None
    return manager.in_region(code).order_by("pk")


def _state(record):
    record = type(record)._default_manager.filter(pk=record.pk).first()
    return None if record is None else model_to_dict(record)


def _same_answer(client, method, url, missing_url, body=None):
    kwargs = {"format": "json"} if body is not None else {}
    theirs = getattr(client, method)(url, body, **kwargs)
    nothing = getattr(client, method)(missing_url, body, **kwargs)
    assert theirs.status_code == nothing.status_code, (method, url, theirs.status_code)
    assert theirs["Content-Type"].startswith("application/json"), (method, url)
    assert theirs.json() == nothing.json(), (method, url)
    return theirs


def _detail_actions(viewset):
    for action in viewset.get_extra_actions():
        if action.detail:
            path = action.url_path
            # Actions with their own parameters (evidence/<id>) get a plausible one.
            path = path.replace(r"(?P<evidence_id>\d+)", "1")
            assert "(?P" not in path, f"fill in the parameter of {path}"
            yield path, sorted(m.lower() for m in action.mapping)


@pytest.mark.parametrize("prefix, viewset", ENDPOINTS, ids=[p for p, _v in ENDPOINTS])
def test_another_districts_record_is_answered_as_missing(demo_world, db, prefix, viewset):
    model = _model(viewset)
    if prefix in SHARED:
        assert _in_district(model) is None, f"{prefix} is in SHARED but has a jurisdiction"
        return
    records = _in_district(model)
    assert records is not None, f"/api/{prefix}/: {model.__name__} has no jurisdiction"
    # An endpoint that answers a subset of its model's records (recalls among the cases).
    record = records.filter(**getattr(viewset, "subset", {})).first()
    assert record is not None, f"/api/{prefix}/: the demo has no {model.__name__} in {B}"
    client = _client("wujin.office")
    url, missing = f"/api/{prefix}/{record.pk}/", f"/api/{prefix}/{_missing_pk(record)}/"
    assert _client(CITY).get(url).status_code == 200, f"{url} is not readable by the city"

    listed, page = [], f"/api/{prefix}/?page_size=500"
    while page:
        body = client.get(page).json()
        listed += [r["id"] for r in body["results"]]
        page = body.get("next")
    assert record.pk not in listed
    assert not records.filter(pk__in=listed).exists()

    before, count = _state(record), model._default_manager.count()
    for method in ("get", "put", "patch", "delete"):
        _same_answer(client, method, url, missing, body={} if method != "get" else None)
    for path, methods in _detail_actions(viewset):
        for method in methods:
            _same_answer(
                client,
                method,
                f"{url}{path}/",
                f"{missing}{path}/",
                body={} if method != "get" else None,
            )
    assert _state(record) == before and model._default_manager.count() == count


def _missing_pk(record):
    return uuid.uuid4() if isinstance(record._meta.pk, models.UUIDField) else MISSING_ID


# -- references in bodies --------------------------------------------------------------------


def _reference_fields(serializer):
    """Writable fields that name another record: related fields and the scoped ones."""
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        child = getattr(field, "child_relation", None)
        target = child or field
        if isinstance(target, ScopedField):
            yield name, field, target.scoped_model, target.kinds
        elif isinstance(target, relations.RelatedField):
            yield name, field, target.get_queryset().model, ()


def _value(field, record):
    if isinstance(field, ScopedUsccField):
        return record.uscc
    if isinstance(field, ScopedCodeField):
        return getattr(record, field.code_field)
    if isinstance(field, relations.SlugRelatedField):
        return getattr(record, field.slug_field)
    return record.pk


def _missing_value(field, model):
    if isinstance(field, ScopedUsccField):
        return make_uscc(B, "99999999")
    if isinstance(field, ScopedCodeField):
        return "NO-SUCH-CODE"
    if isinstance(field, relations.SlugRelatedField):
        return "999999"
    return MISSING_ID


def _refused_alike(client, method, url, name, field, record, model):
    wrap = (lambda v: [v]) if isinstance(field, relations.ManyRelatedField) else (lambda v: v)
    target = getattr(field, "child_relation", field)
    given, missing = _value(target, record), _missing_value(target, model)
    theirs = getattr(client, method)(url, {name: wrap(given)}, format="json")
    nothing = getattr(client, method)(url, {name: wrap(missing)}, format="json")
    assert theirs.status_code == nothing.status_code == 400, (url, name, theirs.status_code)
    got = [str(m).replace(str(given), "?") for m in theirs.json()["errors"][name]]
    want = [str(m).replace(str(missing), "?") for m in nothing.json()["errors"][name]]
    assert got == want, (url, name, got, want)


def _writes(viewset):
    """(method, action, url-maker) the viewset offers for writing with a serializer."""
    allowed = {m.lower() for m in viewset.http_method_names}
    if hasattr(viewset, "create") and "post" in allowed:
        yield "post", "create", lambda prefix, own: f"/api/{prefix}/"
    if hasattr(viewset, "partial_update") and "patch" in allowed:
        yield "patch", "partial_update", lambda prefix, own: f"/api/{prefix}/{own.pk}/"


def _serializer(viewset, action, user):
    request = APIRequestFactory().get("/")
    request.user = user
    view = viewset(action=action, request=request, format_kwarg=None, kwargs={})
    return view.get_serializer_class()(context={"request": request, "user": user})


WRITABLE = [(p, v) for p, v in ENDPOINTS if p not in SHARED and any(_writes(v))]


@pytest.mark.parametrize("prefix, viewset", WRITABLE, ids=[p for p, _v in WRITABLE])
def test_bodies_naming_another_districts_record_are_refused_as_missing(
    demo_world, db, prefix, viewset
):
    model = _model(viewset)
    own = _in_district(model, A).first()
    assert own is not None, f"/api/{prefix}/: the demo has no {model.__name__} in {A}"
    checked = 0
    for method, action, make_url in _writes(viewset):
        url = make_url(prefix, own)
        client = _writer(method, url)
        if client is None:
            continue
        serializer = _serializer(viewset, action, client.user)
        before, count = _state(own), model._default_manager.count()
        for name, field, target, kinds in _reference_fields(serializer):
            others = _in_district(target)
            if others is None:
                continue  # a catalogue (products, indicators): shared by every region
            record = others.first()
            assert record is not None, f"{prefix}.{name}: no {target.__name__} in {B}"
            _refused_alike(client, method, url, name, field, record, target)
            if kinds:  # one of our own district, of the wrong kind
                wrong = _in_district(target, A).exclude(kind__in=kinds).first()
                _refused_alike(client, method, url, name, field, wrong, target)
            checked += 1
        assert _state(own) == before and model._default_manager.count() == count
    if checked == 0:
        pytest.skip(f"/api/{prefix}/ takes no references to other records")


def _writer(method, url):
    """The first 武进区 account allowed to write here (the others get 403 for any id)."""
    for username in USERS:
        client = _client(username)
        if getattr(client, method)(url, {}, format="json").status_code != 403:
            return client
    return None
