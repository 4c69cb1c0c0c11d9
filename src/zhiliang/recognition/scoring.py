"""Scores and the reviewer spread. Each reviewer scores every item of the scheme (never
above the item's points); once all have, the spread per item (max − min, one grouped
query) is compared with the item's gap (data): items beyond it go back to the panel for
consensus, and the reviewers re-score those items until none is beyond its gap."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Max, Min
from django.utils.translation import gettext as _

from zhiliang.recognition import rules
from zhiliang.recognition.choices import ApplicationStatus as S
from zhiliang.recognition.models import Score


def _number(item: str, value) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {item: _("%(i)s: %(v)s is not a number.") % {"i": item, "v": value}}
        ) from None
    if not number.is_finite():
        raise ValidationError({item: _("%(i)s: give a number.") % {"i": item}})
    return number.quantize(Decimal("0.1"))


def record_scores(actor, seat, points: dict) -> None:
    """Check every given item against the scheme, then save them (all or none)."""
    application = seat.application
    items = rules.item_map(application.round.scheme)
    errors = {}
    wanted = set(items)
    if application.status == S.CONSENSUS:
        wanted = {d["item"] for d in application.disputed}
    clean = {}
    for item, value in points.items():
        if value in (None, ""):
            continue
        if item not in items:
            errors[item] = _("%(i)s is not an item of this scheme.") % {"i": item}
            continue
        if item not in wanted:
            errors[item] = _("%(i)s is not sent back for consensus.") % {"i": item}
            continue
        try:
            number = _number(item, value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        top = items[item]["points"]
        if number < 0 or number > top:
            errors[item] = _("%(i)s: %(v)s is above the item's %(m)s points (or below 0).") % {
                "i": item,
                "v": number,
                "m": top,
            }
            continue
        clean[item] = number
    missing = sorted(wanted - set(clean))
    if missing and not errors:
        errors["items"] = _("Score every item: %(m)s missing.") % {"m": "、".join(missing)}
    if errors:
        raise ValidationError(errors)
    existing = {s.item: s for s in seat.scores.all()}
    required = {d["item"]: d["revision"] for d in application.disputed}
    for item, number in clean.items():
        score = existing.get(item) or Score(seat=seat, application=application, item=item)
        if score.pk and application.status == S.CONSENSUS:
            score.revision = required[item]
        score.points = number
        score._history_user = actor
        score.save()


def spread(application) -> list[dict]:
    """Per item: reviewers scored, min, max, mean (one grouped query), its points and gap,
    and whether the spread exceeds the gap."""
    items = rules.item_map(application.round.scheme)
    rows = (
        Score.objects.filter(application=application)
        .values("item")
        .annotate(
            n=Count("pk"),
            lo=Min("points"),
            hi=Max("points"),
            mean=Avg("points"),
            revision=Max("revision"),
        )
        .order_by()
    )
    cells = {r["item"]: r for r in rows}
    out = []
    for code, item in items.items():
        row = cells.get(code, {"n": 0, "lo": None, "hi": None, "mean": None, "revision": 0})
        gap = Decimal(str(item["gap"]))
        wide = row["hi"] is not None and (row["hi"] - row["lo"]) > gap
        out.append(
            {
                "item": code,
                "name": item["name"],
                "points": item["points"],
                "gap": gap,
                **row,
                "beyond": wide,
            }
        )
    return out


def _complete(application, cells) -> bool:
    seats = application.seats.count()
    if application.status == S.CONSENSUS:
        required = {d["item"]: d["revision"] for d in application.disputed}
        done = Score.objects.filter(application=application, item__in=list(required))
        return all(
            done.filter(item=item, revision__gte=rev).count() == seats
            for item, rev in required.items()
        )
    return all(c["n"] == seats for c in cells)


def settle(actor, application) -> None:
    """After a sheet: when every reviewer has scored, send the items beyond their gap back
    for consensus, or compute the total (and the grade of banded schemes)."""
    cells = spread(application)
    if not _complete(application, cells):
        return
    beyond = [c for c in cells if c["beyond"]]
    if beyond:
        application.status = S.CONSENSUS
        application.disputed = [
            {
                "item": c["item"],
                "lo": float(c["lo"]),
                "hi": float(c["hi"]),
                "gap": float(c["gap"]),
                "revision": int(c["revision"]) + 1,
            }
            for c in beyond
        ]
    else:
        total = sum(Decimal(str(c["mean"])) for c in cells)
        application.total = total.quantize(Decimal("0.1"))
        application.grade = rules.grade_for(application.round.scheme, float(total))
        application.status = S.SCORED
        application.disputed = []
    application._history_user = actor
    application.save()
