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


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's world, built once per test module: `zhiliang demo --no-serve --limit 300`.

    Contract:
    - Records of every model in 常州市 (3204) with both its districts 武进区 (320412) and
      新北区 (320411): enterprises, plans, sampling, equipment, licensing, indicators,
      assessments, … and the demo accounts of every role at each of the three levels.
      What the demo makes only at city level (assessment scheme and result, target
      links) or not at all (import batches, reported values) is added in 新北区 by
      `_demo_world_top_up`, through the services where there is one.
    - Returns a `DemoWorld`: `.users[(role, region_code)]` → User (roles as in
      `core.roles.Role`, e.g. `("office_staff", "320412")`, `("system_admin", "3204")`),
      `.user(role, code)` the same, and `.client(role, code)` a Django test client
      logged in as that account (a new one each call, `client.user` is the account).
    - Tests using it also take the function-scoped `db` fixture (or `django_db` mark)
      as usual: each test runs in a savepoint inside the world, so what a test writes
      is rolled back before the next test, and the world stays as built.
    - The world is one transaction, rolled back when the module ends: the database is
      left exactly as the migrations made it (industry and product catalogues, …), on
      SQLite and PostgreSQL alike. Not for `transactional_db` or `live_server` tests,
      which need committed data (they would flush the world away).
    """
    import io

    from django.core.management import call_command
    from django.db import connections, transaction
    from django.test import Client
    from django.test.utils import override_settings

    from zhiliang.core.models import User
    from zhiliang.core.regions import regions_load

    class DemoWorld:
        def __init__(self, users):
            self.users = users

        def user(self, role: str, region_code: str):
            return self.users[(role, region_code)]

        def client(self, role: str, region_code: str) -> Client:
            client = Client()
            client.user = self.user(role, region_code)
            client.force_login(client.user)
            return client

    home = tmp_path_factory.mktemp("demo-world")
    with django_db_blocker.unblock():
        atomics = {alias: transaction.atomic(using=alias) for alias in connections}
        for atomic in atomics.values():
            atomic.__enter__()
        try:
            with override_settings(HOME=home):
                regions_load(prefixes=("32",))
                call_command(
                    "demo", "--no-serve", "--limit", "300", verbosity=0, stdout=io.StringIO()
                )
                _demo_world_top_up("320411")
            users = {}
            for user in User.objects.filter(username__contains=".").select_related(
                "organization__region"
            ):
                if user.jurisdiction is not None:
                    for role in user.role_codes:
                        users[(role, user.jurisdiction.code)] = user
        except BaseException:
            _roll_back(atomics)
            raise
    yield DemoWorld(users)
    with django_db_blocker.unblock():
        _roll_back(atomics)


def _demo_world_top_up(code: str) -> None:
    """Records of the models the demo leaves out in district `code`, made as its office."""
    from decimal import Decimal

    from zhiliang.assessments import services as assessments
    from zhiliang.assessments.choices import SubjectKind
    from zhiliang.core.accounts import password_reset_request
    from zhiliang.core.models import Region, User
    from zhiliang.imports.models import ImportBatch
    from zhiliang.indicators.choices import IndicatorKind
    from zhiliang.indicators.models import Indicator
    from zhiliang.indicators.services import reported_value_save
    from zhiliang.plans.models import Target
    from zhiliang.plans.services import plan_create

    region = Region.objects.get(code=code)
    accounts = User.objects.filter(organization__region=region, username__contains=".")
    office = next(u for u in accounts if u.role_codes == {"office_staff"})
    reporter = next(u for u in accounts if u.role_codes == {"department_reporter"})
    scheme = assessments.scheme_load_file(region=region, actor=office)
    assessments.result_run(
        actor=office, scheme=scheme, region=region, subject_kind=SubjectKind.REGION
    )
    indicators = Indicator.objects.filter(active=True).order_by("code")
    target = Target.objects.all().in_region(code).filter(indicator_link__isnull=True).first()
    if target is None:
        text = f"{region.name}质量工作要点：监督抽查合格率达到95%以上。"
        plan = plan_create(
            actor=office,
            region=region,
            source_text=text,
            meta={"title": f"{region.name}质量工作要点"},
            targets=[{"indicator": "监督抽查合格率", "comparator": ">=", "value": "95"}],
            phases=[],
            tasks=[],
        )
        target = plan.targets.get()
    assessments.targetlink_set(actor=office, target=target, indicator=indicators.first())
    reported_value_save(
        actor=reporter,
        indicator=indicators.filter(kind=IndicatorKind.REPORTED).first(),
        region=region,
        period="2025",
        value=Decimal("1"),
        evidence="演示数据",
    )
    ImportBatch.objects.create(
        kind="enterprises",
        created_by=office,
        region=region,
        file="imports/demo-world.xlsx",
        original_name="企业名录.xlsx",
        file_format="xlsx",
    )
    system = next(u for u in accounts if u.role_codes == {"system_admin"})
    viewer = next(u for u in accounts if u.role_codes == {"viewer"})
    password_reset_request(actor=system, user=viewer)


def _roll_back(atomics):
    from django.db import transaction

    for alias, atomic in reversed(list(atomics.items())):
        transaction.set_rollback(True, using=alias)
        atomic.__exit__(None, None, None)
