"""Background jobs of supervision sampling: thin wrappers over the services."""

from datetime import date

from django_tasks import task

from zhiliang.inspections import services


@task()
def flag_overdue_followups(today: str | None = None) -> int:
    """Flag follow-ups whose current deadline has passed; `today` is an ISO date."""
    return services.followups_flag_overdue(today=date.fromisoformat(today) if today else None)


@task()
def run_draw(plan_id: int, user_id: int, seed: int | None = None) -> int:
    """Run a draw in the background (a province-wide plan over the whole catalogue takes
    longer than a page should wait); returns the draw's id."""
    from zhiliang.core.models import User
    from zhiliang.inspections.models import SamplingPlan

    user = User.objects.get(pk=user_id)
    plan = SamplingPlan.objects.get(pk=plan_id)
    return services.draw_run(actor=user, plan=plan, seed=seed).pk
