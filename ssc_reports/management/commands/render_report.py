"""python manage.py render_report ACRONYM PERIOD -o FILE.pdf"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from groups.models import Group
from ssc_reports.models import Report, ReportingPeriod
from ssc_reports.pdf.render import render_report_pdf


class Command(BaseCommand):
    help = "Render a group's stand-alone report for a reporting period as PDF."

    def add_arguments(self, parser):
        parser.add_argument("acronym", help="The group's acronym, e.g. SMSG.")
        parser.add_argument("period", help="The reporting period's label, e.g. 2024-2025.")
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write.")

    def handle(self, *args, acronym, period, output, **options):
        group = Group.objects.filter(acronym=acronym).first()
        if group is None:
            raise CommandError(f"Unknown group: {acronym!r}.")
        reporting_period = ReportingPeriod.objects.filter(label=period).first()
        if reporting_period is None:
            raise CommandError(f"Unknown reporting period: {period!r}.")
        report = Report.objects.filter(group=group, period=reporting_period).first()
        if report is None:
            raise CommandError(f"The group {acronym} has no report for {period}.")
        data = render_report_pdf(report)
        path = Path(output)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        self.stdout.write(f"Wrote {path} ({len(data):,} bytes).")
