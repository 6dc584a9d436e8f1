"""Delete stored files no row uses any more that are older than a day (see
ssc_reports.uploads.files). Safe to run daily from cron."""

from django.core.management.base import BaseCommand

from ssc_reports.uploads.files import clean_unreferenced_files


class Command(BaseCommand):
    help = (
        "Delete the uploaded, imported, approved and compiled files that no row uses and that "
        "are older than a day."
    )

    def handle(self, *args, **options):
        removed = clean_unreferenced_files()
        for name in removed:
            self.stdout.write(f"removed {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(removed)} unused file(s) removed."))
