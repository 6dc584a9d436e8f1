"""The network-wide SSC Species Report: compilation (compile.py), merging the parts' PDFs
(merging.py, no Django), background tasks and the worker's recovery (tasks.py), analytics,
charts, the staff exports and their pages. May import the core, listing (the exports page's list
of reports in pages), pdf.render and pdf.keys (the
parts and their cache), interchange.exporter (the zip download) and review.dashboard (the
exports filter the network as the dashboard does)."""
