"""The bases of the site's own forms: a named empty choice, and Bootstrap classes; and the
look-ups of a typed region code or USCC inside the user's jurisdiction."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region

CHOOSE = _("— choose —")
_DASHES = "---------"  # Django's empty choice: a clerk reads it as a broken list


def name_empty_choices(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == _DASHES:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if ("", _DASHES) in choices:
                field.choices = [("", CHOOSE) if c == ("", _DASHES) else c for c in choices]


class Form(forms.Form):
    """A plain form whose empty choices say 请选择."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_empty_choices(self)

    def service_data(self) -> dict:
        """What the service is given: the cleaned data; a form that converts (a USCC to its
        enterprise, a code to its region) says so in its own `service_data`."""
        return self.cleaned_data


class StyledForm(Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


class RegionCodeForm(StyledForm):
    """A new record of one region, typed as `region_code` (the subclass declares the field
    where it stands on the page): checked inside the actor's jurisdiction, given to the
    service as `region`; the empty form starts from the user's own jurisdiction."""

    prefill_region = True

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        jurisdiction = getattr(actor, "jurisdiction", None)
        if self.prefill_region and not self.is_bound and jurisdiction is not None:
            self.initial.setdefault("region_code", jurisdiction.code)

    def clean_region_code(self):
        return region_in_jurisdiction(self.actor, self.cleaned_data.get("region_code"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = data.pop("region_code")
        return data


def region_in_jurisdiction(actor, code: str | None, *, optional: bool = False):
    """The region a typed code names, inside the actor's jurisdiction; else the field's
    error. Regions are public reference data, so the message may name the one found."""
    code = (code or "").strip()
    if not code and optional:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise forms.ValidationError(gettext("There is no region with code %(c)s.") % {"c": code})
    if not in_jurisdiction(actor, region):
        raise forms.ValidationError(
            gettext("Region %(c)s %(n)s lies outside your jurisdiction.")
            % {"c": region.code, "n": region.name}
        )
    return region


def catalogue_product(code: str | None, products: dict | None = None):
    """The product (a leaf of the catalogue) a typed code names; else the field's error.
    Forms and serializers alike (DRF reports Django's ValidationError on the field);
    `products` (code → product) is an importer's look-up made once for the whole file."""
    from zhiliang.enterprises.models import Product

    code = (code or "").strip()
    if products is not None:
        product = products.get(code)
    else:
        product = Product.objects.filter(code=code, parent__isnull=False).first()
    if product is None:
        raise forms.ValidationError(
            gettext("%(c)s is not a product code of the catalogue.") % {"c": code}
        )
    return product


def enterprise_in_jurisdiction(actor, uscc: str | None, *, required: bool = False):
    """The enterprise a typed USCC names, or None for an empty field (unless `required`);
    one in another district reads as unknown, in the same words."""
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.enterprises.uscc import normalize

    code = normalize(uscc or "")
    if not code and not required:
        return None
    enterprise = Enterprise.objects.visible_to(actor).filter(uscc=code).first()
    if enterprise is None:
        raise forms.ValidationError(
            gettext("No enterprise with USCC %(c)s in your jurisdiction.") % {"c": code}
        )
    return enterprise
