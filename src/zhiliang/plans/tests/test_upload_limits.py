"""Word and Excel files uploaded as evidence or as a plan document: a zip bomb is refused
with the limit named, before python-docx (or anything) parses it."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhiliang.core.evidence import evidence_check
from zhiliang.imports.tests.test_limits import GB, forge_size, workbook
from zhiliang.plans import review


def document() -> bytes:
    d = docx.Document()
    d.add_paragraph("常州市质量强市工作方案")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture
def docx_calls(monkeypatch):
    calls = []
    real = docx.Document

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(docx, "Document", spy)
    return calls


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.docx", lambda: forge_size(document(), "word/document.xml", int(1.1 * GB))),
        ("table.xlsx", lambda: forge_size(workbook(), "xl/worksheets/sheet1.xml", int(1.1 * GB))),
    ],
)
def test_evidence_bomb_is_refused(name, content):
    upload = SimpleUploadedFile(name, content())
    with pytest.raises(ValidationError) as exc:
        evidence_check(upload)
    assert exc.value.message_dict == {"file": ["The file unpacks to more than 200 MB."]}


def test_evidence_good_docx_passes():
    kind, _sha = evidence_check(SimpleUploadedFile("report.docx", document()))
    assert kind == "docx"


def test_plan_document_bomb_is_refused_before_parsing(settings, tmp_path, docx_calls):
    settings.MEDIA_ROOT = tmp_path
    bomb = forge_size(document(), "word/document.xml", int(1.1 * GB))
    docx_calls.clear()  # making the test document above called it
    with pytest.raises(ValidationError) as exc:
        review.stage_upload(SimpleUploadedFile("plan.docx", bomb))
    assert exc.value.messages == ["The file unpacks to more than 200 MB."]
    assert docx_calls == []
    assert list((tmp_path / "staging").iterdir()) == []  # nothing kept


def test_plan_document_good_docx_is_read(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _token, text = review.stage_upload(SimpleUploadedFile("plan.docx", document()))
    assert "质量强市" in text
