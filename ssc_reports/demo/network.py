"""A demo network at the SSC's real size, for local use (`load_demo --network`, `make run
DEMO=network`): 200 groups of every kind beside SMSG, each with officers, a log-in, targets
across every component and region, three approved reporting periods of history and this
period's report in every state (not started, draft, submitted, returned with comments,
approved). Everything is made up: names follow the style of real SSC groups, texts and numbers
are generated from a fixed seed, so every run builds the same network.

Written with bulk inserts (history rows included, by simple-history's bulk helper) so that it
takes seconds, not minutes. Only for DEBUG set-ups; never run by migrations or in production.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from activities.models import Activity, ActivityCategory, Indicator, Result
from groups.models import Group, GroupKind, Membership, Officer, Role
from ssc_reports.demo.plans import demo_planning_round, load_network_plans
from ssc_reports.demo.smsg import DEMO_PASSWORD
from ssc_reports.entry.progress import refresh_report_progress
from ssc_reports.models import (
    DeadlineExtension,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReviewComment,
)
from ssc_reports.models.review import Section
from ssc_reports.review.snapshots import snapshot_report
from targets.models import KSR, Component, Quadrennium, Region, Status, Target, TargetStatus

SEED = 2025
QUADRENNIUM = "2021-2025"
# Edition YYYY-(YYYY+1) covers the full year YYYY and the first quarter of YYYY+1.
HISTORY_PERIODS = ["2021-2022", "2022-2023", "2023-2024"]
CURRENT_PERIOD = "2024-2025"
GROUPS = 200

# Taxa and themes in the style of the SSC's groups (made-up where no such group exists).
SPECIALIST_GROUP_TAXA = [
    "African Elephant", "Afrotheria", "Amphibian", "Anguilid Eel", "Antelope", "Asian Elephant",
    "Asian Wild Cattle", "Bat", "Bear", "Bison", "Bryophyte", "Butterfly", "Cactus and Succulent",
    "Camelid", "Canid", "Caprinae", "Cat", "Cetacean", "Chameleon", "Conifer", "Coral",
    "Crocodile", "Crop Wild Relative", "Cycad", "Deer", "Dragonfly", "Duck", "Equid",
    "Fern and Lycophyte", "Flamingo", "Freshwater Fish", "Freshwater Crab and Crayfish",
    "Freshwater Mollusc", "Galliformes", "Giraffe and Okapi", "Goose", "Grasshopper",
    "Grouper and Wrasse", "Heron", "Hippo", "Hornbill", "Hyaena", "Iguana", "Invasive Species",
    "Lagomorph", "Marine Turtle", "Medicinal Plant", "Mollusc", "Monitor Lizard", "Mushroom",
    "Orchid", "Otter", "Palm", "Pangolin", "Parrot", "Peccary", "Pelican", "Penguin",
    "Polar Bear", "Primate", "Rhino", "Salmonid", "Sea Cucumber", "Seagrass", "Shark",
    "Shorebird", "Sirenian", "Snake", "Sponge", "Stork, Ibis and Spoonbill", "Sturgeon",
    "Tapir", "Tortoise and Freshwater Turtle", "Tree", "Viper", "Vulture", "Wild Pig",
    "Woodpecker", "Cave Invertebrate", "Spider and Scorpion", "Bumblebee", "Hoverfly",
    "Beetle", "Firefly", "Moth", "Freshwater Plant", "Mangrove", "Macaw", "Kiwi", "Crane",
    "Albatross", "Seabird", "Bustard", "Owl", "Raptor", "Songbird Trade", "Lemur", "Gibbon",
    "Great Ape", "Marsupial", "Rodent", "Shrew", "Mustelid", "Seal", "Walrus", "Whale Shark",
    "Ray and Skate", "Seahorse, Pipefish and Seadragon", "Coral Reef Fish", "Killifish",
    "Cichlid", "Carp", "Catfish", "Gecko", "Skink", "Agamid", "Salamander", "Caecilian",
    "Land Snail", "Anteater, Sloth and Armadillo", "Hedgehog", "Dormouse", "Squirrel", "Beaver",
    "Porcupine", "Hyrax", "Elephant Shrew", "Bamboo", "Carnivorous Plant", "Aloe", "Baobab",
    "Oak", "Magnolia", "Maple", "Rhododendron", "Begonia", "Bromeliad", "Aroid", "Island Plant",
    "Alpine Plant", "Desert Fish", "Mayfly", "Stonefly", "Ant", "Dung Beetle", "Pheasant",
    "Hummingbird", "Rail", "Grebe", "Gull and Tern", "Petrel", "Sea Snake", "Tuatara",
]  # fmt: skip
RED_LIST_TAXA = [
    "Bird", "Reptile", "Dragonfly", "Freshwater Fish", "Marine Fish", "Tree", "Bumblebee",
    "Sea Cucumber", "Coral", "Freshwater Plant", "Mollusc", "Spider", "Grasshopper", "Fungus",
    "Lichen", "Bryophyte", "Cactus", "Crustacean", "Orchid", "Cetacean",
]  # fmt: skip
TASK_FORCE_THEMES = [
    "Climate Change", "Wildlife Health", "Human-Wildlife Conflict", "Species Reintroduction",
    "Ex Situ Management", "Sustainable Use and Livelihoods", "Saola", "Wildlife Trade",
    "Conservation Translocation", "Post-2020 Indicators",
]  # fmt: skip
ACTION_PARTNERSHIP_REGIONS = [
    "Asian Species", "Pacific Islands Species", "Andean Species", "Mediterranean Species",
    "Caribbean Species", "Sahel Species",
]  # fmt: skip
COMMITTEE_COUNTRIES = [
    "Brazil", "China", "Colombia", "Ecuador", "India", "Indonesia", "Mexico", "Peru",
]  # fmt: skip
CSS_HOSTS = [
    "Brazil", "Georgia Aquarium", "Indiana University", "Mexico", "Zoo Leipzig", "Chester Zoo",
    "Singapore", "South Africa", "Chile", "Malaysia",
]  # fmt: skip

FIRST_NAMES = [
    "Ana", "Bongani", "Chen", "Daniela", "Emeka", "Farah", "Gustavo", "Hana", "Ines", "Jomo",
    "Kavya", "Lars", "Maria", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sipho", "Tomás",
    "Uma", "Valentina", "Wei", "Ximena", "Yusuf", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Abebe", "Barros", "Castillo", "Dlamini", "Eriksen", "Fonseca", "García", "Haddad", "Ito",
    "Jansen", "Kariuki", "López", "Mendes", "Nguyen", "Okafor", "Petrov", "Quispe", "Rahman",
    "Silva", "Tanaka", "Usman", "Varga", "Wong", "Yadav", "Zapata",
]  # fmt: skip
AFFILIATIONS = [
    "Universidad Nacional", "Natural History Museum", "Wildlife Conservation Society",
    "University of Cape Town", "Chinese Academy of Sciences", "Smithsonian Institution",
    "BirdLife International", "Royal Botanic Gardens, Kew", "Zoological Society of London",
]  # fmt: skip

# Share of a group's targets per component (the 2021-2025 plan: Assess about a third).
COMPONENT_WEIGHTS = [
    (Component.ASSESS, 33),
    (Component.PLAN, 18),
    (Component.ACT, 17),
    (Component.NETWORK, 18),
    (Component.COMMUNICATE, 14),
]
TARGET_VERBS = {
    Component.ASSESS: "Assess the extinction risk of",
    Component.PLAN: "Develop conservation action plans for",
    Component.ACT: "Implement priority conservation actions for",
    Component.NETWORK: "Strengthen the network of experts working on",
    Component.COMMUNICATE: "Communicate the conservation needs of",
}
# This period's reports: (state, how many groups). The rest have no report yet.
CURRENT_STATES = [
    ("approved", 40),
    ("submitted", 40),
    ("returned", 20),
    ("draft", 70),
]


def network_acronyms() -> list[str]:
    return [acronym for acronym, _name, _kind in _group_specs()]


def _acronym(name: str, suffix: str, used: set[str]) -> str:
    """Initials of the name's words (the first three letters of a one-word name), then
    longer forms until the acronym is free."""
    words = [w for w in name.replace(",", "").replace("-", " ").split() if w[0].isupper()]
    candidates = [
        "".join(w[0] for w in words) if len(words) > 1 else words[0][:3],
        words[0][:3] + "".join(w[0] for w in words[1:]),
        words[0][:4] + "".join(w[:2] for w in words[1:]),
    ]
    candidates = [c.upper() + suffix for c in candidates]
    candidates += [f"{candidates[-1]}{n}" for n in range(2, 100)]
    acronym = next(c for c in candidates if c not in used and c != "SMSG")
    used.add(acronym)
    return acronym


# (names, how a group is named, acronym suffix, kind), in the order the groups are made; the
# Specialist Groups fill the network up to GROUPS.
GROUP_FAMILIES = [
    (RED_LIST_TAXA, "IUCN SSC {} Red List Authority", "RLA", GroupKind.RED_LIST_AUTHORITY),
    (TASK_FORCE_THEMES, "IUCN SSC {} Task Force", "TF", GroupKind.TASK_FORCE),
    (ACTION_PARTNERSHIP_REGIONS, "IUCN SSC {} Action Partnership", "AP",
     GroupKind.ACTION_PARTNERSHIP),
    (COMMITTEE_COUNTRIES, "IUCN SSC {} Species Conservation Committee", "CC",
     GroupKind.CONSERVATION_COMMITTEE),
    (CSS_HOSTS, "Center for Species Survival {}", "CSS", GroupKind.CENTER_FOR_SPECIES_SURVIVAL),
    (SPECIALIST_GROUP_TAXA, "IUCN SSC {} Specialist Group", "SG", GroupKind.SPECIALIST_GROUP),
]  # fmt: skip


def _group_specs() -> list[tuple[str, str, str]]:
    """(acronym, name, kind) of the network's groups, always the same GROUPS groups."""
    used: set[str] = set()
    specs = []
    for names, pattern, suffix, kind in GROUP_FAMILIES:
        for word in names:
            if len(specs) == GROUPS:
                return specs
            specs.append((_acronym(word, suffix, used), pattern.format(word), kind))
    return specs


def _periods(quadrennium: Quadrennium, today: datetime.date) -> list[ReportingPeriod]:
    periods = []
    for label in [*HISTORY_PERIODS, CURRENT_PERIOD]:
        first = int(label[:4])
        period, _ = ReportingPeriod.objects.get_or_create(
            label=label,
            defaults={
                "quadrennium": quadrennium,
                "start": datetime.date(first, 1, 1),
                "end": datetime.date(first + 1, 3, 31),
            },
        )
        current = label == CURRENT_PERIOD
        period.is_open = current
        period.submission_deadline = (
            today + datetime.timedelta(days=30) if current else datetime.date(first + 1, 5, 31)
        )
        period.save(update_fields=["is_open", "submission_deadline"])
        periods.append(period)
    return periods


@transaction.atomic
def load_network_demo(*, today: datetime.date | None = None) -> dict:
    """Create the demo network unless it exists. Needs the SMSG demo's quadrennium (run
    `ssc_reports.demo.smsg.load_demo` first). Returns {"created": bool, "groups": n,
    "reports": n, "plans": {state: n}}. Side effects: groups, officers, users
    (`officer-<acronym>`, the demo password), memberships, targets, four periods, reports,
    statuses, activities, results, events and comments, with their history rows; the groups'
    plans for 2026-2029 in every state (demo.plans, through the planning services)."""
    today = today or timezone.localdate()
    specs = _group_specs()
    acronyms = [acronym for acronym, _, _ in specs]
    existing = Group.objects.filter(acronym__in=acronyms).count()
    if existing == len(specs):
        return {"created": False, "groups": existing, "reports": 0}
    if existing:
        raise RuntimeError(
            f"{existing} of the demo network's {len(specs)} groups exist: "
            "use a fresh database for the network demo."
        )
    rng = random.Random(SEED)  # noqa: S311 - demo data, the same on every run
    quadrennium = Quadrennium.objects.get(label=QUADRENNIUM)
    periods = _periods(quadrennium, today)
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    regions = list(Region.objects.order_by("order", "pk"))
    ksrs_by_component: dict[str, list[KSR]] = {}
    for ksr in KSR.objects.filter(quadrennium=quadrennium).order_by("number"):
        ksrs_by_component.setdefault(ksr.component, []).append(ksr)
    categories: dict[str, list[ActivityCategory]] = {}
    for category in ActivityCategory.objects.of_quadrennium(quadrennium).order_by("pk"):
        categories.setdefault(category.component, []).append(category)
    indicators: dict[int, list[Indicator]] = {}
    for indicator in (
        Indicator.objects.of_quadrennium(quadrennium).filter(standard=True).order_by("pk")
    ):
        indicators.setdefault(indicator.category_id, []).append(indicator)

    groups = bulk_create_with_history(
        [
            Group(
                name=name,
                acronym=acronym,
                kind=kind,
                mission=f"The {name} works for the species it covers: it assesses their status, "
                "plans and acts for their conservation, and shares what it learns.",
                members_count=rng.randint(8, 320),
                website=f"https://{acronym.lower()}.example.org",
            )
            for acronym, name, kind in specs
        ],
        Group,
        default_user=staff,
    )
    groups = list(Group.objects.filter(acronym__in=acronyms).order_by("pk"))
    officer_users = _officers_and_log_ins(groups, rng)
    targets = _targets(groups, quadrennium, regions, rng, staff)

    by_group: dict[int, list[Target]] = {}
    for target in targets:
        by_group.setdefault(target.group_id, []).append(target)

    # Which state each group's report of this period is in (the rest: not started).
    states = [state for state, count in CURRENT_STATES for _ in range(count)]
    states += [None] * (len(groups) - len(states))
    rng.shuffle(states)

    report_rows = []
    for group, state in zip(groups, states, strict=True):
        for period in periods[:-1]:
            report_rows.append(Report(group=group, period=period, status=Report.Status.APPROVED))
        if state is not None:
            report_rows.append(Report(group=group, period=periods[-1], status=state))
    for report in report_rows:
        report.projected_impact = (
            f"By 2025 the {report.group.name} expects its assessments, plans and actions to "
            "improve the status of the species it covers."
        )
        report.acknowledgements = "We thank our members, partners and donors."
    bulk_create_with_history(report_rows, Report, default_user=staff)
    reports = list(
        Report.objects.filter(group__in=groups).select_related("period", "group").order_by("pk")
    )
    _statuses_and_activities(
        reports, by_group, categories, indicators, ksrs_by_component, rng, staff
    )
    _events_and_comments(reports, periods[-1], by_group, officer_users, staff, rng)
    _analyze_after_bulk_load()
    # Bulk creation calls no write service: the reports' stored progress is computed here.
    refresh_report_progress(report_ids=[report.pk for report in reports])
    # Planning 2026-2029 (opened by the SMSG demo, else here): the network's plans in every
    # state, through the planning services.
    planning, _opened = demo_planning_round(staff=staff, today=today)
    plans = (
        load_network_plans(
            planning=planning, groups=groups, officer_users=officer_users, staff=staff
        )
        if planning is not None
        else {}
    )
    return {"created": True, "groups": len(groups), "reports": len(reports), "plans": plans}


def _analyze_after_bulk_load() -> None:
    """Planner statistics for the tables just filled: without them PostgreSQL plans joins over
    them as if they were empty (a count over results took minutes until autovacuum ran)."""
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (Group, Officer, Target, Report, TargetStatus, Activity, Result, ReportEvent)
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _officers_and_log_ins(groups: list[Group], rng: random.Random) -> dict:
    """Officers of every group and one log-in each; returns {group id: user}."""
    password = make_password(DEMO_PASSWORD)  # hashed once: 200 hashes would take a minute
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(
                username=f"officer-{group.acronym.lower()}",
                email=f"officer-{group.acronym.lower()}@example.org",
                password=password,
            )
            for group in groups
        ]
    )
    users = {u.username: u for u in User.objects.filter(username__startswith="officer-")}
    bulk_create_with_history(
        [
            Membership(
                user=users[f"officer-{group.acronym.lower()}"],
                group=group,
                role=Role.PROGRAMME_OFFICER,
            )
            for group in groups
        ],
        Membership,
    )
    officers = []
    for group in groups:
        roles = [Role.CHAIR, Role.PROGRAMME_OFFICER]
        if rng.random() < 0.4:
            roles.insert(1, Role.CO_CHAIR)
        if group.kind == GroupKind.RED_LIST_AUTHORITY:
            roles.append(Role.RED_LIST_AUTHORITY_COORDINATOR)
        for order, role in enumerate(roles):
            officers.append(
                Officer(
                    group=group,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    role=role,
                    affiliation=rng.choice(AFFILIATIONS),
                    order=order,
                )
            )
    bulk_create_with_history(officers, Officer)
    return {group.pk: users[f"officer-{group.acronym.lower()}"] for group in groups}


def _targets(groups, quadrennium, regions, rng, staff) -> list[Target]:
    components = [c for c, _ in COMPONENT_WEIGHTS]
    weights = [w for _, w in COMPONENT_WEIGHTS]
    rows = []
    for group in groups:
        subject = group.name.replace("IUCN SSC ", "").rsplit(" ", 2)[0]
        count = rng.randint(9, 17)
        chosen = sorted(rng.choices(components, weights, k=count), key=components.index)
        for number, component in enumerate(chosen, start=1):
            rows.append(
                Target(
                    group=group,
                    quadrennium=quadrennium,
                    code=f"T-{number:03d}",
                    component=component,
                    title=f"{TARGET_VERBS[component]} {subject.lower()} species "
                    f"({rng.choice(regions).name}), target {number}.",
                )
            )
    bulk_create_with_history(rows, Target, default_user=staff)
    targets = list(Target.objects.filter(group__in=groups, quadrennium=quadrennium).order_by("pk"))
    through = Target.regions.through
    through.objects.bulk_create(
        [
            through(target_id=target.pk, region_id=region.pk)
            for target in targets
            for region in rng.sample(regions, k=rng.choice([1, 1, 2]))
        ]
    )
    return targets


def _statuses_and_activities(reports, by_group, categories, indicators, ksrs, rng, staff):
    status_rows, activity_rows = [], []
    progress = [Status.NOT_INITIATED, Status.ON_TRACK, Status.ON_TRACK, Status.ACHIEVED]
    for report in reports:
        history_index = int(report.period.label[:4]) - 2021  # 0..3: later periods further on
        for target in by_group[report.group_id]:
            step = min(len(progress) - 1, history_index + rng.randint(0, 1))
            status = progress[step] if rng.random() > 0.04 else Status.NO_LONGER_A_PRIORITY
            status_rows.append(TargetStatus(report=report, target=target, status=status))
        order = 0
        for target in by_group[report.group_id]:
            options = categories.get(target.component)
            if not options or rng.random() < 0.35:
                continue
            category = rng.choice(options)
            if not indicators.get(category.pk):
                continue
            ksr_options = ksrs.get(target.component) or [k for v in ksrs.values() for k in v]
            activity_rows.append(
                Activity(
                    report=report,
                    target=target,
                    category=category,
                    ksr=rng.choice(ksr_options),
                    ssc_grant_awarded=rng.random() < 0.1,
                    order=order,
                )
            )
            order += 1
    bulk_create_with_history(status_rows, TargetStatus, default_user=staff)
    bulk_create_with_history(activity_rows, Activity, default_user=staff)
    activities = Activity.objects.filter(report__in=reports).order_by("pk")
    result_rows = []
    for activity in activities:
        chosen = rng.sample(
            indicators[activity.category_id], k=min(2, len(indicators[activity.category_id]))
        )
        for order, indicator in enumerate(chosen[: rng.choice([1, 1, 2])]):
            quantitative = indicator.kind == Indicator.Kind.QUANTITATIVE
            result_rows.append(
                Result(
                    activity=activity,
                    indicator=indicator,
                    value_number=Decimal(rng.randint(1, 60)) if quantitative else None,
                    value_text=None if quantitative else "Described in the group's report.",
                    description="Work of the group's members during the period.",
                    order=order,
                )
            )
    bulk_create_with_history(result_rows, Result, default_user=staff)


def _events_and_comments(reports, current, by_group, officer_users, staff, rng) -> None:
    """The review history: every approved report was submitted and approved; this period's
    submitted, returned and approved reports have their events; returned ones have comments;
    a few drafts have a deadline extension."""
    events, comments, extensions = [], [], []
    for report in reports:
        transitions = []
        if report.status in (Report.Status.SUBMITTED, Report.Status.RETURNED):
            transitions.append((Report.Status.DRAFT, Report.Status.SUBMITTED, ""))
        if report.status == Report.Status.RETURNED:
            transitions.append(
                (
                    Report.Status.SUBMITTED,
                    Report.Status.RETURNED,
                    "Please complete the results of your Assess targets.",
                )
            )
            target = by_group[report.group_id][0]
            comments.append(
                ReviewComment(
                    report=report,
                    section=Section.TARGETS,
                    target=target,
                    author=staff,
                    text=f"Is {target.code} still on track? Its status has not changed.",
                )
            )
        if report.status == Report.Status.APPROVED:
            transitions += [
                (Report.Status.DRAFT, Report.Status.SUBMITTED, ""),
                (Report.Status.SUBMITTED, Report.Status.APPROVED, ""),
            ]
        draft_now = report.period_id == current.pk and report.status == Report.Status.DRAFT
        if draft_now and rng.random() < 0.1:
            extensions.append(
                DeadlineExtension(
                    report=report,
                    until=current.submission_deadline + datetime.timedelta(days=21),
                    reason="Field season",
                    granted_by=staff,
                )
            )
        for old, new, reason in transitions:
            submitted = new == Report.Status.SUBMITTED
            events.append(
                ReportEvent(
                    report=report,
                    by=officer_users[report.group_id] if submitted else staff,
                    old_status=old,
                    new_status=new,
                    reason=reason,
                    # The reviewer's diff compares with the last submission's content.
                    snapshot=snapshot_report(report)
                    if submitted and report.period_id == current.pk
                    else None,
                )
            )
    ReportEvent.objects.bulk_create(events)
    bulk_create_with_history(comments, ReviewComment, default_user=staff)
    bulk_create_with_history(extensions, DeadlineExtension, default_user=staff)
