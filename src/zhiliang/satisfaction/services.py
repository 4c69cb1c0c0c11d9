"""Writes of the satisfaction surveys: rights, guard, the record's rules, history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_managed,
    require_perm,
    save_in_jurisdiction,
)
from zhiliang.satisfaction.models import Response, Survey

SURVEY_FIELDS = ("code", "year", "title", "region", "conducted_by", "fieldwork_from",
                 "fieldwork_to")  # fmt: skip


def survey_validate(*, data: dict, instance: Survey | None = None) -> Survey:
    survey = instance or Survey()
    for field, value in data.items():
        if field in SURVEY_FIELDS:
            setattr(survey, field, value)
    errors = {}
    try:
        survey.full_clean(exclude=["region"], validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    if survey.region_id is None:
        errors["region"] = [_("Give the region the survey covers.")]
    if (
        "code" not in errors
        and survey.code
        and Survey.objects.filter(code=survey.code).exclude(pk=survey.pk).exists()
    ):
        errors["code"] = [_("A survey coded %(c)s is already registered.") % {"c": survey.code}]
    if errors:
        raise ValidationError(errors)
    return survey


def survey_create(*, actor, data: dict) -> Survey:
    require_perm(actor, "satisfaction.add_survey")
    return save_in_jurisdiction(actor, survey_validate(data=data))


def survey_update(*, actor, survey: Survey, data: dict) -> Survey:
    require_perm(actor, "satisfaction.change_survey")
    require_managed(actor, survey)
    return save_in_jurisdiction(actor, survey_validate(data=data, instance=survey))


def survey_delete(*, actor, survey: Survey) -> None:
    require_perm(actor, "satisfaction.delete_survey")
    require_managed(actor, survey)
    survey._history_user = actor
    survey.delete()


def response_validate(*, data: dict, instance=None, context=None) -> Response:
    """A response with its scores derived, checked: scale, sector, the survey's year and
    region. `context` may carry the importer's `taken` (survey id, respondent) pairs."""
    context = context or {}
    response = Response(**{k: v for k, v in data.items() if k != "id"})
    errors = {}
    try:
        response.full_clean(exclude=["survey", "region"], validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    survey, region = data.get("survey"), data.get("region")
    if survey is not None and region is not None and not survey.region.contains(region):
        errors["region"] = [
            _("%(r)s lies outside the region the survey covers (%(s)s).")
            % {"r": region.name, "s": survey.region.name}
        ]
    if survey is not None and response.respondent:
        taken = context.get("taken")
        key = (survey.pk, response.respondent)
        seen = (
            key in taken
            if taken is not None
            else Response.objects.filter(survey=survey, respondent=response.respondent).exists()
        )
        if seen:
            errors["respondent"] = [
                _("Respondent %(r)s is already recorded in this survey.")
                % {"r": response.respondent}
            ]
    if errors:
        raise ValidationError(errors)
    response.derive()
    return response


def responses_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported responses (checked by `response_validate`) with their history, all or none."""
    require_perm(actor, "satisfaction.add_response")
    objs = []
    for row in rows:
        response = Response(**row)
        response.derive()
        objs.append(response)
    with transaction.atomic():
        bulk_create_with_history(
            objs, Response, batch_size=2000, default_user=actor, default_change_reason="import"
        )
    return len(objs)
