"""The demo's world for tests (`demo_world`): the demo's records of every model in 常州市
and both its districts, built once per run in one transaction and rolled back after the
last test that uses it. The root conftest imports the fixture and the hooks from here."""

import pytest


def world_close_unless_wanted(nextitem) -> None:
    """The demo's world is one open transaction: close it before a test that does not want it."""
    if _WORLD and "demo_world" not in getattr(nextitem, "fixturenames", ()):
        _WORLD[0].close()


def pytest_collection_modifyitems(items):
    """Tests on the demo's world run first and together, so it is built once (`demo_world`)."""
    items.sort(key=lambda item: "demo_world" not in getattr(item, "fixturenames", ()))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if "demo_world" in getattr(item, "fixturenames", ()) and _WORLD:
        _WORLD[0].open()


_WORLD: list = []


@pytest.fixture(scope="session")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's world: `zhiliang demo --no-serve --limit 300`, built once per run.

    Contract:
    - Records of every model in 常州市 (3204) with both its districts 武进区 (320412) and
      新北区 (320411): enterprises, plans, sampling, equipment, licensing, indicators,
      assessments, … and the demo accounts of every role at each of the three levels.
      What the demo makes only at city level, in one district, or not at all (plans of
      新北区, assessment results, target links, conflicts, reported values, import batches,
      password resets) is added by `_demo_world_top_up`, through the services.
    - Returns a `DemoWorld`: `.users[(role, region_code)]` → User (roles as in
      `core.roles.Role`, e.g. `("office_staff", "320412")`, `("system_admin", "3204")`),
      `.user(role, code)` the same, and `.client(role, code)` a Django test client
      logged in as that account (a new one each call, `client.user` is the account).
    - Tests using it also take the function-scoped `db` fixture (or `django_db` mark)
      as usual: each test runs in a savepoint inside the world, so what a test writes
      is rolled back before the next test, and the world stays as built.
    - The world is one transaction. The tests that use it are run first and together
      (`pytest_collection_modifyitems`); after the last of them it is rolled back, leaving
      the database exactly as the migrations made it (industry and product catalogues, …),
      on SQLite and PostgreSQL alike. Should a later test ask for it again, it is built
      anew. Not for `transactional_db` or `live_server` tests, which need committed data
      (they would flush the world away).
    """
    world = DemoWorld(django_db_blocker, tmp_path_factory)
    _WORLD.append(world)
    world.open()
    yield world
    world.close()
    _WORLD.remove(world)


class DemoWorld:
    def __init__(self, blocker, tmp_path_factory):
        self.blocker = blocker
        self.tmp_path_factory = tmp_path_factory
        self.atomics = None
        self.users = {}

    def user(self, role: str, region_code: str):
        return self.users[(role, region_code)]

    def client(self, role: str, region_code: str):
        from django.test import Client

        client = Client()
        client.user = self.user(role, region_code)
        client.force_login(client.user)
        return client

    def open(self) -> None:
        if self.atomics is not None:
            return
        import io

        from django.core.management import call_command
        from django.db import connections, transaction
        from django.test.utils import override_settings

        from zhiliang.core.models import User
        from zhiliang.core.regions import regions_load

        home = self.tmp_path_factory.mktemp("demo-world")
        with self.blocker.unblock():
            atomics = {alias: transaction.atomic(using=alias) for alias in connections}
            for atomic in atomics.values():
                atomic.__enter__()
            try:
                with override_settings(HOME=home):
                    regions_load(prefixes=("32",))
                    call_command(
                        "demo", "--no-serve", "--limit", "300", verbosity=0, stdout=io.StringIO()
                    )
                    _demo_world_top_up()
                analyze_for_planner()
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
        self.atomics, self.users = atomics, users

    def close(self) -> None:
        if self.atomics is None:
            return
        with self.blocker.unblock():
            _roll_back(self.atomics)
        self.atomics, self.users = None, {}


def _demo_world_top_up() -> None:
    """What the demo makes only at city level, in 武进区 only, or nowhere, made in both
    districts through the services: a plan with its phases, tasks, reports and notices,
    target links, an assessment scheme and result, inspector conflicts, reported values;
    in 新北区 also an import batch and a pending password reset."""
    import random
    from datetime import date
    from decimal import Decimal

    from zhiliang.assessments import demo as assessments_demo
    from zhiliang.assessments import services as assessments
    from zhiliang.assessments.choices import SubjectKind
    from zhiliang.core.accounts import password_reset_request
    from zhiliang.core.models import Region, User
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.imports.models import ImportBatch
    from zhiliang.indicators.choices import IndicatorKind
    from zhiliang.indicators.models import Indicator
    from zhiliang.indicators.services import reported_value_save
    from zhiliang.inspections.models import Inspector
    from zhiliang.inspections.services import conflict_create
    from zhiliang.plans import demo as plans_demo
    from zhiliang.plans.services import notices_draft_overdue
    from zhiliang.plans.services import plans as plan_services

    first = plans_demo.DOCUMENTS[0]
    indicator = Indicator.objects.filter(kind=IndicatorKind.REPORTED, active=True).first()
    for code, place in (("320412", "wujin"), ("320411", "xinbei")):
        office = User.objects.get(username=f"{place}.office")
        region = Region.objects.get(code=code)
        if code == "320411":
            doc = plans_demo.DemoDocument(first.file, code, office.username, first.review, True)
            text = plans_demo.read_file(plans_demo.DATA / doc.file)
            made = {"accounts": [], "plans_created": 0, "targets": 0, "tasks": 0, "phases": 0}
            plan, actor = plans_demo._import(doc, text, region, made)
            plans_demo._report(plan, actor, random.Random(1), True)
            if not plan.phases.exists():  # this document states no stages
                plan_services._phases_create(office, plan, [{"name": "动员部署", "start": "2025"}])
            notices_draft_overdue()
            assessments_demo._link_targets(office, 1)
            ImportBatch.objects.create(
                kind="enterprises",
                created_by=office,
                region=region,
                file="imports/demo-world.xlsx",
                original_name="企业名录.xlsx",
                file_format="xlsx",
            )
            system = User.objects.get(username=f"{place}.sysadmin")
            password_reset_request(actor=system, user=User.objects.get(username=f"{place}.viewer"))
        scheme = assessments.scheme_load_file(region=region, actor=office)
        assessments.result_run(
            actor=office, scheme=scheme, region=region, subject_kind=SubjectKind.REGION
        )
        inspector = Inspector.objects.visible_to(office).first()
        enterprise = Enterprise.objects.in_region(code).first()
        conflict_create(actor=office, inspector=inspector, reason="亲属任职", enterprise=enterprise)
        reported_value_save(
            actor=office,
            indicator=indicator,
            region=region,
            period=f"{date.today().year - 1}",
            value=Decimal("1"),
            evidence="统计年报",
        )
        _follow_up_in(code, office)
        _surveys_and_campaigns_in(region, office)


def _surveys_and_campaigns_in(region, office) -> None:
    """A district's own satisfaction survey (with a few responses) and metrology campaign
    (with a check): the demo's are the city's."""
    from datetime import date, timedelta

    from zhiliang.core.models import Region
    from zhiliang.metrology import services as metrology
    from zhiliang.satisfaction import services as satisfaction

    year = date.today().year - 1
    survey = satisfaction.survey_create(actor=office, data={
        "code": f"CS{year}-{region.code}", "year": year, "title": f"{region.name}测评",
        "region": region, "fieldwork_from": date(year, 3, 1), "fieldwork_to": date(year, 3, 31),
    })  # fmt: skip
    township = Region.objects.filter(parent=region).order_by("code").first()
    rows = [{"survey": survey, "respondent": f"W{i}", "region": township, "weight": 1.0,
             "sector": "consumer_services", "surveyed_on": date(year, 3, 2),
             "answers": {"q8": 8, "q9": 8, "q10": 8}} for i in range(3)]  # fmt: skip
    satisfaction.responses_bulk_create(actor=office, rows=rows)
    campaign = metrology.campaign_create(actor=office, data={
        "code": f"JL{year}-{region.code}", "name": f"{region.name}加油机专项",
        "subject": "fuel_dispenser", "region": region, "starts_on": date(year, 3, 1),
        "ends_on": date(year, 3, 31),
    })  # fmt: skip
    metrology.check_create(actor=office, data={
        "campaign": campaign, "number": "D1", "region": region, "item": "1号枪",
        "checked_on": date(year, 3, 1) + timedelta(days=1), "values": [0.1, 0.5, 0.0],
    })  # fmt: skip


def _follow_up_in(code: str, office) -> None:
    """A follow-up in the district, if the demo's random failures left it none: an
    unpublished sample there given a failed test item and its result notified."""
    from datetime import timedelta

    from zhiliang.inspections import services as sampling
    from zhiliang.inspections.choices import Verdict
    from zhiliang.inspections.models import FollowUp, Sample

    if FollowUp.objects.in_region(code).exists():
        return
    samples = Sample.objects.in_region(code).filter(follow_up__isnull=True).order_by("pk")
    sample = samples.filter(verdict=Verdict.FAIL).first()
    if sample is None:
        sample = samples.filter(published_at__isnull=True).first()
        tested = sample.sampled_on + timedelta(days=7)
        sample = sampling.sample_update(
            actor=office,
            sample=sample,
            data={"tested_on": tested},
            test_items=[{"item": "标志和说明", "verdict": Verdict.FAIL}],
        )
    sampling.followup_open(
        actor=office, sample=sample, notified_on=sample.sampled_on + timedelta(days=10)
    )


def analyze_for_planner() -> None:
    """Give PostgreSQL's planner statistics of a world built inside a transaction.

    Autovacuum never sees uncommitted rows, so without this every query over the world
    is planned for empty tables (a list of indicator values took 5 s a page). ANALYZE
    may run in a transaction and counts the transaction's own rows.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _roll_back(atomics):
    from django.db import transaction

    for alias, atomic in reversed(list(atomics.items())):
        transaction.set_rollback(True, using=alias)
        atomic.__exit__(None, None, None)
