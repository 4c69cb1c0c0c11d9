from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from zhiliang.core.querysets import JurisdictionQuerySet
from zhiliang.core.validators import dates_not_in_future
from zhiliang.enterprises.choices import EnterpriseStatus, IndustryLevel, RiskClass, SizeClass


class Industry(models.Model):
    """GB/T 4754-2017 industry: sections (门类 A–T) and divisions (大类 01–97)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.PositiveSmallIntegerField(_("level"), choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class EnterpriseQuerySet(JurisdictionQuerySet):
    pass


class Enterprise(models.Model):
    """A registered market entity, identified by its USCC (统一社会信用代码)."""

    uscc = models.CharField(_("USCC"), max_length=18, unique=True)
    # No index of its own on the name, the region or the industry: the composite indexes
    # below lead with the region and the industry, names are searched through the
    # trigram/bigram indexes (PostgreSQL) and listed within a region. Every index is paid
    # on each write: an import's COPY, and each class change the credit pass copies here.
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        help_text=_("The township where known, else the county."),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    legal_representative = models.CharField(_("legal representative"), max_length=64, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("enterprise registration", "status"),
        max_length=12,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.ACTIVE,
    )
    chief_quality_officer = models.CharField(_("chief quality officer"), max_length=64, blank=True)
    cqo_trained_on = models.DateField(_("CQO training date"), null=True, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    # Until the credit module computes it, the office sets it; B is the national default.
    risk_class = models.CharField(
        _("credit risk class"), max_length=1, choices=RiskClass.choices, default=RiskClass.B
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # simple-history indexes every unique or indexed field of the model in its table; the
    # history is read by record (id), date and author only (record pages, audit trail;
    # the trail's text search is `icontains`, which no B-tree serves). An import writes a
    # history row per enterprise, and each index costs it. Nor does a foreign key check
    # the author of each version at COMMIT (a second for 100,000 rows): the author comes
    # from the request or the importer's actor, and Django still sets a deleted account's
    # versions to no author (on_delete SET_NULL), as before.
    history = HistoricalRecords(
        no_db_index=["uscc", "region", "industry"], user_db_constraint=False
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        # By place, then name: how offices file them, and an index range for every scope.
        ordering = ["region_id", "name", "id"]
        indexes = [
            models.Index(fields=["region", "status"], name="enterprise_region_status"),
            models.Index(fields=["industry", "region"], name="enterprise_industry_region"),
            # The list's order: a scoped list's first page is a range read of this index.
            models.Index(fields=["region", "name", "id"], name="enterprise_region_name_id"),
            # A draw's eligibility in id order without touching the wide rows: SQLite looks
            # candidates up here, PostgreSQL merges it with the product links (index only).
            models.Index(
                fields=["id", "region", "status", "risk_class"], name="enterprise_draw_pool"
            ),
        ]
        permissions = [
            ("view_history", _("Can view the change history of enterprises")),
            ("export_credit_report", _("Can export the credit report of an enterprise")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = dates_not_in_future(
            self,
            {
                "established_on": _("The establishment date"),
                "cqo_trained_on": _("The training date"),
            },
        )
        established, trained = self.established_on, self.cqo_trained_on
        if established and trained and trained < established and "cqo_trained_on" not in errors:
            errors["cqo_trained_on"] = _(
                "The training date lies before the enterprise was established."
            )
        if trained and not (self.chief_quality_officer or "").strip():
            errors.setdefault("cqo_trained_on", _("A training date needs a chief quality officer."))
        if errors:
            raise ValidationError(errors)


class Product(models.Model):
    """A product or product category of the key-product catalogue (重点工业产品目录).

    Categories have no parent; products hang under one. The flags say which products need a
    CCC certificate or a production licence, and which are food (their pass rate is reported
    apart). The catalogue is data (enterprises/data/products.yaml) that an operator extends.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    requires_ccc = models.BooleanField(_("requires CCC"), default=False)
    requires_licence = models.BooleanField(_("requires production licence"), default=False)
    is_food = models.BooleanField(_("food"), default=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class EnterpriseProductQuerySet(JurisdictionQuerySet):
    region_field = "enterprise__region"


class EnterpriseProduct(models.Model):
    """An enterprise makes a product of the catalogue."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="products",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="makers"
    )
    history = HistoricalRecords()

    objects = EnterpriseProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product made")
        verbose_name_plural = _("products made")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "product"], name="enterprise_product_unique"
            )
        ]
        indexes = [models.Index(fields=["product", "enterprise"], name="product_maker")]

    def __str__(self):
        return f"{self.enterprise} — {self.product}"
