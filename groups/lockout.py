"""Which account a log-in attempt is for, as django-axes counts failures.

The lock-out counts failures per account, however the account was named (username or e-mail
address, in any letter case, with spaces around or in another Unicode form), so a lock on an
account holds whichever identifier is typed next. An identifier that names no account is
counted as typed (folded to lower case)."""

import unicodedata

from django.contrib.auth import get_user_model


def _typed_identifier(request, credentials) -> str:
    if credentials and credentials.get("username") is not None:
        typed = credentials["username"]
    else:
        data = getattr(request, "POST", None) or {}
        typed = data.get("username", "")
    return unicodedata.normalize("NFKC", str(typed)).strip()


def find_account(identifier: str):
    """The one account `identifier` names (by e-mail address if it has an @, else by
    username), ignoring letter case; None if none or several do."""
    if not identifier:
        return None
    manager = get_user_model()._default_manager
    if "@" in identifier:
        users = list(manager.filter(email__iexact=identifier)[:2])
        if len(users) == 1:
            return users[0]
    field = get_user_model().USERNAME_FIELD
    exact = manager.filter(**{field: identifier}).first()
    if exact is not None:
        return exact
    users = list(manager.filter(**{f"{field}__iexact": identifier})[:2])
    return users[0] if len(users) == 1 else None


def lockout_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the account's username, or the identifier as typed, folded."""
    typed = _typed_identifier(request, credentials)
    account = find_account(typed)
    return account.get_username() if account is not None else typed.casefold()
