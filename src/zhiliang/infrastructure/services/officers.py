"""Writes of chief quality officers and their training. The enterprise's own CQO field
and training date follow the current appointment (what older readers still read)."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.bulk import history_copy, in_chunks
from zhiliang.core.guards import require_perm, require_referable, require_visible
from zhiliang.core.validators import assign, checked
from zhiliang.credit.hooks import credit_event
from zhiliang.enterprises.models import Enterprise
from zhiliang.infrastructure.models import Appointment, Training
from zhiliang.infrastructure.services._common import save

APPOINTMENT_FIELDS = ("enterprise", "person", "position", "phone", "appointed_on", "ended_on")
TRAINING_FIELDS = ("appointment", "course", "trained_on", "hours", "certificate_number")


def enterprise_cqo_sync(*, enterprise_id: int) -> None:
    """The enterprise's CQO and training date from its current appointment (one that has
    not ended), in one update: the old field is a summary of the history now."""
    current = (
        Appointment.objects.filter(enterprise_id=enterprise_id, ended_on__isnull=True)
        .order_by("-appointed_on", "-id")
        .annotate(last_training=Max("trainings__trained_on"))
        .first()
    )
    Enterprise.objects.filter(pk=enterprise_id).update(
        chief_quality_officer=current.person if current else "",
        cqo_trained_on=current.last_training if current else None,
    )


def appointment_validate(*, data: dict, instance: Appointment | None = None, context=None):
    appointment = instance or Appointment()
    assign(appointment, data, APPOINTMENT_FIELDS)
    extra = {}
    if appointment.enterprise_id is None:
        extra["enterprise"] = _("Name the enterprise.")
    else:
        appointment.region = appointment.enterprise.region
    # Only an officer named on the enterprise record itself (a new enterprise, an import)
    # has no date of appointment: the register never said when.
    unknown = (context or {}).get("date_unknown", False)
    if (
        appointment.appointed_on is None
        and not unknown
        and (appointment.pk is None or "appointed_on" in data)
    ):
        extra["appointed_on"] = _("Give the date of appointment.")
    if appointment.enterprise_id and appointment.appointed_on:
        end = appointment.ended_on
        overlap = Appointment.objects.filter(enterprise_id=appointment.enterprise_id).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=appointment.appointed_on)
        )
        if end is not None:
            overlap = overlap.filter(Q(appointed_on__isnull=True) | Q(appointed_on__lt=end))
        other = overlap.exclude(pk=appointment.pk).first()
        if other is not None:
            extra["appointed_on"] = _(
                "%(p)s is the enterprise's chief quality officer then; end that appointment first."
            ) % {"p": other.person_masked}
    checked(appointment, exclude=["enterprise"], extra=extra)
    return appointment


def appointment_create(*, actor, data: dict) -> Appointment:
    require_perm(actor, "infrastructure.add_appointment")
    require_referable(actor, data.get("enterprise"), "enterprise")
    with transaction.atomic():
        appointment = save(actor, appointment_validate(data=data))
        enterprise_cqo_sync(enterprise_id=appointment.enterprise_id)
    return appointment


def appointment_update(*, actor, appointment: Appointment, data: dict) -> Appointment:
    require_perm(actor, "infrastructure.change_appointment")
    require_visible(actor, appointment)
    data = {k: v for k, v in data.items() if k != "enterprise"}
    with transaction.atomic():
        appointment = save(actor, appointment_validate(data=data, instance=appointment))
        enterprise_cqo_sync(enterprise_id=appointment.enterprise_id)
    return appointment


def training_validate(*, data: dict, instance: Training | None = None, context=None):
    training = instance or Training()
    assign(training, data, TRAINING_FIELDS)
    extra = {}
    appointment = training.appointment if training.appointment_id else None
    if appointment is None:
        extra["appointment"] = _("Name the chief quality officer trained.")
    else:
        training.enterprise_id, training.region_id = (
            appointment.enterprise_id,
            appointment.region_id,
        )
        day = training.trained_on
        if day and appointment.ended_on and day > appointment.ended_on:
            extra["trained_on"] = _("The appointment ended on %(d)s, before the course.") % {
                "d": appointment.ended_on
            }
    checked(training, exclude=["appointment", "enterprise", "region"], extra=extra)
    return training


def training_create(*, actor, data: dict) -> Training:
    require_perm(actor, "infrastructure.add_training")
    if data.get("appointment") is not None:
        require_visible(actor, data["appointment"])
    with transaction.atomic():
        training = save(actor, training_validate(data=data))
        enterprise_cqo_sync(enterprise_id=training.enterprise_id)
    credit_event(training.enterprise_id)  # a trained CQO is a credit record
    return training


def training_delete(*, actor, training: Training) -> None:
    require_perm(actor, "infrastructure.delete_training")
    require_visible(actor, training)
    with transaction.atomic():
        training._history_user = actor
        training.delete()
        enterprise_cqo_sync(enterprise_id=training.enterprise_id)
    credit_event(training.enterprise_id)


# The course of a training known only by its date on the enterprise record.
REGISTER_COURSE = "首席质量官培训（企业登记信息）"
# The enterprise record's two fields, and the officer's fields their errors come from.
ON_RECORD = {
    "person": "chief_quality_officer", "appointed_on": "chief_quality_officer",
    "ended_on": "chief_quality_officer", "trained_on": "cqo_trained_on",
    "course": "cqo_trained_on",
}  # fmt: skip


def _on_record(exc: ValidationError) -> ValidationError:
    """An officer's or training's refusal told on the enterprise record's own fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict = {}
    for name, messages in exc.message_dict.items():
        errors.setdefault(ON_RECORD.get(name, "chief_quality_officer"), []).extend(messages)
    return ValidationError(errors)


def _current(enterprise_id):
    return (
        Appointment.objects.filter(enterprise_id=enterprise_id, ended_on__isnull=True)
        .order_by("-appointed_on", "-id")
        .first()
    )


def enterprise_cqo_refusal(*, enterprise, before: tuple) -> dict:
    """Why the CQO fields given on the enterprise record (`enterprise`, values set) cannot be
    written as history, by field; `before` is the stored (name, training date)."""
    person = (enterprise.chief_quality_officer or "").strip()
    trained = enterprise.cqo_trained_on
    if trained is None and before[1] is not None and person == before[0]:
        return {
            "cqo_trained_on": _(
                "Training records are kept as history: remove a wrong one on the chief "
                "quality officer's page."
            )
        }
    return {}


def enterprise_cqo_record(*, actor, enterprise, person: str, trained_on, before: tuple) -> None:
    """The CQO and training date given on the enterprise record (admin, API), written as
    history: a new name ends the current appointment today and starts one (its date
    unknown for an enterprise registered in the same step, `before` empty), an empty name
    ends it, a changed training date is a course of the current officer. Then the record's
    two fields follow the history (`enterprise_cqo_sync`)."""
    person, today = (person or "").strip(), timezone.localdate()
    new = before == (None, None)
    try:
        with transaction.atomic():
            current = _current(enterprise.pk)
            if person != (current.person if current else ""):
                if current is not None:
                    appointment_update(actor=actor, appointment=current, data={"ended_on": today})
                current = None
                if person:
                    require_perm(actor, "infrastructure.add_appointment")
                    data = {"enterprise": enterprise, "person": person}
                    data["appointed_on"] = None if new else today
                    current = appointment_validate(data=data, context={"date_unknown": new})
                    save(actor, current)
            old_trained = before[1]
            if trained_on is not None and trained_on != old_trained:
                if current is None:
                    raise ValidationError(
                        {"trained_on": _("A training date needs a chief quality officer.")}
                    )
                if not current.trainings.filter(trained_on=trained_on).exists():
                    training_create(
                        actor=actor,
                        data={
                            "appointment": current,
                            "course": REGISTER_COURSE,
                            "trained_on": trained_on,
                        },
                    )
            enterprise_cqo_sync(enterprise_id=enterprise.pk)
    except ValidationError as exc:
        raise _on_record(exc) from None


def _from_register_sql() -> tuple[str, str]:
    """The two INSERT … SELECT statements that make officers from the enterprise record:
    an appointment (date unknown) for each enterprise `e` naming a CQO and having none, and a
    training on the record's date (course a parameter) for each such appointment without
    one. Each ends in a condition on `e`, so a caller may add `AND e.…` to narrow it."""
    q = connection.ops.quote_name
    firm, post, course = (q(m._meta.db_table) for m in (Enterprise, Appointment, Training))
    appoint = (
        f"INSERT INTO {post} (enterprise_id, region_id, person, position, phone, appointed_on,"
        f" ended_on) SELECT e.id, e.region_id, e.chief_quality_officer, '', '', NULL, NULL"
        f" FROM {firm} e WHERE NOT EXISTS (SELECT 1 FROM {post} a WHERE a.enterprise_id = e.id)"
        " AND e.chief_quality_officer <> ''"
    )
    train = (
        f"INSERT INTO {course} (appointment_id, enterprise_id, region_id, course, trained_on,"
        f" hours, certificate_number) SELECT a.id, a.enterprise_id, a.region_id, %s,"
        f" e.cqo_trained_on, NULL, '' FROM {post} a JOIN {firm} e ON e.id = a.enterprise_id"
        f" WHERE a.appointed_on IS NULL AND NOT EXISTS (SELECT 1 FROM {course} t"
        " WHERE t.appointment_id = a.id) AND e.cqo_trained_on IS NOT NULL"
    )
    return appoint, train


def officers_bulk_from_register(*, actor, usccs: list[str], when) -> None:
    """Imported enterprises (just written, named by USCC) that name a CQO: one appointment
    each (date unknown) and a training on the sheet's date, with history, so that the
    record's two fields, written as the sheet gave them, are the history's summary.
    Set-based (an import writes up to 100,000 of them): the statements of
    `officers_carry_over` narrowed to these USCCs, and their history copied from the rows."""
    require_perm(actor, "infrastructure.add_appointment")
    require_perm(actor, "infrastructure.add_training")
    appoint, train = _from_register_sql()
    firm = connection.ops.quote_name(Enterprise._meta.db_table)
    ids = []
    with connection.cursor() as cursor:
        for sql, params in in_chunks(appoint + " AND e.uscc", [], usccs):
            cursor.execute(sql, params)
        for sql, params in in_chunks(train + " AND e.uscc", [REGISTER_COURSE], usccs):
            cursor.execute(sql, params)
        for sql, params in in_chunks(f"SELECT id FROM {firm} WHERE uscc", [], usccs):
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
    for model in (Appointment, Training):
        history_copy(model, "enterprise_id", ids, user_id=actor.pk, when=when, reason="import")


CARRIED_COURSE = "首席质量官培训（原企业登记信息）"


def officers_carry_over() -> int:
    """Enterprises whose register names a CQO but that have no appointment yet: one
    appointment each (date unknown) and a training on the register's date; two
    INSERT … SELECT statements (as migration 0002 did for the register then)."""
    appoint, train = _from_register_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(appoint)
        made = cursor.rowcount
        cursor.execute(train, [CARRIED_COURSE])
    return made
