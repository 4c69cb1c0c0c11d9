from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiliang.core.choices import RegionLevel

LEVEL_OF_LENGTH = {2: 1, 4: 2, 6: 3, 9: 4}


def code_id(code: str) -> int:
    """A region's id: its code padded to nine digits, then its level (320412 → 3204120003).

    The level digit keeps apart the few codes that pad alike (东莞市 4419 and its
    pseudo-county 441900; county 350527 and township 350527000).
    """
    return int(code.ljust(9, "0")) * 10 + LEVEL_OF_LENGTH[len(code)]


def code_contains(outer: str, inner: str) -> bool:
    """Whether the region coded `outer` is, or lies above, the one coded `inner` (for
    codes stored without their region, as in a draw's recorded inputs)."""
    return inner.startswith(outer)


def subtree_ids(code: str) -> tuple[int, int]:
    """The region and everything below it as one id range: 3204 → [3204000002, 3204999999]."""
    return code_id(code), int(code.ljust(9, "9")) * 10 + 9


class RegionQuerySet(models.QuerySet):
    def subtree(self, code: str):
        return self.filter(id__range=subtree_ids(code))

    def ancestors_of(self, code: str):
        return self.filter(code__in=[code[:n] for n in (2, 4, 6, 9) if n < len(code)])

    def visible_to(self, user):
        """A user's subtree, plus its ancestors so that paths can be shown."""
        region = getattr(user, "jurisdiction", None) if user else None
        if region is None:
            return self.none()
        codes = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
        return self.filter(models.Q(id__range=subtree_ids(region.code)) | models.Q(code__in=codes))


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
        return code_contains(self.code, other.code)
