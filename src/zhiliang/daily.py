"""The jobs `zhiliang daily` runs, in order: (what the count means, task path).

Each is a django-tasks task taking `today` (an ISO date) and returning a count. Apps add
their line here; indicators come last so they see what the other jobs changed.
"""

DAILY_JOBS: list[tuple[str, str]] = [
    ("督办 notices drafted for overdue tasks", "zhiliang.plans.tasks.draft_overdue_notices"),
]
