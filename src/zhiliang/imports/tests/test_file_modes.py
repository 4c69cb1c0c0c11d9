"""Uploaded files are readable by the service user only, whatever the process umask."""

import os
import stat

import pytest

from zhiliang.core.testing import xlsx as sheets
from zhiliang.equipment.tests.conftest import id_number
from zhiliang.equipment.tests.test_importers import OPERATOR_HEADERS

from .test_importers import row, upload, xlsx


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_uploaded_file_is_0600_in_a_0700_directory(make_user, loose_umask):
    batch = upload(make_user("office_staff", "320412"), xlsx([row(1)]))
    assert _mode(batch.file.path) == 0o600
    assert _mode(os.path.dirname(batch.file.path)) == 0o700


def test_an_encrypted_upload_is_0600(make_user, loose_umask):
    clerk = make_user("office_staff", "320412")
    content = sheets.xlsx(OPERATOR_HEADERS, [["张三", id_number("19900101", 3), "x"]])
    batch = sheets.upload(clerk, "equipment_operators", content, "f.xlsx")
    assert batch.file.name.endswith(".enc") and _mode(batch.file.path) == 0o600
