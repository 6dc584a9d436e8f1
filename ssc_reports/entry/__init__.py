"""The officers' pages of one group's report (/reports/<acronym>/<period>/...): views, forms,
URLs, the services that write the report's parts (carry-over, optimistic locking), the
pre-submit checklist, and each report's stored progress (progress.py: last edit and
completeness, kept by every write service, read by the staff dashboard and exports). May
import the core, and review.lock and review.workflow (may the report be edited now;
submitting it)."""
