"""Forms of the staff pages (review actions, comments, periods, memberships, extensions)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Role
from ssc_reports.models.review import Section


class _Form(forms.Form):
    # The review page shows several of these forms at once: each has ids of its own
    # (`id_<id_prefix>_<field>`), so no two fields share an id or a label.
    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReasonForm(_Form):
    id_prefix = "decision"
    reason = forms.CharField(
        label=_("Reason (the group reads it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class CommentForm(_Form):
    id_prefix = "comment"
    section = forms.ChoiceField(choices=Section.choices)
    item = forms.ChoiceField(
        label=_("On (optional)"),
        required=False,
        help_text=_("One target or activity of the section."),
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, targets=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole section"))]
        choices += [(f"target:{t.pk}", _("Target %(code)s") % {"code": t.code}) for t in targets]
        choices += [
            (f"activity:{a.pk}", _("Activity %(activity)s") % {"activity": a}) for a in activities
        ]
        self.fields["item"].choices = choices
        self._targets = {t.pk: t for t in targets}
        self._activities = {a.pk: a for a in activities}

    def clean(self):
        data = super().clean()
        data["target"] = data["activity"] = None
        item = data.get("item") or ""
        if item.startswith("target:"):
            data["target"] = self._targets.get(int(item.split(":", 1)[1]))
        elif item.startswith("activity:"):
            data["activity"] = self._activities.get(int(item.split(":", 1)[1]))
        return data


class PeriodForm(_Form):
    label = forms.RegexField(
        regex=r"^[0-9]{4}-[0-9]{4}$",
        max_length=9,
        help_text=_("e.g. 2025-2026"),
        error_messages={"invalid": "A period label looks like 2025-2026."},
    )
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    submission_deadline = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class MemberForm(_Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.PROGRAMME_OFFICER)


class ExtensionForm(_Form):
    id_prefix = "extension"
    until = forms.DateField(
        label=_("Extend editing until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="Reason for the extension", required=False, max_length=2000)
