"""Who reads the plans: the regions of the jurisdiction, and (任务分解) the regions below
the plan's region; reports and notices on a plan above only for the region's own units."""

from django.db.models import Q

from zhiliang.core.models.regions import subtree_ids
from zhiliang.core.querysets import JurisdictionQuerySet


class CascadeQuerySet(JurisdictionQuerySet):
    """Plans and their parts reach down (任务分解): a province's or city's plan is read by the
    regions below it, besides the plans of the user's own jurisdiction. Writes stay within
    the jurisdiction (`managed_by`)."""

    def visible_to(self, user):
        own = super().visible_to(user)
        region = getattr(user, "jurisdiction", None)
        if not own.query.is_empty() and region is not None:
            above = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
            own = self.filter(
                Q(**{f"{self.region_field}__id__range": subtree_ids(region.code)})
                | Q(**{f"{self.region_field}__code__in": above})
            )
        return own


class PlanQuerySet(CascadeQuerySet):
    pass


class PlanPartQuerySet(CascadeQuerySet):
    region_field = "plan__region"


class ReportQuerySet(JurisdictionQuerySet):
    """Reports (and notices) of the plans of the jurisdiction, and on the plans above it
    those of (addressed to) the jurisdiction's own units."""

    region_field = "plan__region"
    unit_field = "organization"

    def visible_to(self, user):
        own = super().visible_to(user)
        region = getattr(user, "jurisdiction", None)
        if own.query.is_empty() or region is None:
            return own
        span = subtree_ids(region.code)
        above = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
        return self.filter(
            Q(plan__region__id__range=span)
            | Q(plan__region__code__in=above, **{f"{self.unit_field}__region__id__range": span})
        )


class NoticeQuerySet(ReportQuerySet):
    unit_field = "to_organization"
