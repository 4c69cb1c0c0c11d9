"""The home page's panels: what needs action today, for the user's role and jurisdiction.

Each panel is one selector of the app that owns the records (one query: a count and a
few rows, or conditional counts), and each count links to the list filtered to the
same set. A role sees the panels of its work; a panel whose records the user may not
view is never built.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.assessments import selectors as assessments
from zhiliang.cases import selectors as cases
from zhiliang.core import freshness
from zhiliang.core.roles import Role
from zhiliang.earlywarning import selectors as warnings
from zhiliang.equipment import selectors as equipment
from zhiliang.inspections import selectors as inspections
from zhiliang.licensing import selectors as licensing
from zhiliang.plans import selectors as plans
from zhiliang.risk import selectors as risk
from zhiliang.web.templatetags.numbers import count, score

TASKS, NOTICES, DRAWS, SAMPLES, FOLLOWUPS = "tasks", "notices", "draws", "samples", "followups"
EQUIPMENT, CERTIFICATES, INSTRUMENTS, STANDING = (
    "equipment",
    "certificates",
    "instruments",
    "standing",
)
CASES, SIGNALS = "cases", "signals"
CARDS, ASSESSMENTS, ALERTS = "cards", "assessments", "alerts"
ALL = (
    TASKS, NOTICES, CASES, STANDING, SIGNALS, DRAWS, SAMPLES, FOLLOWUPS, EQUIPMENT,
    CERTIFICATES, INSTRUMENTS, CARDS, ASSESSMENTS, ALERTS,
)  # fmt: skip

# The work of each role: a department reports on its tasks and answers 督办 notices; an
# inspector draws, samples and follows up failures and inspects equipment.
ROLE_PANELS = {
    Role.OFFICE_STAFF: ALL,
    Role.VIEWER: ALL,
    Role.DEPARTMENT_REPORTER: (TASKS, NOTICES, STANDING),
    Role.INSPECTOR: (DRAWS, SAMPLES, FOLLOWUPS, EQUIPMENT, ASSESSMENTS, ALERTS),
}
PERMISSION = {
    TASKS: "plans.view_task",
    NOTICES: "plans.view_supervisionnotice",
    DRAWS: "inspections.view_draw",
    SAMPLES: "inspections.view_sample",
    FOLLOWUPS: "inspections.view_followup",
    EQUIPMENT: "equipment.view_equipmentunit",
    CERTIFICATES: "licensing.view_certificate",
    INSTRUMENTS: "licensing.view_instrument",
    STANDING: "assessments.view_assessmentresult",
    CASES: "cases.view_case",
    SIGNALS: "risk.view_signal",
    CARDS: "earlywarning.view_card",
    ASSESSMENTS: "earlywarning.view_riskassessment",
    ALERTS: "earlywarning.view_riskwarning",
}


@dataclass
class Count:
    label: str
    n: int
    url: str
    urgent: bool = True


@dataclass
class Row:
    text: str
    note: str
    url: str


@dataclass
class Panel:
    key: str
    title: str
    counts: list[Count] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    more_url: str = ""
    # The panel's HTML, made when it is built: a cached panel is not rendered again.
    html: str = field(default="", compare=False, repr=False)


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def panels_for(user) -> list[str]:
    keys = {k for role in user.role_codes for k in ROLE_PANELS.get(role, ())}
    return [k for k in ALL if k in keys and user.has_perm(PERMISSION[k])]


def home_panels(user) -> list[Panel]:
    return [_panel(key, user) for key in panels_for(user)]


# Panels whose figures move with the clock (a deadline passes at 10:03), not only with the
# tables and the date: built on every visit.
CLOCK_PANELS = {CASES}


def _panel(key: str, user) -> Panel:
    """A panel, cached until a table it reads changes (core.freshness) or the day does.

    The key holds what the panel depends on besides the tables: the user (their own tasks),
    the organisation (jurisdiction), the roles (which counts), the language and the date.
    A panel reading a table that is not tracked is built every time (and a test fails:
    web/tests/test_home_cache.py)."""
    build = BUILDERS[key]
    if key in CLOCK_PANELS:
        return _rendered(build(user))
    return freshness.cached_learning(
        f"home panel {key}", freshness.reader_key(user, key), lambda: _rendered(build(user))
    )


def _rendered(panel: Panel) -> Panel:
    panel.html = render_to_string("web/_panel.html", {"p": panel})
    return panel


def _tasks(user) -> Panel:
    # A department sees the tasks it holds; the office those of its jurisdiction.
    own = Role.DEPARTMENT_REPORTER in user.role_codes and not user.has_perm("plans.change_task")
    total, tasks = plans.home_overdue_tasks(user=user, own=own)
    if own:
        url, more = _url("plans:my-tasks", overdue=1), _url("plans:my-tasks")
    else:
        url, more = _url("plans:tasks", overdue="true"), _url("plans:tasks")
    rows = [
        Row(
            t.title,
            _("due %(date)s") % {"date": t.due_on.isoformat()},
            _url("plans:detail", t.plan_id),
        )
        for t in tasks
    ]
    return Panel(
        TASKS, _("Overdue tasks"), [Count(_("past due, not done"), total, url)], rows, more
    )


def _notices(user) -> Panel:
    n = plans.home_open_notices(user=user)
    url, name = _url("plans:notices"), "plans:notices"
    counts = [
        Count(_("issued, awaiting an answer"), n["issued"], _url(name, status="issued")),
        Count(_("answer overdue"), n["late"], _url(name, late="true")),
        Count(
            _("answered, to be closed"), n["answered"], _url(name, status="answered"), urgent=False
        ),
    ]
    if user.has_perm("plans.change_supervisionnotice"):
        counts.append(
            Count(_("drafts to issue"), n["draft"], _url(name, status="draft"), urgent=False)
        )
    return Panel(NOTICES, _("Supervision notices (督办)"), counts, more_url=url)


def _draws(user) -> Panel:
    total, draws = inspections.home_open_draws(user=user)
    rows = [
        Row(
            d.plan.name,
            _("%(n)s enterprises not yet sampled") % {"n": count(d.unsampled)},
            _url("inspections:draw", d.pk),
        )
        for d in draws
    ]
    url = _url("inspections:draws", to_sample="true")
    counts = [Count(_("published draws with enterprises to sample"), total, url)]
    return Panel(DRAWS, _("Draws to sample"), counts, rows, url)


def _samples(user) -> Panel:
    n = inspections.home_samples(user=user)
    counts = [
        Count(
            _("failed, no follow-up opened"),
            n["failed_waiting"],
            _url("inspections:samples", verdict="fail", followed_up="false"),
        ),
        Count(
            _("awaiting a verdict"),
            n["pending"],
            _url("inspections:samples", verdict="pending"),
            urgent=False,
        ),
    ]
    return Panel(SAMPLES, _("Samples"), counts, more_url=_url("inspections:samples"))


def _followups(user) -> Panel:
    total, followups = inspections.home_overdue_followups(user=user)
    url = _url("inspections:followups") + "#overdue"
    rows = [
        Row(
            f.sample.enterprise.name,
            _("due %(date)s") % {"date": f.due_on.isoformat() if f.due_on else "—"},
            _url("inspections:followup", f.pk),
        )
        for f in followups
    ]
    counts = [Count(_("past their deadline"), total, url)]
    return Panel(FOLLOWUPS, _("Overdue follow-ups of failed samples"), counts, rows, url)


def _equipment(user) -> Panel:
    n = equipment.home_equipment(user=user)
    name = "equipment:unit_list"
    counts = [
        Count(
            _("inspection overdue"), n["overdue"], _url(name, status="in_use", due_state="overdue")
        ),
        Count(
            _("not registered"), n["unregistered"], _url(name, status="in_use", registered="false")
        ),
        Count(
            _("due within 30 days"),
            n["due_soon"],
            _url(name, status="in_use", due_state="due_soon"),
            urgent=False,
        ),
    ]
    return Panel(EQUIPMENT, _("Special equipment in use"), counts, more_url=_url("equipment:board"))


def _certificates(user) -> Panel:
    n = licensing.home_certificates(user=user)
    name = "licensing:certificates"
    counts = [
        Count(_("expiring within 30 days"), n["within_30"], _url(name, expiring_within=30)),
        Count(
            _("inside the renewal window"),
            n["expiring"],
            _url(name, in_renewal_window="true"),
            urgent=False,
        ),
    ]
    return Panel(CERTIFICATES, _("Certificates to renew"), counts, more_url=_url(name))


def _instruments(user) -> Panel:
    n = licensing.home_instruments(user=user)
    name = "licensing:instruments"
    counts = [
        Count(_("verification overdue"), n["overdue"], _url(name, overdue="true")),
        Count(
            _("due within %(days)s days") % {"days": licensing.FIELD_LIST_DAYS},
            n["due_soon"],
            _url(name, due_within=licensing.FIELD_LIST_DAYS),
            urgent=False,
        ),
    ]
    return Panel(INSTRUMENTS, _("Instruments due for verification"), counts, more_url=_url(name))


def _signals(user) -> Panel:
    since = timezone.localdate() - timedelta(days=risk.NEW_DAYS)
    total, signals = risk.home_new_signals(user=user, since=since)
    rows = [
        Row(
            f"{s.product.name} · {s.region.name}",
            s.short_label,
            _url("risk:signal", s.pk),
        )
        for s in signals
    ]
    counts = [
        Count(
            _("opened in the last %(days)s days") % {"days": risk.NEW_DAYS},
            total,
            _url("risk:signals", status="open", opened_after=since.isoformat()),
        )
    ]
    return Panel(SIGNALS, _("New risk signals"), counts, rows, _url("risk:page"))


def _standing(user) -> Panel:
    total, entries = assessments.home_standing(user=user)
    panel = Panel(STANDING, _("Latest assessment"))
    if entries:
        result = entries[0].result
        panel.title = _("Latest assessment: %(name)s %(period)s") % {
            "name": result.scheme.name,
            "period": result.period,
        }
        panel.more_url = _url("assessments:result", result.pk)
        panel.rows = [
            Row(
                e.name,
                _("rank %(rank)s of %(of)s · %(total)s points · grade %(grade)s")
                % {
                    "rank": e.rank or "—",
                    "of": e.assessed,
                    "total": score(e.total),
                    "grade": e.grade or "—",
                },
                panel.more_url,
            )
            for e in entries
        ]
    return panel


def _cases(user) -> Panel:
    n = cases.due_counts(user=user)
    name = "cases:timer"
    counts = [
        Count(_("late"), n["late"], _url(name, state="late")),
        Count(_("due within 7 days"), n["soon"], _url(name, state="soon"), urgent=False),
    ]
    return Panel(
        CASES, _("Case deadlines (accidents, supervised cases)"), counts, more_url=_url(name)
    )


def _cards(user) -> Panel:
    today = timezone.localdate()
    total, cards = warnings.home_cards_due(user=user, today=today)
    rows = [
        Row(
            f"{c.get_colour_display()} · {c.region.name} · {c.product.name}",
            _("rectify by %(date)s") % {"date": c.deadline.isoformat()},
            _url("warnings:card", c.pk),
        )
        for c in cards
    ]
    due = (today + timedelta(days=warnings.DUE_DAYS)).isoformat()
    counts = [
        Count(
            _("deadline passed or within %(days)s days") % {"days": warnings.DUE_DAYS},
            total,
            _url("warnings:cards", status="open", due_before=due),
        )
    ]
    return Panel(CARDS, _("Yellow and red cards due"), counts, rows, _url("warnings:cards"))


def _assessments(user) -> Panel:
    total, items = warnings.home_pending_assessments(user=user)
    rows = [
        Row(
            f"{a.product.name} · {a.region.name}",
            a.get_level_display(),
            _url("warnings:assessment", a.pk),
        )
        for a in items
    ]
    counts = [
        Count(_("awaiting decision"), total, _url("warnings:assessments", decision="pending"))
    ]
    return Panel(ASSESSMENTS, _("Risk assessments awaiting decision"), counts, rows)


def _alerts(user) -> Panel:
    total, items = warnings.home_alerts(user=user)
    rows = [Row(w.title, w.published_on.isoformat(), _url("warnings:warning", w.pk)) for w in items]
    counts = [
        Count(
            _("published"),
            total,
            _url("warnings:warnings", kind="alert", status="published"),
            urgent=False,
        )
    ]
    return Panel(ALERTS, _("Risk alerts"), counts, rows)


BUILDERS = {
    CASES: _cases,
    TASKS: _tasks,
    NOTICES: _notices,
    DRAWS: _draws,
    SAMPLES: _samples,
    FOLLOWUPS: _followups,
    EQUIPMENT: _equipment,
    CERTIFICATES: _certificates,
    INSTRUMENTS: _instruments,
    STANDING: _standing,
    SIGNALS: _signals,
    CARDS: _cards,
    ASSESSMENTS: _assessments,
    ALERTS: _alerts,
}
