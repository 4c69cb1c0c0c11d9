"""Evidence files attached to reports, reported values, scores and samples: one check for all."""

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhiliang.core import uploads


def evidence_kind(upload) -> str | None:
    """The file's type judged from its bytes (never its name), or None if not accepted."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def evidence_check(upload) -> tuple[str, str]:
    """An evidence file's type and SHA-256, or a ValidationError saying what is wrong."""
    limit = getattr(settings, "ZHILIANG_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(n)d MB.") % {"n": limit // (1024 * 1024)}}
        )
    kind = evidence_kind(upload)
    if kind is None:
        raise ValidationError(
            {"file": _("Evidence must be a PDF, JPEG, PNG, Word .docx or Excel .xlsx file.")}
        )
    if kind in ("docx", "xlsx"):
        try:
            uploads.zip_check(upload)
        except uploads.UploadLimit as exc:
            raise ValidationError({"file": exc.message}) from None
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise ValidationError({"file": _("The file is damaged.")}) from None
        finally:
            upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()
