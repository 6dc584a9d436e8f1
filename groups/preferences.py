"""A user's saved preferences: the interface language they chose in the header's switcher."""

from django.db import transaction

from groups.models import Language, UserPreference


def saved_language(user) -> str | None:
    """The language the user saved, or None when they never chose one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first()


@transaction.atomic
def save_language(*, user, language: str) -> UserPreference:
    """Save the user's interface language. Side effect: a history row naming the user.
    Raises ValueError for a language the site does not offer."""
    if language not in Language.values:
        raise ValueError(f"unknown language {language!r}")
    preference, created = UserPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"language": language}
    )
    if created:
        return preference
    if preference.language != language:
        preference.language = language
        preference._history_user = user
        preference.save(update_fields=["language"])
    return preference
