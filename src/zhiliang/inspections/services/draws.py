"""Draws: who is sampled and by whom, reproducible from a seed."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_perm, require_visible
from zhiliang.inspections import draw as drawing
from zhiliang.inspections.choices import PlanStatus
from zhiliang.inspections.models import Draw, DrawInspector, DrawPick, SamplingPlan
from zhiliang.inspections.services._common import _int, _save


def draw_run(
    *, actor, plan: SamplingPlan, seed: int | None = None, as_of: dt.datetime | None = None
) -> Draw:
    """Draw enterprises and inspectors for every quota of the plan, and store seed, inputs,
    pools and result. The seed is random unless given (e.g. one announced beforehand).

    The pools are read before the transaction that stores the draw, so that their long
    scans can run side by side (`core.side_read`); the draw keeps the pools it used, so it
    verifies whatever changes after. The plan is checked again, locked, when storing."""
    require_perm(actor, "inspections.add_draw")
    require_visible(actor, plan)
    _drawable(plan)
    if seed is None:
        seed = secrets.randbits(62)
    seed = _int(seed, "seed")
    # Checked before the draw runs (`Draw.clean()`), not after minutes of drawing.
    Draw(seed=seed).clean()
    as_of = as_of or timezone.now()
    inputs, pools, result = drawing.run(plan, seed, as_of)
    with transaction.atomic():
        _drawable(SamplingPlan.objects.select_for_update().get(pk=plan.pk))
        return _draw_store(actor, plan, seed, as_of, inputs, pools, result)


def _drawable(plan: SamplingPlan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."))
    if not plan.quotas.exists():
        raise ValidationError(_("Set the plan's quotas before drawing."))


def _draw_store(actor, plan, seed, as_of, inputs, pools, result) -> Draw:
    draw = Draw(
        plan=plan,
        seed=seed,
        algorithm=drawing.ALGORITHM,
        as_of=as_of,
        inputs=inputs,
        pools=pools,
        result=result,
        result_digest=drawing.digest(result),
        created_by=actor,
    )
    _save(draw, actor)
    picks = DrawPick.objects.bulk_create(
        [
            DrawPick(
                draw=draw,
                quota_id=q["quota"],
                enterprise_id=p["enterprise"],
                share=p["share"],
                order=p["order"],
            )
            for q in result["quotas"]
            for p in q["picks"]
        ]
    )
    # Both engines return the new ids (RETURNING): no second read of the picks.
    saved = {(p.quota_id, p.order): p.pk for p in picks}
    DrawInspector.objects.bulk_create(
        [
            DrawInspector(pick_id=saved[(q["quota"], p["order"])], inspector_id=i)
            for q in result["quotas"]
            for p in q["picks"]
            for i in p["inspectors"]
        ]
    )
    return draw


def _unpublished(draw: Draw) -> None:
    if Draw.objects.filter(pk=draw.pk, published_at__isnull=False).exists():
        raise ValidationError(_("This draw is published and cannot change."))


@transaction.atomic
def draw_publish(*, actor, draw: Draw) -> Draw:
    require_perm(actor, "inspections.publish_draw")
    require_visible(actor, draw)
    _unpublished(draw)
    check = drawing.verify(draw)
    if not check.ok:
        raise ValidationError(
            _("The draw does not verify and cannot be published: %(d)s")
            % {"d": "; ".join(check.differences)}
        )
    draw.published_at = timezone.now()
    draw.published_by = actor
    draw._history_user = actor
    draw.save(update_fields=["published_at", "published_by"])
    if draw.plan.status == PlanStatus.DRAFT:
        draw.plan.status = PlanStatus.ACTIVE
        draw.plan._history_user = actor
        draw.plan.save(update_fields=["status", "updated_at"])
    return draw


@transaction.atomic
def draw_discard(*, actor, draw: Draw) -> None:
    """Throw away a draw that was not published (e.g. quotas were wrong)."""
    require_perm(actor, "inspections.add_draw")
    require_visible(actor, draw)
    _unpublished(draw)
    draw._history_user = actor
    draw.delete()
