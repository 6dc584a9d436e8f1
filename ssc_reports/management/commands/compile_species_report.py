"""python manage.py compile_species_report PERIOD -o FILE.pdf

Compiles the period's approved reports into one PDF in the foreground (the same pipeline the
staff page runs in the background). With --enqueue, queues the job for `run_worker` instead;
with --retry-stalled, queues again every compilation whose worker stopped.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ssc_reports.models import ReportingPeriod
from ssc_reports.network import tasks
from ssc_reports.network.compile import CompilationError, compile_period


class Command(BaseCommand):
    help = "Compile the SSC Species Report of a period (its approved reports) into one PDF."

    def add_arguments(self, parser):
        parser.add_argument("period", nargs="?", help="The period's label, e.g. 2024-2025.")
        parser.add_argument("-o", "--output", help="The PDF file to write.")
        parser.add_argument(
            "--processes", type=int, default=None, help="Worker processes (default: setting)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the compilation for the background worker (run_worker) instead.",
        )
        parser.add_argument(
            "--retry-stalled",
            action="store_true",
            help="Queue again every compilation whose worker stopped making progress.",
        )

    def handle(self, *args, period=None, output=None, processes=None, **options):
        if options["retry_stalled"]:
            retried = tasks.retry_stalled_compilations()
            for compilation in retried:
                self.stdout.write(
                    f"Queued again: compilation {compilation.pk} ({compilation.period.label}), "
                    f"attempt {compilation.attempts}."
                )
            if not retried:
                self.stdout.write("No stalled compilation.")
            return
        if not period:
            raise CommandError("Give the period's label, e.g. 2024-2025.")
        try:
            period_obj = ReportingPeriod.objects.select_related("quadrennium").get(label=period)
        except ReportingPeriod.DoesNotExist:
            raise CommandError(f"No reporting period {period!r}.") from None
        if options["enqueue"]:
            compilation = tasks.start_compilation(period=period_obj)
            self.stdout.write(f"Queued compilation {compilation.pk} of {period}.")
            return
        if not output:
            raise CommandError("Give the output file with -o FILE.pdf.")
        output = Path(output)
        if output.suffix.lower() != ".pdf":
            raise CommandError("The output file must end in .pdf.")

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} / {total} groups")

        try:
            result = compile_period(period_obj, output, processes=processes, on_progress=progress)
        except CompilationError as error:
            raise CommandError(str(error)) from error
        for line in result.log:
            self.stderr.write(line)
        self.stdout.write(
            f"Wrote {output} ({result.pages} pages, {len(result.parts)} groups: "
            f"{result.rendered} rendered, {result.reused} reused) in "
            f"{result.timings['total']:.1f} s."
        )
