"""Which language a page is in: the browser's Accept-Language, the header's switcher (a
cookie, saved on the user), and a signed-in user's saved choice over both."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from groups.models import UserPreference
from ssc_reports.i18n import SESSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db


def _url(name, report, **kwargs):
    return reverse(
        f"reports:{name}",
        kwargs={"acronym": report.group.acronym, "period": report.period.label, **kwargs},
    )


@pytest.fixture
def filled_report(report):
    target = factories.make_target(group=report.group, code="T-001", component="assess")
    factories.set_status(report=report, target=target, status="on_track")
    factories.make_activity(report=report, target=target)
    return report


def _page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fr", ["Connexion à SSC Reports", "Mot de passe", "Mot de passe oublié ?"]),
        ("es", ["Iniciar sesión en SSC Reports", "Contraseña", "¿Ha olvidado su contraseña?"]),
    ],
)
def test_login_page_follows_accept_language(client, language, texts):
    html = _page(client, reverse("login"), language)

    assert f'<html lang="{language}">' in html
    for text in texts:
        assert text in html
    assert "Log in to SSC Reports" not in html


def test_login_page_is_english_without_a_preference(client):
    html = _page(client, reverse("login"), "de")

    assert '<html lang="en">' in html
    assert "Log in to SSC Reports" in html


@pytest.mark.parametrize(
    ("language", "overview", "targets", "activities"),
    [
        (
            "fr",
            ["Rapport TSG 2024-2025", "Informations sur le groupe", "Activités et résultats"],
            ["Objectifs", "En bonne voie", "Évaluer"],
            ["Activités et résultats", "Ajouter une activité"],
        ),
        (
            "es",
            ["Informe TSG 2024-2025", "Información del grupo", "Actividades y resultados"],
            ["Metas", "En curso", "Evaluar"],
            ["Actividades y resultados", "Añadir una actividad"],
        ),
    ],
)
def test_officer_report_pages_follow_accept_language(
    client, officer, filled_report, language, overview, targets, activities
):
    client.force_login(officer)

    pages = {
        "detail": overview,
        "targets": targets,
        "activities": activities,
    }
    for name, texts in pages.items():
        html = _page(client, _url(name, filled_report), language)
        assert f'<html lang="{language}">' in html, name
        for text in texts:
            assert text in html, (name, text)


@pytest.mark.parametrize(
    ("language", "required", "saved_nothing"),
    [
        (
            "fr",
            "Ce champ est obligatoire.",
            "Rien n’a été enregistré : corrigez les champs signalés ci-dessous.",
        ),
        (
            "es",
            "Este campo es obligatorio.",
            "No se ha guardado nada: corrija los campos señalados abajo.",
        ),
    ],
)
def test_activity_form_errors_follow_accept_language(
    client, officer, filled_report, language, required, saved_nothing
):
    client.force_login(officer)
    target = filled_report.group.targets.get()
    url = _url("activity_add", filled_report, target_pk=target.pk)

    response = client.post(
        url,
        {"category": "", "ksr": "", "results-TOTAL_FORMS": "0", "results-INITIAL_FORMS": "0"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert required in html
    assert saved_nothing in html


def test_saved_preference_wins_over_the_browser_header(client, officer, filled_report):
    UserPreference.objects.create(user=officer, language="es")

    response = client.post(
        reverse("login"),
        {"username": "officer", "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == "es"

    html = _page(client, _url("detail", filled_report), "fr")
    assert '<html lang="es">' in html
    assert "Informe TSG 2024-2025" in html
    assert "Rapport TSG" not in html


def test_saved_preference_stays_after_logging_out(client, officer):
    UserPreference.objects.create(user=officer, language="fr")
    client.force_login(officer)
    client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")  # the cookie follows the choice
    client.post(reverse("logout"))

    html = _page(client, reverse("login"), "es")

    assert '<html lang="fr">' in html


def test_anonymous_switcher_sets_the_cookie_for_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies["ssc_language"].value == "es"
    html = _page(client, reverse("login"), "fr")
    assert '<html lang="es">' in html
    assert UserPreference.objects.count() == 0


def test_switcher_saves_the_choice_on_the_user_with_history(client, officer, filled_report):
    client.force_login(officer)

    response = client.post(
        reverse("set_language"), {"language": "fr", "next": _url("targets", filled_report)}
    )

    assert response.status_code == 302
    assert response["Location"] == _url("targets", filled_report)
    preference = UserPreference.objects.get(user=officer)
    assert preference.language == "fr"
    record = preference.history.get()
    assert record.history_user == officer
    assert record.language == "fr"
    # A new session (another browser) with another header: the saved choice wins.
    client.logout()
    client.cookies.clear()
    client.force_login(officer)
    html = _page(client, _url("detail", filled_report), "es")
    assert '<html lang="fr">' in html


def test_switcher_changes_a_saved_choice(client, officer):
    UserPreference.objects.create(user=officer, language="fr")
    client.force_login(officer)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert UserPreference.objects.get(user=officer).language == "en"
    assert client.session[SESSION_KEY] == "en"
    assert '<html lang="en">' in _page(client, reverse("home"), "fr")


def test_switcher_refuses_an_unknown_language_and_saves_nothing(client, officer):
    client.force_login(officer)

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"}, follow=True)

    html = response.content.decode()
    assert "Language: choose one of English, Français, Español." in html
    assert not UserPreference.objects.filter(user=officer).exists()
    assert "ssc_language" not in response.cookies or response.cookies["ssc_language"].value == ""


def test_switcher_does_not_redirect_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_header_has_the_switcher_with_the_current_language_selected(client, officer):
    client.force_login(officer)

    html = _page(client, reverse("home"), "es")

    assert f'action="{reverse("set_language")}"' in html
    assert '<option value="es" lang="es" selected>Español</option>' in html
    assert '<option value="fr" lang="fr">Français</option>' in html


def test_login_page_has_the_switcher(client):
    html = _page(client, reverse("login"), "fr")

    assert f'action="{reverse("set_language")}"' in html
    assert '<option value="fr" lang="fr" selected>Français</option>' in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "30 November 2026"),
        ("fr", "30 novembre 2026"),
        ("es", "30 de noviembre de 2026"),
    ],
)
def test_dates_follow_the_language(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2026, 11, 30)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 January 2024"),
        ("fr", "1 janvier 2024"),
        ("es", "1 de enero de 2024"),
    ],
)
def test_overview_prints_the_period_dates_in_the_language(
    client, officer, filled_report, language, expected
):
    client.force_login(officer)

    html = _page(client, _url("detail", filled_report), language)

    assert expected in html
