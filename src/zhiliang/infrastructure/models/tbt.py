from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.infrastructure import rules


class NoticeQuerySet(ReachesUpQuerySet):
    """A notification the city's office recorded is read by its districts too."""


class Notice(models.Model):
    """A WTO TBT notification (技术性贸易壁垒通报) as an office recorded it: the member, the
    products with their HS codes, the objective and the comment deadline."""

    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The office that follows the notification."),
    )  # fmt: skip
    number = models.CharField(_("notification number"), max_length=40)
    member = models.CharField(_("notifying member"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    products = models.TextField(_("products covered"))
    hs_codes = models.JSONField(_("HS codes"), default=list, blank=True)
    objective = models.TextField(_("objective and rationale"), blank=True)
    notified_on = models.DateField(_("notified on"))
    comment_deadline = models.DateField(_("final date for comments"))
    history = HistoricalRecords()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("TBT notification")
        verbose_name_plural = _("TBT notifications")
        ordering = ["-notified_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="infrastructure_notice_once")
        ]

    def __str__(self):
        return self.number

    @property
    def open_for_comments(self) -> bool:
        return self.comment_deadline >= timezone.localdate()

    @property
    def hs_text(self) -> str:
        return " ".join(self.hs_codes or [])

    def clean(self):
        errors = dates_not_in_future(self, {"notified_on": _("The notification date")})
        self.number = (self.number or "").strip().upper().replace("ADD.", "Add.")
        self.number = self.number.replace("REV.", "Rev.").replace("CORR.", "Corr.")
        if not rules.tbt_number_ok(self.number):
            errors["number"] = _(
                "%(v)s is not a TBT notification number such as G/TBT/N/USA/1234."
            ) % {"v": self.number}
        codes = self.hs_codes if isinstance(self.hs_codes, list) else None
        if codes is None or not all(isinstance(c, str) and c.isdigit() for c in codes):
            errors["hs_codes"] = _("Give the HS codes as digits (e.g. 8516 or 851660).")
        if self.notified_on and self.comment_deadline and self.comment_deadline < self.notified_on:
            errors["comment_deadline"] = _("The comment deadline precedes the notification.")
        if errors:
            raise ValidationError(errors)


class MatchQuerySet(JurisdictionQuerySet):
    pass


class Match(models.Model):
    """An enterprise that makes a notified product (by the catalogue's HS headings). Derived
    from the notification and the enterprises' products, rewritten in bulk: no history."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("TBT notification"), on_delete=models.CASCADE,
        related_name="matches",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("product"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("matched enterprise")
        verbose_name_plural = _("matched enterprises")
        ordering = ["notice", "region_id", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "enterprise", "product"], name="infrastructure_match_once"
            )
        ]

    def __str__(self):
        return f"{self.notice} {self.enterprise_id}"


class CommentQuerySet(JurisdictionQuerySet):
    pass


class Comment(models.Model):
    """A comment on a notification from an enterprise or a department, recorded by the
    office before the deadline."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("TBT notification"), on_delete=models.PROTECT,
        related_name="comments",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    department = models.ForeignKey(
        "core.Organization", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    commented_on = models.DateField(_("commented on"))
    text = models.TextField(_("comment"))
    history = HistoricalRecords()

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("TBT comment")
        verbose_name_plural = _("TBT comments")
        ordering = ["-commented_on", "-id"]

    def __str__(self):
        return f"{self.notice_id} {self.commented_on}"

    @property
    def author(self):
        return self.enterprise or self.department

    def clean(self):
        errors = dates_not_in_future(self, {"commented_on": _("The comment date")})
        if (self.enterprise_id is None) == (self.department_id is None):
            errors["enterprise"] = _("Name either the enterprise or the department commenting.")
        if not (self.text or "").strip():
            errors["text"] = _("Write the comment.")
        notice = self.notice if self.notice_id else None
        if notice and self.commented_on and self.commented_on > notice.comment_deadline:
            errors["commented_on"] = _(
                "Comments on %(n)s closed on %(d)s; this one is dated %(c)s."
            ) % {"n": notice.number, "d": notice.comment_deadline, "c": self.commented_on}
        if errors:
            raise ValidationError(errors)
