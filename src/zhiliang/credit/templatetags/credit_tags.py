"""Sections other apps' pages show: `{% credit_section enterprise %}` on the enterprise
page, `{% credit_steering plan %}` on a sampling plan. Each answers nothing to a user
without the right to see classes (classes are never public)."""

from django import template

from zhiliang.credit import rules, selectors

register = template.Library()


@register.inclusion_tag("credit/_enterprise_credit.html", takes_context=True)
def credit_section(context, enterprise):
    user = context["request"].user
    return {"credit": selectors.enterprise_credit(user=user, enterprise=enterprise)}


@register.inclusion_tag("credit/_plan_steering.html", takes_context=True)
def credit_steering(context, plan):
    user = context["request"].user
    if not user.has_perm("credit.view_creditclass"):
        return {"rows": None}
    return {"rows": selectors.steering(plan=plan), "source": rules.steering()["source"]}
