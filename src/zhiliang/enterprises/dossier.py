"""一企一档: what every registry holds on one enterprise, read for its page and its report.

One section per registry the user may read: how many records, the figure that matters
(failed samples, overdue equipment, …), a link to the registry's list filtered to the
enterprise, and its latest records. Two queries per section — a grouped count and the
rows — whatever the enterprise holds; every read goes through `visible_to(user)`.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhiliang.enterprises.models import EnterpriseProduct

ON_PAGE = 10  # latest records shown per section; the list behind the link has them all
IN_REPORT = 200  # records per section in the .docx report (the rest counted, not listed)


@dataclass
class Section:
    key: str
    title: str
    count: int
    url: str | None  # the registry's list filtered to the enterprise
    notes: list[tuple[str, int]] = field(default_factory=list)  # (what, how many), flagged
    rows: list = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"enterprises/file/_{self.key}.html"

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)


def _url(name: str, enterprise) -> str:
    return f"{reverse(name)}?{urlencode({'enterprise': enterprise.pk})}"


def _section(key, title, qs, *, url, notes, order, related=(), limit):
    """Counts in one grouped query (`notes`: label → condition), the latest rows in one."""
    aggregates = {"total": Count("id")}
    aggregates.update({f"n{i}": Count("id", filter=q) for i, (_l, q) in enumerate(notes)})
    counts = qs.order_by().aggregate(**aggregates)
    rows = list(qs.select_related(*related).order_by(*order)[:limit])
    return Section(
        key=key,
        title=title,
        count=counts["total"],
        url=url,
        notes=[(label, counts[f"n{i}"]) for i, (label, _q) in enumerate(notes)],
        rows=rows,
    )


def _products(enterprise, limit):
    qs = EnterpriseProduct.objects.filter(enterprise=enterprise)
    return _section(
        "products", _("Products made"), qs, url=None, notes=[],
        order=["product__code"], related=["product__parent"], limit=limit,
    )  # fmt: skip


def _samples(user, enterprise, limit):
    from zhiliang.inspections.choices import Verdict
    from zhiliang.inspections.models import Sample

    qs = Sample.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "samples", _("Supervision samples"), qs, url=_url("inspections:samples", enterprise),
        notes=[(pgettext_lazy("sample", "failed"), Q(verdict=Verdict.FAIL)),
               (_("pending"), Q(verdict=Verdict.PENDING))],
        order=["-sampled_on", "-id"], related=["product"], limit=limit,
    )  # fmt: skip


def _certificates(user, enterprise, limit):
    from zhiliang.licensing.choices import CertificateStatus as S
    from zhiliang.licensing.models import Certificate

    qs = Certificate.objects.visible_to(user).filter(holder=enterprise)
    return _section(
        "certificates", _("Certificates and licences"), qs,
        url=_url("licensing:certificates", enterprise),
        notes=[(_("suspended or revoked"), Q(status__in=(S.SUSPENDED, S.REVOKED)))],
        order=["-issued_on", "-id"], related=["kind"], limit=limit,
    )  # fmt: skip


def _equipment(user, enterprise, limit):
    from zhiliang.equipment.choices import DueState
    from zhiliang.equipment.models import EquipmentUnit

    qs = EquipmentUnit.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "equipment", _("Special equipment"), qs, url=_url("equipment:unit_list", enterprise),
        notes=[(_("overdue"), Q(due_state=DueState.OVERDUE)),
               (_("unregistered"), Q(registered_on__isnull=True))],
        order=["register_code", "id"], limit=limit,
    )  # fmt: skip


def _instruments(user, enterprise, limit, today):
    from zhiliang.licensing.choices import InstrumentStatus
    from zhiliang.licensing.models import Instrument

    qs = Instrument.objects.visible_to(user).filter(owner=enterprise)
    overdue = Q(status=InstrumentStatus.IN_USE, next_due_on__lt=today)
    return _section(
        "instruments", _("Measuring instruments"), qs,
        url=_url("licensing:instruments", enterprise),
        notes=[(_("overdue for verification"), overdue)],
        order=["serial", "id"], related=["category"], limit=limit,
    )  # fmt: skip


def _penalties(user, enterprise, limit):
    from zhiliang.penalties.choices import PenaltyStatus
    from zhiliang.penalties.models import Penalty

    qs = Penalty.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "penalties", _("Administrative penalties"), qs,
        url=_url("penalties:penalties", enterprise),
        notes=[(_("in force"), Q(status=PenaltyStatus.IN_FORCE))],
        order=["-decided_on", "-id"], related=["enforcing_body"], limit=limit,
    )  # fmt: skip


def _listings(user, enterprise, limit):
    from zhiliang.penalties.models import AbnormalListing

    qs = AbnormalListing.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "listings", _("Abnormal operation list"), qs, url=_url("penalties:listings", enterprise),
        notes=[(_("still listed"), Q(removed_on__isnull=True))],
        order=["-listed_on", "-id"], related=["deciding_body"], limit=limit,
    )  # fmt: skip


def _serious(user, enterprise, limit):
    from zhiliang.penalties.choices import LISTED
    from zhiliang.penalties.models import SeriousViolation

    qs = SeriousViolation.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "serious", _("Serious-violation list"), qs,
        url=_url("penalties:serious-list", enterprise),
        notes=[(_("listed now"), Q(status__in=LISTED))],
        order=["-proposed_on", "-id"], related=["deciding_body"], limit=limit,
    )  # fmt: skip


def _complaints(user, enterprise, limit):
    from zhiliang.complaints.choices import ComplaintOutcome
    from zhiliang.complaints.models import Complaint

    qs = Complaint.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "complaints", _("Complaints"), qs, url=_url("complaints:list", enterprise),
        notes=[(_("justified"), Q(outcome=ComplaintOutcome.JUSTIFIED))],
        order=["-received_on", "-id"], limit=limit,
    )  # fmt: skip


def _foreign_recalls(user, enterprise, limit):
    from zhiliang.cases.foreign_selectors import enterprise_foreign_recalls

    qs = enterprise_foreign_recalls(user=user, enterprise=enterprise)
    return _section(
        "foreign_recalls", _("Recalls abroad of its products"), qs,
        url=_url("cases:foreign-list", enterprise),
        notes=[(_("no recall case opened"), Q(recall_case__isnull=True))],
        order=["-foreign_recall__notified_on", "-id"],
        related=["foreign_recall", "recall_case"], limit=limit,
    )  # fmt: skip


def _tbt(user, enterprise, limit, today):
    from zhiliang.infrastructure.models import Match

    qs = Match.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "tbt", _("TBT notifications"), qs, url=_url("infrastructure:notices", enterprise),
        notes=[(_("open for comments"), Q(notice__comment_deadline__gte=today))],
        order=["-notice__notified_on", "-id"], related=["notice", "product"], limit=limit,
    )  # fmt: skip


def _cqo(user, enterprise, limit):
    from django.db.models import Max

    from zhiliang.infrastructure.models import Appointment

    qs = (
        Appointment.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .annotate(last_trained=Max("trainings__trained_on"))
    )
    return _section(
        "cqo", _("Chief quality officers"), qs, url=_url("infrastructure:officers", enterprise),
        notes=[(_("current"), Q(ended_on__isnull=True))],
        order=["-appointed_on", "-id"], limit=limit,
    )  # fmt: skip


def _titles(user, enterprise, limit):
    from zhiliang.recognition.models import Holder

    qs = Holder.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "titles", _("Titles: brands, awards, grades"), qs,
        url=_url("recognition:holders", enterprise),
        notes=[(_("valid"), Q(status="valid")), (_("flagged for revocation"), Q(flagged=True))],
        order=["-year", "-id"], limit=limit,
    )  # fmt: skip


def _standards(user, enterprise, limit):
    from zhiliang.standards.models import EnterpriseStandard

    qs = EnterpriseStandard.objects.visible_to(user).filter(enterprise=enterprise)
    return _section(
        "standards", _("Standards applied"), qs, url=_url("standards:applied_list", enterprise),
        notes=[(_("self-declaration incomplete"), Q(declared_on__isnull=False, complete=False)),
               (_("not self-declared"), Q(declared_on__isnull=True))],
        order=["product__code", "id"], related=["product", "standard"], limit=limit,
    )  # fmt: skip


# (section, permission to read it, reader); in the file's order.
SECTIONS = (
    ("products", "enterprises.view_enterprise", lambda u, e, n, t: _products(e, n)),
    ("samples", "inspections.view_sample", lambda u, e, n, t: _samples(u, e, n)),
    ("certificates", "licensing.view_certificate", lambda u, e, n, t: _certificates(u, e, n)),
    ("equipment", "equipment.view_equipmentunit", lambda u, e, n, t: _equipment(u, e, n)),
    ("instruments", "licensing.view_instrument", lambda u, e, n, t: _instruments(u, e, n, t)),
    ("penalties", "penalties.view_penalty", lambda u, e, n, t: _penalties(u, e, n)),
    ("listings", "penalties.view_abnormallisting", lambda u, e, n, t: _listings(u, e, n)),
    ("serious", "penalties.view_seriousviolation", lambda u, e, n, t: _serious(u, e, n)),
    ("complaints", "complaints.view_complaint", lambda u, e, n, t: _complaints(u, e, n)),
    ("foreign_recalls", "cases.view_foreignmatch", lambda u, e, n, t: _foreign_recalls(u, e, n)),
    ("tbt", "infrastructure.view_match", lambda u, e, n, t: _tbt(u, e, n, t)),
    ("cqo", "infrastructure.view_appointment", lambda u, e, n, t: _cqo(u, e, n)),
    ("titles", "recognition.view_holder", lambda u, e, n, t: _titles(u, e, n)),
    ("standards", "standards.view_enterprisestandard", lambda u, e, n, t: _standards(u, e, n)),
)


def enterprise_file(*, user, enterprise, limit: int = ON_PAGE, today=None) -> list[Section]:
    """The sections of the enterprise's file that `user` may read, each with its counts
    and at most `limit` latest records. `enterprise` comes from `enterprise_get` (scoped)."""
    today = today or timezone.localdate()
    return [
        read(user, enterprise, limit, today)
        for _key, permission, read in SECTIONS
        if user.has_perm(permission)
    ]
