"""The staff pages' long tables, done once: sorting in the database by a column key (with
where empty values go and ties in name order), a rank for choices sorted by their label, the
query strings of the sort and page links (keeping the filters) and pages of PAGE_SIZE rows
(`tables.py`; the templates are `templates/listing/`). Used by the dashboard
(`review.dashboard`), the group lists (`review.staff_views`), the exports page
(`network.views`) and the planning round (`planning.staff_views`).

May import Django only: no model and no capability, so every capability may import it."""
