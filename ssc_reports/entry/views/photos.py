"""The report's photographs: upload, caption, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ssc_reports.entry import services
from ssc_reports.entry.forms import (
    PhotoEditForm,
    PhotoForm,
)
from ssc_reports.entry.views.base import (
    EditSectionView,
    ReportActionView,
)
from ssc_reports.models import Photo
from ssc_reports.ordering import sort_photos


class PhotoListView(EditSectionView):
    """The report's photos, and a form to add one."""

    template_name = "entry/photos.html"
    section = "photos"
    success_message = _("Photo added.")

    def get_forms(self, data=None, files=None):
        return {"form": PhotoForm(data, files, instance=Photo(report=self.report))}

    def save_forms(self, forms):
        photo = forms["form"].save(commit=False)
        photo.order = Photo.objects.filter(report=self.report).count()
        photo.save()

    def get_context_data(self, **kwargs):
        photos = sort_photos(Photo.objects.filter(report=self.report))
        return super().get_context_data(photos=photos, **kwargs)


class PhotoEditView(EditSectionView):
    template_name = "entry/photo_form.html"
    section = "photos"
    success_message = _("Photo saved.")
    conflict_fields = ("caption", "credit")

    @cached_property
    def photo(self):
        return get_object_or_404(Photo.objects.filter(report=self.report), pk=self.kwargs["pk"])

    def get_forms(self, data=None, files=None):
        return {"form": PhotoEditForm(data, instance=self.photo)}

    def get_versioned(self):
        return self.photo

    def save_forms(self, forms):
        forms["form"].save()

    def get_success_url(self):
        return self.report_url("photos")

    def get_context_data(self, **kwargs):
        return super().get_context_data(photo=self.photo, **kwargs)


class PhotoDeleteView(ReportActionView):
    def act(self):
        photo = get_object_or_404(Photo.objects.filter(report=self.report), pk=self.kwargs["pk"])
        services.delete_photo(photo=photo, by=self.request.user)
        messages.success(self.request, _("Photo deleted."))
        return redirect(self.report_url("photos"))
