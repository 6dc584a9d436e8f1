"""Pages of the data-entry app. Views stay thin: they scope the report to the user
(`Report.objects.visible_to`), build the screen's form, and call one service to write.

Decisions: staff see every report read-only (editing is for the group's officers:
`can_edit_report`); a report that cannot be edited shows its edit pages read-only (200) and
refuses POSTs with 403; out-of-scope reports answer 404. A save that lost an optimistic-lock
race answers 409 with the form re-shown as typed.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from activities.models import Activity, ActivityCategory, Indicator, Result
from activities.services import propose_indicator
from groups.models import ROLE_ORDER, Group, Officer
from ssc_reports.entry import services
from ssc_reports.entry.completeness import SECTIONS, report_checklist, report_checklists
from ssc_reports.entry.forms import (
    AcknowledgementsForm,
    ActivityForm,
    GroupInfoForm,
    OfficerFormSet,
    PhotoEditForm,
    PhotoForm,
    ProjectedImpactForm,
    ResultFormSet,
    TargetForm,
)
from ssc_reports.models import Photo, Report, ReportingPeriod
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from ssc_reports.pdf.cache import final_pdf_pending
from ssc_reports.permissions import is_group_officer
from ssc_reports.review.comments import open_thread_counts
from ssc_reports.review.lock import can_edit_report, report_lock_state
from ssc_reports.review.workflow import ReportStateError, submit_report
from targets.models import Component, Status, Target, TargetStatus

READ_ONLY_MESSAGE = "This report cannot be changed now."
# Sections that edit what the group's other reports show too (group, officers, targets).
GROUP_SECTIONS = ("group", "targets")
FINAL_PDF_PENDING_MESSAGE = (
    "SSC has just approved another report of this group and its final PDF is being made from "
    "the group's information as approved: this section is read-only until it is ready (usually "
    "within a minute)."
)


# -- home ---------------------------------------------------------------------------------


class HomeView(TemplateView):
    """The user's groups with, for each open period, the report's status and checklist."""

    template_name = "entry/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        periods = list(
            ReportingPeriod.objects.filter(is_open=True)
            .select_related("quadrennium")
            .order_by("-start")
        )
        groups = list(Group.objects.filter(memberships__user=user).order_by("name"))
        reports = {
            (report.group_id, report.period_id): report
            for report in Report.objects.filter(group__in=groups, period__in=periods)
            .select_related("group", "period", "period__quadrennium")
            .order_by()
        }
        checklists = report_checklists(reports.values())
        rows = []
        for group in groups:
            entries = []
            for period in periods:
                report = reports.get((group.pk, period.pk))
                entries.append(
                    {
                        "period": period,
                        "report": report,
                        "checklist": checklists.get(report.pk) if report else None,
                    }
                )
            rows.append({"group": group, "entries": entries})
        earlier = list(
            Report.objects.filter(group__in=groups)
            .exclude(period__in=periods)
            .select_related("group", "period")
            .order_by("-period__start", "group__name")
        )
        staff_reports = []
        if user.is_staff:
            staff_reports = list(
                Report.objects.filter(period__in=periods)
                .select_related("group", "period")
                .order_by("-period__start", "group__name")
            )
        return super().get_context_data(
            rows=rows, periods=periods, earlier=earlier, staff_reports=staff_reports, **kwargs
        )


class StartReportView(View):
    """POST: open the group's report for an open period, with carry-over (idempotent)."""

    http_method_names = ["post"]

    def post(self, request, acronym, period):
        groups = Group.objects.all()
        if not request.user.is_staff:
            groups = groups.filter(memberships__user=request.user)
        group = get_object_or_404(groups, acronym=acronym)
        period_obj = get_object_or_404(ReportingPeriod, label=period, is_open=True)
        carried = Report.objects.filter(group=group, period__start__lt=period_obj.start).exists()
        report = services.start_report(group=group, period=period_obj, by=request.user)
        messages.success(
            request,
            f"The {period_obj} report is open."
            + (
                " Targets with their last status, the projected impact and the "
                "acknowledgements were carried over from your previous report: check them."
                if carried
                else ""
            ),
        )
        return redirect(report.get_absolute_url())


# -- report scoping -----------------------------------------------------------------------


class ReportMixin:
    """Loads `self.report` scoped to the user (404 outside it) and whether they may edit."""

    section = ""

    def dispatch(self, request, *args, **kwargs):
        self.report = (
            Report.objects.visible_to(request.user)
            .select_related("group", "period", "period__quadrennium", "deadline_extension")
            .filter(group__acronym=kwargs["acronym"], period__label=kwargs["period"])
            .first()
        )
        if self.report is None:
            raise Http404("No such report.")
        self.group = self.report.group
        self.can_edit = can_edit_report(request.user, self.report)
        self.final_pdf_pending = False
        if self.can_edit and self.section in GROUP_SECTIONS:
            # The group's information is part of its approved report until its PDF is frozen.
            self.final_pdf_pending = final_pdf_pending(self.group.pk)
            self.can_edit = not self.final_pdf_pending
        return super().dispatch(request, *args, **kwargs)

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied(self.read_only_reason())

    def read_only_reason(self) -> str:
        report = self.report
        if not is_group_officer(self.request.user, self.group):
            return "Staff see reports read-only; only the group's officers edit them."
        if not report.period.is_open:
            return f"The {report.period} reporting period is closed."
        if not report.is_editable:
            return f"This report is {report.get_status_display().lower()}: it is read-only."
        if getattr(self, "final_pdf_pending", False):
            return FINAL_PDF_PENDING_MESSAGE
        lock = report_lock_state(report)
        if lock.locked:
            return lock.message
        return READ_ONLY_MESSAGE

    def report_url(self, name: str, **extra) -> str:
        return reverse(
            f"reports:{name}",
            kwargs={"acronym": self.group.acronym, "period": self.report.period.label, **extra},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report,
            group=self.group,
            can_edit=self.can_edit,
            read_only_reason="" if self.can_edit else self.read_only_reason(),
            section=self.section,
            sections=SECTIONS,
            state_banner=True,  # the page tells state and lock once (report_state_banner)
        )
        return context


class ReportPageView(ReportMixin, TemplateView):
    pass


class ReportActionView(ReportMixin, View):
    """POST-only: check the report is editable, call one service, message, redirect."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require_edit()
        return self.act()

    def act(self) -> HttpResponseRedirect:  # pragma: no cover - abstract
        raise NotImplementedError


class EditSectionView(ReportPageView):
    """A screen editing one part of the report: GET shows the forms (read-only when the report
    cannot be edited), POST validates and saves them under optimistic locking."""

    template_name = ""
    success_message = "Saved."
    conflict_fields: tuple[str, ...] = ()
    guard_fields: tuple[str, ...] = ()  # see services.save_with_version

    def get_forms(self, data=None, files=None) -> dict:
        raise NotImplementedError

    def get_versioned(self):
        """The row whose version guards the save, or None when creating."""
        return None

    def save_forms(self, forms: dict) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.request.path

    def get(self, request, *args, **kwargs):
        forms = self.get_forms()
        if not self.can_edit:
            for form in _all_forms(forms):
                for field in form.fields.values():
                    field.disabled = True
        return self.render_to_response(self.get_context_data(forms=forms))

    def post(self, request, *args, **kwargs):
        self.require_edit()
        forms = self.get_forms(request.POST, request.FILES)
        valid = [form.is_valid() for form in forms.values()]
        if not all(valid):
            messages.error(request, "Nothing was saved: please correct the fields marked below.")
            return self.render_to_response(
                self.get_context_data(forms=forms, save_failed=True), status=200
            )
        versioned = self.get_versioned()
        try:
            if versioned is not None and versioned.pk:
                services.save_with_version(
                    instance=versioned,
                    version=forms["form"].cleaned_data["version"],
                    save=lambda: self.save_forms(forms),
                    fields=self.guard_fields,
                    loaded_fingerprint=forms["form"].cleaned_data.get("fingerprint") or "",
                )
            else:
                with transaction.atomic():
                    self.save_forms(forms)
        except services.ConcurrentEditError as exc:
            return self.conflict(forms, versioned, exc)
        messages.success(request, self.success_message)
        return redirect(self.get_success_url())

    def conflict(self, forms, versioned, exc):
        """Re-show the user's input with the version saved meanwhile; their next save is a
        deliberate overwrite of what they have now seen."""
        form = forms["form"]
        form.data = form.data.copy()
        current = type(versioned)._default_manager.filter(pk=versioned.pk).first()
        if current is not None:
            form.data[form.add_prefix("version")] = current.version
        self.refresh_loaded_values(form)
        saved_now = [
            (form.fields[name].label or name.replace("_", " ").capitalize(), getattr(current, name))
            for name in self.conflict_fields
            if current is not None
        ]
        if current is None:
            messages.error(
                self.request,
                "Someone else deleted this while you were editing. Nothing was saved: your "
                "text is shown below so that you can copy it.",
            )
        else:
            messages.error(self.request, str(exc))
        return self.render_to_response(
            self.get_context_data(
                forms=forms, save_failed=True, conflict=True, saved_now=saved_now
            ),
            status=409,
        )

    def refresh_loaded_values(self, form) -> None:
        """After a conflict, set the form's other "as loaded" hidden values to what is saved
        now, so that the next save is a deliberate overwrite."""


def _all_forms(forms: dict):
    for item in forms.values():
        if hasattr(item, "forms"):
            yield from item.forms
            yield item.empty_form
        else:
            yield item


# -- overview, group, texts ---------------------------------------------------------------


class OverviewView(ReportPageView):
    template_name = "entry/overview.html"

    def get_context_data(self, **kwargs):
        checklist = report_checklist(self.report)
        counts = {
            "targets": Target.objects.filter(
                group=self.group, quadrennium=self.report.period.quadrennium, retired=False
            ).count(),
            "activities": Activity.objects.filter(report=self.report).count(),
            "results": Result.objects.filter(activity__report=self.report).count(),
            "photos": Photo.objects.filter(report=self.report).count(),
        }
        open_threads = open_thread_counts(self.report)
        for check in checklist:
            check.open_threads = open_threads.get(check.key, 0)
        return super().get_context_data(
            checklist=checklist,
            counts=counts,
            open_threads_total=sum(open_threads.values()),
            **kwargs,
        )


class GroupInfoView(EditSectionView):
    template_name = "entry/group.html"
    section = "group"
    success_message = "Group information saved."
    conflict_fields = ("mission",)

    def get_forms(self, data=None, files=None):
        return {
            "form": GroupInfoForm(data, files, instance=self.group),
            "officers": OfficerFormSet(
                data,
                files,
                instance=self.group,
                prefix="officers",
                queryset=Officer.objects.filter(group=self.group).order_by("order", "pk"),
            ),
        }

    def get_versioned(self):
        return self.group

    def save_forms(self, forms):
        forms["form"].save()
        forms["officers"].save()


class ReportTextView(EditSectionView):
    """One text of the report. The texts share the report's row and version: a save is
    refused only when this text changed meanwhile, and writes only this text."""

    form_class = None

    @property
    def guard_fields(self):
        return tuple(self.form_class.Meta.fields)

    def get_forms(self, data=None, files=None):
        return {"form": self.form_class(data, instance=self.report)}

    def get_versioned(self):
        return self.report

    def save_forms(self, forms):
        report = forms["form"].save(commit=False)
        report.save(update_fields=[*self.guard_fields, "version", "updated_at"])


class ImpactView(ReportTextView):
    template_name = "entry/text_section.html"
    section = "impact"
    form_class = ProjectedImpactForm
    success_message = "Projected impact saved."
    conflict_fields = ("projected_impact",)


class AcknowledgementsView(ReportTextView):
    template_name = "entry/text_section.html"
    section = "acknowledgements"
    form_class = AcknowledgementsForm
    success_message = "Acknowledgements saved."
    conflict_fields = ("acknowledgements",)


# -- targets ------------------------------------------------------------------------------


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
        messages.success(request, f"Statuses saved ({changed} changed).")
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
            messages.info(self.request, "Every status was already confirmed for this period.")
        return redirect(self.report_url("targets"))


class TargetEditView(EditSectionView):
    template_name = "entry/target_form.html"
    section = "targets"
    success_message = "Target saved."
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


# -- activities ---------------------------------------------------------------------------


def _activities_qs(report: Report):
    return Activity.objects.filter(report=report).select_related("target", "category", "ksr")


class ActivityListView(ReportPageView):
    template_name = "entry/activities.html"
    section = "activities"

    def get_context_data(self, **kwargs):
        activities = sort_activities(_activities_qs(self.report).with_results())
        components_with_categories = set(
            ActivityCategory.objects.offered().values_list("component", flat=True)
        )
        targets = sort_targets(Target.objects.of_report(self.report).filter(retired=False))
        for target in targets:
            target.can_have_activities = target.component in components_with_categories
        return super().get_context_data(
            by_component=_by_component(activities, key=lambda a: a.target.component),
            targets=targets,
            activity_count=len(activities),
            **kwargs,
        )


def _by_component(items, *, key):
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return [
        {"code": code, "label": label, "items": grouped[code]}
        for code, label in Component.choices
        if grouped[code]
    ]


class ActivityEditView(EditSectionView):
    template_name = "entry/activity_form.html"
    section = "activities"
    success_message = "Activity saved."

    @cached_property
    def activity(self):
        if "pk" in self.kwargs:
            return get_object_or_404(_activities_qs(self.report), pk=self.kwargs["pk"])
        target = get_object_or_404(
            Target.objects.of_report(self.report).filter(retired=False), pk=self.kwargs["target_pk"]
        )
        return Activity(report=self.report, target=target)

    @cached_property
    def indicators(self) -> dict:
        """The indicators offered for the target's component (the catalogue's, then the
        group's proposals; static/js/results.js shows the chosen category's only), and those
        the activity's results use already, retired or not."""
        target = self.activity.target
        used = (
            Result.objects.filter(activity=self.activity).values("indicator_id")
            if self.activity.pk
            else Result.objects.none().values("indicator_id")
        )
        return {
            indicator.pk: indicator
            for indicator in Indicator.objects.filter(category__component=target.component)
            .filter(
                Q(pk__in=Indicator.objects.offered_to(self.group).values("pk")) | Q(pk__in=used)
            )
            .order_by("category__name", "retired", "-standard", "-kind", "text", "pk")
        }

    def get_forms(self, data=None, files=None):
        activity = self.activity
        form = ActivityForm(data, instance=activity, report=self.report, target=activity.target)
        results = ResultFormSet(
            data,
            instance=activity,
            prefix="results",
            indicators=self.indicators,
            group=self.group,
            queryset=Result.objects.filter(activity=activity).order_by("order", "pk")
            if activity.pk
            else Result.objects.none(),
        )
        if not activity.pk and data is None:
            results.extra = 1
        return {"form": form, "results": results}

    def get_versioned(self):
        return self.activity

    def save_forms(self, forms):
        activity = forms["form"].save(commit=False)
        if not activity.pk:
            activity.order = Activity.objects.filter(report=self.report).count()
            activity.save()
        elif forms["form"].has_changed():  # unchanged: no UPDATE, no history row
            activity.save()
        for form, text, kind in forms["results"].proposals():
            form.instance.indicator = propose_indicator(
                report=self.report,
                category=activity.category,
                ksr=activity.ksr,
                text=text,
                kind=kind,
                by=self.request.user,
            )
        forms["results"].instance = activity
        forms["results"].save()

    def get_success_url(self):
        return self.report_url("activities")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.activity,
            target=self.activity.target,
            indicators=[
                {"id": i.pk, "category": i.category_id, "kind": i.kind, "definition": i.definition}
                for i in self.indicators.values()
            ],
            **kwargs,
        )


class ActivityDeleteView(ReportActionView):
    def act(self):
        activity = get_object_or_404(_activities_qs(self.report), pk=self.kwargs["pk"])
        label = f"{activity.target.code} / {activity.category.name}"
        services.delete_activity(activity=activity, by=self.request.user)
        messages.success(self.request, f"Activity {label} deleted with its results.")
        return redirect(self.report_url("activities"))


# -- photos -------------------------------------------------------------------------------


class PhotoListView(EditSectionView):
    """The report's photos, and a form to add one."""

    template_name = "entry/photos.html"
    section = "photos"
    success_message = "Photo added."

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
    success_message = "Photo saved."
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
        messages.success(self.request, "Photo deleted.")
        return redirect(self.report_url("photos"))


# -- preview and submit -------------------------------------------------------------------


def report_contents(report: Report) -> dict:
    """Everything the report shows, in section order, in a constant number of queries."""
    group = report.group
    officers = sorted(
        Officer.objects.filter(group=group),
        key=lambda o: (_role_order(o.role), o.order, o.pk),
    )
    status_of = dict(TargetStatus.objects.filter(report=report).values_list("target_id", "status"))
    labels = dict(Status.choices)
    targets = sort_targets(Target.objects.of_report(report).filter(retired=False))
    for target in targets:
        target.status_label = labels.get(status_of.get(target.pk, ""), "No status")
    activities = sort_activities(_activities_qs(report).with_results())
    photos = sort_photos(Photo.objects.filter(report=report))
    photos_by_component = defaultdict(list)
    for photo in photos:
        photos_by_component[photo.component].append(photo)
    activity_sections = []
    for block in _by_component(activities, key=lambda a: a.target.component):
        categories = defaultdict(list)
        for activity in block["items"]:
            categories[activity.category.name].append(activity)
        block["categories"] = list(categories.items())
        block["photos"] = photos_by_component.pop(block["code"], [])
        activity_sections.append(block)
    leftover_photos = [photo for items in photos_by_component.values() for photo in items]
    summary = []
    for code, label in Component.choices:
        in_component = [t for t in targets if t.component == code]
        if not in_component:
            continue
        counts = {key: 0 for key, _ in Status.choices}
        for target in in_component:
            if target.pk in status_of:
                counts[status_of[target.pk]] += 1
        summary.append(
            {
                "label": label,
                "total": len(in_component),
                "counts": [(labels[key], counts[key]) for key, _ in Status.choices],
            }
        )
    return {
        "officers": officers,
        "targets_by_component": _by_component(targets, key=lambda t: t.component),
        "activity_sections": activity_sections,
        "other_photos": leftover_photos,
        "summary": summary,
    }


def _role_order(role: str) -> int:
    return ROLE_ORDER.get(role, len(ROLE_ORDER))


class PreviewView(ReportPageView):
    template_name = "entry/preview.html"
    section = "preview"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**report_contents(self.report), **kwargs)


class SubmitView(ReportPageView):
    """GET: the pre-submit checklist. POST: submit, only when the checklist is complete."""

    template_name = "entry/submit.html"
    section = "submit"

    def get_context_data(self, **kwargs):
        open_threads = open_thread_counts(self.report)
        checklist = report_checklist(self.report)
        for check in checklist:
            check.open_threads = open_threads.get(check.key, 0)
        return super().get_context_data(
            checklist=checklist, open_threads_total=sum(open_threads.values()), **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.require_edit()
        checklist = report_checklist(self.report)
        if not checklist.complete:
            messages.error(
                request,
                f"The report cannot be submitted yet: {checklist.missing_count} item(s) are "
                "missing. They are listed below.",
            )
            return redirect(self.report_url("submit"))
        unresolved = sum(open_thread_counts(self.report).values())
        if unresolved and request.POST.get("confirm_unresolved") != "1":
            messages.warning(
                request,
                f"{unresolved} comment thread{'s are' if unresolved != 1 else ' is'} not "
                "resolved. Nothing was submitted: confirm below to submit anyway, or answer "
                "the comments first.",
            )
            return self.render_to_response(
                self.get_context_data(confirm_unresolved=unresolved), status=200
            )
        try:
            submit_report(report=self.report, by=request.user)
        except ReportStateError as exc:
            messages.error(request, str(exc))
            return redirect(self.report_url("submit"))
        messages.success(
            request,
            f"Thank you: the {self.report.period} report is submitted. It is now read-only.",
        )
        return redirect(self.report_url("detail"))
