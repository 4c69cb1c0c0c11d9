"""Writes of the early-warning app: assessments, warnings, cards and the actions taken from them.
Each is `<entity>_<action>(*, actor, …)`: role check, the core guard, the rules, history."""

from zhiliang.earlywarning.services.actions import (  # noqa: F401
    action_announcement,
    action_interview,
    action_notice,
    action_sampling,
)
from zhiliang.earlywarning.services.alerts import (  # noqa: F401
    warning_create,
    warning_publish,
    warning_withdraw,
)
from zhiliang.earlywarning.services.assessments import (  # noqa: F401
    assessment_decide,
    assessment_start,
    assessment_validate,
)
from zhiliang.earlywarning.services.cards import (  # noqa: F401
    card_issue,
    card_lift,
    cards_escalate,
    open_signals_of,
)
