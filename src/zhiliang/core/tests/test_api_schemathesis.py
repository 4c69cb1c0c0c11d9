"""Every API operation, fuzzed from the OpenAPI document: no server error, and every answer is
one the document declares (status code, content type, body schema).

Runs as a 武进区 office user and as a 武进区 viewer against a small demo world (one district's
enterprises, plans, samples, equipment, licences, indicators). Everything happens in-process
inside the test's transaction, so nothing a write does outlives the test; background jobs are
queued to a dummy backend (a full indicator recompute only queues).
"""

import contextlib
import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils.module_loading import import_string
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Small enough that both engines finish the whole schema in a few minutes on two cores
# (ZHILIANG_FUZZ_EXAMPLES raises it for a longer hunt).
MAX_EXAMPLES = int(os.environ.get("ZHILIANG_FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The schema endpoint serves this very document (and rebuilds it on every call: seconds each).
SKIPPED = {"/api/schema/"}
DUMMY_TASKS = "django_tasks.backends.dummy.DummyBackend"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A small demo world, built once for the module and rolled back after it."""
    from zhiliang.core.regions import regions_load
    from zhiliang.core.testing.demo_world import analyze_for_planner
    from zhiliang.demo.accounts import demo_users_ensure
    from zhiliang.demo.generate import generate
    from zhiliang.demo.steps import DEMO_LOADERS
    from zhiliang.enterprises.catalogue import industries_load
    from zhiliang.enterprises.models import Industry

    with django_db_blocker.unblock(), transaction.atomic():
        regions_load(prefixes=("32",))
        industries_load(Industry)
        generate(scale="district", limit=150, progress=False, history=False)
        demo_users_ensure()
        for loader in DEMO_LOADERS:
            import_string(loader)(seed=1)
        analyze_for_planner()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def keep_connection():
    """Requests go through the real WSGI handler, whose request signals close the database
    connection (and so the test's transaction, on PostgreSQL); Django's test client
    disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema():
    from django.core.wsgi import get_wsgi_application
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


def _token(username: str) -> str:
    from zhiliang.core.accounts import api_token_create
    from zhiliang.core.models import User

    return api_token_create(user=User.objects.get(username=username), name="schemathesis")[1]


def _fuzz(operation, headers: dict, mode, answered: dict) -> list[str]:
    found: list[str] = []

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        # Each example in its own savepoint: a write it makes (or a database error it meets,
        # which aborts a PostgreSQL transaction) does not leak into the next.
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        answered[response.status_code // 100] = answered.get(response.status_code // 100, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as exc:  # one failure, or a group
            # Keep one finding per operation and mode: the first is what needs fixing.
            if not found:
                found.append(f"{operation.label} [{mode.value}]: {str(exc)[:4000]}")

    with contextlib.suppress(Unsatisfiable):
        run()
    return found


@pytest.mark.parametrize("username", ["wujin.office", "wujin.viewer"])
@pytest.mark.django_db
def test_every_operation_answers_as_documented(world, api_schema, keep_connection, username):
    headers = {"Authorization": f"Token {_token(username)}"}
    findings: list[str] = []
    answered: dict[int, int] = {}  # responses by class (2 for 2xx, 4 for 4xx)
    operations = 0
    dummy = {**django_settings.TASKS["default"], "BACKEND": DUMMY_TASKS}
    with override_settings(TASKS={"default": dummy}):
        for result in api_schema.get_all_operations():
            operation = result.ok()
            if operation.path in SKIPPED:
                continue
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                findings += _fuzz(operation, headers, mode, answered)
    assert not findings, "\n\n".join(findings)
    # The run reached the data, not only refusals: most GETs of a world with records succeed.
    assert operations > 80 and answered.get(2, 0) > 40, (operations, answered)
