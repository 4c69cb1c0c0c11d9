"""Writes of the standards registry: rights, the one guard, the records' rules, derived
fields (region, review due date, declaration completeness) and history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_in_jurisdiction,
    require_managed,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.models import Region
from zhiliang.core.validators import assign, checked
from zhiliang.enterprises.models import EnterpriseProduct, Product
from zhiliang.standards import rules
from zhiliang.standards.models import (
    EnterpriseStandard,
    Review,
    Standard,
)

REFERENCE_PERM = "standards.change_reference_standard"
_RELATED = ["region", "enterprise", "product", "made", "standard", "replaced_by"]


def _require_region(actor, region) -> None:
    """A record of no region is reference data: its own right; else the jurisdiction."""
    if region is None:
        require_perm(actor, REFERENCE_PERM)
    else:
        require_in_jurisdiction(actor, region)


def _require_changeable(actor, obj) -> None:
    if obj.region_id is None:
        require_visible(actor, obj)
        require_perm(actor, REFERENCE_PERM)
    else:
        require_managed(actor, obj)


def _save(actor, obj):
    _require_region(actor, obj.region)
    obj._history_user = actor
    obj.save()
    return obj


def _made(enterprise, product):
    if enterprise is None or product is None:
        return None
    return EnterpriseProduct.objects.filter(enterprise=enterprise, product=product).first()


# -- standards -----------------------------------------------------------------------------

STANDARD_FIELDS = ("number", "title", "level", "publisher", "region", "enterprise", "issued_on",
                   "implemented_on", "withdrawn_on", "replaced_by")  # fmt: skip


def standard_validate(*, data: dict, instance: Standard | None = None, context=None):
    """A standard with its number normalised, its level guessed where not given, its region
    from the level's rule and its review due date. `context` may carry the importer's
    `taken` numbers and `regions` (code → Region)."""
    context = context or {}
    standard = instance or Standard()
    data = dict(data)
    if data.get("number"):
        data["number"] = rules.normalize_number(data["number"])
    if not data.get("level") and data.get("number") and not standard.level:
        data["level"] = rules.guess_level(data["number"]) or ""
    assign(standard, data, STANDARD_FIELDS)
    extra = {}
    rule = rules.region_rule(standard.level)
    if rule == "none":
        standard.region = None
    elif rule == "enterprise":
        standard.region = standard.enterprise.region if standard.enterprise_id else None
    elif rule == "from_number":
        code = rules.local_region_code(standard.number or "")
        regions = context.get("regions")
        found = (regions.get(code) if regions is not None
                 else Region.objects.filter(code=code).first()) if code else None  # fmt: skip
        if code and found is None:
            extra["number"] = _("There is no region with code %(c)s.") % {"c": code}
        standard.region = found
    elif standard.region_id is None:
        extra["region"] = _("Give the region of the alliance.")
    if standard.number:
        taken = context.get("taken")
        seen = (
            standard.number in taken
            if taken is not None
            else Standard.objects.filter(number=standard.number).exclude(pk=standard.pk).exists()
        )
        if seen:
            extra["number"] = _("Standard %(n)s is already registered.") % {"n": standard.number}
    checked(standard, _RELATED, extra)
    standard.derive()
    return standard


def _open_cycle(standard: Standard) -> None:
    """The cycle of the next review, due on `review_due_on` (one open cycle at a time)."""
    open_ = standard.reviews.filter(reviewed_on__isnull=True).first()
    if open_ is None:
        Review.objects.create(standard=standard, due_on=standard.review_due_on)
    elif open_.due_on != standard.review_due_on:
        open_.due_on = standard.review_due_on
        open_.save(update_fields=["due_on"])


@transaction.atomic
def standard_create(*, actor, data: dict) -> Standard:
    require_perm(actor, "standards.add_standard")
    require_referable(actor, data.get("enterprise"), "enterprise")
    if data.get("replaced_by") is not None:
        require_visible(actor, data["replaced_by"])
    standard = _save(actor, standard_validate(data=data))
    _open_cycle(standard)
    return standard


@transaction.atomic
def standard_update(*, actor, standard: Standard, data: dict) -> Standard:
    require_perm(actor, "standards.change_standard")
    _require_changeable(actor, standard)
    require_referable(actor, data.get("enterprise"), "enterprise")
    if data.get("replaced_by") is not None:
        require_visible(actor, data["replaced_by"])
    standard = _save(actor, standard_validate(data=data, instance=standard))
    _open_cycle(standard)
    return standard


def standard_delete(*, actor, standard: Standard) -> None:
    require_perm(actor, "standards.delete_standard")
    _require_changeable(actor, standard)
    if standard.applications.exists() or standard.draftings.exists():
        raise ValidationError(_("A standard applied or drafted by a body cannot be deleted."))
    standard._history_user = actor
    standard.delete()


@transaction.atomic
def review_record(*, actor, standard: Standard, reviewed_on, conclusion: str) -> Review:
    """The review of the open cycle done: on time when by its due date; the next cycle is
    due `review_years` after this review; a withdrawal conclusion withdraws the standard."""
    require_perm(actor, "standards.change_standard")
    _require_changeable(actor, standard)
    review = standard.reviews.filter(reviewed_on__isnull=True).first() or Review(
        standard=standard, due_on=standard.review_due_on
    )
    review.reviewed_on, review.conclusion = reviewed_on, conclusion
    checked(review, _RELATED)
    if standard.reviewed_on and reviewed_on < standard.reviewed_on:
        raise ValidationError({"reviewed_on": _("A later review is already recorded.")})
    review._history_user = actor
    review.save()
    standard.reviewed_on = reviewed_on
    if conclusion == "withdraw" and not standard.withdrawn_on:
        standard.withdrawn_on = reviewed_on
    standard.derive()
    standard._history_user = actor
    standard.save()
    if standard.withdrawn_on is None:
        _open_cycle(standard)
    return review


def standards_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported standards (each checked by `standard_validate`) with their first review cycle,
    with history; all or none."""
    require_perm(actor, "standards.add_standard")
    objs = []
    for row in rows:
        standard = Standard(**row)
        standard.derive()
        if standard.region_id is None:
            require_perm(actor, REFERENCE_PERM)
        objs.append(standard)
    with transaction.atomic():
        bulk_create_with_history(objs, Standard, batch_size=2000, default_user=actor,
                                 default_change_reason="import")  # fmt: skip
        saved = Standard.objects.filter(number__in=[s.number for s in objs])
        cycles = [Review(standard=s, due_on=s.review_due_on) for s in saved]
        bulk_create_with_history(cycles, Review, batch_size=2000, default_user=actor,
                                 default_change_reason="import")  # fmt: skip
    return len(objs)


# -- enterprise standards applied ----------------------------------------------------------

APPLIED_FIELDS = ("enterprise", "product", "standard", "declared_on", "items")


def enterprise_standard_validate(*, data: dict, instance=None, context=None):
    """The standard an enterprise applies to a product it makes; the declaration's gaps.
    `context` may carry the importer's `made` ((enterprise id, product id) → link) and
    `taken` ((enterprise id, product id, standard id) triples)."""
    context = context or {}
    applied = instance or EnterpriseStandard()
    assign(applied, data, APPLIED_FIELDS)
    extra = {}
    enterprise = applied.enterprise if applied.enterprise_id else None
    product = applied.product if applied.product_id else None
    standard = applied.standard if applied.standard_id else None
    if enterprise is not None:
        applied.region = enterprise.region
    if enterprise is not None and product is not None:
        made = context.get("made")
        key = (enterprise.pk, product.pk)
        link = made.get(key) if made is not None else _made(enterprise, product)
        if link is None:
            extra["product"] = _("%(e)s does not make %(p)s (add it to its products first).") % {
                "e": enterprise.name, "p": product.name}  # fmt: skip
        applied.made = link
    if standard is not None:
        if standard.withdrawn_on and standard.status == "withdrawn":
            extra["standard"] = _("%(n)s is withdrawn%(r)s.") % {
                "n": standard.number,
                "r": _(", replaced by %(m)s") % {"m": standard.replaced_by.number}
                if standard.replaced_by_id
                else "",
            }
        elif standard.enterprise_id and enterprise and standard.enterprise_id != enterprise.pk:
            extra["standard"] = _("%(n)s is another enterprise's standard.") % {
                "n": standard.number}  # fmt: skip
    if enterprise and product and standard:
        taken = context.get("taken")
        key = (enterprise.pk, product.pk, standard.pk)
        seen = (key in taken if taken is not None else EnterpriseStandard.objects.filter(
            enterprise=enterprise, product=product, standard=standard
        ).exclude(pk=applied.pk).exists())  # fmt: skip
        if seen:
            extra["standard"] = _("This standard is already recorded for the product.")
    for name in ("enterprise", "product", "standard"):
        if getattr(applied, f"{name}_id") is None:
            extra.setdefault(name, _("This field is required."))
    checked(applied, _RELATED, extra)
    applied.derive()
    return applied


def enterprise_standard_create(*, actor, data: dict) -> EnterpriseStandard:
    require_perm(actor, "standards.add_enterprisestandard")
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("standard"), "standard")
    return _save(actor, enterprise_standard_validate(data=data))


def enterprise_standard_update(*, actor, enterprisestandard, data: dict):
    require_perm(actor, "standards.change_enterprisestandard")
    require_managed(actor, enterprisestandard)
    require_referable(actor, data.get("enterprise"), "enterprise")
    require_referable(actor, data.get("standard"), "standard")
    return _save(actor, enterprise_standard_validate(data=data, instance=enterprisestandard))


def enterprise_standard_delete(*, actor, enterprisestandard) -> None:
    require_perm(actor, "standards.delete_enterprisestandard")
    require_managed(actor, enterprisestandard)
    enterprisestandard._history_user = actor
    enterprisestandard.delete()


def enterprise_standards_bulk_create(*, actor, rows: list[dict]) -> int:
    require_perm(actor, "standards.add_enterprisestandard")
    products = Product.objects.select_related("parent").in_bulk({r["product_id"] for r in rows})
    objs = []
    for row in rows:
        applied = EnterpriseStandard(**row)
        applied.product = products[row["product_id"]]
        applied.derive()
        objs.append(applied)
    with transaction.atomic():
        bulk_create_with_history(objs, EnterpriseStandard, batch_size=2000, default_user=actor,
                                 default_change_reason="import")  # fmt: skip
    return len(objs)
