"""Boring factories: plain functions with keyword arguments and sensible defaults."""

import datetime
import io
import itertools
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image

from activities.models import Activity, ActivityCategory, Indicator, Result
from groups.models import Group, Membership, Officer, Role
from ssc_reports.models import Photo, Report, ReportingPeriod
from targets.models import KSR, Quadrennium, Region, Target, TargetStatus

_seq = itertools.count(1)

PASSWORD = "test-password-123"


def png_bytes(width: int = 40, height: int = 30, color=(30, 120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 40, height: int = 30, color=(120, 60, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def make_user(*, username=None, email=None, staff=False, password=PASSWORD, **extra):
    n = next(_seq)
    username = username or f"user{n}"
    return get_user_model().objects.create_user(
        username=username,
        email=email or f"{username}@example.org",
        password=password,
        is_staff=staff,
        **extra,
    )


def make_group(*, acronym=None, name=None, kind=Group.Kind.SPECIALIST_GROUP, **fields):
    n = next(_seq)
    acronym = acronym or f"G{n}SG"
    return Group.objects.create(
        acronym=acronym, name=name or f"IUCN SSC Test Group {n}", kind=kind, **fields
    )


def make_officer(*, group, name=None, role=Role.CHAIR, **fields):
    return Officer.objects.create(
        group=group, name=name or f"Officer {next(_seq)}", role=role, **fields
    )


def make_member(*, group, user=None, role=Role.PROGRAMME_OFFICER):
    user = user or make_user()
    Membership.objects.create(user=user, group=group, role=role)
    return user


def quadrennium() -> Quadrennium:
    """The 2021-2025 quadrennium the reference-data migration creates."""
    return Quadrennium.objects.get(label="2021-2025")


def make_period(*, label="2024-2025", start=None, end=None, deadline=None, **fields):
    first = int(label[:4])
    period, _ = ReportingPeriod.objects.get_or_create(
        label=label,
        defaults={
            "quadrennium": quadrennium(),
            "start": start or datetime.date(first, 1, 1),
            "end": end or datetime.date(first + 1, 3, 31),
            "submission_deadline": deadline or datetime.date(first + 1, 5, 31),
            **fields,
        },
    )
    return period


def make_report(*, group=None, period=None, status=Report.Status.DRAFT, **fields):
    return Report.objects.create(
        group=group or make_group(), period=period or make_period(), status=status, **fields
    )


def ksr(number: int) -> KSR:
    return KSR.objects.get(quadrennium__label="2021-2025", number=number)


def category(name: str) -> ActivityCategory:
    return ActivityCategory.objects.get(name=name)


def indicator(text: str) -> Indicator:
    return Indicator.objects.get(text=text)


def make_target(*, group, code=None, component="assess", title=None, regions=("global",), **kw):
    code = code or f"T-{next(_seq) % 1000:03d}"
    target = Target.objects.create(
        group=group,
        quadrennium=quadrennium(),
        code=code,
        component=component,
        title=title or f"Target {code}",
        **kw,
    )
    if regions:
        target.regions.set(Region.objects.filter(code__in=regions))
    return target


def set_status(*, report, target, status="on_track") -> TargetStatus:
    return TargetStatus.objects.update_or_create(
        report=report, target=target, defaults={"status": status}
    )[0]


def make_activity(*, report, target, category_name="Red List", ksr_number=6, **fields):
    return Activity.objects.create(
        report=report,
        target=target,
        category=category(category_name),
        ksr=ksr(ksr_number),
        **fields,
    )


def make_result(*, activity, indicator_text=None, number=None, text=None, description="", **kw):
    indicator_obj = (
        indicator(indicator_text)
        if indicator_text
        else Indicator.objects.filter(category=activity.category).first()
    )
    if number is None and text is None:
        number = 1
    return Result.objects.create(
        activity=activity,
        indicator=indicator_obj,
        value_number=Decimal(str(number)) if number is not None else None,
        value_text=text,
        description=description,
        **kw,
    )


def make_photo(*, report, component="assess", caption="A photo", credit="A. Photographer"):
    photo = Photo(report=report, caption=caption, credit=credit, component=component)
    photo.image.save(f"photo{next(_seq)}.png", ContentFile(png_bytes()), save=False)
    photo.save()
    return photo


SMSG_DEMO_DIR = Path(__file__).resolve().parent.parent / "ssc_reports/data/demo/smsg-2024-2025"
