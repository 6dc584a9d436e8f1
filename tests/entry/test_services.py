import pytest

from activities.models import Result
from ssc_reports.entry import services
from ssc_reports.models import Photo, Report
from targets.models import Target, TargetStatus
from tests import factories


def _previous_report(group):
    previous = factories.make_report(
        group=group,
        period=factories.make_period(label="2023-2024"),
        projected_impact="Impact *text*",
        acknowledgements="Thanks to the funders.",
        status=Report.Status.APPROVED,
    )
    return previous


def test_start_report_carries_over_texts_and_last_statuses(group, period):
    older = factories.make_report(group=group, period=factories.make_period(label="2022-2023"))
    previous = _previous_report(group)
    on_track = factories.make_target(group=group, code="T-001")
    only_older = factories.make_target(group=group, code="T-002")
    retired = factories.make_target(group=group, code="T-003", retired=True)
    factories.set_status(report=older, target=on_track, status="not_initiated")
    factories.set_status(report=previous, target=on_track, status="on_track")
    factories.set_status(report=older, target=only_older, status="achieved")
    factories.set_status(report=previous, target=retired, status="on_track")
    activity = factories.make_activity(report=previous, target=on_track)
    factories.make_result(activity=activity, number=4)
    factories.make_photo(report=previous)

    report = services.start_report(group=group, period=period)

    assert report.status == Report.Status.DRAFT
    assert report.projected_impact == "Impact *text*"
    assert report.acknowledgements == "Thanks to the funders."
    assert dict(report.target_statuses.values_list("target__code", "status")) == {
        "T-001": "on_track",
        "T-002": "achieved",
    }
    assert report.activities.count() == 0
    assert Result.objects.filter(activity__report=report).count() == 0
    assert Photo.objects.filter(report=report).count() == 0


def test_start_report_without_previous_report_starts_empty(group, period):
    factories.make_target(group=group, code="T-001")

    report = services.start_report(group=group, period=period)

    assert (report.projected_impact, report.acknowledgements) == ("", "")
    assert report.target_statuses.count() == 0


def test_start_report_is_idempotent(group, period):
    first = services.start_report(group=group, period=period)
    second = services.start_report(group=group, period=period)
    assert first.pk == second.pk
    assert Report.objects.filter(group=group, period=period).count() == 1


def test_start_report_ignores_other_groups_reports(group, period):
    other = factories.make_group()
    _previous_report(other)

    report = services.start_report(group=group, period=period)

    assert report.projected_impact == ""


def test_save_with_version_bumps_version(report):
    def save():
        report.projected_impact = "New"
        report.save()

    services.save_with_version(instance=report, version=1, save=save)

    report.refresh_from_db()
    assert (report.version, report.projected_impact) == (2, "New")


def test_save_with_version_refuses_stale_version_and_writes_nothing(report):
    Report.objects.filter(pk=report.pk).update(version=3, projected_impact="Theirs")
    called = []

    with pytest.raises(services.ConcurrentEditError) as info:
        services.save_with_version(instance=report, version=2, save=lambda: called.append(1))

    assert called == []
    assert info.value.current_version == 3
    report.refresh_from_db()
    assert (report.version, report.projected_impact) == (3, "Theirs")


def test_save_with_version_rolls_back_claim_when_save_fails(report):
    def failing_save():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        services.save_with_version(instance=report, version=1, save=failing_save)

    report.refresh_from_db()
    assert report.version == 1


def test_delete_target_refuses_target_with_status_in_any_period(group, report):
    target = factories.make_target(group=group, code="T-001")
    older = factories.make_report(group=group, period=factories.make_period(label="2022-2023"))
    factories.set_status(report=older, target=target)

    with pytest.raises(services.TargetInUseError):
        services.delete_target(target=target)

    assert Target.objects.filter(pk=target.pk).exists()


def test_delete_target_refuses_target_with_activity(group, report):
    target = factories.make_target(group=group, code="T-001")
    factories.make_activity(report=report, target=target)

    with pytest.raises(services.TargetInUseError):
        services.delete_target(target=target)

    assert Target.objects.filter(pk=target.pk).exists()


def test_delete_target_deletes_unused_target(group):
    target = factories.make_target(group=group, code="T-001")

    services.delete_target(target=target)

    assert not Target.objects.filter(pk=target.pk).exists()


def test_retire_and_reinstate_target_keep_statuses(group, report):
    target = factories.make_target(group=group, code="T-001")
    factories.set_status(report=report, target=target)

    services.retire_target(target=target)
    assert Target.objects.get(pk=target.pk).retired is True
    assert TargetStatus.objects.filter(target=target).count() == 1

    services.reinstate_target(target=target)
    assert Target.objects.get(pk=target.pk).retired is False


def test_set_target_status_creates_updates_and_removes(group, report):
    target = factories.make_target(group=group, code="T-001")

    services.set_target_status(report=report, target=target, status="on_track")
    services.set_target_status(report=report, target=target, status="achieved")
    assert list(TargetStatus.objects.values_list("status", flat=True)) == ["achieved"]

    services.set_target_status(report=report, target=target, status="")
    assert TargetStatus.objects.count() == 0


def test_delete_photo_removes_file_on_commit(report, django_capture_on_commit_callbacks):
    photo = factories.make_photo(report=report)
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_photo(photo=photo)

    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not storage.exists(name)


def test_save_with_version_accepts_newer_version_when_own_fields_unchanged(report):
    loaded = services.fingerprint([report.acknowledgements])
    Report.objects.filter(pk=report.pk).update(version=2, projected_impact="Other section")

    def save():
        report.acknowledgements = "Mine"
        report.save(update_fields=["acknowledgements", "version"])

    services.save_with_version(
        instance=report, version=1, save=save, fields=("acknowledgements",),
        loaded_fingerprint=loaded,
    )  # fmt: skip

    report.refresh_from_db()
    assert (report.version, report.projected_impact, report.acknowledgements) == (
        3,
        "Other section",
        "Mine",
    )


def test_save_with_version_refuses_newer_version_when_own_fields_changed(report):
    loaded = services.fingerprint([report.acknowledgements])
    Report.objects.filter(pk=report.pk).update(version=2, acknowledgements="Theirs")

    with pytest.raises(services.ConcurrentEditError):
        services.save_with_version(
            instance=report, version=1, save=lambda: None, fields=("acknowledgements",),
            loaded_fingerprint=loaded,
        )  # fmt: skip

    report.refresh_from_db()
    assert (report.version, report.acknowledgements) == (2, "Theirs")
