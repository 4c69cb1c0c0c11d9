"""Complainants' data under field-key rotation, like every encrypted store."""

from io import StringIO

from django.core.management import call_command

from zhiliang.complaints.models import Complaint
from zhiliang.core import crypto
from zhiliang.core.checks import field_keys_check

OLD, NEW = "old-field-key-" + "a" * 40, "new-field-key-" + "b" * 40


def test_rotation_re_encrypts_names_and_phones(settings, make_complaint):
    settings.ZHILIANG_FIELD_KEYS = [OLD]
    make_complaint()
    make_complaint(complainant_phone="")
    settings.ZHILIANG_FIELD_KEYS = [NEW, OLD]
    assert [m.id for m in field_keys_check()] == ["zhiliang.W002"]
    out = StringIO()
    call_command("rotate_field_key", "--batch-size", "1", stdout=out)
    assert "complainants' names and phones: 2 re-encrypted" in out.getvalue()
    settings.ZHILIANG_FIELD_KEYS = [NEW]
    assert field_keys_check() == []
    for complaint in Complaint.objects.all():
        assert crypto.decrypt(complaint.complainant_name_encrypted) == "王小明"
    assert Complaint.objects.filter(complainant_phone_encrypted="").count() == 1
