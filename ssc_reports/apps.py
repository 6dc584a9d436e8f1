from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SscReportsConfig(AppConfig):
    name = "ssc_reports"
    verbose_name = "Reports"

    def ready(self):
        from ssc_reports.db_invariants import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="ssc_invariant_triggers")
