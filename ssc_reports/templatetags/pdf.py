"""Filters of the PDF templates (templates/pdf/)."""

from django import template

from ssc_reports.pdf.render import labelled_description, media_url

register = template.Library()


@register.filter(name="pdf_media_url")
def pdf_media_url(name):
    """`ssc-media:` URL of a stored file name, for the PDF's URL fetcher."""
    return media_url(str(name)) if name else ""


@register.filter(name="result_description")
def result_description(text):
    """The rich description with "Result description:" run into its first paragraph."""
    return labelled_description(text)
