"""`{% serious_flag enterprise %}`: the enterprise's file flags a listing on the
serious-violation list (one of the listing's measures, `selectors.listing_measures`)."""

from django import template

from zhiliang.penalties.selectors import listing_measures

register = template.Library()


@register.inclusion_tag("penalties/_serious_flag.html", takes_context=True)
def serious_flag(context, enterprise):
    """The flag, and for who may propose a listing (not already listed) the way to do it."""
    measures = listing_measures(enterprise=enterprise)
    perms = context.get("perms")
    may = bool(perms and "penalties.add_seriousviolation" in perms) and not measures.get("listed")
    return {"measures": measures, "perms": perms, "enterprise": enterprise, "may_propose": may}
