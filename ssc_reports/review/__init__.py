"""SSC staff's side: the review workflow and its e-mails, the edit lock (deadline, extensions),
comments, snapshots and diffs, the timeline (history), the dashboard, periods, memberships and
invitations, reminders, and the staff pages, the catalogue's included (catalogue*.py). May
import the core, entry.services and entry.completeness (reports started with carry-over; the
checklist), pdf.render and pdf.views (the approved PDF); the catalogue's writes are
activities.services."""
