"""The `ssc-report/1` interchange format (../shared/report-format/): reading a folder or zip,
the schema and semantic checks with JSON paths, the atomic import and the export. May import
the core only (and activities.services: unknown indicator texts become the group's
proposals; entry.progress: an import refreshes the reports' stored progress)."""
