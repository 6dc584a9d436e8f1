"""The catalogue's history is stored as keys and parameters and shown in the reader's
language at /staff/indicators/history/; rows written before the keys show their sentence."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from activities.change_texts import shown, shown_changes, shown_summary
from activities.models import ActivityCategory, CatalogueChange, Indicator
from activities.services import (
    accept_indicator,
    merge_category,
    propose_indicator,
    retire_indicator,
    update_indicator,
    update_ksr,
)
from tests import factories


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def history_items(response) -> list[tuple[str, list[str]]]:
    """Each change of the history page: (what happened, [its rows]), newest first."""
    page = response.content.decode()
    listing = page[page.index('id="catalogue-history"') : page.index("</main>")]
    items = []
    for chunk in listing.split('<li class="mb-2"')[1:]:
        body = chunk.split("<br>", 1)[1]
        summary, _, rows = body.partition('<ul class="small text-muted mb-0">')
        items.append(
            (
                _text(summary.split("</li>")[0]),
                [_text(r) for r in rows.split("</li>")[:-1] if "<li" in r],
            )
        )
    return items


def _proposal(report, staff_user):
    proposal = propose_indicator(
        report=report,
        category=factories.category("Membership"),
        ksr=factories.ksr(2),
        text="Number of new members from Africa",
        kind="quantitative",
        by=None,
    )
    accept_indicator(indicator=proposal, by=staff_user)
    return proposal


def test_changes_are_stored_as_keys_and_parameters(report, staff_user):
    proposal = _proposal(report, staff_user)

    proposed, accepted = CatalogueChange.objects.order_by("pk")
    assert (proposed.summary_key, proposed.summary_params) == (
        "proposed",
        {
            "group": "TSG",
            "text": "Number of new members from Africa",
            "kind": {"word": "kind.quantitative"},
            "category": "Membership",
            "period": "2024-2025",
        },
    )
    assert (accepted.summary_key, accepted.summary_params, accepted.changes) == (
        "accepted",
        {"text": proposal.text, "proposer": "TSG", "category": "Membership"},
        [["status", {"word": "status.proposed"}, {"word": "status.standard"}]],
    )
    # The English sentence is kept beside the keys (the admin's list).
    assert accepted.summary == (
        "Accepted “Number of new members from Africa” (proposed by TSG) into the catalogue "
        "under Membership."
    )


def test_history_speaks_french_and_spanish(staff_client, report, staff_user):
    proposal = _proposal(report, staff_user)
    update_indicator(
        indicator=proposal, by=staff_user, text="Number of new members in Africa",
        definition="New members.", ksr=None, kind="qualitative", provisional=True,
    )  # fmt: skip
    retire_indicator(indicator=proposal, by=staff_user)
    url = reverse("staff:catalogue_history")

    french = history_items(staff_client.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    spanish = history_items(staff_client.get(url, HTTP_ACCEPT_LANGUAGE="es"))

    assert french == [
        (
            "« Number of new members in Africa » retiré : plus proposé ; son 0 résultat le garde.",
            ["Statut : Standard → Retiré"],
        ),
        (
            "Indicateur « Number of new members from Africa » : renommé de « Number of new "
            "members from Africa » en « Number of new members in Africa » ; définition rédigée ; "
            "KSR KSR 2 → aucun ; type un nombre → un texte ; provisoire non → oui.",
            [
                "Texte : Number of new members from Africa → Number of new members in Africa",
                "Définition : — → New members.",
                "KSR : KSR 2 → aucun",
                "Type : un nombre → un texte",
                "Provisoire : non → oui",
            ],
        ),
        (
            "« Number of new members from Africa » (proposé par TSG) accepté dans le catalogue "
            "sous Membership.",
            ["Statut : Proposé → Standard"],
        ),
        (
            "TSG a proposé « Number of new members from Africa » (quantitatif (un nombre)) sous "
            "Membership dans son rapport 2024-2025.",
            [],
        ),
    ]
    assert spanish[0] == (
        "«Number of new members in Africa» retirado: ya no se ofrece; sus 0 resultados lo "
        "conservan.",
        ["Estado: Estándar → Retirado"],
    )
    assert spanish[1][0] == (
        "Indicador «Number of new members from Africa»: renombrado de «Number of new members "
        "from Africa» a «Number of new members in Africa»; definición redactada; KSR KSR 2 → "
        "ninguno; tipo un número → un texto; provisional no → sí."
    )
    assert spanish[3][0] == (
        "TSG propuso «Number of new members from Africa» (cuantitativo (un número)) en "
        "Membership en su informe 2024-2025."
    )


def test_a_change_written_before_the_keys_shows_its_sentence(staff_client, staff_user):
    CatalogueChange.objects.create(
        action="edited",
        by=staff_user,
        summary="KSR 9: titled “Old words”.",
        changes=[["Title", "", "Old words"]],
    )

    items = history_items(
        staff_client.get(reverse("staff:catalogue_history"), HTTP_ACCEPT_LANGUAGE="fr")
    )

    assert items == [("KSR 9: titled “Old words”.", ["Title : — → Old words"])]


def test_category_merge_and_ksr_edit_in_spanish_and_french(report, staff_user):
    support = ActivityCategory.objects.get(name="Support to conservation projects")
    action = ActivityCategory.objects.get(name="Conservation action")
    target = factories.make_target(group=report.group, code="T-001", component="act")
    factories.make_activity(report=report, target=target, category_name=support.name)
    merge_category(category=support, into=action, by=staff_user)
    ksr = factories.ksr(9)
    update_ksr(ksr=ksr, by=staff_user, title="Policies", text="Full text.", title_provisional=False)

    merged = CatalogueChange.objects.get(category=support, indicator=None)
    edited = CatalogueChange.objects.get(ksr=ksr)
    moved = Indicator.objects.filter(category=action, text__startswith="Number of conservation")
    assert moved.exists()
    assert merged.summary_params["activities"] == {
        "key": "activities_moved",
        "params": {"count": 1},
    }
    with translation.override("es"):
        assert shown_summary(merged) == (
            "Categoría «Support to conservation projects» fusionada en «Conservation action» "
            "(Actuar): 1 actividad y 2 indicadores trasladados."
        )
        assert shown_changes(merged) == [
            ("Fusionado en", "", "Conservation action"),
            ("Estado", "En uso", "Retirado"),
        ]
    with translation.override("fr"):
        assert shown_summary(edited) == (
            "KSR 9 : titre « Conservation policies and guidelines » → « Policies » ; "
            "texte rédigé ; titre provisoire oui → non."
        )
    assert edited.summary == (
        "KSR 9: title “Conservation policies and guidelines” → “Policies”; wrote its text; "
        "provisional title yes → no."
    )


def test_values_of_an_unknown_shape_show_their_data():
    """A key or word no longer known (renamed in code) shows the stored data, never fails."""
    with translation.override("fr"):
        assert shown({"word": "gone"}) == "gone"
        assert shown({"key": "gone", "params": {"text": "Old", "count": 2}}) == "Old, 2"
        assert shown({"key": "merged", "params": {"text": "Only the text"}}) == "Only the text"
        assert shown([{"word": "yes"}, "data", 3]) == "oui ; data ; 3"
        assert shown(None) == ""
