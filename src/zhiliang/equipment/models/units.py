"""Special equipment units: where, whose, in what state, and their stored next due date."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.equipment.choices import DueState, GasClass, UnitStatus


def rule_kind(code: str) -> str:
    """The kind of due-date rule (data/inspection_rules.yaml) a catalogue code falls under."""
    from zhiliang.equipment.due import rule_for

    try:
        rule = rule_for(code)
    except ValueError:
        return ""
    return rule.kind if rule else ""


def validate_catalogue_code(value: str) -> None:
    from zhiliang.equipment.due import entry

    try:
        entry(value)
    except ValueError:
        raise ValidationError(
            _("%(c)s is not a code of the special equipment catalogue (特种设备目录)."),
            params={"c": value},
        ) from None


class EquipmentUnitQuerySet(JurisdictionQuerySet):
    pass


class EquipmentUnit(models.Model):
    """One piece of special equipment in use at an enterprise, under its register code."""

    register_code = models.CharField(
        _("register code"),
        max_length=32,
        unique=True,
        help_text=_("设备注册代码 / 设备代码"),
    )
    catalogue_code = models.CharField(
        _("catalogue code"),
        max_length=4,
        help_text=_("特种设备目录 code, e.g. 3110"),
        validators=[validate_catalogue_code],
    )
    # Kept with the code so lists and boards group by kind without reading the catalogue.
    kind_code = models.CharField(_("kind"), max_length=4, editable=False)
    category_code = models.CharField(_("category"), max_length=4, blank=True, editable=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("using enterprise"),
        on_delete=models.PROTECT,
        related_name="equipment_units",
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        help_text=_("The township where the unit stands, else the county."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    manufactured_on = models.DateField(_("manufacture date"), null=True, blank=True)
    accepted_on = models.DateField(
        _("acceptance inspection date"),
        help_text=_("监督检验 date, or the date it entered service; a cylinder's manufacture date"),
    )
    in_service_on = models.DateField(_("put into service on"))
    registration_number = models.CharField(
        _("registration certificate number"), max_length=64, blank=True
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # The date from which an in-use unit counts as registered: max(in service, registered).
    registered_from = models.DateField(
        _("counts as registered from"), null=True, blank=True, editable=False
    )
    found_unregistered_on = models.DateField(
        _("found unregistered on"),
        null=True,
        blank=True,
        help_text=_("The field check that found the unit in use without registration."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.IN_USE
    )
    retired_on = models.DateField(
        _("out of use since"),
        null=True,
        blank=True,
        help_text=_("The date the unit was stopped or scrapped; empty while in use."),
    )
    safety_grade = models.PositiveSmallIntegerField(
        _("safety grade"),
        null=True,
        blank=True,
        help_text=_("安全状况等级 1–5 from the last inspection (pressure vessels)"),
    )
    gas_class = models.CharField(
        _("gas class"), max_length=10, choices=GasClass.choices, blank=True
    )
    # The last passing periodic inspection: what the rules count from.
    last_inspected_on = models.DateField(
        _("last inspected on"), null=True, blank=True, editable=False
    )
    # A unit's own interval instead of its rule (audited by the history).
    override_every_years = models.PositiveSmallIntegerField(
        _("override: every N years"), null=True, blank=True
    )
    override_due_on = models.DateField(_("override: due on"), null=True, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True)
    # Stored by the due-date computation (services.unit_refresh_due and the daily job).
    next_due_on = models.DateField(_("next due"), null=True, blank=True, editable=False)
    due_rule = models.TextField(_("due rule"), blank=True, editable=False)
    due_reason = models.TextField(_("due reason"), blank=True, editable=False)
    due_rules_version = models.CharField(
        _("rules version"), max_length=16, blank=True, editable=False
    )
    due_state = models.CharField(
        _("due state"),
        max_length=10,
        choices=DueState.choices,
        default=DueState.UNKNOWN,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["due_state", "updated_at"])

    objects = EquipmentUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment unit")
        verbose_name_plural = _("equipment units")
        ordering = ["region_id", "register_code"]
        indexes = [
            models.Index(fields=["region", "register_code"], name="equnit_region_code"),
            models.Index(fields=["region", "due_state", "kind_code"], name="equnit_region_due"),
            models.Index(fields=["enterprise", "status"], name="equnit_enterprise"),
            models.Index(fields=["next_due_on"], name="equnit_next_due"),
            # The daily refresh touches only the rows whose state may change: index ranges.
            models.Index(fields=["due_state", "next_due_on"], name="equnit_state_due"),
            models.Index(fields=["status", "due_state"], name="equnit_status_state"),
            models.Index(fields=["due_rules_version"], name="equnit_rules_version"),
            # Covering indexes: the board's grouped counts and the registration-rate stock
            # are read from the index alone, not from the (wide) rows.
            models.Index(
                fields=["region", "status", "kind_code", "due_state", "registered_on"],
                name="equnit_board",
            ),
            models.Index(
                fields=["region", "in_service_on", "retired_on", "registered_from"],
                name="equnit_stock",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=UnitStatus.IN_USE, retired_on__isnull=True)
                | (~Q(status=UnitStatus.IN_USE) & Q(retired_on__isnull=False)),
                name="equnit_retired_iff_not_in_use",
            ),
            models.CheckConstraint(
                condition=Q(safety_grade__isnull=True)
                | Q(safety_grade__gte=1, safety_grade__lte=5),
                name="equnit_safety_grade_1_5",
            ),
            models.CheckConstraint(
                condition=Q(override_every_years__isnull=True) | Q(override_due_on__isnull=True),
                name="equnit_one_override",
            ),
        ]

    def __str__(self):
        return self.register_code

    def clean(self):
        errors = dates_not_in_future(
            self,
            {
                "manufactured_on": _("The manufacture date"),
                "accepted_on": _("The acceptance date"),
                "in_service_on": _("The date put into service"),
                "registered_on": _("The registration date"),
                "found_unregistered_on": _("The field check date"),
                "retired_on": _("The date out of use"),
            },
        )
        made, accepted, service = self.manufactured_on, self.accepted_on, self.in_service_on
        if made and accepted and accepted < made:
            errors["accepted_on"] = _("The acceptance lies before the manufacture date.")
        if made and service and service < made:
            errors["in_service_on"] = _("The unit entered service before it was made.")
        if bool(self.registration_number) != bool(self.registered_on):
            errors["registered_on"] = _(
                "A registration needs both its certificate number and its date."
            )
        found = self.found_unregistered_on
        if self.registered_on and found and found >= self.registered_on:
            errors["found_unregistered_on"] = _(
                "A registered unit cannot have been found unregistered after it."
            )
        if (self.status or UnitStatus.IN_USE) == UnitStatus.IN_USE and self.retired_on:
            errors["retired_on"] = _("A unit in use has no date out of use.")
        grade, code = self.safety_grade, self.catalogue_code
        if grade is not None and not 1 <= grade <= 5:
            errors["safety_grade"] = _("A safety grade is 1 to 5.")
        elif grade is not None and code and rule_kind(code) != "by_grade":
            errors["safety_grade"] = _(
                "%(c)s has no safety grade (only fixed pressure vessels do)."
            ) % {"c": code}
        if self.gas_class and code and rule_kind(code) != "by_gas_class":
            errors["gas_class"] = _("Only gas cylinders have a gas class.")
        if errors:
            raise ValidationError(errors)

    @property
    def catalogue_name(self) -> str:
        from zhiliang.equipment.due import catalogue

        entry = catalogue().get(self.catalogue_code)
        return entry.name if entry else ""

    @property
    def registered(self) -> bool:
        return self.registered_on is not None

    @property
    def has_override(self) -> bool:
        return self.override_every_years is not None or self.override_due_on is not None
