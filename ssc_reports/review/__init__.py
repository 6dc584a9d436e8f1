"""SSC staff's side: the review workflow and its e-mails, the edit lock (deadline, extensions),
comments, snapshots and diffs, the timeline (history), the dashboard, periods, memberships and
invitations, reminders, and the staff pages. May import the core and ssc_reports.entry's
services and checklist (starting reports with carry-over, completeness); pdf.render for the
approved PDF."""
