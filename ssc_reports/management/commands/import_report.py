from django.core.management.base import BaseCommand, CommandError

from ssc_reports.interchange.importer import import_report
from ssc_reports.interchange.schema import InterchangeError


class Command(BaseCommand):
    help = "Import an ssc-report/1 document (.json with its images beside it, or .zip)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="report .json file or .zip archive")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, then write nothing"
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            report = import_report(path, dry_run=dry_run)
        except InterchangeError as exc:
            count = len(exc.errors)
            raise CommandError(
                f"{path} was not imported ({count} error{'s' if count != 1 else ''}):\n{exc}"
            ) from exc
        if dry_run:
            self.stdout.write(f"{path} is valid: the {report} report would be imported.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported the {report} report from {path}."))
