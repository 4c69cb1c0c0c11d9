"""Shared test fixtures: regions, organisations, users with roles, enterprises, API clients."""

import os
import shutil

import pytest

PASSWORD = "Quality-2026!"


@pytest.fixture
def regions(db):
    """江苏省 with all its cities, counties and townships (fast: one province).

    Also the industry catalogue: a migration loads it, but live-server tests flush
    every table when they end.
    """
    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Industry

    regions_load(prefixes=("32",))
    industries_load(Industry)


@pytest.fixture
def make_org(regions):
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region

    def make(region_code: str, name: str | None = None, kind=OrganizationKind.DEPARTMENT):
        region = Region.objects.get(code=region_code)
        return Organization.objects.create(
            name=name or f"{region.name}市场监督管理局", kind=kind, region=region
        )

    return make


@pytest.fixture
def make_user(make_org):
    from zhiliang.core.models import Organization
    from zhiliang.core.services import user_create

    counter = {"n": 0}

    def make(role: str | None = "office_staff", region_code: str = "320412", **extra):
        counter["n"] += 1
        org = extra.pop("organization", None)
        if org is None:
            org = Organization.objects.filter(region__code=region_code).first() or make_org(
                region_code
            )
        roles = [role] if isinstance(role, str) else list(role or [])
        return user_create(
            actor=None,
            username=extra.pop("username", f"u{counter['n']}-{region_code}-{role}"),
            password=PASSWORD,
            organization=org,
            roles=roles,
        )

    return make


@pytest.fixture
def make_enterprise(regions):
    from zhiliang.core.models import Region
    from zhiliang.enterprises.models import Enterprise, Industry
    from zhiliang.enterprises.uscc import make_uscc

    counter = {"n": 0}

    def make(region_code: str = "320412", **fields):
        counter["n"] += 1
        region = Region.objects.get(code=region_code)
        fields.setdefault("uscc", make_uscc(region_code[:6], f"{counter['n']:08d}"))
        fields.setdefault("name", f"{region.name}测试{counter['n']}号机械有限公司")
        fields.setdefault("industry", Industry.objects.get(code="34"))
        return Enterprise.objects.create(region=region, **fields)

    return make


@pytest.fixture
def api(make_user):
    """An API client logged in by token as a user of the given role and region."""
    from rest_framework.test import APIClient

    def client_for(role="office_staff", region_code="320412", user=None):
        from zhiliang.core.accounts import api_token_create

        user = user or make_user(role, region_code)
        client = APIClient()
        _token, key = api_token_create(user=user, name="test")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.user = user
        return client

    return client_for


@pytest.fixture(autouse=True)
def english_messages():
    """Services speak the active language; tests read their messages in English.

    Requests through the test client still get the site default (简体中文).
    """
    from django.utils import translation

    with translation.override("en"):
        yield


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    if not shutil.which(CHROMIUM):
        pytest.fail(
            "Debian's chromium is not installed: run `make browser` (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # fixtures make are not concurrent with it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
