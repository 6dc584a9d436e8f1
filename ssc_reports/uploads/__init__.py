"""Files users upload and download: serving them only to those who may see them, with a fixed
image content type (views.py); a file is deleted only when no row uses it any more, and the
periodic clean-up (files.py); re-encoding images stored before uploads were cleaned
(reencode.py); the bucket back-end of MEDIA_STORAGE=s3, whose links stay the app's own
(bucket.py). May import the core only (and entry.progress: a re-encoded image is an edit of
its reports); image checks themselves are ssc_reports/images.py."""
