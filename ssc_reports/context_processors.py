"""Template context for every page: the lock state of the report the page is about."""

from django.utils.functional import SimpleLazyObject


def _lock_state(request):
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    if "acronym" not in kwargs or "period" not in kwargs:
        return None
    from ssc_reports.models import Report
    from ssc_reports.review import report_lock_state

    report = (
        Report.objects.visible_to(request.user)
        .select_related("group", "period", "deadline_extension")
        .filter(group__acronym=kwargs["acronym"], period__label=kwargs["period"])
        .first()
    )
    if report is None:
        return None
    return {"report": report, "state": report_lock_state(report)}


def report_lock(request):
    """`report_lock` is {"report", "state"} on pages whose URL names a report
    (acronym + period), None elsewhere; evaluated only when a template uses it."""
    return {"report_lock": SimpleLazyObject(lambda: _lock_state(request))}
