"""The one jurisdiction mechanism: `Model.objects.visible_to(user)`.

API views, admin, pages and exports all start from it, so a record outside the
user's region subtree can never be listed, read, changed or exported.
"""

from django.db import models


class JurisdictionQuerySet(models.QuerySet):
    # Path from the model to its Region foreign key.
    region_field = "region"
    # Business records are closed to the three administrator roles (三员分立).
    business_data = True

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if self.business_data and not user.reads_business_data:
            return self.none()
        region = user.jurisdiction
        if region is None:
            return self.none()
        return self.in_region(region.code)

    def managed_by(self, user):
        """What the user may change: records within the jurisdiction. Models whose
        `visible_to` reaches further (published results ranked above) keep writes here."""
        return JurisdictionQuerySet.visible_to(self, user)

    def in_region(self, code: str):
        from zhiliang.core.models.regions import subtree_ids

        # Region ids follow their codes, so a subtree is a range on the foreign key
        # itself: no join, no subquery, one index range scan.
        return self.filter(**{f"{self.region_field}__id__range": subtree_ids(code)})


class ReferenceQuerySet(JurisdictionQuerySet):
    """Organisations and accounts: scoped by region, readable by administrators too."""

    business_data = False


class ReachesUpQuerySet(JurisdictionQuerySet):
    """Records a whole region runs (a city's survey or campaign) that the offices below it
    read too: visible within the jurisdiction and on the regions above it. Writes stay
    within the jurisdiction (`managed_by`); what lies in a sibling region stays missing."""

    def visible_to(self, user):
        within = super().visible_to(user)
        if user is None or not user.is_authenticated or not user.is_active:
            return within
        region = user.jurisdiction
        if region is None or (self.business_data and not user.reads_business_data):
            return within
        above = [region.code[:n] for n in (2, 4, 6) if n < len(region.code)]
        return within | self.filter(**{f"{self.region_field}__code__in": above})
