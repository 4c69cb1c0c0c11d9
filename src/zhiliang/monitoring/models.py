"""Risk monitoring (风险监测): plans apart from enforcement sampling. A plan names test items
(product × hazard × what is measured, with the limit and the standard it comes from); its
samples are bought on the market (a shop or an online platform, per region), not drawn from
producers; each result is a measured value judged against its item's limits.

Results feed the risk signals and the risk information, never the credit records: a case
is opened only when an officer asks for one on a failed purchase (`purchase_open_case`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.monitoring.choices import Channel, Verdict
from zhiliang.risk import rules as risk_rules


class PlanQuerySet(ReachesUpQuerySet):
    """A city's plan is read by the districts whose markets it buys in."""


class Plan(models.Model):
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("purpose and scope"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk monitoring plan")
        verbose_name_plural = _("risk monitoring plans")
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["region", "year"], name="monplan_region_year")]

    def __str__(self):
        return f"{self.year} {self.name}"

    def clean(self):
        if self.year and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Give the plan's year, e.g. 2026.")})


class TestItemQuerySet(ReachesUpQuerySet):
    region_field = "plan__region"


class TestItem(models.Model):
    """What is measured on a product of the plan, for one hazard, against a limit as the
    standard writes it (a lower limit, an upper limit or both)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    hazard = models.CharField(_("hazard"), max_length=24)
    name = models.CharField(_("test item"), max_length=120)
    unit = models.CharField(_("unit"), max_length=24, blank=True)
    limit_min = models.DecimalField(
        _("lower limit"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    limit_max = models.DecimalField(
        _("upper limit"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    standard = models.CharField(
        _("standard"),
        max_length=200,
        help_text=_("Where the limit comes from, e.g. GB 17761-2018 6.1.1."),
    )
    history = HistoricalRecords()

    objects = TestItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["plan", "product__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "product", "name"], name="monitoring_item_once_per_product"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def hazard_label(self) -> str:
        return risk_rules.hazard_label(self.hazard)

    def passes(self, value) -> bool:
        """Within the limits as entered (a limit itself is within)."""
        if self.limit_min is not None and value < self.limit_min:
            return False
        return self.limit_max is None or value <= self.limit_max

    def clean(self):
        errors = {}
        if self.hazard and self.hazard not in risk_rules.hazard_words().values():
            errors["hazard"] = _("%(v)s is not a hazard type of the list.") % {"v": self.hazard}
        if self.limit_min is None and self.limit_max is None:
            errors["limit_max"] = _("Give the lower limit, the upper limit or both.")
        elif (
            self.limit_min is not None
            and self.limit_max is not None
            and self.limit_min > self.limit_max
        ):
            errors["limit_max"] = _("The upper limit lies below the lower limit.")
        if errors:
            raise ValidationError(errors)


class PurchaseQuerySet(JurisdictionQuerySet):
    pass


class Purchase(models.Model):
    """A sample bought on the market (购样) in a region: from a shop or an online platform,
    at a price, with its name and brand as sold; the producer where known."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="purchases"
    )
    number = models.CharField(_("sample number"), max_length=40, unique=True)
    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region bought in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    shop = models.CharField(_("shop or online store"), max_length=200)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    place = models.CharField(_("address or link"), max_length=300, blank=True)
    bought_on = models.DateField(_("bought on"))
    price = models.DecimalField(
        _("price (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    sample_name = models.CharField(_("sample name"), max_length=200)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Derived from the results by the services: failed when any result is beyond a limit.
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, default=Verdict.PENDING, editable=False
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring purchase")
        verbose_name_plural = _("monitoring purchases")
        ordering = ["-bought_on", "-id"]
        indexes = [
            models.Index(fields=["region", "bought_on"], name="monbuy_region_date"),
            models.Index(fields=["product", "bought_on"], name="monbuy_product_date"),
            models.Index(fields=["-bought_on", "-id"], name="monbuy_list_order"),
        ]

    def __str__(self):
        return self.number

    def clean(self):
        errors = dates_not_in_future(self, {"bought_on": _("The date of purchase")})
        if self.channel == Channel.ONLINE and not self.platform:
            errors["platform"] = _("Name the online platform it was bought on.")
        dated = self.plan_id and self.bought_on and "bought_on" not in errors
        if dated and self.bought_on.year != self.plan.year:
            errors["bought_on"] = _("The plan is for %(y)s; this date lies outside it.") % {
                "y": self.plan.year
            }
        if errors:
            raise ValidationError(errors)


class ResultQuerySet(JurisdictionQuerySet):
    pass


class Result(models.Model):
    """A measured value of a test item on a purchase, judged against the item's limits
    (the verdict is the services', from `TestItem.passes`)."""

    purchase = models.ForeignKey(
        Purchase, verbose_name=_("purchase"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        TestItem, verbose_name=_("test item"), on_delete=models.PROTECT, related_name="results"
    )
    value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=4)
    tested_on = models.DateField(_("tested on"))
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices, editable=False)
    # The purchase's region, copied by the services (jurisdiction without a join).
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring result")
        verbose_name_plural = _("monitoring results")
        ordering = ["purchase", "item__name"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "item"], name="monitoring_result_once")
        ]

    def __str__(self):
        return f"{self.purchase_id}·{self.item_id}"

    def clean(self):
        errors = dates_not_in_future(self, {"tested_on": _("The date of testing")})
        purchase = self.purchase if self.purchase_id else None
        item = self.item if self.item_id else None
        if (
            purchase
            and item
            and (item.plan_id != purchase.plan_id or item.product_id != purchase.product_id)
        ):
            errors["item"] = _("This test item is not one of the purchase's plan and product.")
        dated = purchase and self.tested_on and "tested_on" not in errors
        if dated and self.tested_on < purchase.bought_on:
            errors["tested_on"] = _("The test lies before the purchase.")
        if errors:
            raise ValidationError(errors)
