from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiliang.core.choices import RegionLevel


def prefix_range(code: str) -> tuple[str, str]:
    """Bounds of the codes that start with `code`, as an indexable range.

    Codes are digits, and ':' sorts right after '9', so [code, code + ':') holds
    exactly the subtree on both SQLite and PostgreSQL, using the plain b-tree index.
    """
    return code, code + ":"


class RegionQuerySet(models.QuerySet):
    def subtree(self, code: str):
        low, high = prefix_range(code)
        return self.filter(code__gte=low, code__lt=high)

    def ancestors_of(self, code: str):
        return self.filter(code__in=[code[:n] for n in (2, 4, 6, 9) if n < len(code)])

    def visible_to(self, user):
        """A user's subtree, plus its ancestors so that paths can be shown."""
        region = getattr(user, "jurisdiction", None) if user else None
        if region is None:
            return self.none()
        low, high = prefix_range(region.code)
        codes = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
        return self.filter(models.Q(code__gte=low, code__lt=high) | models.Q(code__in=codes))


class Region(models.Model):
    """An administrative division (GB/T 2260 and NBS township codes); the code prefix is
    the ancestry: 32 江苏省 → 3204 常州市 → 320412 武进区 → 320412001 湖塘镇."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.code)
