"""Reads of the quality-infrastructure registries through `visible_to`, with their counts
in grouped queries."""

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from zhiliang.core.filtersets import filled
from zhiliang.enterprises.models import Enterprise
from zhiliang.infrastructure import rules
from zhiliang.infrastructure.filtersets import (
    AppointmentFilterSet,
    LaboratoryFilterSet,
    NoticeFilterSet,
)
from zhiliang.infrastructure.models import (
    Appointment,
    Comment,
    Laboratory,
    Match,
    Notice,
    ScopeItem,
    Training,
)

# -- testing bodies -------------------------------------------------------------------------


def laboratory_list(*, user, filters=None):
    qs = (
        Laboratory.objects.visible_to(user)
        .select_related("organization", "region")
        .annotate(scope_count=Count("scope"))
        .order_by("region__code", "organization__name")
    )
    return LaboratoryFilterSet(filled(filters), queryset=qs, user=user)


def laboratory_get(*, user, pk) -> Laboratory:
    return Laboratory.objects.visible_to(user).select_related("organization", "region").get(pk=pk)


def scope_of(*, laboratory: Laboratory, limit: int = 200) -> list[ScopeItem]:
    return list(laboratory.scope.order_by("product", "parameter")[:limit])


def laboratory_counts(*, user, today=None) -> dict:
    """Bodies by level, expired qualifications and parameters: one aggregate."""
    today = today or timezone.localdate()
    qs = Laboratory.objects.visible_to(user)
    levels = [code for code, _name in rules.level_choices()]
    row = qs.aggregate(
        total=Count("pk"),
        expired=Count("pk", filter=Q(cma_valid_until__lt=today)),
        parameters=Sum("parameter_count"),
        **{f"level_{c}": Count("pk", filter=Q(level=c)) for c in levels},
    )
    row["by_level"] = [(name, row.pop(f"level_{c}")) for c, name in rules.level_choices()]
    return row


# -- TBT notifications ----------------------------------------------------------------------


def notice_list(*, user, filters=None):
    seen = Match.objects.visible_to(user).values("pk")
    qs = (
        Notice.objects.visible_to(user)
        .select_related("region")
        .annotate(
            matched=Count("matches__enterprise", filter=Q(matches__in=seen), distinct=True),
        )
        .order_by("-notified_on", "number")
    )
    return NoticeFilterSet(filled(filters), queryset=qs, user=user)


def notice_get(*, user, pk) -> Notice:
    return Notice.objects.visible_to(user).select_related("region").get(pk=pk)


def matches_of(*, user, notice: Notice, limit: int = 200) -> list[Match]:
    return list(
        Match.objects.visible_to(user)
        .filter(notice=notice)
        .select_related("enterprise", "product", "region")
        .order_by("region__code", "enterprise__name", "product__code")[:limit]
    )


def comments_of(*, user, notice: Notice) -> list[Comment]:
    return list(
        Comment.objects.visible_to(user)
        .filter(notice=notice)
        .select_related("enterprise", "department")
        .order_by("-commented_on", "-id")
    )


# -- chief quality officers -----------------------------------------------------------------


def appointment_list(*, user, filters=None):
    qs = (
        Appointment.objects.visible_to(user)
        .select_related("enterprise", "region")
        .annotate(trainings_count=Count("trainings"), last_trained=Max("trainings__trained_on"))
        .order_by("region_id", "enterprise__name", "-appointed_on", "-id")
    )
    return AppointmentFilterSet(filled(filters), queryset=qs, user=user)


def appointment_get(*, user, pk) -> Appointment:
    return Appointment.objects.visible_to(user).select_related("enterprise", "region").get(pk=pk)


def training_get(*, user, pk) -> Training:
    return Training.objects.visible_to(user).get(pk=pk)


def trainings_of(*, appointment: Appointment) -> list[Training]:
    return list(appointment.trainings.order_by("-trained_on", "-id"))


def training_rate(*, user, today=None) -> dict:
    """首席质量官培训率 now: enterprises above designated size in business with a trained
    CQO ÷ such enterprises (one aggregate; the catalogue's indicator computes it by period)."""
    from zhiliang.enterprises.choices import IN_BUSINESS

    trained = Training.objects.values("enterprise_id")
    row = (
        Enterprise.objects.visible_to(user)
        .filter(status__in=IN_BUSINESS, size_class__in=rules.above_size_classes())
        .aggregate(total=Count("pk"), trained=Count("pk", filter=Q(pk__in=trained)))
    )
    row["rate"] = row["trained"] / row["total"] * 100 if row["total"] else None
    return row
