"""A group's plan at /plans/<acronym>/<label>/: its officers edit it, staff read it (and
return or approve it from the same page); anyone else gets 404. Actions are POST-only and
call one service each."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from groups.models import Group
from ssc_reports.entry.services import ConcurrentEditError
from ssc_reports.models import Plan, PlanComment, PlanEvent, PlannedTarget, PlanningRound
from ssc_reports.permissions import is_group_officer, is_staff
from ssc_reports.planning import services
from ssc_reports.planning.forms import (
    CommentForm,
    ExtensionForm,
    PlannedTargetForm,
    PlanTextsForm,
    ReopenForm,
    ReturnForm,
)
from targets.models import Target


def load_plan(request, acronym: str, label: str) -> Plan:
    """The plan, if the user may see it (officers of the group, staff); else 404."""
    groups = Group.objects.all()
    if not is_staff(request.user):
        groups = groups.filter(memberships__user=request.user)
    group = get_object_or_404(groups, acronym=acronym)
    planning = get_object_or_404(
        PlanningRound.objects.select_related("quadrennium", "previous"), quadrennium__label=label
    )
    plan = services.plan_for(group=group, planning=planning, by=request.user)
    plan.group, plan.planning = group, planning
    return plan


def plan_targets(plan: Plan) -> list[PlannedTarget]:
    return list(
        plan.targets.select_related("ksr", "carried_from__quadrennium")
        .prefetch_related("regions")
        .order_by("code")
    )


def _may_edit(request, plan: Plan) -> bool:
    return is_group_officer(request.user, plan.group) and services.plan_lock_state(plan).editable


def _page(request, plan: Plan, *, texts_form=None, conflict=False, status=200):
    targets = plan_targets(plan)
    comments = list(
        PlanComment.objects.filter(plan=plan).select_related("author", "target").order_by("pk")
    )
    events = list(PlanEvent.objects.filter(plan=plan).select_related("by").order_by("pk"))
    last_return = next((e for e in reversed(events) if e.new_status == Plan.Status.RETURNED), None)
    can_edit = _may_edit(request, plan)
    staff = is_staff(request.user)
    context = {
        "plan": plan,
        "lock": services.plan_lock_state(plan),
        "can_edit": can_edit,
        "is_staff": staff,
        "targets": targets,
        "carryable": services.carryable_targets(plan) if can_edit else [],
        "checklist": services.plan_checklist(plan, targets),
        "comments": comments,
        "events": events,
        "return_reason": last_return.reason if last_return else "",
        "texts_form": texts_form
        or PlanTextsForm(
            initial={
                "mission": plan.mission,
                "projected_impact": plan.projected_impact,
                "version": plan.version,
            }
        ),
        "conflict": conflict,
        "comment_form": CommentForm(),
        "return_form": ReturnForm() if staff else None,
        "reopen_form": ReopenForm() if staff and plan.status == Plan.Status.APPROVED else None,
        "extension_form": ExtensionForm(initial={"until": plan.extended_until}) if staff else None,
    }
    return render(request, "planning/plan.html", context, status=status)


def plan_view(request, acronym, label):
    plan = load_plan(request, acronym, label)
    if request.method != "POST":
        return _page(request, plan)
    if not _may_edit(request, plan):
        raise PermissionDenied(_("This plan cannot be edited now."))
    form = PlanTextsForm(request.POST)
    if not form.is_valid():
        return _page(request, plan, texts_form=form)
    try:
        services.save_plan_texts(
            plan=plan,
            version=form.cleaned_data["version"],
            mission=form.cleaned_data["mission"],
            projected_impact=form.cleaned_data["projected_impact"],
            by=request.user,
        )
    except ConcurrentEditError as exc:
        data = request.POST.copy()
        data["version"] = exc.current_version
        plan.refresh_from_db()
        return _page(request, plan, texts_form=PlanTextsForm(data), conflict=True, status=409)
    except services.PlanningError as exc:
        form.add_error(exc.field, exc.message)
        return _page(request, plan, texts_form=form)
    messages.success(request, _("Mission and projected impact saved."))
    return redirect(plan.get_absolute_url())


def target_view(request, acronym, label, pk=None):
    """Add a target (pk None) or edit one."""
    plan = load_plan(request, acronym, label)
    target = get_object_or_404(plan.targets, pk=pk) if pk is not None else None
    quadrennium = plan.planning.quadrennium
    can_edit = _may_edit(request, plan)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This plan cannot be edited now."))
        form = PlannedTargetForm(request.POST, quadrennium=quadrennium)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if target is None:
                    services.add_planned_target(
                        plan=plan,
                        component=data["component"],
                        title=data["title"],
                        ksr=data["ksr"],
                        regions=list(data["regions"]),
                        by=request.user,
                    )
                else:
                    services.update_planned_target(
                        target=target,
                        version=data["version"] or 0,
                        component=data["component"],
                        title=data["title"],
                        ksr=data["ksr"],
                        regions=list(data["regions"]),
                        by=request.user,
                    )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                form.data = form.data.copy()
                form.data["version"] = exc.current_version
                status = 409
            except services.PlanningError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Target saved."))
                return redirect(plan.get_absolute_url() + "#targets")
    elif target is not None:
        form = PlannedTargetForm(
            quadrennium=quadrennium,
            initial={
                "component": target.component,
                "title": target.title,
                "ksr": target.ksr_id,
                "regions": list(target.regions.all()),
                "version": target.version,
            },
        )
    else:
        form = PlannedTargetForm(quadrennium=quadrennium)
    return render(
        request,
        "planning/target_form.html",
        {
            "plan": plan,
            "target": target,
            "form": form,
            "can_edit": can_edit,
            "lock": services.plan_lock_state(plan),
        },  # fmt: skip
        status=status,
    )


def _action(request, plan: Plan, do, success: str, anchor: str = ""):
    try:
        do()
    except services.PlanningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(plan.get_absolute_url() + anchor)


def plan_action(view):
    """A POST-only action on a plan: outside the user's scope it answers 404 whatever the
    method (the plan is looked up first), then anything but POST answers 405."""

    @wraps(view)
    def wrapped(request, acronym, label, *args, **kwargs):
        plan = load_plan(request, acronym, label)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, plan, *args, **kwargs)

    return wrapped


def _check_officer(request, plan: Plan) -> Plan:
    if not is_group_officer(request.user, plan.group):
        raise PermissionDenied(_("Only the group's officers edit its plan."))
    return plan


@plan_action
def target_delete_view(request, plan, pk):
    _check_officer(request, plan)
    target = get_object_or_404(plan.targets, pk=pk)
    return _action(
        request,
        plan,
        lambda: services.delete_planned_target(target=target, by=request.user),
        _("Target %(code)s deleted.") % {"code": target.code},
        "#targets",
    )


@plan_action
def carry_view(request, plan):
    _check_officer(request, plan)
    target_id = request.POST.get("target", "")
    target = (
        Target.objects.filter(pk=int(target_id), group=plan.group).first()
        if target_id.isdigit()
        else None
    )
    if target is None:
        messages.error(request, _("Choose a target of the previous quadrennium to carry."))
        return redirect(plan.get_absolute_url() + "#carry")
    return _action(
        request,
        plan,
        lambda: services.carry_forward(plan=plan, target=target, by=request.user),
        _("Target %(code)s carried forward.") % {"code": target.code},
        "#targets",
    )


@plan_action
def submit_view(request, plan):
    _check_officer(request, plan)
    return _action(
        request,
        plan,
        lambda: services.submit_plan(plan=plan, by=request.user),
        _("Plan submitted to SSC."),
    )


@plan_action
def comment_view(request, plan):
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment."))
        return redirect(plan.get_absolute_url() + "#comments")
    target_id = form.cleaned_data.get("target")
    target = plan.targets.filter(pk=target_id).first() if target_id else None
    return _action(
        request,
        plan,
        lambda: services.add_plan_comment(
            plan=plan, by=request.user, text=form.cleaned_data["text"], target=target
        ),
        _("Comment added."),
        "#comments",
    )
