"""The jobs `zhiliang daily` runs, in order: (what the count means, task path).

Each is a django-tasks task taking `today` (an ISO date) and returning a count. Apps add
their line here; indicators come last so they see what the other jobs changed.
"""

DAILY_JOBS: list[tuple[str, str]] = [
    ("expired sessions deleted", "zhiliang.core.tasks.clear_expired_sessions"),
    ("finished job records older than 30 days deleted", "zhiliang.core.tasks.prune_finished_jobs"),
    ("export files past their keeping time deleted", "zhiliang.core.tasks.prune_exports"),
    ("table-version rows folded", "zhiliang.core.tasks.compact_table_changes"),
    ("督办 notices drafted for overdue tasks", "zhiliang.plans.tasks.draft_overdue_notices"),
    ("sampling follow-up steps overdue", "zhiliang.inspections.tasks.flag_overdue_followups"),
    (
        "certificates and instruments: newly expired or overdue",
        "zhiliang.licensing.tasks.refresh_due",
    ),
    ("equipment due dates refreshed", "zhiliang.equipment.tasks.refresh_due_dates"),
    ("serious-violation listings ended and removed", "zhiliang.penalties.tasks.expire_listings"),
    ("case deadlines passed: escalation notices", "zhiliang.cases.tasks.raise_escalations"),
    (
        "risk: failed samples fed, signals recomputed (signals opened)",
        "zhiliang.risk.tasks.refresh_signals",
    ),
    ("TBT notifications: enterprises matched", "zhiliang.infrastructure.tasks.rematch_notices"),
    # After the signals: a yellow card whose cell's signal persists turns red.
    (
        "yellow cards turned red (deadline passed or signal persists)",
        "zhiliang.earlywarning.tasks.escalate_cards",
    ),
    # After the registries' due dates: credit records and classes see them.
    ("credit classes changed", "zhiliang.credit.tasks.refresh_and_classify"),
    # After the credit classes: eligibility reads them.
    (
        "recognition: title holders flagged for revocation",
        "zhiliang.recognition.tasks.recheck_holders",
    ),
    # Keep last: indicators see what the jobs above changed.
    ("indicator values computed (current year)", "zhiliang.indicators.tasks.compute_current_year"),
]
