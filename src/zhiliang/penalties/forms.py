from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.penalties.choices import ENDED, PenaltyStatus


class OverturnForm(forms.Form):
    status = forms.ChoiceField(
        label=_("what happened to the decision"),
        choices=[(s.value, s.label) for s in PenaltyStatus if s in ENDED],
        initial=PenaltyStatus.OVERTURNED,
    )
    on = forms.DateField(label=_("on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=255)


class RemoveForm(forms.Form):
    on = forms.DateField(label=_("removed on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason for removal"), max_length=255)
