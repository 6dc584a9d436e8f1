"""Log-in by username or e-mail, password reset by e-mail, throttling, security headers."""

import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests import factories


def test_login_with_email_address(client, officer):
    response = client.post(
        reverse("login"), {"username": "OFFICER@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == officer


def test_login_with_username(client, officer):
    response = client.post(
        reverse("login"), {"username": "officer", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_login_wrong_password_shows_error(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_reset_by_email_sets_new_password(client, officer):
    response = client.post(reverse("password_reset"), {"email": "officer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your SSC Reports password"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-secret-9", "new_password2": "a-new-long-secret-9"},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-new-long-secret-9")


def test_five_failed_logins_lock_out_even_the_right_password(client, officer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})

    response = client.post(
        reverse("login"), {"username": "officer", "password": factories.PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failed_logins_do_not_lock_out(client, officer):
    for _ in range(4):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})

    response = client.post(
        reverse("login"), {"username": "officer", "password": factories.PASSWORD}
    )

    assert response.status_code == 302


def test_pages_send_content_security_policy(client, officer, report):
    client.force_login(officer)
    for path in (reverse("login"), reverse("home"), report.get_absolute_url()):
        policy = client.get(path).headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"


def test_templates_have_no_inline_script_or_style():
    """CSP allows only our own files: no inline <script>, no style attribute, no on* handler."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.name}: inline script")
        if re.search(r"\sstyle=", text):
            offenders.append(f"{path.name}: style attribute")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path.name}: event handler attribute")
    assert offenders == []
