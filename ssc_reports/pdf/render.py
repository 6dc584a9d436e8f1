"""The stand-alone report as a PDF: one template, one print stylesheet, WeasyPrint.

`render_report_pdf(report)` is the one function the `render_report` command, the download view,
the review approval and the network compilation call. It loads the report's data in a constant
number of queries, renders `templates/pdf/report.html` and lays it out with WeasyPrint, which
fetches nothing but the app's own static and media files (`AppFilesURLFetcher`).

Our own files are addressed with two private URL schemes, so that no path or host of the
machine appears in the HTML and nothing else can be mistaken for them:
`ssc-static:pdf/report.css` (a file of STATICFILES_DIRS or STATIC_ROOT) and
`ssc-media:photos/x.jpg` (a stored file of the upload folders, read through Django's storage
API, so a bucket works as well as a local folder).
"""

import logging
import mimetypes
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from activities.models import Activity, Result
from groups.models import ROLE_ORDER, Role
from ssc_reports.models import Report
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from ssc_reports.pdf.render_limit import run_with_time_limit
from ssc_reports.pdf.summary import NOT_REPORTED_LABEL, Summary, build_summary, report_targets
from ssc_reports.pdf.tagging import finish_tagged_pdf
from ssc_reports.richtext import render_rich, render_rich_inline
from targets import palette
from targets.models import Component, Region, Status, TargetStatus

logger = logging.getLogger("ssc_reports.pdf")

STATIC_SCHEME = "ssc-static"
MEDIA_SCHEME = "ssc-media"

# Colours of the chart, by status (legend order) and for targets without a status: the one
# palette (targets/palette.py).
STATUS_COLOURS = palette.STATUS_COLOURS


# --------------------------------------------------------------------------------------------
# Fetching: only our own static and media files.


class RefusedURL(ValueError):
    """A URL the PDF renderer will not fetch."""


def static_url(path: str) -> str:
    return f"{STATIC_SCHEME}:{quote(path)}"


def media_url(name: str) -> str:
    return f"{MEDIA_SCHEME}:{quote(name)}"


def _static_roots() -> list[Path]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return roots


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


# The stored files a report shows: its photos, the group's logo, the officers' photographs.
MEDIA_FOLDERS = ("photos", "logos", "officers")


@dataclass
class AppFile:
    """A file the renderer may fetch: its name (`static:<path>` or `media:<stored name>`, for
    the log) and its bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def _static_file(relative: str) -> AppFile:
    """A file of STATICFILES_DIRS or STATIC_ROOT: the path is resolved (symbolic links
    followed, `..` collapsed) and must then lie inside one of them and be a regular file."""
    for root in _static_roots():
        root = root.resolve()
        candidate = (root / relative).resolve()
        if not _inside(candidate, root):
            raise RefusedURL("outside the allowed folders")
        if candidate.is_file():
            name = f"static:{candidate.relative_to(root).as_posix()}"
            return AppFile(name, candidate.read_bytes())
    raise RefusedURL("no such file")


def _media_file(name: str) -> AppFile:
    """A stored file of one of MEDIA_FOLDERS, read through the storage API (a local folder or
    a bucket): plain name segments only."""
    segments = name.split("/")
    if (
        segments[0] not in MEDIA_FOLDERS
        or len(segments) < 2
        or any(segment in ("", ".", "..") for segment in segments)
        or "\\" in name
        or any(ord(character) < 32 for character in name)
    ):
        raise RefusedURL("not one of the stored images")
    try:
        with default_storage.open(name, "rb") as stream:
            return AppFile(f"media:{name}", stream.read())
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise RefusedURL("no such file") from None


def read_app_file(url: str) -> AppFile:
    """The file an `ssc-static:` or `ssc-media:` URL names, or RefusedURL."""
    scheme, sep, rest = url.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in (STATIC_SCHEME, MEDIA_SCHEME):
        raise RefusedURL("not one of the app's own files")
    rest = rest.split("?", 1)[0].split("#", 1)[0]
    relative = unquote(rest)
    if not relative or "\x00" in relative or relative.startswith(("/", "\\")):
        raise RefusedURL("not a relative file path")
    if scheme == STATIC_SCHEME:
        return _static_file(relative)
    return _media_file(relative)


class AppFilesURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher serving only the app's static and media files.

    Everything else (`file:`, `http:`, `https:`, `data:`, any other scheme, paths outside the
    roots) is refused and logged on the `ssc_reports.pdf` logger; WeasyPrint then leaves the
    resource out of the document. Every file served is logged at DEBUG level.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(STATIC_SCHEME, MEDIA_SCHEME))

    def fetch(self, url, headers=None):
        try:
            file = read_app_file(url)
        except RefusedURL as error:
            logger.warning("PDF: refused to fetch %r (%s)", str(url)[:300], error)
            raise
        mime_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".ttf":
            mime_type = "font/ttf"
        logger.debug("PDF: served %s", file.name)
        return URLFetcherResponse(url, body=file.data, headers={"Content-Type": mime_type})


# --------------------------------------------------------------------------------------------
# Loading the report: a constant number of queries.


@dataclass
class ActivityBlock:
    activity: Activity
    results: list[Result]


@dataclass
class CategoryBlock:
    name: str
    activities: list[ActivityBlock] = field(default_factory=list)


@dataclass
class ComponentBlock:
    component: str
    label: str
    targets: list = field(default_factory=list)
    categories: list[CategoryBlock] = field(default_factory=list)
    photos: list = field(default_factory=list)


@dataclass
class RoleBlock:
    label: str
    officers: list


@dataclass
class ReportData:
    report: Report
    officers: list
    targets: list
    statuses: dict
    activities: list
    photos: list
    regions: list
    summary: Summary = None


def load_report_data(report) -> ReportData:
    """Everything the PDF shows, in nine queries whatever the report's size."""
    pk = report.pk if isinstance(report, Report) else report
    report = Report.objects.select_related("group", "period__quadrennium").get(pk=pk)
    officers = list(report.group.officers.all())
    targets = sort_targets(report_targets(report).prefetch_related("regions"))
    statuses = dict(TargetStatus.objects.filter(report=report).values_list("target_id", "status"))
    activities = sort_activities(Activity.objects.filter(report=report).with_results())
    photos = sort_photos(report.photos.all())
    regions = list(Region.objects.all())
    data = ReportData(
        report=report,
        officers=officers,
        targets=targets,
        statuses=statuses,
        activities=activities,
        photos=photos,
        regions=regions,
    )
    data.summary = build_summary(
        quadrennium=report.period.quadrennium.label,
        period=report.period.label,
        targets=targets,
        statuses=statuses,
        activities=activities,
        regions=regions,
    )
    return data


# --------------------------------------------------------------------------------------------
# Building the template context.


def quadrennium_label(label: str) -> str:
    """ "2021-2025" as the report prints it: "2021–2025"."""
    return label.replace("-", "\u2013")


# A role's name when several officers hold it.
ROLE_PLURALS = {
    Role.CHAIR: gettext_lazy("Chairs"),
    Role.CO_CHAIR: gettext_lazy("Co-Chairs"),
    Role.VICE_CHAIR: gettext_lazy("Vice-Chairs"),
    Role.DEPUTY_CHAIR: gettext_lazy("Deputy Chairs"),
    Role.RED_LIST_AUTHORITY_COORDINATOR: gettext_lazy("Red List Authority Coordinators"),
    Role.PROGRAMME_OFFICER: gettext_lazy("Programme Officers"),
    Role.SPECIES_SURVIVAL_DIRECTOR: gettext_lazy("Species Survival Directors"),
    Role.SPECIES_SURVIVAL_OFFICER: gettext_lazy("Species Survival Officers"),
    Role.OTHER: gettext_lazy("Others"),
}


def _role_blocks(officers) -> list[RoleBlock]:
    ordered = sorted(officers, key=lambda o: (ROLE_ORDER[o.role], o.title.casefold(), o.order))
    blocks = []
    for (role, title), members in groupby(ordered, key=lambda o: (o.role, o.title)):
        members = list(members)
        label = title or str(Role(role).label)
        if len(members) > 1 and not title:
            label = str(ROLE_PLURALS[role])
        blocks.append(RoleBlock(label=label, officers=members))
    return blocks


def labelled_description(text: str, label: str | None = None) -> SafeString:
    """The rich description with its label run into the first paragraph, as the seed has it."""
    if label is None:
        label = _("Result description:")
    html = str(render_rich(text))
    if not html.strip():
        return mark_safe("")  # noqa: S308 - empty
    lead = f'<span class="label">{escape(label)}</span> '
    if html.startswith("<p>"):
        return mark_safe(f"<p>{lead}{html[3:]}")  # noqa: S308 - escaped label, sanitised html
    return mark_safe(f'<p class="lead">{lead}</p>{html}')  # noqa: S308 - as above


def status_chart_svg(summary: Summary) -> SafeString:
    """A stacked bar of the targets per status with "n (p%)" above each part."""
    shares = summary.achieved_statuses
    total = sum(share.count for share in shares)
    width, bar_y, bar_h = 400.0, 22.0, 26.0
    parts = []
    x = 0.0
    for share in shares:
        w = width * share.count / total
        colour = STATUS_COLOURS[share.status]
        parts.append(
            f'<rect x="{x:.2f}" y="{bar_y}" width="{w:.2f}" height="{bar_h}" fill="{colour}"/>'
        )
        centre = min(max(x + w / 2, 26.0), width - 26.0)
        parts.append(
            f'<text x="{centre:.2f}" y="15" text-anchor="middle">{escape(share.figure)}</text>'
        )
        x += w
    description = _("Targets by status: %(figures)s") % {"figures": summary.achievement_text}
    svg = (
        f'<svg class="status-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:.0f} {bar_y + bar_h:.0f}" role="img" '
        f'aria-label="{escape(description)}"><title>{escape(description)}</title>'
        + "".join(parts)
        + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - numbers and escaped labels only


def build_context(data: ReportData, *, draft: bool | None = None) -> dict:
    report = data.report
    group = report.group
    status_labels = dict(Status.choices)
    component_labels = dict(Component.choices)

    target_blocks = []
    for component, targets in groupby(data.targets, key=lambda t: t.component):
        rows = [
            {
                "code": target.code,
                "title": target.title,
                "status": status_labels.get(data.statuses.get(target.pk), NOT_REPORTED_LABEL),
            }
            for target in targets
        ]
        target_blocks.append(
            ComponentBlock(component=component, label=component_labels[component], targets=rows)
        )

    photos_by_component = {}
    loose_photos = []
    for photo in data.photos:
        photo.alt_text = photo_alt(photo, group.name)
        if photo.component in component_labels:
            photos_by_component.setdefault(photo.component, []).append(photo)
        else:
            loose_photos.append(photo)

    activity_blocks = {}
    for activity in data.activities:
        component = activity.target.component
        block = activity_blocks.setdefault(
            component, ComponentBlock(component=component, label=component_labels[component])
        )
        if not block.categories or block.categories[-1].name != activity.category.name:
            block.categories.append(CategoryBlock(name=activity.category.name))
        block.categories[-1].activities.append(
            ActivityBlock(activity=activity, results=list(activity.results.all()))
        )
    for component, photos in photos_by_component.items():
        activity_blocks.setdefault(
            component, ComponentBlock(component=component, label=component_labels[component])
        ).photos = photos
    activity_components = [
        activity_blocks[value] for value in Component.values if value in activity_blocks
    ]

    role_blocks = _role_blocks(data.officers)
    chairs = [o for block in role_blocks for o in block.officers if o.is_chair and o.photo]
    social_links = [link for link in (group.social_links or []) if isinstance(link, str)]
    has_group_info = bool(
        role_blocks or group.members_count is not None or social_links or group.website
    )
    summary = data.summary
    if draft is None:
        draft = report.status != Report.Status.APPROVED
    title = _("%(group)s – %(period)s Report") % {
        "group": group.name,
        "period": report.period.label,
    }
    return {
        "report": report,
        "language": translation.get_language(),
        "group": group,
        "title": title,
        "author": group.name,
        "period": report.period.label,
        "quadrennium": quadrennium_label(report.period.quadrennium.label),
        "draft": draft,
        "stylesheet_url": static_url("pdf/report.css"),
        "chairs": [{"officer": o, "photo_url": media_url(o.photo.name)} for o in chairs],
        "role_blocks": role_blocks,
        "social_links": social_links,
        "has_group_info": has_group_info,
        "logo_url": media_url(group.logo.name) if group.logo else "",
        "target_components": target_blocks,
        "activity_components": activity_components,
        "loose_photos": loose_photos,
        "summary": summary,
        "chart_svg": status_chart_svg(summary) if summary.total_targets else "",
        "status_colours": STATUS_COLOURS,
        "palette_css": mark_safe(palette.palette_css()),  # noqa: S308 - our own constants
    }


def photo_alt(photo, group_name: str) -> str:
    """A photo's alternative text: its caption as plain text, else who took it."""
    caption = " ".join(strip_tags(str(render_rich_inline(photo.caption or ""))).split())
    if caption:
        return caption
    if photo.credit:
        return _("Photo by %(credit)s") % {"credit": photo.credit}
    return _("Photo from the report of the %(group)s") % {"group": group_name}


def pdf_language_of(report, language: str | None = None) -> str:
    """The language of the PDF's fixed labels: `language` if given, else the report's
    `pdf_language` as the caller's instance has it (the compilation sets English on its
    instance: network/compile.py), else English."""
    if language:
        return language
    if isinstance(report, Report):
        return report.pdf_language or "en"
    return Report.objects.filter(pk=report).values_list("pdf_language", flat=True).first() or "en"


def render_report_html(report, *, draft: bool | None = None, language: str | None = None) -> str:
    """The report as the HTML WeasyPrint lays out. `draft=None`: watermark unless approved.
    The fixed labels (headings, components, statuses...) are in `pdf_language_of(report)`; what
    the group wrote stays as written."""
    with translation.override(pdf_language_of(report, language)):
        return _render_html(load_report_data(report), draft=draft)


def _render_html(data: ReportData, *, draft: bool | None = None) -> str:
    return render_to_string("pdf/report.html", build_context(data, draft=draft))


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's layout of `html`, fetching only the app's own files, as a tagged PDF/UA-1
    document (headers, footers and the DRAFT mark as artifacts: pdf/tagging.py). Unbounded:
    call it through `ssc_reports.pdf.render_limit.run_with_time_limit` (as render_report_pdf
    does)."""
    document = HTML(string=html, base_url=None, url_fetcher=AppFilesURLFetcher())
    return finish_tagged_pdf(document.write_pdf(uncompressed_pdf=False, pdf_variant="pdf/ua-1"))


def render_report_pdf(
    report,
    *,
    draft: bool | None = None,
    time_limit: float | None = None,
    language: str | None = None,
):
    """The report (a Report or its pk) as PDF bytes, its labels in `pdf_language_of(report)`.
    Self-contained: safe in a worker process.

    The data is loaded here; WeasyPrint lays the HTML out in a forked child process that is
    killed after `time_limit` seconds (default settings.SSC_PDF_TIME_LIMIT), raising
    RenderTimeout (ssc_reports.pdf.render_limit)."""
    html = render_report_html(report, draft=draft, language=language)
    return run_with_time_limit(html_to_pdf, html, seconds=time_limit)


def page_number_sample_pdf(digits: str) -> bytes:
    """One page whose only content is the stand-alone report's page-number footer reading
    `digits` (untagged): the glyphs, font and position the compiled report stamps its page
    numbers with (network/merging.py)."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{static_url("pdf/report.css")}">'
        "<style>@page { @top-left { content: none; border: 0 } "
        "@top-right { content: none; border: 0 } "
        f'@bottom-right {{ content: "{digits}" }} }}</style></head><body></body></html>'
    )
    document = HTML(string=html, base_url=None, url_fetcher=AppFilesURLFetcher())
    return document.write_pdf()
