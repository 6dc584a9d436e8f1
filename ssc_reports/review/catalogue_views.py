"""The staff catalogue pages (/staff/indicators/): the list with filters, the edit pages of an
indicator, a category and a KSR, the POST-only actions (accept, merge, retire, reinstate) and
the catalogue's history. 404 to anyone but staff. Each action calls one activities.services
function, then messages and redirects; a refused change says why and changes nothing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from activities import services
from activities.models import ActivityCategory, Indicator
from ssc_reports.review import catalogue
from ssc_reports.review.catalogue_forms import CategoryForm, IndicatorForm, KSRForm
from ssc_reports.review.staff_views import StaffOnlyMixin
from targets.models import KSR


class CatalogueView(StaffOnlyMixin, TemplateView):
    template_name = "review/staff/catalogue.html"

    def get_context_data(self, **kwargs):
        filters = catalogue.CatalogueFilter.from_query(self.request.GET)
        data = catalogue.catalogue(
            filters, quadrennium_label=(self.request.GET.get("quadrennium") or "").strip()
        )
        return super().get_context_data(
            catalogue=data,
            filters=filters,
            status_choices=catalogue.STATUS_CHOICES,
            kind_choices=catalogue.KIND_CHOICES,
            component_choices=catalogue.COMPONENT_CHOICES,
            **kwargs,
        )


class CatalogueHistoryView(StaffOnlyMixin, TemplateView):
    template_name = "review/staff/catalogue_history.html"

    def get_context_data(self, **kwargs):
        page = Paginator(catalogue.history(), 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, **kwargs)


class _EditView(StaffOnlyMixin, TemplateView):
    """GET shows the form; POST calls the service: a refused change comes back with the
    message beside its field and everything typed kept."""

    form_class = None
    success_message = ""

    def get_form(self, data=None):
        return self.form_class(data)

    def save(self, form):  # pragma: no cover - abstract
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                self.save(form)
            except services.CatalogueError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(reverse("staff:catalogue"))
        messages.error(request, _("Nothing was saved: please correct the fields marked below."))
        return self.render_to_response(self.get_context_data(form=form))


class IndicatorEditView(_EditView):
    template_name = "review/staff/indicator_form.html"
    success_message = _("Indicator saved.")

    @cached_property
    def indicator(self):
        return get_object_or_404(
            Indicator.objects.select_related(
                "category", "ksr", "proposed_by", "proposed_in__period", "merged_into"
            ),
            pk=self.kwargs["pk"],
        )

    def get_form(self, data=None):
        return IndicatorForm(data, indicator=self.indicator)

    def save(self, form):
        services.update_indicator(
            indicator=self.indicator, by=self.request.user, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        indicator = self.indicator
        targets = (
            Indicator.objects.filter(
                category_id=indicator.category_id, kind=indicator.kind, retired=False
            )
            .exclude(pk=indicator.pk)
            .order_by("-standard", "text")
        )
        return super().get_context_data(
            indicator=indicator,
            results_count=indicator.results.count(),
            merge_targets=targets,
            changes=catalogue.history(indicator=indicator),
            **kwargs,
        )


class CategoryEditView(_EditView):
    template_name = "review/staff/category_form.html"
    success_message = _("Category saved.")

    @cached_property
    def category(self):
        return get_object_or_404(ActivityCategory, pk=self.kwargs["pk"])

    def get_form(self, data=None):
        category = self.category
        initial = {
            "name": category.name,
            "definition": category.definition,
            "provisional": category.provisional,
        }
        return CategoryForm(data, initial=initial)

    def save(self, form):
        services.update_category(category=self.category, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        category = self.category
        return super().get_context_data(
            category=category,
            changes=catalogue.history(category=category),
            merge_targets=ActivityCategory.objects.filter(
                quadrennium=category.quadrennium_id, component=category.component, retired=False
            )
            .exclude(pk=category.pk)
            .order_by("name"),
            **kwargs,
        )


class KSREditView(_EditView):
    template_name = "review/staff/ksr_form.html"
    success_message = "KSR saved."

    @cached_property
    def ksr(self):
        return get_object_or_404(KSR.objects.select_related("quadrennium"), pk=self.kwargs["pk"])

    def get_form(self, data=None):
        ksr = self.ksr
        initial = {"title": ksr.title, "text": ksr.text, "title_provisional": ksr.title_provisional}
        return KSRForm(data, initial=initial)

    def save(self, form):
        services.update_ksr(ksr=self.ksr, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            ksr=self.ksr, changes=catalogue.history(ksr=self.ksr), **kwargs
        )


class _ActionView(StaffOnlyMixin, View):
    """POST-only: one service call, a message, back to where the action was started."""

    http_method_names = ["post"]
    model = Indicator

    def post(self, request, pk):
        obj = get_object_or_404(self.model, pk=pk)
        try:
            text = self.act(obj)
        except services.CatalogueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(self.back())

    def back(self) -> str:
        nxt = self.request.POST.get("next", "")
        if nxt.startswith("/staff/indicators/") and "//" not in nxt:
            return nxt
        return reverse("staff:catalogue")

    def act(self, obj) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class IndicatorAcceptView(_ActionView):
    def act(self, indicator):
        indicator = services.accept_indicator(indicator=indicator, by=self.request.user)
        return f"“{indicator.text}” is in the catalogue: every group can choose it."


class IndicatorMergeView(_ActionView):
    def act(self, indicator):
        into_id = self.request.POST.get("into", "")
        into = Indicator.objects.filter(pk=int(into_id)).first() if into_id.isdigit() else None
        if into is None:
            raise services.CatalogueError("Choose the indicator to merge into.")
        moved = services.merge_indicator(indicator=indicator, into=into, by=self.request.user)
        return (
            f"“{indicator.text}” merged into “{into.text}”: {moved} "
            f"result{'s' if moved != 1 else ''} moved."
        )


class IndicatorRetireView(_ActionView):
    def act(self, indicator):
        services.retire_indicator(indicator=indicator, by=self.request.user)
        return f"“{indicator.text}” is retired: no longer offered; old results keep it."


class IndicatorReinstateView(_ActionView):
    def act(self, indicator):
        services.reinstate_indicator(indicator=indicator, by=self.request.user)
        return f"“{indicator.text}” is offered again."


class CategoryRetireView(_ActionView):
    model = ActivityCategory

    def act(self, category):
        services.set_category_retired(category=category, retired=True, by=self.request.user)
        return _("The category “%(name)s” is retired: old activities keep it.") % {
            "name": category.name
        }


class CategoryMergeView(_ActionView):
    model = ActivityCategory

    def act(self, category):
        into_id = self.request.POST.get("into", "")
        into = (
            ActivityCategory.objects.filter(pk=int(into_id)).first() if into_id.isdigit() else None
        )
        if into is None:
            raise services.CatalogueError(_("Choose the category to merge into."))
        moved = services.merge_category(category=category, into=into, by=self.request.user)
        return ngettext(
            "The category “%(name)s” merged into “%(into)s”: %(count)d activity moved.",
            "The category “%(name)s” merged into “%(into)s”: %(count)d activities moved.",
            moved,
        ) % {"name": category.name, "into": into.name, "count": moved}


class CategoryReinstateView(_ActionView):
    model = ActivityCategory

    def act(self, category):
        services.set_category_retired(category=category, retired=False, by=self.request.user)
        return _("The category “%(name)s” is offered again.") % {"name": category.name}
