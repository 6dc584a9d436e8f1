"""The single-use, expiring invitation link a new officer sets their password with."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Like password-reset tokens: invalid once the password is set (the hash covers the
    password and last log-in) and after settings.PASSWORD_RESET_TIMEOUT seconds."""

    # The salt keeps its first name so that links already sent stay valid.
    key_salt = "ssc_reports.memberships.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return super()._make_hash_value(user, timestamp) + str(user.is_active)


invitation_token = InvitationTokenGenerator()


def invitation_url(user) -> str:
    return reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )


@transaction.atomic
def accept_invitation(*, user, password: str):
    """Set the invited user's password and activate them; the link stops working."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user
