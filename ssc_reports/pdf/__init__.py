"""The stand-alone report as a PDF: rendering with WeasyPrint (render.py, with the URL fetcher
that serves only the app's own files) within a time limit (render_limit.py), the tagged
PDF/UA-1 finishing with pikepdf (tagging.py, free of Django: the compilation's merge uses it
too), the computed summary of achievements (summary.py), the content keys of rendered PDFs,
their stored names and this machine's local copies (keys.py), the worker's renders and their
cache (cache.py), and the download (views.py). May import the core, interchange.exporter
(a PDF's key is its export's hash) and entry.progress (freezing the final PDF is an edit of
the report); WeasyPrint is imported by render.py alone."""
