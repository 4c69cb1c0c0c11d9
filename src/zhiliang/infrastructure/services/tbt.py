"""Writes of TBT notifications: recorded (one by one or imported), matched to the
enterprises making the notified products in one INSERT … SELECT, and comments recorded
before the deadline."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_managed,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.validators import assign, checked
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import EnterpriseProduct, Product
from zhiliang.infrastructure import rules
from zhiliang.infrastructure.models import Comment, Match, Notice
from zhiliang.infrastructure.services._common import save

FIELDS = (
    "region", "number", "member", "title", "products", "hs_codes", "objective", "notified_on",
    "comment_deadline",
)  # fmt: skip


def notice_validate(*, data: dict, instance: Notice | None = None, context=None) -> Notice:
    """A notification checked: its own rules, and its number not recorded before in the
    office's region or above it. `context` may carry the importer's `taken` numbers."""
    notice = instance or Notice()
    assign(notice, data, FIELDS)
    extra = {}
    if notice.region_id is None:
        extra["region"] = _("Give the region of the office that follows it.")
    checked(notice, exclude=["region"], extra=extra)
    taken = (context or {}).get("taken")
    if taken is not None:
        seen = notice.number in taken
    else:
        above = [notice.region.code[:n] for n in (2, 4, 6, 9) if n <= len(notice.region.code)]
        seen = (
            Notice.objects.filter(number=notice.number, region__code__in=above)
            .exclude(pk=notice.pk)
            .exists()
        )
    if seen:
        raise ValidationError(
            {"number": _("Notification %(n)s is recorded already.") % {"n": notice.number}}
        )
    return notice


def notice_match(*, notice: Notice) -> int:
    """The enterprises of the notice's region that make a notified product, by HS heading
    (data/hs_headings.yaml) or by the catalogue product's name in the products text: the
    old matches replaced in one INSERT … SELECT."""
    by_name = Contains(Value(notice.products or ""), F("name"))
    products = Product.objects.filter(
        Q(code__in=rules.products_for(notice.hs_codes or [])) | Q(by_name), parent__isnull=False
    )
    rows = (
        EnterpriseProduct.objects.in_region(notice.region.code)
        .filter(product__in=products.values("pk"), enterprise__status__in=IN_BUSINESS)
        .order_by()
        .values_list(Value(notice.pk), "enterprise_id", "product_id", "enterprise__region_id")
        .distinct()
    )
    sql, params = rows.query.sql_with_params()
    table = Match._meta.db_table
    with transaction.atomic():
        Match.objects.filter(notice=notice).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (notice_id, enterprise_id, product_id, region_id) {sql}",
                params,
            )
    return Match.objects.filter(notice=notice).count()


def notice_create(*, actor, data: dict) -> Notice:
    require_perm(actor, "infrastructure.add_notice")
    with transaction.atomic():
        notice = save(actor, notice_validate(data=data))
        notice_match(notice=notice)
    return notice


def notice_update(*, actor, notice: Notice, data: dict) -> Notice:
    require_perm(actor, "infrastructure.change_notice")
    require_managed(actor, notice)
    with transaction.atomic():
        notice = save(actor, notice_validate(data=data, instance=notice))
        notice_match(notice=notice)
    return notice


def notice_delete(*, actor, notice: Notice) -> None:
    require_perm(actor, "infrastructure.delete_notice")
    require_managed(actor, notice)
    if notice.comments.exists():
        raise ValidationError(_("A notification with comments stays recorded."))
    notice._history_user = actor
    notice.delete()


def notices_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported notifications (checked by `notice_validate`) with history, then matched;
    all or none."""
    require_perm(actor, "infrastructure.add_notice")
    objs = [Notice(**row) for row in rows]
    for notice in objs:
        require_in_jurisdiction(actor, notice.region)
    with transaction.atomic():
        saved = bulk_create_with_history(
            objs, Notice, batch_size=500, default_user=actor, default_change_reason="import"
        )
        keys = Q()
        for n in saved:
            keys |= Q(number=n.number, region_id=n.region_id)
        for notice in Notice.objects.filter(keys).select_related("region"):
            notice_match(notice=notice)
    return len(objs)


def notices_rematch(*, today=None) -> int:
    """Open notifications matched again (enterprises' products change): the daily job."""
    today = today or timezone.localdate()
    qs = Notice.objects.filter(comment_deadline__gte=today).select_related("region")
    return sum(notice_match(notice=n) for n in qs)


def comment_create(*, actor, notice: Notice, data: dict) -> Comment:
    """A comment from an enterprise or a department, recorded before the deadline."""
    require_perm(actor, "infrastructure.add_comment")
    require_visible(actor, notice)
    enterprise, department = data.get("enterprise"), data.get("department")
    require_referable(actor, enterprise, "enterprise")
    require_referable(actor, department, "department", kinds=(OrganizationKind.DEPARTMENT,))
    comment = Comment(notice=notice)
    assign(comment, data, ("enterprise", "department", "commented_on", "text"))
    if comment.commented_on is None:
        comment.commented_on = timezone.localdate()
    author = enterprise or department
    extra = {}
    if author is not None:
        comment.region = author.region
    if enterprise is None and department is None:
        extra["enterprise"] = _("Name either the enterprise or the department commenting.")
    checked(comment, exclude=["notice", "enterprise", "department", "region"], extra=extra)
    if not comment.region_id or not actor.jurisdiction.contains(comment.region):
        # A department of the city named by a district: the comment is the city's.
        comment.region = notice.region
    return save(actor, comment)


def comment_record(*, actor, data: dict) -> Comment:
    """`comment_create` for callers that name the notification in `data` (API, admin)."""
    data = dict(data)
    return comment_create(actor=actor, notice=data.pop("notice"), data=data)
