"""Targets: the list with this period's statuses (saved and confirmed from the list), adding,
editing, retiring, restoring and deleting a target."""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities.models import Activity
from ssc_reports.entry import services
from ssc_reports.entry.forms import (
    TargetForm,
)
from ssc_reports.entry.views.base import (
    EditSectionView,
    ReportActionView,
    ReportPageView,
)
from ssc_reports.ordering import sort_targets
from targets.models import Status, Target, TargetStatus


class TargetListView(ReportPageView):
    """The quadrennium's targets with this period's status; POST saves the statuses chosen
    in the list (compare-and-set on the status each select was loaded with)."""

    template_name = "entry/targets.html"
    section = "targets"

    def get_context_data(self, posted=None, **kwargs):
        report = self.report
        status_of, unconfirmed = {}, set()
        for target_id, status, confirmed in TargetStatus.objects.filter(report=report).values_list(
            "target_id", "status", "confirmed"
        ):
            status_of[target_id] = status
            if not confirmed:
                unconfirmed.add(target_id)
        targets = (
            Target.objects.of_report(report)
            .prefetch_related("regions")
            .annotate(
                activity_count=Count("activities", filter=Q(activities__report=report)),
                has_status=Exists(TargetStatus.objects.filter(target=OuterRef("pk"))),
                has_activity=Exists(Activity.objects.filter(target=OuterRef("pk"))),
            )
        )
        labels = dict(Status.choices)
        rows = []
        for target in sort_targets(targets):
            target.status = status_of.get(target.pk, "")
            target.status_label = labels.get(target.status, "")
            target.from_last_year = target.pk in unconfirmed
            target.chosen = (posted or {}).get(target.pk, target.status)
            rows.append(target)
        active = [t for t in rows if not t.retired]
        return super().get_context_data(
            active=active,
            retired=[t for t in rows if t.retired],
            status_choices=Status.choices,
            unconfirmed_count=sum(1 for t in active if t.from_last_year),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.require_edit()
        valid = set(Status.values) | {""}
        changes, posted = {}, {}
        for target_id in (
            Target.objects.of_report(self.report).filter(retired=False).values_list("pk", flat=True)
        ):
            new = request.POST.get(f"status-{target_id}")
            loaded = request.POST.get(f"loaded-{target_id}", "")
            if new is None:
                continue
            if new not in valid or loaded not in valid:
                return HttpResponseBadRequest("Unknown status.")
            posted[target_id] = new
            changes[target_id] = (loaded, new)
        try:
            changed = services.set_target_statuses(
                report=self.report, changes=changes, by=request.user
            )
        except services.StaleStatusesError as exc:
            messages.error(request, str(exc))
            context = self.get_context_data(posted=posted, stale=set(exc.target_ids))
            context["save_failed"] = True
            return self.render_to_response(context, status=409)
        messages.success(
            request,
            ngettext(
                "Statuses saved (%(count)d changed).",
                "Statuses saved (%(count)d changed).",
                changed,
            )
            % {"count": changed},
        )
        return redirect(self.report_url("targets"))


class ConfirmStatusesView(ReportActionView):
    """POST: confirm every status carried over from last year as this period's status."""

    def act(self):
        count = services.confirm_target_statuses(report=self.report, by=self.request.user)
        if count:
            messages.success(
                self.request,
                f"{count} status{'es' if count != 1 else ''} from last year confirmed for "
                f"{self.report.period}.",
            )
        else:
            messages.info(self.request, _("Every status was already confirmed for this period."))
        return redirect(self.report_url("targets"))


class TargetEditView(EditSectionView):
    template_name = "entry/target_form.html"
    section = "targets"
    success_message = _("Target saved.")
    conflict_fields = ("title",)

    @cached_property
    def target(self):
        if "pk" not in self.kwargs:
            return Target(group=self.group, quadrennium=self.report.period.quadrennium)
        return get_object_or_404(Target.objects.of_report(self.report), pk=self.kwargs["pk"])

    def get_forms(self, data=None, files=None):
        status = ""
        if self.target.pk:
            status = (
                TargetStatus.objects.filter(report=self.report, target=self.target)
                .values_list("status", flat=True)
                .first()
                or ""
            )
        return {"form": TargetForm(data, instance=self.target, report=self.report, status=status)}

    def get_versioned(self):
        return self.target

    def save_forms(self, forms):
        form = forms["form"]
        target = form.save()
        loaded, new = form.cleaned_data["loaded_status"], form.cleaned_data["status"]
        if new != loaded:  # compare-and-set: the status may also change from the list
            services.set_target_statuses(
                report=self.report, changes={target.pk: (loaded, new)}, by=self.request.user
            )

    def refresh_loaded_values(self, form):
        if self.target.pk:
            form.data[form.add_prefix("loaded_status")] = (
                TargetStatus.objects.filter(report=self.report, target=self.target)
                .values_list("status", flat=True)
                .first()
                or ""
            )

    def get_success_url(self):
        return self.report_url("targets")

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, **kwargs)


class TargetActionView(ReportActionView):
    section = "targets"

    def get_target(self):
        return get_object_or_404(Target.objects.of_report(self.report), pk=self.kwargs["pk"])


class TargetRetireView(TargetActionView):
    def act(self):
        target = services.retire_target(target=self.get_target(), by=self.request.user)
        messages.success(
            self.request, f"{target.code} is retired: it stays in earlier reports, hidden here."
        )
        return redirect(self.report_url("targets"))


class TargetReinstateView(TargetActionView):
    def act(self):
        target = services.reinstate_target(target=self.get_target(), by=self.request.user)
        messages.success(self.request, f"{target.code} is active again.")
        return redirect(self.report_url("targets"))


class TargetDeleteView(TargetActionView):
    def act(self):
        target = self.get_target()
        try:
            services.delete_target(target=target, by=self.request.user)
        except services.TargetInUseError as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(self.request, f"{target.code} deleted.")
        return redirect(self.report_url("targets"))
