"""A record's change history as a person reads it: one function for every detail page."""

import datetime as dt
from itertools import pairwise

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

HISTORY_LIMIT = 200


class TrackedHistory(HistoricalRecords):
    """History that records nothing for a save of untracked fields only.

    A login saves the user's `last_login` alone (Django's `update_last_login`): without this
    each login wrote a version with no visible change, an empty "changed" row in the audit
    trail and on the account's history.
    """

    def post_save(self, instance, created, using=None, **kwargs):
        fields = kwargs.get("update_fields")
        if not created and fields and set(fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


def history_changes(obj, *, limit: int = HISTORY_LIMIT) -> list[dict]:
    """Each historical version of `obj`, newest first, with the fields it changed.

    Foreign keys show the related record's name and choices their label. A record
    imported without history has no versions: the answer is then an empty list.
    """
    model = type(obj)
    versions = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    # The oldest version shown has nothing older to compare with.
    deltas = [newer.diff_against(older).changes for newer, older in pairwise(versions)] + [[]]
    fields = {}
    for changes in deltas:
        for change in changes:
            field = model._meta.get_field(change.field)
            if not field.many_to_many:
                fields[change.field] = field
    names = _related_names(fields, deltas)
    out = []
    for version, changes in zip(versions, deltas, strict=False):
        rows = []
        for change in changes:
            field = fields.get(change.field)
            if field is None:
                continue
            show = _shower(field, names)
            rows.append(
                {"field": field.verbose_name, "old": show(change.old), "new": show(change.new)}
            )
        out.append({"version": version, "changes": rows})
    return out


def _related_names(fields: dict, deltas) -> dict:
    """{(model, pk): str} for every foreign key value in the changes, one query per model."""
    wanted: dict = {}
    for changes in deltas:
        for change in changes:
            field = fields.get(change.field)
            if field is not None and field.is_relation:
                wanted.setdefault(field.related_model, set()).update(
                    {change.old, change.new} - {None}
                )
    return {
        (model, obj.pk): str(obj)
        for model, pks in wanted.items()
        for obj in model._default_manager.filter(pk__in=pks)
    }


def _moment(value):
    """A stored moment in the bureau's time, to the second (not UTC with microseconds)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value


def _shower(field, names):
    if isinstance(field, models.DateTimeField):
        return _moment
    if field.is_relation:
        return lambda v: names.get((field.related_model, v), v)
    if field.choices:
        labels = dict(field.flatchoices)
        return lambda v: labels.get(v, v)
    return lambda v: v


def describe_changes(model, deltas: list[list]) -> list[list[dict]]:
    """For each list of simple-history changes (diff_against(...).changes) of `model`, the
    changes as a person reads them: field name, old and new value (names, choice labels)."""
    fields = {}
    for changes in deltas:
        for change in changes:
            field = model._meta.get_field(change.field)
            if not field.many_to_many:
                fields[change.field] = field
    names = _related_names(fields, deltas)
    return [
        [
            {
                "field": fields[c.field].verbose_name,
                "old": _shower(fields[c.field], names)(c.old),
                "new": _shower(fields[c.field], names)(c.new),
            }
            for c in changes
            if c.field in fields
        ]
        for changes in deltas
    ]
