from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.metrology import rules


class Verdict(models.TextChoices):
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class CampaignQuerySet(ReachesUpQuerySet):
    """A city's campaign is read by its districts (each sees its own checks)."""


class Campaign(models.Model):
    """A metrology supervision campaign (计量专项监督检查): a subject with its rule (data),
    a region and a period."""

    code = models.CharField(_("campaign code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("subject"), max_length=32)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    history = HistoricalRecords()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("metrology campaign")
        verbose_name_plural = _("metrology campaigns")
        ordering = ["-starts_on", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def subject_label(self) -> str:
        return dict(rules.subject_choices()).get(self.subject, self.subject)

    @property
    def pass_rate(self) -> float | None:
        """From the list's annotations (`checks_total`, `checks_passed`)."""
        total = getattr(self, "checks_total", 0)
        return self.checks_passed / total * 100 if total else None

    def clean(self):
        errors = {}
        if self.subject and rules.subject_rule(self.subject) is None:
            errors["subject"] = _("%(v)s is not a subject of the list.") % {"v": self.subject}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The campaign ends before it starts.")
        if errors:
            raise ValidationError(errors)


class CheckQuerySet(JurisdictionQuerySet):
    pass


class Check(models.Model):
    """One lot (net content) or one instrument (a dispenser's nozzle) checked in a campaign:
    each unit's measured value (net content, g or mL) or each run's error (%), and the
    verdict the services compute from the campaign's rule."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("metrology campaign"), on_delete=models.PROTECT,
        related_name="checks",
    )  # fmt: skip
    number = models.CharField(_("check number"), max_length=64)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField(pgettext_lazy("metrology", "checked on"))
    item = models.CharField(_("product or instrument"), max_length=200)
    nominal = models.DecimalField(
        _("nominal quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    nominal_unit = models.CharField(_("unit"), max_length=8, blank=True)
    lot_size = models.PositiveIntegerField(_("lot size"), null=True, blank=True)
    values = models.JSONField(_("measured values"), default=list)
    sample_size = models.PositiveIntegerField(_("sample size"), editable=False, default=0)
    mean = models.FloatField(_("mean"), editable=False, null=True)
    std = models.FloatField(_("standard deviation"), editable=False, null=True)
    tolerance = models.FloatField(_("tolerance"), editable=False, null=True)
    mean_limit = models.FloatField(_("lower limit of the mean"), editable=False, null=True)
    beyond_t = models.PositiveIntegerField(_("beyond tolerance"), editable=False, default=0)
    beyond_2t = models.PositiveIntegerField(_("beyond twice the tolerance"), editable=False,
                                            default=0)  # fmt: skip
    max_error = models.FloatField(_("largest error"), editable=False, null=True)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices,
                               editable=False)  # fmt: skip
    reasons = models.TextField(pgettext_lazy("verdict", "reasons"), editable=False, blank=True)
    history = HistoricalRecords()

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("metrology check")
        verbose_name_plural = _("metrology checks")
        ordering = ["-checked_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="metrology_check_once")
        ]
        indexes = [models.Index(fields=["region", "checked_on"], name="metrology_check_region")]

    def __str__(self):
        return self.number

    @property
    def base_unit(self) -> str:
        """The unit of the tolerance, mean and limit: g for a mass, mL for a volume."""
        return "mL" if self.nominal_unit.lower() in ("ml", "l") else "g"

    def clean(self):
        errors = dates_not_in_future(
            self, {"checked_on": pgettext_lazy("metrology", "The check date")}
        )
        campaign = self.campaign if self.campaign_id else None
        rule = rules.subject_rule(campaign.subject) if campaign else None
        values = self.values if isinstance(self.values, list) else None
        if not values or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values
        ):
            errors["values"] = _("Give each unit's measured value as a number.")
        if rule == "net_content":
            errors.update(self._net_content_errors(values))
        elif rule == "mpe":
            runs = int(rules.rules()["mpe"]["min_runs"])
            if values and len(values) < runs:
                errors["values"] = _("Give at least %(n)s runs' errors.") % {"n": runs}
        if (
            campaign
            and self.checked_on
            and not (campaign.starts_on <= self.checked_on <= campaign.ends_on)
        ):
            errors.setdefault("checked_on", _("The date lies outside the campaign's period."))
        if errors:
            raise ValidationError(errors)

    def _net_content_errors(self, values) -> dict:
        errors = {}
        if self.nominal is None:
            return {"nominal": _("Give the nominal quantity of the lot.")}
        base = rules.in_base_unit(self.nominal, self.nominal_unit)
        if base is None:
            errors["nominal_unit"] = _("Write the unit as g, kg, mL or L.")
        elif rules.tolerance(base) is None:
            errors["nominal"] = _("The tolerance table covers 0 to 50 kg (or L) only.")
        if not self.lot_size:
            errors["lot_size"] = _("Give the lot size (units in the lot).")
        elif values and "values" not in errors:
            plan = rules.sampling(self.lot_size)
            if len(values) != plan["n"]:
                errors["values"] = _(
                    "A lot of %(N)s units is checked on %(n)s units; %(m)s values were given."
                ) % {"N": self.lot_size, "n": plan["n"], "m": len(values)}
        return errors


class EnergyUnitQuerySet(JurisdictionQuerySet):
    pass


class EnergyUnit(models.Model):
    """A key energy-using unit (重点用能单位) and its yearly energy use."""

    name = models.CharField(_("name"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    annual_tce = models.DecimalField(
        _("energy use (t standard coal a year)"), max_digits=14, decimal_places=1
    )
    year = models.PositiveIntegerField(_("year of the energy use"))
    recorded_on = models.DateField(_("recorded on"))
    history = HistoricalRecords()

    objects = EnergyUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("key energy-using unit")
        verbose_name_plural = _("key energy-using units")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = dates_not_in_future(self, {"recorded_on": _("The date recorded")})
        limit = rules.key_unit_threshold()
        if self.annual_tce is not None and self.annual_tce < limit:
            errors["annual_tce"] = _(
                "Below %(t)s t standard coal a year a unit is not a key energy-using unit."
            ) % {"t": f"{limit:,.0f}"}
        if errors:
            raise ValidationError(errors)


class MeterConfigQuerySet(JurisdictionQuerySet):
    pass


class MeterConfig(models.Model):
    """A unit's energy-metering instruments of one kind at one level: required (理论需要)
    and installed (实际装配); `counted` = min(installed, required) feeds the 配备率."""

    unit = models.ForeignKey(
        EnergyUnit, verbose_name=_("key energy-using unit"), on_delete=models.CASCADE,
        related_name="meters",
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    level = models.CharField(_("level"), max_length=16)
    kind = models.CharField(_("energy"), max_length=16)
    required = models.PositiveIntegerField(_("instruments required"))
    installed = models.PositiveIntegerField(_("instruments installed"))
    counted = models.PositiveIntegerField(editable=False, default=0)
    meets = models.BooleanField(_("meets the required rate"), editable=False, default=False)
    recorded_on = models.DateField(_("recorded on"))
    history = HistoricalRecords()

    objects = MeterConfigQuerySet.as_manager()

    class Meta:
        verbose_name = _("energy-metering configuration")
        verbose_name_plural = _("energy-metering configurations")
        ordering = ["unit", "level", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "level", "kind"], name="metrology_meter_once")
        ]

    def __str__(self):
        return f"{self.unit} {self.level} {self.kind}"

    @property
    def level_label(self) -> str:
        return dict(rules.level_choices()).get(self.level, self.level)

    @property
    def kind_label(self) -> str:
        return dict(rules.kind_choices()).get(self.kind, self.kind)

    @property
    def rate(self) -> float | None:
        return self.counted / self.required * 100 if self.required else None

    @property
    def required_rate(self) -> int | None:
        return rules.required_rate(self.kind, self.level)

    def derive(self) -> None:
        self.counted = min(self.installed or 0, self.required or 0)
        wanted = rules.required_rate(self.kind, self.level)
        self.meets = bool(
            self.required and (wanted is None or self.counted * 100 >= wanted * self.required)
        )

    def clean(self):
        errors = dates_not_in_future(self, {"recorded_on": _("The date recorded")})
        if self.level not in dict(rules.level_choices()):
            errors["level"] = _("%(v)s is not a level of the list.") % {"v": self.level}
        if self.kind not in dict(rules.kind_choices()):
            errors["kind"] = _("%(v)s is not an energy of the list.") % {"v": self.kind}
        elif self.level and rules.required_rate(self.kind, self.level) is None:
            errors["level"] = _("No instruments are required for this energy at this level.")
        if self.required == 0:
            errors["required"] = _("Give at least one required instrument.")
        if errors:
            raise ValidationError(errors)
