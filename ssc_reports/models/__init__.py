"""The ssc_reports app's tables, one module per side: the report aggregate (`report`), the
review (`review`), the reports' rendered PDFs (`pdf`) and the compiled network report
(`compilation`) and the plans of a new quadrennium (`plan`). Django loads an app's
models from one module, so they are gathered here; import them as `ssc_reports.models.X`.
May import: groups, targets, activities models and ssc_reports.images only."""

from ssc_reports.models.compilation import Compilation
from ssc_reports.models.pdf import ReportPdf
from ssc_reports.models.plan import (
    Plan,
    PlanComment,
    PlanEvent,
    PlannedTarget,
    PlanningRound,
    PlanPdf,
)
from ssc_reports.models.report import Photo, Report, ReportEvent, ReportingPeriod
from ssc_reports.models.review import (
    CommentReply,
    DeadlineExtension,
    ReviewComment,
    SentReminder,
)

__all__ = [
    "CommentReply",
    "Compilation",
    "DeadlineExtension",
    "Photo",
    "Plan",
    "PlanComment",
    "PlanEvent",
    "PlanPdf",
    "PlannedTarget",
    "PlanningRound",
    "Report",
    "ReportEvent",
    "ReportPdf",
    "ReportingPeriod",
    "ReviewComment",
    "SentReminder",
]
