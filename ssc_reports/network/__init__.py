"""The network-wide SSC Species Report: compilation (compile.py), merging the parts' PDFs
(merge.py, no Django), the background tasks and the worker's recovery (tasks.py), analytics,
charts, the staff exports, and their pages. May import the core, pdf.render and
interchange.exporter (the zip download)."""
