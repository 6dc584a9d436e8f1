import datetime

import pytest

from ssc_reports.planning.services import open_quadrennium

LABEL = "2026-2029"


@pytest.fixture
def planning(db, group, other_officer, staff_user):
    """2026-2029 opened from 2021-2025 (the group and the other officer's group get a plan),
    planning deadline well ahead."""
    return open_quadrennium(
        label=LABEL,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2029, 12, 31),
        copy_from="2021-2025",
        deadline=datetime.date.today() + datetime.timedelta(days=60),
        by=staff_user,
    )


@pytest.fixture
def plan(planning, group, officer):
    return planning.plans.get(group=group)
