"""The case engine's scoped querysets: a case by its region, its records by their case's."""

from zhiliang.core.querysets import JurisdictionQuerySet


class CaseQuerySet(JurisdictionQuerySet):
    region_field = "region"


class OfCaseQuerySet(JurisdictionQuerySet):
    region_field = "case__region"
