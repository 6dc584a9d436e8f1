"""Forms of the staff catalogue pages (/staff/indicators/). They only check what was typed;
activities.services decides whether the change is allowed and writes it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Indicator
from targets.models import KSR


class IndicatorForm(forms.Form):
    text = forms.CharField(max_length=400, label=_("Indicator"))
    definition = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to officers as help when they choose the indicator."),
    )
    ksr = forms.ModelChoiceField(
        queryset=KSR.objects.none(),
        required=False,
        label=_("KSR"),
        empty_label=_("Any KSR of its component"),
    )
    kind = forms.ChoiceField(choices=Indicator.Kind.choices, label=_("Its result is"))
    provisional = forms.BooleanField(
        required=False, help_text=_("Our wording, not SSC's: marked provisional for staff.")
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        ksrs = KSR.objects.all().order_by("number")
        if indicator.category_id:
            ksrs = ksrs.filter(component=indicator.category.component)
        if indicator.ksr_id:
            ksrs = ksrs.filter(quadrennium_id=indicator.ksr.quadrennium_id)
        self.fields["ksr"].queryset = ksrs
        self.fields["ksr"].label_from_instance = str
        if not self.is_bound:
            self.initial.update(
                text=indicator.text,
                definition=indicator.definition,
                ksr=indicator.ksr_id,
                kind=indicator.kind,
                provisional=indicator.provisional,
            )


class CategoryForm(forms.Form):
    name = forms.CharField(max_length=100)
    definition = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    provisional = forms.BooleanField(
        required=False, help_text=_("Our wording, not SSC's: marked provisional for staff.")
    )


class KSRForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Short title"))
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Full text")
    )
    title_provisional = forms.BooleanField(
        required=False,
        label=_("Provisional title"),
        help_text=_("Our wording, not SSC's: staff see it marked provisional, officers do not."),
    )
