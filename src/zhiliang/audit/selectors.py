"""The change history of every record, as the audit administrator searches it.

Each model with a simple-history table contributes one query; the queries are joined with
UNION ALL in the database and sorted and paged there. What changed is worked out only for
the rows shown (one query per record type for their previous versions).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from zhiliang.core.choices import RegionLevel, SecurityEventKind
from zhiliang.core.history import describe_changes
from zhiliang.core.models import Region, SecurityEvent, User
from zhiliang.core.models.regions import subtree_ids
from zhiliang.core.roles import Role

# Text columns a search looks in, where a record type has them.
TEXT_FIELDS = (
    "name",
    "title",
    "number",
    "uscc",
    "register_code",
    "serial",
    "sample_number",
    "report_number",
    "username",
    "full_name",
)
INTEGER_KEYS = ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField")
COLUMNS = (
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
    "audit_type",
    "audit_record",
)


def history_models() -> dict[str, type]:
    """Record type (app_label.model) → its historical model, for every model with history."""
    out = {}
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager:
            out[model._meta.label_lower] = getattr(model, manager).model
    return dict(sorted(out.items()))


def record_types() -> list[tuple[str, str]]:
    """(record type, its name) for the filter, by name."""
    types = [(k, str(h.instance_type._meta.verbose_name)) for k, h in history_models().items()]
    return sorted(types, key=lambda t: t[1])


def scope_of(user) -> Region | None:
    if not (user and user.is_authenticated and Role.AUDIT_ADMIN in user.role_codes):
        return None
    return user.jurisdiction


def actors(user) -> QuerySet:
    """The accounts whose changes the audit administrator may read: those of their region."""
    scope = scope_of(user)
    if scope is None:
        return User.objects.none()
    return User.objects.in_region(scope.code).order_by("username")


@dataclass(frozen=True)
class Filters:
    actor: User | None = None
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def _branch(kind: str, hmodel, user, scope: Region, filters: Filters) -> QuerySet:
    pk = hmodel.instance_type._meta.pk.attname
    # Changes made by the system (no account) concern the whole city: city-level auditors.
    own = Q(history_user__organization__region__id__range=subtree_ids(scope.code))
    if scope.level <= RegionLevel.CITY:
        own |= Q(history_user__isnull=True)
    qs = hmodel.objects.filter(own)
    if filters.actor is not None:
        qs = qs.filter(history_user=filters.actor)
    if filters.date_from:
        qs = qs.filter(history_date__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(history_date__date__lte=filters.date_to)
    if filters.text:
        names = {f.name for f in hmodel._meta.fields}
        numeric = hmodel.instance_type._meta.pk.get_internal_type() in INTEGER_KEYS
        match = Q(**{pk: int(filters.text)}) if numeric and filters.text.isdigit() else Q()
        for name in TEXT_FIELDS:
            if name in names:
                match |= Q(**{f"{name}__icontains": filters.text})
        qs = qs.filter(match | _actor_match(filters.text))
    # The history tables' own ordering is dropped: the UNION is ordered as a whole.
    qs = qs.order_by().annotate(
        audit_type=Value(kind, CharField()), audit_record=Cast(pk, CharField())
    )
    return qs.values(*COLUMNS)


def _actor_match(text: str) -> Q:
    return Q(history_user__username__icontains=text) | Q(history_user__full_name__icontains=text)


def entries(user, filters: Filters) -> QuerySet:
    """Every change the audit administrator may read, newest first: a UNION ALL of the
    history tables (or the one table of the record type asked for)."""
    scope = scope_of(user)
    models = history_models()
    if scope is None or (filters.kind and filters.kind not in models):
        return next(iter(models.values())).objects.none().values(*COLUMNS)
    kinds = [filters.kind] if filters.kind else list(models)
    branches = [_branch(k, models[k], user, scope, filters) for k in kinds]
    qs = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return qs.order_by("-history_date", "-history_id")


def details(rows: list[dict]) -> list[dict]:
    """The rows with who, the record, what changed and the login's IP address, worked out
    for these rows only: per record type one query for the versions and their predecessors."""
    models = history_models()
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["audit_type"], []).append(row)
    found = {}
    for kind, group in by_kind.items():
        found.update(_versions(kind, models[kind], group))
    users = User.objects.in_bulk({r["history_user_id"] for r in rows} - {None})
    ips = _login_ips(rows)
    out = []
    for row in rows:
        record, changes = found.get((row["audit_type"], row["history_id"]), ("", []))
        out.append(
            {
                **row,
                "type_name": models[row["audit_type"]].instance_type._meta.verbose_name,
                "actor": users.get(row["history_user_id"]),
                "record": record,
                "changes": changes,
                "ip": ips.get((row["history_user_id"], row["history_id"], row["audit_type"]), ""),
            }
        )
    return out


def _versions(kind, hmodel, group) -> dict:
    pk = hmodel.instance_type._meta.pk.attname
    earlier = hmodel.objects.filter(
        **{pk: OuterRef(pk)}, history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    versions = list(
        hmodel.objects.filter(history_id__in=[r["history_id"] for r in group]).annotate(
            previous_id=Subquery(earlier.values("history_id")[:1])
        )
    )
    previous = hmodel.objects.in_bulk({v.previous_id for v in versions} - {None})
    deltas = [
        v.diff_against(previous[v.previous_id]).changes
        if v.previous_id in previous and v.history_type == "~"
        else []
        for v in versions
    ]
    described = [
        [{**c, "old": _shown(c["old"]), "new": _shown(c["new"])} for c in changes]
        for changes in describe_changes(hmodel.instance_type, deltas)
    ]
    return {
        (kind, v.history_id): (_record_name(v), changes)
        for v, changes in zip(versions, described, strict=True)
    }


def _shown(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value


def _record_name(version) -> str:
    try:
        return str(version.instance)
    except ObjectDoesNotExist:  # a related record it names is gone
        return str(version.instance.pk)


def _login_ips(rows: list[dict]) -> dict:
    """IP address of the login session each change was made in: the account's last login
    before it (the history tables keep no address of their own)."""
    with_user = [r for r in rows if r["history_user_id"]]
    if not with_user:
        return {}
    start = min(r["history_date"] for r in with_user) - timedelta(days=1)
    end = max(r["history_date"] for r in with_user)
    logins = list(
        SecurityEvent.objects.filter(
            kind=SecurityEventKind.LOGIN,
            user_id__in={r["history_user_id"] for r in with_user},
            at__gte=start,
            at__lte=end,
        )
        .order_by("at")
        .values_list("user_id", "at", "ip")
    )
    out = {}
    for r in with_user:
        uid, day = r["history_user_id"], r["history_date"]
        before = [ip for user_id, at, ip in logins if user_id == uid and at <= day]
        if before and before[-1]:
            out[(r["history_user_id"], r["history_id"], r["audit_type"])] = before[-1]
    return out
