"""Formsets accept only their own rows: a row posted with the id of any other object (another
group's result, a row removed meanwhile) is refused with a form error, instead of Django's
default of saving it as a new row of this form."""

from django.core.exceptions import ValidationError

FOREIGN_ROW = (
    "A row of this form is not one of its own rows (it may have been removed): reload the page."
)


class OwnRowsFormSetMixin:
    """For model formsets: the hidden id of every row must be one of the formset's objects."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self.model._meta.pk.name)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = self.get_queryset()
            field.error_messages = {**field.error_messages, "invalid_choice": FOREIGN_ROW}

    def clean(self):
        super().clean()
        pk_name = self.model._meta.pk.name
        if any(pk_name in getattr(form, "_errors", None) or {} for form in self.forms):
            raise ValidationError(FOREIGN_ROW, code="foreign_row")
