"""Shared test fixtures: regions, organisations, users with roles, enterprises, API clients."""

import functools
import os
import shutil

import pytest

# The demo's world, its fixture and the hooks that build it once (pytest finds them here).
from zhiliang.core.testing.demo_world import (  # noqa: F401
    demo_world,
    pytest_collection_modifyitems,
    pytest_runtest_setup,
    world_close_unless_wanted,
)

PASSWORD = "Quality-2026!"


@pytest.fixture
def regions(db):
    """江苏省 with all its cities, counties and townships, and the industry catalogue.

    Loaded once for the run (`django_db_setup`) and again after a test that flushed the
    tables (`transactional_db`, live-server tests): a test pays for a load only when
    it changed them.
    """
    _catalogues_ensure()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _catalogues_ensure()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # pytest-django flushes every table after a transactional test: load again, committed,
    # what the other tests expect to find.
    if "transactional_db" in getattr(item, "fixturenames", ()):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _catalogues_ensure()
    world_close_unless_wanted(nextitem)


@functools.cache
def _jiangsu_rows() -> int:
    from zhiliang.core.regions import DATA_DIR, read_rows

    return sum(1 for _ in read_rows(DATA_DIR, ("32",)))


def _catalogues_ensure() -> None:
    from zhiliang.core.models import Region
    from zhiliang.core.regions import regions_load
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Industry

    if Region.objects.subtree("32").count() != _jiangsu_rows():
        regions_load(prefixes=("32",))
    if not Industry.objects.filter(code="34").exists():
        industries_load(Industry)


@pytest.fixture
def make_org(regions):
    from zhiliang.core.choices import OrganizationKind
    from zhiliang.core.models import Organization, Region

    def make(
        region_code: str, name: str | None = None, kind=OrganizationKind.DEPARTMENT, qualified=True
    ):
        region = Region.objects.get(code=region_code)
        name = name or f"{region.name}市场监督管理局"
        org = Organization.objects.create(
            name=name, kind=kind, region=region, regulates_market=name.endswith("市场监督管理局")
        )
        if kind == OrganizationKind.INSPECTION_BODY and qualified:
            # Samples name registered bodies only: one qualified from five years ago on.
            from zhiliang.infrastructure.testing import register_laboratory

            register_laboratory(org)
        return org

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
def clerk(make_user):
    """Office staff of 武进区 (320412)."""
    return make_user("office_staff", "320412")


@pytest.fixture
def office(make_user):
    """Office staff of 常州市 (3204)."""
    return make_user("office_staff", "3204")


@pytest.fixture
def catalogue(db):
    """The product catalogue by code (loaded again: live-server tests flush tables)."""
    from zhiliang.enterprises.catalogue import products_load
    from zhiliang.enterprises.models import Product

    products_load(Product)
    return {p.code: p for p in Product.objects.all()}


@pytest.fixture
def bureau(clerk):
    """武进区市场监督管理局, the clerk's own organisation."""
    assert clerk.organization.regulates_market
    return clerk.organization


@pytest.fixture
def firm(make_enterprise):
    """An enterprise of a 武进区 township, established in 2015 (apps wanting another
    declare their own `firm`)."""
    from datetime import date

    return make_enterprise("320412001", established_on=date(2015, 6, 1))


@pytest.fixture
def login(client, make_user):
    """`login(user)`, or `login(role, region_code)` for a new account: the test client
    logged in as that account (`client.user`)."""

    def as_user(user="office_staff", region_code="320412"):
        if isinstance(user, str):
            user = make_user(user, region_code)
        client.force_login(user)
        client.user = user
        return client

    return as_user


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


@pytest.fixture(autouse=True)
def english_answers(request):
    """`@pytest.mark.english`: pages and the API answer in English too (for tests that read
    their messages); without it they answer in the site default, 简体中文."""
    if request.node.get_closest_marker("english"):
        request.getfixturevalue("settings").LANGUAGE_CODE = "en"


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    if not shutil.which(CHROMIUM):
        pytest.fail(
            "Debian's chromium is not installed: run `make browser` (apt-get install chromium)"
        )
    from django.db import connections
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
        page.login = lambda user: _browser_login(page, user)
        yield page
        browser.close()
        # The test's own queries ran while Playwright's loop was current and got connections
        # of their own; left open, the test database could not be dropped at the end.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _browser_login(page, user) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
