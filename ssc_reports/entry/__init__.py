"""The officers' pages of one group's report (/reports/<acronym>/<period>/...): views, forms,
URLs, the services that write the report's parts (carry-over, optimistic locking) and the
pre-submit checklist. May import the core (models, permissions, ordering, richtext, images) and
ssc_reports.review.lock and .workflow (is the report editable; submitting it)."""
