"""The stand-alone report as a PDF: rendering with WeasyPrint (render.py, with the URL fetcher
that serves only the app's own files), the tagged PDF/UA-1 finishing with pikepdf
(tagging.py, free of Django: the compilation's merge uses it too), the computed summary of
achievements (summary.py) and the download, draft or approved (views.py). May import the core
only; WeasyPrint is imported by render.py alone, and only when a PDF is rendered."""
