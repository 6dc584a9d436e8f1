from django.core.management.base import BaseCommand, CommandError

from ssc_reports.interchange.exporter import export_report
from ssc_reports.interchange.schema import InterchangeError
from ssc_reports.models import Report


class Command(BaseCommand):
    help = "Export one group's report for a period as ssc-report/1 (.json or .zip)."

    def add_arguments(self, parser):
        parser.add_argument("acronym", help="group acronym, e.g. SMSG")
        parser.add_argument("period", help="reporting period label, e.g. 2024-2025")
        parser.add_argument(
            "-o", "--output", required=True, help="file to write: .json (images beside it) or .zip"
        )

    def handle(self, *args, acronym, period, output, **options):
        if not output.lower().endswith((".json", ".zip")):
            raise CommandError(f"{output}: the output must end in .json or .zip")
        report = (
            Report.objects.filter(group__acronym=acronym, period__label=period)
            .select_related("group", "period")
            .first()
        )
        if report is None:
            raise CommandError(f"There is no report of group {acronym} for period {period}.")
        try:
            path = export_report(report, output)
        except (InterchangeError, OSError) as exc:
            raise CommandError(f"{output} was not written: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Exported the {report} report to {path}."))
