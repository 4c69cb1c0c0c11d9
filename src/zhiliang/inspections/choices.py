from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("national (国家)")
    PROVINCIAL = "provincial", _("provincial (省级)")
    CITY = "city", _("city (市级)")
    COUNTY = "county", _("county (县级)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in progress")
    CLOSED = "closed", pgettext_lazy("sampling plan", "closed")


class PickShare(models.TextChoices):
    RANDOM = "random", _("random (control) share")
    WEIGHTED = "weighted", _("risk-weighted share")


class SamplePlace(models.TextChoices):
    PRODUCTION = "production", _("production (生产环节)")
    RETAIL = "retail", _("retail (流通环节)")


class Verdict(models.TextChoices):
    PASS = "pass", _("pass (合格)")
    FAIL = "fail", _("fail (不合格)")
    PENDING = "pending", _("pending (待检)")


class FollowUpState(models.TextChoices):
    NOTIFIED = "notified", _("notified (已告知)")
    RETEST = "retest", _("objection: re-test (异议复检)")
    RECTIFICATION = "rectification", _("rectification ordered (责令整改)")
    REINSPECTION = "reinspection", _("awaiting re-inspection (复查)")
    ANNOUNCED = "announced", _("announced, second re-inspection due (公告后复查)")
    CLOSED = "closed", _("closed (结案)")
    ESCALATED = "escalated", _("escalated (停业整顿/吊销)")


OPEN_STATES = (
    FollowUpState.NOTIFIED,
    FollowUpState.RETEST,
    FollowUpState.RECTIFICATION,
    FollowUpState.REINSPECTION,
    FollowUpState.ANNOUNCED,
)


class FollowUpAction(models.TextChoices):
    """The steps of a follow-up; each moves it from one state to the next."""

    NOTIFY = "notify", _("result notified")
    OBJECT = "object", _("objection filed: re-test of disputed items")
    RETEST_PASS = "retest_pass", _("re-test passed")
    RETEST_FAIL = "retest_fail", _("re-test failed")
    ORDER_RECTIFICATION = "order_rectification", _("rectification ordered")
    REPORT_RECTIFIED = "report_rectified", _("rectification reported")
    REINSPECT_PASS = "reinspect_pass", _("re-inspection passed")
    REINSPECT_FAIL = "reinspect_fail", _("re-inspection failed: public announcement")
    SECOND_REINSPECT_PASS = "second_reinspect_pass", _("second re-inspection passed")
    SECOND_REINSPECT_FAIL = "second_reinspect_fail", _("second re-inspection failed: escalated")
    RECORD_TRAINING = "record_training", _("staff training recorded")


class Escalation(models.TextChoices):
    SUSPENSION = "suspension", _("suspension and rectification recommended (停业整顿)")
    REVOCATION = "revocation", _("licence revocation recommended (吊销许可证)")
