import pytest

from ssc_reports.pdf.summary import largest_remainder_percentages, summarise
from tests import factories


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([0, 1, 7, 4], [0, 8, 59, 33]),  # SMSG: tie of remainders goes to the larger count
        ([1, 1, 1], [34, 33, 33]),  # full tie: the earlier position
        ([1, 2], [33, 67]),
        ([2, 1], [67, 33]),
        ([5, 0, 0, 0], [100, 0, 0, 0]),
        ([1, 1, 1, 1, 1, 1], [17, 17, 17, 17, 16, 16]),
        ([3, 3, 1], [43, 43, 14]),
        ([0, 0], [0, 0]),
        ([1, 199], [0, 100]),  # 0.5 vs 99.5: tie in remainder, the larger count wins
    ],
)
def test_largest_remainder_percentages_exact(counts, expected):
    result = largest_remainder_percentages(counts)

    assert result == expected
    assert sum(result) == (100 if sum(counts) else 0)


def test_largest_remainder_percentages_refuses_negative():
    with pytest.raises(ValueError):
        largest_remainder_percentages([3, -1])


def test_summarise_smsg_lines(smsg_report):
    summary = summarise(smsg_report)

    assert summary.total_targets == 12
    assert summary.regions_text == "11 Global, 2 Africa, 1 America, 2 Asia"
    assert [str(row) for row in summary.actions] == [
        "Assess: 6 (KSR 5, 6)",
        "Plan: 2 (KSR 8)",
        "Network: 2 (KSR 2)",
        "Communicate: 2 (KSR 12, 13)",
    ]
    assert summary.achievement_text == "1 (8%) not initiated, 7 (59%) on track, 4 (33%) achieved"
    assert [(s.status, s.count, s.percent) for s in summary.statuses] == [
        ("no_longer_a_priority", 0, 0),
        ("not_initiated", 1, 8),
        ("on_track", 7, 59),
        ("achieved", 4, 33),
    ]


def test_summarise_leaves_out_retired_targets_and_components_without_results(report):
    kept = factories.make_target(group=report.group, code="T-001", regions=("africa",))
    factories.make_target(group=report.group, code="T-002", retired=True)
    factories.set_status(report=report, target=kept, status="achieved")

    summary = summarise(report)

    assert summary.total_targets == 1
    assert summary.regions_text == "1 Africa"
    assert summary.actions == ()
    assert summary.achievement_text == "1 (100%) achieved"


def test_summarise_counts_targets_without_status_as_not_reported(report):
    factories.make_target(group=report.group, code="T-001")
    done = factories.make_target(group=report.group, code="T-002")
    factories.set_status(report=report, target=done, status="on_track")

    summary = summarise(report)

    assert summary.achievement_text == "1 (50%) on track, 1 (50%) not reported"


def test_summarise_query_count_is_constant(report, django_assert_max_num_queries):
    for n in range(1, 31):
        target = factories.make_target(group=report.group, code=f"T-{n:03d}")
        factories.set_status(report=report, target=target)
        activity = factories.make_activity(report=report, target=target)
        factories.make_result(activity=activity)

    with django_assert_max_num_queries(7):
        summarise(report)
