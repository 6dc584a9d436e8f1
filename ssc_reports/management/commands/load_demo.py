from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ssc_reports.demo.network import load_network_demo
from ssc_reports.demo.smsg import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from ssc_reports.interchange.schema import InterchangeError


class Command(BaseCommand):
    help = (
        "Load the SMSG demo report and the demo accounts (development only, DEBUG=true); "
        "with --network, also 200 made-up groups with three years of history."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--network",
            action="store_true",
            help="Also load a network of 200 groups of every kind, in every state.",
        )

    def handle(self, *args, network=False, **options):
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
        if network:
            try:
                loaded = load_network_demo()
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            if loaded["created"]:
                self.stdout.write(
                    f"Created the demo network: {loaded['groups']} groups, "
                    f"{loaded['reports']} reports."
                )
                if loaded["plans"]:
                    self.stdout.write(
                        "Plans for 2026-2029: "
                        + ", ".join(
                            f"{count} {status.replace('_', ' ')}"
                            for status, count in loaded["plans"].items()
                        )
                        + "."
                    )
            else:
                self.stdout.write("The demo network is already loaded; nothing changed.")
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for both: {DEMO_PASSWORD}):")
        for username, _email, what in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {what}")
        if network:
            self.stdout.write(
                "  officer-<acronym, lower case>, e.g. officer-birrla: that group's officer"
            )
        self.stdout.write("")
