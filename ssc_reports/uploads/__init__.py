"""Files users upload and download: serving them only to those who may see them, with a fixed
image content type (views.py); a file is deleted only when no row uses it any more, and the
periodic clean-up (files.py); re-encoding images stored before uploads were cleaned
(reencode.py). May import the core only (and entry.progress: a re-encoded image is an edit
of its reports); image checks themselves are ssc_reports/images.py."""
