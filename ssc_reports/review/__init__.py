"""SSC staff's side: the review workflow and its e-mails, the edit lock (deadline, extensions),
comments, snapshots and diffs, the timeline (history), the dashboard, periods, memberships and
invitations, reminders, and the staff pages, the indicator catalogue's included
(catalogue*.py). May import the core, listing (sorting and pages of the tables),
entry.services, entry.completeness and entry.progress
(reports started with carry-over; the checklist; the stored progress that transitions
refresh), entry.forms (the timeline names fields as the forms label them), pdf.render and
pdf.views (the approved PDF); the catalogue's writes are activities.services."""
