"""Re-encode the images stored before uploads were re-encoded (see ssc_reports.uploads.reencode).
Run once after upgrading; running it again changes nothing."""

from django.core.management.base import BaseCommand

from ssc_reports.uploads.reencode import reencode_stored_images


class Command(BaseCommand):
    help = (
        "Re-encode stored logos, officers' photos and photos that still have the name and "
        "metadata of their upload; rows are pointed at the new files."
    )

    def handle(self, *args, **options):
        done = reencode_stored_images(stdout=self.stdout)
        for name in done["unreadable"]:
            self.stderr.write(f"{name}: not a readable PNG, JPEG or WebP image; left alone")
        self.stdout.write(self.style.SUCCESS(f"{len(done['reencoded'])} image(s) re-encoded."))
