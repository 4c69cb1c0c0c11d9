"""Actions from a warning or a card, each made by the service that owns the record: a
targeted sampling plan (inspections), an interview (a supervised case of the cases app with
its 约谈), a risk notice or a public announcement (a warning of this app)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.models import Organization
from zhiliang.earlywarning import rules
from zhiliang.earlywarning.choices import ActionKind, WarningKind
from zhiliang.earlywarning.models import Action
from zhiliang.earlywarning.services._common import save
from zhiliang.earlywarning.services.alerts import warning_create


def _source(actor, card, warning):
    source = card or warning
    if source is None or (card is not None and warning is not None):
        raise ValidationError(_("An action is taken from one warning or one card."))
    require_visible(actor, source)
    return source


def _affected(source) -> tuple[list, list]:
    """Products and regions of the source's assessment, else its own cell."""
    assessment = source.assessment
    if assessment is not None:
        return list(assessment.products.all()), list(assessment.regions.all())
    return [source.product], [source.region]


def _record(actor, kind, card, warning, region, **made) -> Action:
    action = Action(kind=kind, card=card, warning=warning, region=region, created_by=actor, **made)
    action.full_clean(exclude=["card", "warning", "region", "created_by", *made])
    return save(action, actor)


def _bureau(actor, region):
    """The market regulation body that carries out the sampling: the actor's own office if
    it is one, else the first of the actor's region."""
    own = actor.organization
    if own is not None and own.regulates_market:
        return own
    return (
        Organization.objects.filter(region=actor.jurisdiction, regulates_market=True)
        .order_by("id")
        .first()
    )


def action_sampling(*, actor, card=None, warning=None) -> Action:
    """A targeted sampling plan (定向抽查) in the source's region with a quota for every
    affected product × region (data/cards.yaml `targeted_quota`), as a draft to draw from."""
    from zhiliang.inspections.choices import PlanLevel
    from zhiliang.inspections.services import quota_set, sampling_plan_create

    require_perm(actor, "earlywarning.add_action")
    source = _source(actor, card, warning)
    authority = _bureau(actor, source.region)
    if authority is None:
        raise ValidationError(_("No market regulation body in your region carries out sampling."))
    products, regions = _affected(source)
    level = {2: PlanLevel.PROVINCIAL, 4: PlanLevel.CITY}.get(
        len(source.region.code), PlanLevel.COUNTY
    )
    today = timezone.localdate()
    quota = int(rules.cards()["targeted_quota"])
    with transaction.atomic():
        plan = sampling_plan_create(
            actor=actor,
            data={
                "name": _("Targeted sampling: %(p)s in %(r)s (%(d)s)")
                % {"p": source.product.name, "r": source.region.name, "d": today.isoformat()},
                "level": level,
                "year": today.year,
                "authority": authority,
                "region": source.region,
                "status": "draft",
                "notes": str(source),
            },
        )
        for product in products:
            for region in regions:
                if source.region.contains(region):
                    quota_set(actor=actor, plan=plan, product=product, region=region, quota=quota)
        return _record(actor, ActionKind.SAMPLING, card, warning, source.region, sampling_plan=plan)


def _interview_office(enterprise):
    """The market regulation body of the enterprise's county, else of its city."""
    code = enterprise.region.code
    for length in (6, 4):
        office = (
            Organization.objects.filter(regulates_market=True, region__code=code[:length])
            .order_by("id")
            .first()
        )
        if office is not None:
            return office
    return None


def action_interview(*, actor, enterprise, interview: dict, card=None, warning=None) -> Action:
    """An interview (约谈) with an enterprise: a supervised case listed for its county's
    market bureau (the cases app's clocks then follow the follow-up date) with the
    interview record (attendees, issues, commitments, follow-up date)."""
    from zhiliang.cases.services import interview_add, supervised_list

    require_perm(actor, "earlywarning.add_action")
    source = _source(actor, card, warning)
    require_referable(actor, enterprise, "enterprise")
    office = _interview_office(enterprise)
    if office is None:
        raise ValidationError(
            {"enterprise": _("No market regulation body serves this enterprise.")}
        )
    follow_up = interview.get("follow_up_on")
    with transaction.atomic():
        case = supervised_list(
            actor=actor,
            data={
                "office": office,
                "enterprise": enterprise,
                "product": source.product,
                "number": f"YT{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}",
                "title": _("Interview: %(e)s, %(p)s")
                % {"e": enterprise.name, "p": source.product.name},
                "violation": source.hazard_label,
                "description": str(source),
                "due_on": follow_up,
                "opened_at": timezone.now(),
            },
        )
        interview_add(actor=actor, case=case, data=interview)
        return _record(actor, ActionKind.INTERVIEW, card, warning, source.region, case=case)


def _text(source) -> str:
    return getattr(source, "problem", "") or getattr(source, "text", "")


def _draft(actor, source, kind, title, **more):
    """A draft warning of `kind` about what the card or warning `source` is about."""
    data = {
        "kind": kind,
        "assessment": source.assessment,
        "region": source.region,
        "product": source.product,
        "hazard": source.hazard,
        "title": title,
        "text": _text(source),
    }
    return warning_create(actor=actor, data={**data, **more})


def action_notice(*, actor, enterprises, card=None, warning=None) -> Action:
    """A risk notice (风险告知书, draft) to the enterprises named, from the source."""
    require_perm(actor, "earlywarning.add_action")
    source = _source(actor, card, warning)
    with transaction.atomic():
        title = _("Risk notice: %(p)s") % {"p": source.product.name}
        made = _draft(actor, source, WarningKind.NOTICE, title, enterprises=list(enterprises))
        return _record(actor, ActionKind.NOTICE, card, warning, source.region, made_warning=made)


def action_announcement(*, actor, card=None, warning=None, advice: str = "") -> Action:
    """A public announcement: a consumer risk warning (draft) to publish on the public pages."""
    require_perm(actor, "earlywarning.add_action")
    source = _source(actor, card, warning)
    with transaction.atomic():
        title = _("Consumer risk warning: %(p)s") % {"p": source.product.name}
        made = _draft(actor, source, WarningKind.CONSUMER, title, advice=advice)
        return _record(
            actor, ActionKind.ANNOUNCEMENT, card, warning, source.region, made_warning=made
        )
