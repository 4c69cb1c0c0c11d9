"""Scoping of the standards registry. National, industry and group standards (no region) are
reference data every business user reads; a local standard belongs to its province or city
and is read below it; an enterprise's standard follows the enterprise's jurisdiction."""

from django.db.models import Q

from zhiliang.core.querysets import JurisdictionQuerySet, ReachesUpQuerySet


class ReferenceOrRegionQuerySet(ReachesUpQuerySet):
    """Visible: within the jurisdiction, on the regions above it, or of no region at all.
    Changed (`managed_by`): within the jurisdiction only (region-less records are guarded by
    their own permission in the services)."""

    def visible_to(self, user):
        scoped = super().visible_to(user)
        if not user or not user.is_authenticated or not user.is_active:
            return scoped
        if user.jurisdiction is None or not user.reads_business_data:
            return scoped
        return scoped | self.filter(Q(**{f"{self.region_field}__isnull": True}))


class StandardQuerySet(ReferenceOrRegionQuerySet):
    pass


class ReviewQuerySet(ReferenceOrRegionQuerySet):
    region_field = "standard__region"


class AdoptionQuerySet(ReferenceOrRegionQuerySet):
    pass


class EnterpriseStandardQuerySet(JurisdictionQuerySet):
    pass


class DraftingQuerySet(JurisdictionQuerySet):
    pass


class PilotQuerySet(ReachesUpQuerySet):
    """A city's demonstration zone is read by its districts too."""
