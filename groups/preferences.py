"""A user's saved preferences: the interface language they chose in the header's switcher."""

from django.db import IntegrityError, transaction

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
    preference = UserPreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = UserPreference(user=user, language=language)
        preference._history_user = user
        try:
            with transaction.atomic():
                preference.save()
            return preference
        except IntegrityError:  # the same user's other request created it a moment ago
            preference = UserPreference.objects.select_for_update().get(user=user)
    if preference.language != language:
        preference.language = language
        preference._history_user = user
        preference.save(update_fields=["language"])
    return preference
