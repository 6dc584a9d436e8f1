"""The planning forms. Plain forms: the services write (they check the lock and the scope);
the forms read and check what was typed, each error beside its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ssc_reports.richtext import RichTextLimits
from targets.models import KSR, Component, Quadrennium, Region

DRAFT_ATTRS = {"data-draft": "true", "rows": 6}


def _styled(form: forms.Form) -> None:
    """Bootstrap's classes on every control (the templates write labels and errors)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class PlanTextsForm(StyledForm):
    mission = forms.CharField(
        label=_("Mission"),
        required=False,
        widget=forms.Textarea(attrs=DRAFT_ATTRS),
        validators=[RichTextLimits("Mission")],
        help_text=_("The group's mission for the quadrennium. Markdown subset."),
    )
    projected_impact = forms.CharField(
        label=_("Projected impact"),
        required=False,
        widget=forms.Textarea(attrs=DRAFT_ATTRS),
        validators=[RichTextLimits("Projected impact")],
        help_text=_("What the group expects to achieve by the end of the quadrennium."),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The page was sent incomplete: reload it and make your change again."),
            "invalid": _("The page was sent incomplete: reload it and make your change again."),
        },
    )


class PlannedTargetForm(StyledForm):
    component = forms.ChoiceField(
        label=_("Component"), choices=[("", _("Choose a component")), *Component.choices]
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the group will achieve, e.g. “Assess all small mammal species”."),
    )
    ksr = forms.ModelChoiceField(
        label=_("Main KSR"),
        queryset=KSR.objects.none(),
        empty_label=_("Choose a KSR"),
        help_text=_("The Key Species Result the target mainly serves, of its component."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, quadrennium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksr"].queryset = KSR.objects.filter(quadrennium=quadrennium).order_by("number")
        self.fields["ksr"].label_from_instance = lambda ksr: (
            f"{ksr} ({ksr.get_component_display()})"
        )

    def clean(self):
        data = super().clean()
        ksr, component = data.get("ksr"), data.get("component")
        if ksr is not None and component and ksr.component != component:
            self.add_error(
                "ksr",
                _("KSR %(number)s belongs to %(component)s, not to the target's component.")
                % {"number": ksr.number, "component": ksr.get_component_display()},
            )
        return data


class ReturnForm(StyledForm):
    reason = forms.CharField(
        label=_("Why is the plan returned?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(StyledForm):
    reason = forms.CharField(
        label=_("Why is the approved plan reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reopen_%s")  # beside the other forms of the page
        super().__init__(*args, **kwargs)


class CommentForm(StyledForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ExtensionForm(StyledForm):
    until = forms.DateField(
        label=_("Extend editing until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: remove the extension."),
    )


class DeadlineForm(StyledForm):
    deadline = forms.DateField(
        label=_("Planning deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Last day groups may edit and submit their plans; empty: no deadline."),
    )


class OpenQuadrenniumForm(StyledForm):
    label = forms.CharField(label=_("Label"), max_length=9, help_text=_("e.g. 2026-2029"))
    start = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    copy_from = forms.ModelChoiceField(
        label=_("Copy the reference data of"),
        queryset=Quadrennium.objects.order_by("-start"),
        to_field_name="label",
        required=False,
        empty_label=_("Nothing (start empty)"),
    )
    deadline = forms.DateField(
        label=_("Planning deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Last day groups may edit and submit their plans."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = Quadrennium.objects.order_by("-start").first()
        if latest is not None:
            self.initial.setdefault("copy_from", latest.label)
