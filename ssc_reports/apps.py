from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SscReportsConfig(AppConfig):
    name = "ssc_reports"
    verbose_name = "Reports"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ssc_reports.db_invariants import on_post_migrate
        from ssc_reports.i18n import restore_saved_language

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="ssc_invariant_triggers")
        user_logged_in.connect(restore_saved_language, dispatch_uid="ssc_restore_saved_language")
