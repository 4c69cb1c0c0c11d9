"""`{% serious_flag enterprise %}`: the enterprise's file flags a listing on the
serious-violation list (one of the listing's measures, `selectors.listing_measures`)."""

from django import template

from zhiliang.penalties.selectors import listing_measures

register = template.Library()


@register.inclusion_tag("penalties/_serious_flag.html", takes_context=True)
def serious_flag(context, enterprise):
    return {"measures": listing_measures(enterprise=enterprise), "perms": context.get("perms")}
