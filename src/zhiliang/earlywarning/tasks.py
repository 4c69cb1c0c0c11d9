"""The daily job of the warnings app: yellow cards past their deadline, or whose cell's
signal persists, turn red."""

from datetime import date

from django_tasks import task


@task()
def escalate_cards(today: str) -> int:
    from zhiliang.earlywarning.services import cards_escalate

    return cards_escalate(today=date.fromisoformat(today))
