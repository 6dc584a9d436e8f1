import datetime

from django.core.management.base import BaseCommand, CommandError

from ssc_reports.planning.services import PlanningError, open_quadrennium


def _date(value: str | None, name: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--{name}: {value!r} is not a date like 2026-01-01.") from exc


class Command(BaseCommand):
    help = (
        "Open a quadrennium for planning, with a copy of another quadrennium's KSRs, activity "
        "categories and indicators, e.g. open_quadrennium 2026-2029 --start 2026-01-01 "
        "--end 2029-12-31 --copy-from 2021-2025."
    )

    def add_arguments(self, parser):
        parser.add_argument("label", help="the quadrennium's label, e.g. 2026-2029")
        parser.add_argument("--start", required=True, help="first day, e.g. 2026-01-01")
        parser.add_argument("--end", required=True, help="last day, e.g. 2029-12-31")
        parser.add_argument("--copy-from", help="the quadrennium whose reference data to copy")
        parser.add_argument("--deadline", help="last day groups may edit their plans")

    def handle(self, *args, label, start, end, copy_from, deadline, **options):
        try:
            planning = open_quadrennium(
                label=label,
                start=_date(start, "start"),
                end=_date(end, "end"),
                copy_from=copy_from,
                deadline=_date(deadline, "deadline"),
            )
        except PlanningError as exc:
            where = f"--{exc.field.replace('_', '-')}: " if exc.field not in (None, "label") else ""
            raise CommandError(f"{where}{exc.message} Nothing was changed.") from exc
        quadrennium = planning.quadrennium
        self.stdout.write(
            self.style.SUCCESS(
                f"Opened {quadrennium.label} ({quadrennium.start} to {quadrennium.end}): "
                f"{quadrennium.ksrs.count()} KSRs, "
                f"{quadrennium.activity_categories.count()} activity categories copied; "
                f"planning open for {planning.plans.count()} groups."
            )
        )
