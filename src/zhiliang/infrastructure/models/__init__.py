from zhiliang.infrastructure.models.laboratories import Laboratory, ScopeItem
from zhiliang.infrastructure.models.officers import Appointment, Training
from zhiliang.infrastructure.models.tbt import Comment, Match, Notice

__all__ = ["Appointment", "Comment", "Laboratory", "Match", "Notice", "ScopeItem", "Training"]
