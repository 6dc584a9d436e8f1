from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ssc_reports.interchange.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from ssc_reports.interchange.schema import InterchangeError


class Command(BaseCommand):
    help = "Load the SMSG demo report and the demo accounts (development only, DEBUG=true)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DEBUG=true: demo accounts never exist in production."
            )
        try:
            outcome = load_demo()
        except InterchangeError as exc:
            raise CommandError(f"The demo report could not be imported:\n{exc}") from exc
        if outcome["created"]:
            self.stdout.write("Created: " + ", ".join(outcome["created"]) + ".")
        else:
            self.stdout.write("The demo data is already loaded; nothing changed.")
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for both: {DEMO_PASSWORD}):")
        for username, _email, what in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {what}")
        self.stdout.write("")
