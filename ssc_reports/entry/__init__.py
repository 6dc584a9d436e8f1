"""The officers' pages of one group's report (/reports/<acronym>/<period>/...): views, forms,
URLs, the services that write the report's parts (carry-over, optimistic locking) and the
pre-submit checklist. May import the core, and review.lock and review.workflow (may the report
be edited now; submitting it)."""
