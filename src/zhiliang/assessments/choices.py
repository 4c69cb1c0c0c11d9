from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    INDICATOR = "indicator", _("indicator")
    MANUAL = "manual", _("manual check")
    VETO = "veto", _("veto item")


class ScoringRule(models.TextChoices):
    # Full marks at or beyond the target, linear between the floor and the target,
    # zero beyond the floor (the indicator's direction says which side is "beyond").
    LINEAR = "linear", _("linear between floor and target")
    PASS_FAIL = "pass_fail", _("pass/fail")


class SubjectKind(models.TextChoices):
    REGION = "region", _("regions")
    ORGANIZATION = "organization", _("departments")


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("superseded by a later version")


class TargetState(models.TextChoices):
    ACHIEVED = "achieved", _("已达成")
    ON_TRACK = "on_track", _("按计划")
    AT_RISK = "at_risk", _("有风险")
    MISSED = "missed", _("未达成")
    NO_DATA = "no_data", _("无数据")
