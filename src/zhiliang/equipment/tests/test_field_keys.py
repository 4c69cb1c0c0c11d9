"""Field-encryption keys: apart from the secret key, several at once, rotation, refusal."""

import base64
import hashlib
import hmac
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from zhiliang.core import crypto
from zhiliang.core.checks import field_keys_check, refuse_unreadable_data
from zhiliang.equipment.models import Operator
from zhiliang.equipment.services import operator_reveal_id

OLD, NEW = "old-field-key-" + "a" * 40, "new-field-key-" + "b" * 40


def _ids(messages) -> list[str]:
    return [m.id for m in messages]


@pytest.fixture
def old_key(settings):
    settings.ZHILIANG_FIELD_KEYS = [OLD]
    return settings


def test_changing_the_secret_key_leaves_id_numbers_readable(old_key, make_operator, clerk):
    op = make_operator()
    number = operator_reveal_id(actor=clerk, operator=op)
    old_key.SECRET_KEY = "a-restored-server-with-a-new-secret-key-" + "x" * 20
    assert operator_reveal_id(actor=clerk, operator=Operator.objects.get()) == number
    assert Operator.objects.filter(id_number_hash=crypto.keyed_hash(number)).exists()
    assert field_keys_check() == []


def test_a_missing_key_is_named_and_refused(old_key, make_operator):
    make_operator()
    make_operator()
    old_key.ZHILIANG_FIELD_KEYS = [NEW]
    errors = field_keys_check()
    assert _ids(errors) == ["zhiliang.E001"]
    assert f"2 operator ID numbers encrypted with field key {crypto.fingerprint(OLD)}" in (
        errors[0].msg
    )
    with pytest.raises(ImproperlyConfigured, match=crypto.fingerprint(OLD)):
        refuse_unreadable_data()
    with pytest.raises(CommandError, match=crypto.fingerprint(OLD)):
        call_command("rotate_field_key", stdout=StringIO())
    assert (
        Operator.objects.filter(id_number_encrypted__startswith=crypto.fingerprint(OLD)).count()
        == 2
    )


def test_rotation_round_trip(old_key, make_operator, clerk):
    ops = [make_operator() for _ in range(3)]
    numbers = [operator_reveal_id(actor=clerk, operator=op) for op in ops]
    old_key.ZHILIANG_FIELD_KEYS = [NEW, OLD]  # the new key first: it writes, both read
    assert _ids(field_keys_check()) == ["zhiliang.W002"]
    fresh = make_operator()
    assert fresh.id_number_encrypted.startswith(crypto.fingerprint(NEW) + ":")

    out = StringIO()
    call_command("rotate_field_key", "--batch-size", "2", stdout=out)
    assert "operator ID numbers: 3 re-encrypted" in out.getvalue()

    old_key.ZHILIANG_FIELD_KEYS = [NEW]  # the old key retired
    assert field_keys_check() == []
    for op, number in zip(ops, numbers, strict=True):
        op.refresh_from_db()
        assert operator_reveal_id(actor=clerk, operator=op) == number
        # the duplicate check and the search find the number under the new key
        assert op.id_number_hash == crypto.keyed_hash(number)
    call_command("rotate_field_key", stdout=out)  # again: nothing left to do
    assert "operator ID numbers: 0 re-encrypted" in out.getvalue()


def _legacy_token(secret: str, text: str) -> str:
    """A value as written before field keys: Fernet under a key derived from SECRET_KEY."""
    derived = hmac.new(secret.encode(), b"zhiliang:field-encryption", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived)).encrypt(text.encode()).decode()


def test_values_from_before_fingerprints(old_key, make_operator, clerk):
    op = make_operator()
    number = operator_reveal_id(actor=clerk, operator=op)
    Operator.objects.filter(pk=op.pk).update(id_number_encrypted=_legacy_token(OLD, number))
    assert operator_reveal_id(actor=clerk, operator=op) == number
    assert _ids(field_keys_check()) == ["zhiliang.W002"]  # readable, not fingerprinted

    old_key.ZHILIANG_FIELD_KEYS = [NEW]
    errors = field_keys_check()
    assert _ids(errors) == ["zhiliang.E001"] and "ZHILIANG_SECRET_KEY" in errors[0].msg

    old_key.ZHILIANG_FIELD_KEYS = [NEW, OLD]
    call_command("rotate_field_key", stdout=StringIO())
    old_key.ZHILIANG_FIELD_KEYS = [NEW]
    assert field_keys_check() == []
    assert operator_reveal_id(actor=clerk, operator=Operator.objects.get()) == number


def test_a_staged_import_survives_rotation(old_key, clerk, firm):
    from zhiliang.equipment.tests.test_importers import OPERATOR_HEADERS, run, xlsx
    from zhiliang.imports import services as imports

    from .conftest import id_number

    number = id_number("19900101", 3)
    rows = [["张三", number, firm.uscc, "TS1", "N1", "2023-01-01", ""]]
    batch = run(clerk, "equipment_operators", xlsx(OPERATOR_HEADERS, rows))
    assert crypto.key_of(batch.file.open("rb").read()) == crypto.fingerprint(OLD)

    old_key.ZHILIANG_FIELD_KEYS = [NEW, OLD]
    (warning,) = field_keys_check()  # the file and the checked values, under the old key
    assert warning.id == "zhiliang.W002" and warning.msg.startswith("2 values of staged imports")
    out = StringIO()
    call_command("rotate_field_key", stdout=out)
    assert "values of staged imports: 2 re-encrypted" in out.getvalue()  # the file, the row

    old_key.ZHILIANG_FIELD_KEYS = [NEW]
    assert field_keys_check() == []
    batch.refresh_from_db()
    assert crypto.key_of(batch.file.open("rb").read()) == crypto.fingerprint(NEW)
    batch = imports.import_commit(actor=clerk, batch=batch)
    assert batch.created_count == 1
    assert operator_reveal_id(actor=clerk, operator=Operator.objects.get()) == number
