"""Planning the next quadrennium (issue 13): opening a quadrennium with a copy of the previous
one's reference data (`services.open_quadrennium`), each group's plan at
/plans/<acronym>/<label>/ (mission, projected impact, proposed targets, carrying unfinished
targets forward, the checklist, submission), the staff review at /staff/plans/<label>/
(return, approve: approved targets become the group's targets of the quadrennium; reopen an
approved plan, whose next approval updates those targets), the
network's plan as a whole (`overview.py`, charts), its CSV/XLSX export (`exports.py`) and the
approved plan's PDF, rendered by the worker (`pdf.py`, `tasks.py`); e-mails on submission,
return, approval and reopening (`notifications.py`).

May import: the core (models, permissions, richtext, ordering), `listing` (the round page's
table of plans, `plans_table.py`), `entry.services`
(`save_with_version`), `review.lock` (LockState), `review.notifications` (sending in each
recipient's language), `network.charts` and `network.exports` (the chart and spreadsheet
helpers), `pdf.render` (inside the worker's task only). Nothing imports planning but the
root urls, the management command and the demo (`demo.plans`, through the services).
"""
