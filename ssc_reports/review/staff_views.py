"""SSC staff pages: the network dashboard, the review page and its actions, reporting
periods, group memberships. Every page answers 404 to anyone but staff (log-in is enforced
site-wide); actions are POST-only views that call one service, then message and redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.db.models.functions import Lower
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from activities.models import Activity
from groups.models import Group, Membership, Officer
from ssc_reports.listing.tables import (
    page_of,
    rank_by_label,
    search,
    search_text,
    sort_rows,
    table_links,
    valid_sort,
)
from ssc_reports.models import Report, ReportEvent, ReportingPeriod
from ssc_reports.models.review import ReviewComment, Section
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from ssc_reports.permissions import is_staff, staff_only
from ssc_reports.review import dashboard, memberships, workflow
from ssc_reports.review.comments import (
    add_review_comment,
    comment_threads,
    resolve_review_comment,
)
from ssc_reports.review.forms import (
    CommentForm,
    ExtensionForm,
    MemberForm,
    PeriodForm,
    ReasonForm,
)
from ssc_reports.review.lock import grant_extension, report_lock_state, revoke_extension
from ssc_reports.review.snapshots import changes_since_previous_submission
from targets.models import Target


class StaffOnlyMixin:
    """Anyone but staff gets 404: the page does not exist for them."""

    def dispatch(self, request, *args, **kwargs):
        if not is_staff(request.user):
            raise Http404("No such page.")
        return super().dispatch(request, *args, **kwargs)


def _staff_report(request, acronym: str, period: str) -> Report:
    if not is_staff(request.user):
        raise Http404("No such page.")
    return get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "group", "period", "deadline_extension"
        ),
        group__acronym=acronym,
        period__label=period,
    )


def _review_url(report: Report) -> str:
    return reverse(
        "staff:review", kwargs={"acronym": report.group.acronym, "period": report.period.label}
    )


def _first_error(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(" ".join(messages_) for messages_ in error.message_dict.values())
    return " ".join(error.messages)


class DashboardView(StaffOnlyMixin, TemplateView):
    template_name = "review/staff/dashboard.html"

    def get_period(self, periods):
        label = self.request.GET.get("period")
        if label:
            for period in periods:
                if period.label == label:
                    return period
            raise Http404("No such period.")
        open_periods = [p for p in periods if p.is_open]
        return (open_periods or periods or [None])[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periods = list(ReportingPeriod.objects.order_by("-start"))
        period = self.get_period(periods)
        params = {
            key: self.request.GET.get(key, "") for key in ("kind", "status", "overdue", "q", "sort")
        }
        sort = params["sort"] or "group"
        context.update(
            periods=periods,
            period=period,
            params=params,
            sort=sort,
            kind_choices=dashboard.KIND_CHOICES,
            status_choices=dashboard.STATUS_CHOICES,
            links=table_links(self.request.GET),
            rows=[],
        )
        if period is not None:
            groups = dashboard.dashboard_groups(period)
            totals, overdue_total, total = dashboard.status_totals(groups)
            shown = dashboard.sort_groups(
                dashboard.filter_groups(
                    groups,
                    kind=params["kind"],
                    status=params["status"],
                    overdue=params["overdue"],
                    q=params["q"],
                ),
                sort=sort,
            )
            page = dashboard.dashboard_page(shown, period, page=self.request.GET.get("page"))
            context.update(
                page=page,
                rows=page.object_list,
                total=total,
                totals=totals,
                overdue_total=overdue_total,
            )
        context.update(
            columns=[
                ("group", _("Group")),
                ("kind", _("Kind")),
                ("status", _("Status")),
                ("last_edit", _("Last edit")),
                ("completeness", _("Complete")),
                ("deadline", _("Deadline")),
                ("returns", _("Returns")),
            ],
        )
        return context


class ReviewView(StaffOnlyMixin, TemplateView):
    """The report in section order, read-only, with comments, the diff and the actions."""

    template_name = "review/staff/review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = _staff_report(self.request, kwargs["acronym"], kwargs["period"])
        group = report.group
        targets = sort_targets(Target.objects.of_report(report).prefetch_related("regions"))
        statuses = {ts.target_id: ts for ts in report.target_statuses.all()}
        for target in targets:
            target.report_status = statuses.get(target.pk)
        activities = sort_activities(Activity.objects.filter(report=report).with_results())
        comments = comment_threads(report)
        by_section = {key: [] for key in Section.values}
        open_threads = dict.fromkeys(Section.values, 0)
        for comment in comments:
            by_section[comment.section].append(comment)
            open_threads[comment.section] += not comment.resolved
        events = list(ReportEvent.objects.filter(report=report).select_related("by"))
        context.update(
            report=report,
            group=group,
            officers=list(Officer.objects.filter(group=group).order_by("order", "pk")),
            targets=targets,
            activities=activities,
            photos=sort_photos(report.photos.all()),
            comments=comments,
            comments_by_section=by_section,
            open_threads=open_threads,
            sections=Section.choices,
            open_comments=sum(1 for c in comments if not c.resolved),
            events=events,
            returns=sum(1 for e in events if e.new_status == Report.Status.RETURNED),
            diff=changes_since_previous_submission(report),
            comment_form=CommentForm(targets=targets, activities=activities),
            reason_form=ReasonForm(),
            extension_form=ExtensionForm(),
            lock=report_lock_state(report),
        )
        return context


def _action(request, acronym, period, do, success):
    report = _staff_report(request, acronym, period)
    try:
        do(report)
    except (workflow.ReportStateError, PermissionDenied) as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, success.format(report=report))
    return HttpResponseRedirect(_review_url(report))


@staff_only
@require_POST
def return_view(request, acronym, period):
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    return _action(
        request,
        acronym,
        period,
        lambda report: workflow.return_report(report=report, by=request.user, reason=reason),
        _("Returned to {report.group.acronym}; the officers were e-mailed the commented sections."),
    )


@staff_only
@require_POST
def approve_view(request, acronym, period):
    return _action(
        request,
        acronym,
        period,
        lambda report: workflow.approve_report(report=report, by=request.user),
        _("Approved; the final PDF is stored and the officers were e-mailed."),
    )


@staff_only
@require_POST
def reopen_view(request, acronym, period):
    reason = request.POST.get("reason", "")
    return _action(
        request,
        acronym,
        period,
        lambda report: workflow.reopen_report(report=report, by=request.user, reason=reason),
        _("Reopened: {report.group.acronym} can edit the report again."),
    )


@staff_only
@require_POST
def comment_add_view(request, acronym, period):
    report = _staff_report(request, acronym, period)
    targets = Target.objects.filter(group=report.group)
    activities = Activity.objects.filter(report=report).select_related("target", "category", "ksr")
    form = CommentForm(request.POST, targets=targets, activities=activities)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(errs)}"
            if name in form.fields
            else " ".join(errs)
            for name, errs in form.errors.items()
        )
        messages.error(request, _("The comment was not saved. %(errors)s") % {"errors": errors})
        return HttpResponseRedirect(_review_url(report))
    return _action(
        request,
        acronym,
        period,
        lambda report: add_review_comment(
            report=report,
            by=request.user,
            section=form.cleaned_data["section"],
            text=form.cleaned_data["text"],
            target=form.cleaned_data["target"],
            activity=form.cleaned_data["activity"],
        ),
        _("Comment added."),
    )


@staff_only
@require_POST
def comment_resolve_view(request, acronym, period, pk):
    report = _staff_report(request, acronym, period)
    comment = get_object_or_404(ReviewComment, report=report, pk=pk)
    resolved = request.POST.get("resolved", "1") == "1"
    return _action(
        request,
        acronym,
        period,
        lambda report: resolve_review_comment(comment=comment, by=request.user, resolved=resolved),
        _("Comment marked resolved.") if resolved else _("Comment opened again."),
    )


@staff_only
@require_POST
def extension_view(request, acronym, period):
    report = _staff_report(request, acronym, period)
    if request.POST.get("revoke"):
        return _action(
            request,
            acronym,
            period,
            lambda report: revoke_extension(report=report, by=request.user),
            _("Extension removed."),
        )
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Extend editing until: enter a valid date."))
        return HttpResponseRedirect(_review_url(report))
    return _action(
        request,
        acronym,
        period,
        lambda report: grant_extension(
            report=report,
            by=request.user,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        ),
        _("Extension granted: {report.group.acronym} can edit until the new date."),
    )


class PeriodListView(StaffOnlyMixin, TemplateView):
    """The periods, newest first, in pages (one more a year or two: the page stays short)."""

    template_name = "review/staff/periods.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periods = (
            ReportingPeriod.objects.select_related("quadrennium")
            .annotate(reports_count=Count("reports"))
            .order_by("-start", "pk")
        )
        page = page_of(periods, self.request.GET.get("page"))
        context.update(
            page=page,
            periods=page.object_list,
            links=table_links(self.request.GET, keep=()),
            groups_count=Group.objects.count(),
        )
        return context


class PeriodCreateView(StaffOnlyMixin, FormView):
    template_name = "review/staff/period_form.html"
    form_class = PeriodForm

    def form_valid(self, form):
        try:
            period = memberships.open_period(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Period %(period)s opened: every group has its report, carried over from its "
                "previous one."
            )
            % {"period": period.label},
        )
        return redirect(f"{reverse('staff:dashboard')}?period={period.label}")


def group_sorts():
    """The groups page's columns to sort by (kinds in their labels' order in the active
    language); ties in name order."""
    return {
        "group": (Lower("name"), "first"),
        "kind": (rank_by_label("kind", dashboard.KIND_LABELS), "first"),
        "members": (F("members_count_"), "first"),
    }


class GroupListView(StaffOnlyMixin, TemplateView):
    """Every group with how many users may edit it: searched (name or acronym), filtered by
    kind, sorted and paged in the database (a count and one query for the page)."""

    template_name = "review/staff/groups.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in dashboard.KIND_LABELS else ""
        q = search_text(self.request.GET.get("q", ""))
        sorts = group_sorts()
        sort = valid_sort(self.request.GET.get("sort", ""), sorts, default="group")
        groups = Group.objects.annotate(members_count_=Count("memberships"))
        if kind:
            groups = groups.filter(kind=kind)
        page = page_of(
            sort_rows(search(groups, q), sorts, sort, default="group"),
            self.request.GET.get("page"),
        )
        context.update(
            page=page,
            groups=page.object_list,
            total=Group.objects.count(),
            params={"kind": kind, "q": q},
            sort=sort,
            kind_choices=dashboard.KIND_CHOICES,
            links=table_links(self.request.GET, keep=("kind", "q", "sort")),
            columns=[
                ("group", _("Group")),
                ("kind", _("Kind")),
                ("members", _("Users who may edit")),
            ],
        )
        return context


class MembersView(StaffOnlyMixin, FormView):
    template_name = "review/staff/members.html"
    form_class = MemberForm

    def dispatch(self, request, *args, **kwargs):
        if not is_staff(request.user):
            raise Http404("No such page.")
        self.group = get_object_or_404(Group, acronym=kwargs["acronym"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.group
        context["memberships"] = Membership.objects.filter(group=self.group).select_related("user")
        return context

    def form_valid(self, form):
        try:
            membership = memberships.add_member(
                group=self.group,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=self.request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        user = membership.user
        if user.has_usable_password():
            text = f"{user.email} can now edit the reports of {self.group.acronym}."
        else:
            text = f"{user.email} was added to {self.group.acronym} and invited by e-mail."
        messages.success(self.request, text)
        return redirect("staff:members", acronym=self.group.acronym)


class MemberRemoveView(StaffOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, acronym, pk):
        membership = get_object_or_404(
            Membership.objects.select_related("user", "group"), group__acronym=acronym, pk=pk
        )
        memberships.remove_member(membership=membership, by=request.user)
        messages.success(
            request,
            f"{membership.user.email or membership.user.username} can no longer edit the "
            f"reports of {acronym}.",
        )
        return redirect("staff:members", acronym=acronym)
