"""Reads of the evaluation engine and the registry through `visible_to`."""

from django.db.models import Count, Q

from zhiliang.core.filtersets import filled
from zhiliang.recognition import rules
from zhiliang.recognition.choices import HolderStatus
from zhiliang.recognition.filtersets import (
    ApplicationFilterSet,
    ExpertFilterSet,
    HolderFilterSet,
    RoundFilterSet,
)
from zhiliang.recognition.models import Application, Expert, Holder, Round, Seat
from zhiliang.recognition.scoring import spread


def expert_list(*, user, filters=None):
    qs = Expert.objects.visible_to(user).select_related("region", "employer")
    return ExpertFilterSet(filled(filters), queryset=qs, user=user)


def expert_get(*, user, pk) -> Expert:
    return Expert.objects.visible_to(user).select_related("region", "employer").get(pk=pk)


def round_list(*, user, filters=None):
    seen = Q(applications__in=Application.objects.visible_to(user).values("pk"))
    qs = (
        Round.objects.visible_to(user)
        .select_related("region")
        .annotate(applied=Count("applications", filter=seen))
        .order_by("-year", "-id")
    )
    return RoundFilterSet(filled(filters), queryset=qs, user=user)


def round_get(*, user, pk) -> Round:
    return Round.objects.visible_to(user).select_related("region").get(pk=pk)


def application_list(*, user, filters=None):
    qs = Application.objects.visible_to(user).select_related("round", "enterprise", "region")
    return ApplicationFilterSet(filled(filters), queryset=qs, user=user)


def applications_of(*, user, round: Round):  # noqa: A002
    return list(
        Application.objects.visible_to(user)
        .filter(round=round)
        .select_related("enterprise", "region")
        .order_by("-total", "id")
    )


def application_get(*, user, pk) -> Application:
    return (
        Application.objects.visible_to(user)
        .select_related("round", "round__region", "enterprise", "region")
        .get(pk=pk)
    )


def application_view(*, application: Application) -> dict:
    """The panel with each reviewer's scores, the spread per item, the documents and
    objections: what the application's page shows."""
    seats = list(application.seats.select_related("expert").order_by("order"))
    by_seat = {}
    for seat_id, item, points in application.scores.values_list("seat_id", "item", "points"):
        by_seat.setdefault(seat_id, {})[item] = points
    cells = spread(application)
    for cell in cells:
        cell["by_seat"] = [by_seat.get(s.pk, {}).get(cell["item"]) for s in seats]
    return {
        "seats": seats,
        "cells": cells,
        "documents": list(application.documents.order_by("id")),
        "objections": list(application.objections.order_by("received_on", "id")),
        "scheme": rules.scheme(application.round.scheme),
        "disputed": {d["item"] for d in application.disputed},
    }


def seats_of_user(*, user, application: Application) -> list[Seat]:
    """The seats of `application` the user may score from: their own (an expert's login)."""
    return list(application.seats.filter(expert__user=user).select_related("expert"))


def holder_list(*, user, filters=None):
    qs = Holder.objects.visible_to(user).select_related("enterprise", "region")
    return HolderFilterSet(filled(filters), queryset=qs, user=user)


def holder_get(*, user, pk) -> Holder:
    return Holder.objects.visible_to(user).select_related("enterprise", "region").get(pk=pk)


def public_holders():
    """The valid titles for the public list (no login): enterprise, product, level, year."""
    return (
        Holder.objects.filter(status=HolderStatus.VALID)
        .select_related("enterprise", "region")
        .order_by("kind", "-year", "region__code", "id")
    )


def holders_of_enterprise(*, enterprise) -> list[Holder]:
    return list(Holder.objects.filter(enterprise=enterprise).order_by("-year", "kind"))
