"""The officers' pages of one group's report (/reports/<acronym>/<period>/...), one module per
section: base (scoping, read-only pages, optimistic locking), home, sections (overview, group,
texts), targets, activities, photos, submit (preview and submission). Views stay thin: they
scope the report to the user (`Report.objects.visible_to`), build the screen's form and call
one service to write.

Decisions: staff see every report read-only (editing is for the group's officers:
`can_edit_report`); a report that cannot be edited shows its edit pages read-only (200) and
refuses POSTs with 403; out-of-scope reports answer 404. A save that lost an optimistic-lock
race answers 409 with the form re-shown as typed.
"""
