"""Every admin page a staff superuser uses answers, with the SMSG report loaded."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)

# Logs written by the app, not by hand: no add page.
READ_ONLY_APPS = {"axes", "django_tasks_database"}
READ_ONLY_MODELS = {
    ("ssc_reports", "reportevent"),
    ("ssc_reports", "sentreminder"),
    ("ssc_reports", "compilation"),
    ("ssc_reports", "reportpdf"),
    ("activities", "cataloguechange"),
    # Planning is written by its services only.
    ("ssc_reports", "planninground"),
    ("ssc_reports", "plan"),
    ("ssc_reports", "plannedtarget"),
    ("ssc_reports", "planevent"),
    ("ssc_reports", "plancomment"),
    ("ssc_reports", "planpdf"),
}


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks plain HTTP; production redirects it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def admin_client_smsg(client, smsg_report):
    user = factories.make_user(username="admin", staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("app", "model"), MODELS, ids=[f"{a}.{m}" for a, m in MODELS])
def test_admin_pages_answer_for_superuser(admin_client_smsg, app, model):
    model_class = next(m for m in admin.site._registry if m._meta.model_name == model
                       and m._meta.app_label == app)  # fmt: skip

    changelist = admin_client_smsg.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    if app in READ_ONLY_APPS or (app, model) in READ_ONLY_MODELS:
        return
    add = admin_client_smsg.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code == 200
    obj = model_class._default_manager.order_by("pk").first()
    if obj is not None:
        change = admin_client_smsg.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        assert change.status_code == 200


def test_admin_covers_every_project_model():
    from django.apps import apps

    project = {"groups", "targets", "activities", "ssc_reports"}
    models = {
        (m._meta.app_label, m._meta.model_name)
        for m in apps.get_models()
        if m._meta.app_label in project and not m._meta.model_name.startswith("historical")
    }
    assert models - set(MODELS) == set()


def test_admin_target_search_and_filter(admin_client_smsg):
    url = reverse("admin:targets_target_changelist")

    found = admin_client_smsg.get(url, {"q": "Green Status"})
    filtered = admin_client_smsg.get(url, {"component__exact": "communicate"})

    assert found.context["cl"].result_count == 1
    assert [t.code for t in found.context["cl"].result_list] == ["T-011"]
    assert sorted(t.code for t in filtered.context["cl"].result_list) == ["T-003", "T-012"]


def test_admin_indicator_filter_non_standard(admin_client_smsg):
    from activities.models import Indicator

    Indicator.objects.create(text="A new one", standard=False, needs_review=True)
    url = reverse("admin:activities_indicator_changelist")

    response = admin_client_smsg.get(url, {"standard__exact": "0"})
    searched = admin_client_smsg.get(url, {"q": "members recruited"})

    assert [i.text for i in response.context["cl"].result_list] == ["A new one"]
    assert [i.text for i in searched.context["cl"].result_list] == [
        "Number of SSC members recruited"
    ]


def test_admin_report_search_and_status_filter(admin_client_smsg):
    url = reverse("admin:ssc_reports_report_changelist")

    found = admin_client_smsg.get(url, {"q": "SMSG"})
    none = admin_client_smsg.get(url, {"status__exact": "approved"})

    assert [str(r) for r in found.context["cl"].result_list] == ["SMSG 2024-2025"]
    assert none.context["cl"].result_count == 0


def test_admin_report_event_is_read_only(admin_client_smsg, smsg_report):
    add = admin_client_smsg.get(reverse("admin:ssc_reports_reportevent_add"))

    assert add.status_code == 403
