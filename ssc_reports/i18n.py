"""The interface language (issue 15): which one a request is answered in, the header's
switcher that changes it, and the log-in that brings back a user's saved choice.

Order of precedence: the language a signed-in user saved (kept in their session from the
log-in on, so no page makes a query for it), then the language cookie the switcher sets (so an
anonymous visitor's choice holds on the log-in page), then the browser's Accept-Language,
then English. E-mails use the recipient's saved language (review/notifications.py); the
stand-alone PDF has its own per-report language (Report.pdf_language).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groups.models import Language
from groups.preferences import save_language, saved_language

SESSION_KEY = "ssc_language"


def _set_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
        httponly=True,
    )


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, with a signed-in user's saved language first."""

    def process_request(self, request):
        session = getattr(request, "session", None)
        saved = session.get(SESSION_KEY) if session is not None else None
        if saved in Language.values:
            translation.activate(saved)
            request.LANGUAGE_CODE = saved
            request.saved_language = saved
            return
        super().process_request(request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        saved = getattr(request, "saved_language", None)
        if saved and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != saved:
            # After a log-out the browser keeps the user's language.
            _set_cookie(response, saved)
        return response


def restore_saved_language(sender, request, user, **kwargs):
    """`user_logged_in` receiver: the user's saved language wins from now on."""
    language = saved_language(user)
    if language and request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = language
        translation.activate(language)
        request.LANGUAGE_CODE = language


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@login_not_required
@require_POST
def set_language(request):
    """The header's switcher (POST language, next): sets the language cookie and, for a
    signed-in user, saves the choice on the user (groups.UserPreference) and in the session."""
    next_url = _next_url(request)
    language = request.POST.get("language", "")
    if language not in Language.values:
        messages.error(
            request,
            _("Language: choose one of %(languages)s.")
            % {"languages": ", ".join(label for _code, label in Language.choices)},
        )
        return HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        save_language(user=request.user, language=language)
        request.session[SESSION_KEY] = language
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    _set_cookie(response, language)
    return response


# Texts the scripts in static/js/ show, in the page's language: base.html writes them as JSON
# (`json_script`, not executed, so the Content-Security-Policy allows it).
JS_TEXTS = {
    "draftRestored": gettext_lazy("Restored your unsaved draft from %(when)s."),
    "draftDiscard": gettext_lazy("Discard the draft"),
    "definition": gettext_lazy("Definition: %(definition)s"),
    "searchIndicators": gettext_lazy("Search indicators"),
}


def js_texts(request):
    """Context processor: the scripts' texts (JS_TEXTS) and the languages of the switcher."""
    return {"js_texts": JS_TEXTS, "site_languages": Language.choices}
