"""One form per report screen. Crispy FormHelper(form_tag=False): the template owns <form>,
the CSRF token and the formsets' management forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityCategory, Indicator, Result
from activities.services import clean_text, proposal_problem
from groups.models import Group, Officer, Role
from ssc_reports.entry.formsets import OwnRowsFormSetMixin
from ssc_reports.entry.numbers import TypedNumberField
from ssc_reports.entry.services import fingerprint
from ssc_reports.images import CleanImageField, validate_image_file
from ssc_reports.models import Photo, Report
from ssc_reports.richtext import RichTextarea
from targets.models import KSR, Component, Region, Status, Target

IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"
NOT_AN_IMAGE = _("The file is not a readable PNG, JPEG or WebP image.")


class ImageInput(forms.ClearableFileInput):
    """An image field as people expect it: with an image already saved, a thumbnail of it
    (through the permission-checked media URL), the file input to replace it and a "Remove"
    box when the field is optional; never the file's storage name. `what` names the image in
    the labels ("logo", "photo")."""

    template_name = "entry/widgets/image_input.html"

    def __init__(self, attrs=None, *, what=None):
        super().__init__(attrs={"accept": IMAGE_ACCEPT, **(attrs or {})})
        self.what = what or gettext_lazy("image")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["current_alt"] = gettext("Current %(what)s") % {"what": self.what}
        context["widget"]["remove_label"] = gettext("Remove the %(what)s") % {"what": self.what}
        return context


def replace_label(field, what) -> None:
    """With an image saved, the file input's label says that choosing a file replaces it."""
    field.label = gettext("Replace the %(what)s") % {"what": what}


def _image_field(field) -> None:
    """Real images within the import's limits only, with a message saying what is accepted."""
    field.validators = [validate_image_file]
    field.error_messages["invalid_image"] = NOT_AN_IMAGE


DRAFT_ATTRS = {"data-draft": "true", "rows": 6}


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class VersionedFormMixin:
    """Adds the hidden `version` the row had when the form was loaded."""

    def add_version_field(self, *, guard: tuple[str, ...] = ()) -> None:
        """`guard`: the fields this form owns on a row other sections also edit; their
        fingerprint lets a save go through when only another section changed the row."""
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        else:
            self.fields["version"].required = False
        if guard:
            self.fields["fingerprint"] = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=64
            )
            self.initial.setdefault(
                "fingerprint", fingerprint([getattr(self.instance, name) for name in guard])
            )


class LinesField(forms.CharField):
    """A list of web addresses typed one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        check = URLValidator(schemes=["http", "https"])
        bad = []
        for line in value:
            try:
                check(line)
            except ValidationError:
                bad.append(line)
        if bad:
            raise ValidationError(
                _("Not a web address starting with https:// or http://: %(lines)s"),
                params={"lines": ", ".join(bad)},
                code="invalid",
            )


class GroupInfoForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    social_links = LinesField(
        required=False,
        label=_("Social links"),
        help_text=_("One address per line, e.g. https://www.facebook.com/yourgroup"),
    )
    members_count = TypedNumberField(
        whole=True, min_value=0, required=False, label=_("Number of members")
    )

    class Meta:
        model = Group
        fields = ["mission", "members_count", "website", "social_links", "logo"]
        field_classes = {"logo": CleanImageField}
        labels = {"mission": _("Mission statement"), "members_count": _("Number of members")}
        widgets = {
            "mission": RichTextarea(attrs=DRAFT_ATTRS),
            "logo": ImageInput(what=gettext_lazy("logo")),
        }
        help_texts = {
            "mission": _("Markdown subset: *italic*, **bold**, lists and links."),
            "logo": _("PNG, JPEG or WebP, at most 10 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        self.helper = _helper()
        _image_field(self.fields["logo"])
        if self.instance.logo:
            replace_label(self.fields["logo"], gettext("logo"))


class OfficerForm(forms.ModelForm):
    order = TypedNumberField(whole=True, min_value=0, required=False, label=_("Order"))

    class Meta:
        model = Officer
        fields = ["name", "role", "title", "affiliation", "photo", "order"]
        field_classes = {"photo": CleanImageField}
        widgets = {"photo": ImageInput(what=gettext_lazy("photo"))}
        help_texts = {"title": _("Shown instead of the role, e.g. 'Conservation Coordinator'.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _image_field(self.fields["photo"])
        if self.instance.photo:
            replace_label(self.fields["photo"], gettext("photo"))
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Lower numbers are listed first.")
        self.helper = _helper()
        self.helper.render_unmentioned_fields = True  # the formset's id, group and DELETE
        self.helper.layout = Layout(
            Row(
                Column("name", css_class="col-md-4"),
                Column("role", css_class="col-md-4"),
                Column("title", css_class="col-md-4"),
            ),
            Row(
                Column("affiliation", css_class="col-md-5"),
                Column("photo", css_class="col-md-5"),
                Column("order", css_class="col-md-2"),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.OTHER and not cleaned.get("title"):
            self.add_error("title", _("An officer with the role 'Other' needs a title."))
        if cleaned.get("order") is None:
            cleaned["order"] = 0
        return cleaned


class RemovableRowsFormSet(OwnRowsFormSetMixin, forms.BaseInlineFormSet):
    """The DELETE box reads "Remove this <row>" (static/js/formset.js greys the row out)."""

    delete_label = _("Remove this row")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label


class BaseOfficerFormSet(RemovableRowsFormSet):
    delete_label = _("Remove this officer")


OfficerFormSet = forms.inlineformset_factory(
    Group, Officer, form=OfficerForm, formset=BaseOfficerFormSet, extra=0, can_delete=True
)


class ProjectedImpactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["projected_impact"]
        widgets = {"projected_impact": RichTextarea(attrs={**DRAFT_ATTRS, "rows": 10})}
        labels = {"projected_impact": _("Projected impact for the quadrennium")}
        help_texts = {
            "projected_impact": _(
                "The impact on species conservation expected from your targets. "
                "Markdown subset: *italic*, **bold**, lists and links."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(guard=tuple(self.Meta.fields))
        self.helper = _helper()


class AcknowledgementsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["acknowledgements"]
        widgets = {"acknowledgements": RichTextarea(attrs={**DRAFT_ATTRS, "rows": 8})}
        help_texts = {
            "acknowledgements": _(
                "Funding agencies, partners and people who contributed. "
                "Markdown subset: *italic*, **bold**, lists and links."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(guard=tuple(self.Meta.fields))
        self.helper = _helper()


class PdfLanguageForm(forms.ModelForm):
    """The language of the stand-alone PDF's fixed labels (entry/views/submit.py)."""

    class Meta:
        model = Report
        fields = ["pdf_language"]
        widgets = {"pdf_language": forms.Select(attrs={"class": "form-select"})}


class TargetForm(VersionedFormMixin, forms.ModelForm):
    status = forms.ChoiceField(
        choices=[("", _("Not set yet")), *Status.choices],
        required=False,
        label=_("Status this period"),
    )
    loaded_status = forms.ChoiceField(
        choices=[("", "")] + list(Status.choices), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Target
        fields = ["code", "component", "title", "regions"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "regions": forms.CheckboxSelectMultiple,
            "code": forms.TextInput(attrs={"placeholder": "T-001", "autocomplete": "off"}),
        }
        help_texts = {"code": _("T- and three digits, unique within your group's targets.")}

    def __init__(self, *args, report: Report, status: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if not self.instance.pk:
            self.instance.group = report.group
            self.instance.quadrennium = report.period.quadrennium
        self.add_version_field()
        self.fields["regions"].queryset = Region.objects.all()
        self.fields["status"].label = _("Status in %(period)s") % {"period": report.period}
        self.initial.setdefault("status", status)
        self.initial.setdefault("loaded_status", status)
        if not self.instance.pk and not self.initial.get("code"):
            self.initial["code"] = next_target_code(report)
        self.helper = _helper()

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        clash = Target.objects.filter(
            group=self.instance.group, quadrennium=self.instance.quadrennium, code=code
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Your group already has a target %(code)s.") % {"code": code})
        return code

    def clean_component(self):
        component = self.cleaned_data["component"]
        if (
            self.instance.pk
            and component != self.instance.component
            and self.instance.activities.exists()
        ):
            raise ValidationError(
                _(
                    "This target has activities under its current component; it cannot change "
                    "component. Retire it and add a new target instead."
                )
            )
        return component

    def validate_unique(self):  # clean_code checks the one unique constraint with a message
        pass


def next_target_code(report: Report) -> str:
    codes = Target.objects.of_report(report).values_list("code", flat=True)
    numbers = [int(code[2:]) for code in codes if code[2:].isdigit()]
    return f"T-{(max(numbers, default=0) + 1):03d}"


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["category", "ksr", "ssc_grant_awarded"]
        labels = {"category": _("Activity category"), "ksr": _("Key Species Result (KSR)")}
        help_texts = {
            "ksr": _("The KSR the activity mainly contributes to."),
            "ssc_grant_awarded": _("Tick if an SSC grant funded this activity."),
        }

    def __init__(self, *args, report: Report, target: Target, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.report = report
            self.instance.target = target
        self.add_version_field()
        self.fields["category"].queryset = (
            ActivityCategory.objects.filter(
                quadrennium=report.period.quadrennium_id, component=target.component
            )
            .filter(Q(retired=False) | Q(pk=self.instance.category_id))
            .order_by("name")
        )
        self.fields["category"].empty_label = _("Choose a category")
        self.fields["category"].label_from_instance = lambda category: category.name
        self.fields["ksr"].queryset = KSR.objects.filter(
            quadrennium=report.period.quadrennium, component=target.component
        ).order_by("number")
        self.fields["ksr"].empty_label = _("Choose a KSR")
        self.fields["ksr"].label_from_instance = lambda ksr: str(ksr)
        self.helper = _helper()


class IndicatorSelect(forms.Select):
    """Options carry the indicator's category, kind and definition for static/js/results.js."""

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        indicator = self.indicators.get(key)
        if indicator is not None:
            option["attrs"]["data-category"] = indicator.category_id or ""
            option["attrs"]["data-kind"] = indicator.kind
            option["attrs"]["data-definition"] = indicator.definition
        return option


class PreloadedChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.preloaded.values():
            yield self.choice(obj)
        if self.field.extra_choice:
            yield self.field.extra_choice

    def __len__(self):
        return (
            len(self.field.preloaded)
            + (self.field.empty_label is not None)
            + bool(self.field.extra_choice)
        )


class PreloadedModelChoiceField(forms.ModelChoiceField):
    """Choices from objects loaded once for a whole formset, so that rendering or
    validating many rows costs no query per row."""

    iterator = PreloadedChoiceIterator

    def __init__(self, *args, preloaded: dict, extra_choice=None, **kwargs):
        self.preloaded = preloaded
        self.extra_choice = extra_choice  # (value, label) offered last, returned as is
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.extra_choice and value == self.extra_choice[0]:
            return value
        try:
            return self.preloaded[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


PROPOSE = "propose"
PROPOSE_LABEL = _("None fits: propose a new indicator…")


class ResultForm(forms.ModelForm):
    """One result. When no indicator fits, the officer picks the last option and writes the
    indicator they propose (and whether its result is a number or a text): the view then
    creates it for the group (activities.services.propose_indicator)."""

    value_number = TypedNumberField(
        required=False, max_digits=15, decimal_places=3, label=_("Result (a number)")
    )
    value_text = forms.CharField(
        required=False, label=_("Result (a text)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_indicator_text = forms.CharField(
        required=False,
        max_length=400,
        label=_("Proposed indicator"),
        help_text=_(
            "What you measured or achieved, e.g. “Number of nest boxes installed”. "
            "Your group can use it at once; SSC staff review it for the catalogue."
        ),
    )
    new_indicator_kind = forms.ChoiceField(
        required=False,
        choices=[
            (Indicator.Kind.QUANTITATIVE, _("a number")),
            (Indicator.Kind.QUALITATIVE, _("a text")),
        ],
        initial=Indicator.Kind.QUANTITATIVE,
        widget=forms.RadioSelect,
        label=_("Its result is"),
    )
    field_order = [
        "indicator",
        "new_indicator_text",
        "new_indicator_kind",
        "value_number",
        "value_text",
        "description",
    ]

    class Meta:
        model = Result
        fields = ["indicator", "value_number", "value_text", "description"]
        widgets = {"description": RichTextarea(attrs={**DRAFT_ATTRS, "rows": 4})}
        labels = {"description": _("Result description")}
        help_texts = {"description": _("Markdown subset: *italic*, **bold**, lists and links.")}

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = indicators or {}
        old = self.fields["indicator"]
        field = self.fields["indicator"] = PreloadedModelChoiceField(
            queryset=Indicator.objects.none(),
            preloaded=indicators,
            extra_choice=(PROPOSE, PROPOSE_LABEL),
            required=False,
            label=old.label,
            empty_label=_("Choose an indicator"),
            help_text=_(
                "Only the indicators of the activity's category are offered. If none "
                "fits, choose the last option to propose one."
            ),
            widget=IndicatorSelect(indicators=indicators, attrs={"data-indicator": "true"}),
        )
        field.widget.choices = field.choices
        self.fields["new_indicator_text"].widget.attrs["data-proposal"] = "true"
        self.fields["new_indicator_kind"].widget.attrs["data-proposal-kind"] = "true"
        if self.instance.pk and self.instance.value_number is not None:
            self.initial["value_number"] = self.instance.value
        self.proposal = None  # (text, kind) when the officer proposes an indicator
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        number, text = cleaned.get("value_number"), (cleaned.get("value_text") or "").strip()
        kind = None
        if indicator == PROPOSE:
            del cleaned["indicator"]  # the view sets the proposed indicator before saving
            proposed = clean_text(cleaned.get("new_indicator_text", ""))
            kind = cleaned.get("new_indicator_kind") or Indicator.Kind.QUANTITATIVE
            if not proposed:
                self.add_error(
                    "new_indicator_text", _("Write the indicator you propose, or choose one above.")
                )
            else:
                self.proposal = (proposed, kind)
        elif indicator is None:
            if "indicator" not in self.errors:
                self.add_error(
                    "indicator", _("Choose an indicator, or the last option to propose one.")
                )
            return cleaned
        else:
            kind = indicator.kind
        if kind == Indicator.Kind.QUANTITATIVE:
            if number is None and "value_number" not in self.errors:
                self.add_error("value_number", _("This indicator needs a number."))
            cleaned["value_text"] = None
        else:
            if not text:
                self.add_error("value_text", _("This indicator needs a text."))
            cleaned["value_text"] = text
            cleaned["value_number"] = None
        return cleaned


def _content_changed(form) -> bool:
    """Whether the row changes the result itself (the proposal fields beside it do not)."""
    return bool(set(form.changed_data) & set(form._meta.fields))


class BaseResultFormSet(RemovableRowsFormSet):
    delete_label = _("Remove this result")

    def __init__(self, *args, indicators=None, group=None, **kwargs):
        self.indicators = indicators or {}
        self.group = group
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "indicators": self.indicators}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            indicators=self.indicators,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        category_id = self.instance.category_id
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            indicator = form.cleaned_data.get("indicator")
            if indicator and category_id and indicator.category_id not in (None, category_id):
                form.add_error(
                    "indicator", _("This indicator belongs to another category than the activity.")
                )
            if form.proposal and category_id and self.group is not None:
                problem = proposal_problem(
                    group=self.group,
                    category=self.instance.category,
                    text=form.proposal[0],
                    offered=self.indicators.values(),
                )
                if problem:
                    form.add_error("new_indicator_text", problem)

    def proposals(self):
        """(form, text, kind) of every kept row that proposes an indicator."""
        return [
            (form, *form.proposal)
            for form in self.forms
            if getattr(form, "proposal", None) and not self._should_delete_form(form)
        ]

    def save(self, commit=True):
        results = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        # Only what changed is written: an unchanged result in its place gets no UPDATE and
        # no history row.
        for position, form in enumerate(self.ordered_kept_forms()):
            result = form.instance
            if result.pk and not _content_changed(form) and result.order == position:
                continue
            result.order = position
            result.activity = self.instance
            result.save()
        return results

    def ordered_kept_forms(self):
        return [
            form
            for form in self.forms
            if form.instance.pk or _content_changed(form)
            if not self._should_delete_form(form)
        ]


ResultFormSet = forms.inlineformset_factory(
    Activity, Result, form=ResultForm, formset=BaseResultFormSet, extra=0, can_delete=True
)


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "component"]
        field_classes = {"image": CleanImageField}
        widgets = {
            "image": ImageInput(what=gettext_lazy("photo")),
            "caption": RichTextarea(attrs={"rows": 2}, inline=True),
        }
        labels = {"component": _("Section")}
        help_texts = {
            "image": _("PNG, JPEG or WebP, at most 10 MB."),
            "caption": _("Inline Markdown: *italic*, **bold**, links."),
            "credit": _("The photographer, shown as 'Photo: A. Name'."),
            "component": _("The part of 'Activities and results' the photo illustrates."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [
            ("", _("General (no particular section)")),
            *Component.choices,
        ]
        if "image" in self.fields:
            _image_field(self.fields["image"])
        self.helper = _helper()


class PhotoEditForm(VersionedFormMixin, PhotoForm):
    class Meta(PhotoForm.Meta):
        fields = ["caption", "credit", "component"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
