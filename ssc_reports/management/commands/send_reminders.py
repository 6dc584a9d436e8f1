"""Send the due reminder digests (ssc_reports.review.reminders). Safe to run hourly from cron."""

from django.core.management.base import BaseCommand

from ssc_reports.review.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail one reminder digest per group that has not submitted, at the days before and "
        "after the deadline in settings.REPORT_REMINDER_DAYS; never twice for the same step."
    )

    def handle(self, *args, **options):
        sent = send_reminders(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
