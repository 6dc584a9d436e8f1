"""The one sort order of targets, activities and photos, used by pages, PDF and exports.

Targets: by component in the Species Conservation Cycle order (Assess, Plan, Act, Network,
Communicate), then by code. Activities: by component, then activity category alphabetically,
then target code (then the order they were entered in).
"""

from collections.abc import Iterable

from targets.models import COMPONENT_ORDER


def target_sort_key(target) -> tuple:
    return (COMPONENT_ORDER[target.component], target.code)


def activity_sort_key(activity) -> tuple:
    return (
        COMPONENT_ORDER[activity.target.component],
        activity.category.name.casefold(),
        activity.target.code,
        activity.order,
        activity.pk or 0,
    )


def photo_sort_key(photo) -> tuple:
    component = COMPONENT_ORDER.get(photo.component, len(COMPONENT_ORDER))
    return (component, photo.order, photo.pk or 0)


def sort_targets(targets: Iterable) -> list:
    return sorted(targets, key=target_sort_key)


def sort_activities(activities: Iterable) -> list:
    """Needs each activity's target and category loaded (select_related)."""
    return sorted(activities, key=activity_sort_key)


def sort_photos(photos: Iterable) -> list:
    return sorted(photos, key=photo_sort_key)
