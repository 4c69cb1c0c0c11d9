"""The searched change history as a workbook, written in chunks (whatever its size)."""

from itertools import islice

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.audit import selectors
from zhiliang.core.exports import Sheet, xlsx_file

CHUNK = 500
EXPORT_LIMIT = 10_000  # rows (about 20 s); a narrower search gives the rest


def change_text(changes: list[dict]) -> str:
    return "\n".join(f"{c['field']}: {_text(c['old'])} → {_text(c['new'])}" for c in changes)


def _text(value) -> str:
    return str(value) if value not in (None, "") else "—"


def action_name(history_type: str) -> str:
    return {
        "+": pgettext("history action", "created"),
        "~": pgettext("history action", "changed"),
        "-": pgettext("history action", "deleted"),
    }.get(history_type, "")


def _rows(entries):
    rows = entries[:EXPORT_LIMIT].iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        for r in selectors.details(chunk):
            yield [
                r["history_date"],
                str(r["actor"] or _("system")),
                r["ip"],
                str(r["type_name"]),
                r["record"],
                action_name(r["history_type"]),
                change_text(r["changes"]),
            ]


def trail_xlsx(entries):
    headers = [
        _("Time"),
        _("User"),
        _("IP address of the login"),
        _("Record type"),
        pgettext("audit", "Record"),
        _("Action"),
        _("What changed"),
    ]
    return xlsx_file(
        Sheet(_("Change history"), headers, _rows(entries), widths=[18, 16, 16, 16, 30, 8, 60])
    )


def trail_file(*, user, params: dict):
    """The searched change history as `user` may read it now (the maker of
    core.views.xlsx_export: made at once, or by the worker for a large search)."""
    from zhiliang.audit.forms import TrailFilterForm
    from zhiliang.core.views import params_query

    if not user.has_perm("core.view_audit_trail"):
        raise PermissionDenied(_("You may no longer open this list."))
    form = TrailFilterForm(params_query(params) or None, user=user)
    entries = selectors.entries(user, form.filters())
    return trail_xlsx(entries), min(entries.count(), EXPORT_LIMIT)
