import datetime

import pytest
from django.core.management import CommandError, call_command

from activities.models import ActivityCategory, Indicator
from activities.services import update_category
from ssc_reports.models import Plan, PlanningRound
from ssc_reports.planning.services import PlanningError, open_quadrennium
from targets.models import KSR, Quadrennium
from tests import factories

D = datetime.date


def _open(**kw):
    values = {"label": "2026-2029", "start": D(2026, 1, 1), "end": D(2029, 12, 31),
              "copy_from": "2021-2025"}  # fmt: skip
    values.update(kw)
    return open_quadrennium(**values)


def test_open_quadrennium_copies_the_reference_data(db, group, staff_user):
    old = factories.quadrennium()
    retired = ActivityCategory.objects.filter(quadrennium=old).order_by("pk").first()
    retired.retired = True
    retired.save()

    planning = _open(by=staff_user, deadline=D(2026, 3, 31))

    new = planning.quadrennium
    assert (new.label, new.start, new.end) == ("2026-2029", D(2026, 1, 1), D(2029, 12, 31))
    assert planning.previous == old and planning.deadline == D(2026, 3, 31)
    old_ksrs = list(KSR.objects.filter(quadrennium=old).values_list("number", "component", "title"))
    new_ksrs = list(KSR.objects.filter(quadrennium=new).values_list("number", "component", "title"))
    assert new_ksrs == old_ksrs and len(new_ksrs) == 13
    old_categories = set(
        ActivityCategory.objects.filter(quadrennium=old, retired=False).values_list(
            "component", "name"
        )
    )
    assert set(ActivityCategory.objects.filter(quadrennium=new).values_list(
        "component", "name")) == old_categories  # fmt: skip
    assert (retired.component, retired.name) not in old_categories
    old_indicators = Indicator.objects.of_quadrennium(old).filter(
        standard=True, retired=False, category__retired=False
    )
    new_indicators = Indicator.objects.of_quadrennium(new)
    assert sorted(new_indicators.values_list("category__name", "text", "kind")) == sorted(
        old_indicators.values_list("category__name", "text", "kind")
    )
    assert not new_indicators.filter(ksr__quadrennium=old).exists()
    plan = Plan.objects.get(planning=planning, group=group)
    assert plan.status == Plan.Status.NOT_STARTED
    assert plan.history.get().history_user == staff_user


def test_editing_the_copy_leaves_the_old_quadrennium(db, staff_user):
    planning = _open()
    copy = ActivityCategory.objects.get(quadrennium=planning.quadrennium, name="Red List")

    update_category(category=copy, by=staff_user, name="Red List assessments", definition="",
                    provisional=False)  # fmt: skip

    assert ActivityCategory.objects.filter(quadrennium=factories.quadrennium(),
                                           name="Red List").exists()  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"end": D(2025, 12, 31)}, "end"),
        ({"label": "2026-29"}, "label"),
        (
            {
                "label": "2021-2025",
                "start": D(2021, 1, 1),
                "end": D(2025, 12, 31),
                "copy_from": None,
            },
            "label",
        ),  # fmt: skip
        ({"label": "2027-2029", "start": D(2026, 1, 1)}, "label"),
        ({"copy_from": "1999-2003"}, "copy_from"),
        ({"label": "2020-2029", "start": D(2020, 1, 1)}, "start"),
        ({"deadline": D(2030, 1, 1)}, "deadline"),
    ],
)
def test_open_quadrennium_refuses_bad_input_and_changes_nothing(db, group, values, field):
    counts = (Quadrennium.objects.count(), KSR.objects.count(), ActivityCategory.objects.count(),
              Indicator.objects.count(), Plan.objects.count())  # fmt: skip

    with pytest.raises(PlanningError) as caught:
        _open(**values)

    assert caught.value.field == field
    assert counts == (Quadrennium.objects.count(), KSR.objects.count(),
                      ActivityCategory.objects.count(), Indicator.objects.count(),
                      Plan.objects.count())  # fmt: skip


def test_open_quadrennium_command(db, group, capsys):
    call_command("open_quadrennium", "2026-2029", "--start", "2026-01-01", "--end",
                 "2029-12-31", "--copy-from", "2021-2025")  # fmt: skip

    out = capsys.readouterr().out
    assert "Opened 2026-2029 (2026-01-01 to 2029-12-31): 13 KSRs" in out
    assert PlanningRound.objects.get().plans.get().group == group


def test_open_quadrennium_command_refuses_an_existing_label(db):
    with pytest.raises(CommandError, match="The quadrennium 2021-2025 exists already"):
        call_command("open_quadrennium", "2021-2025", "--start", "2021-01-01", "--end",
                     "2025-12-31")  # fmt: skip

    with pytest.raises(CommandError, match="--end: 'tomorrow' is not a date"):
        call_command("open_quadrennium", "2026-2029", "--start", "2026-01-01", "--end",
                     "tomorrow")  # fmt: skip
    assert Quadrennium.objects.count() == 1


def test_staff_open_page_shows_the_error_beside_the_field_and_keeps_the_input(client, staff_user):
    from django.urls import reverse

    client.force_login(staff_user)
    data = {"label": "2026-2029", "start": "2026-01-01", "end": "2025-12-31",
            "copy_from": "2021-2025", "deadline": ""}  # fmt: skip

    response = client.post(reverse("plans_staff:open"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Last day: The end must be after the start." in page
    assert 'value="2026-2029"' in page and 'value="2025-12-31"' in page
    assert not Quadrennium.objects.filter(label="2026-2029").exists()

    data["end"] = "2029-12-31"
    response = client.post(reverse("plans_staff:open"), data)

    assert response.status_code == 302
    assert response.url == reverse("plans_staff:round", args=["2026-2029"])
    assert PlanningRound.objects.get().opened_by == staff_user
