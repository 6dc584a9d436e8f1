"""Groups of the SSC network, their officers, and who may edit their reports."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ssc_reports.images import validate_image_file
from ssc_reports.richtext import RichTextLimits


class GroupKind(models.TextChoices):
    SPECIALIST_GROUP = "specialist_group", _("Specialist Group")
    RED_LIST_AUTHORITY = "red_list_authority", _("Red List Authority")
    TASK_FORCE = "task_force", _("Task Force")
    ACTION_PARTNERSHIP = "action_partnership", _("Action Partnership")
    CONSERVATION_COMMITTEE = "conservation_committee", _("Conservation Committee")
    CENTER_FOR_SPECIES_SURVIVAL = "center_for_species_survival", _("Center for Species Survival")


class Group(models.Model):
    Kind = GroupKind

    name = models.CharField(max_length=200)
    acronym = models.CharField(
        max_length=30,
        unique=True,
        help_text=_("Unique short name, e.g. SMSG."),
    )
    kind = models.CharField(max_length=40, choices=GroupKind.choices)
    mission = models.TextField(
        blank=True,
        help_text=_("Mission statement (Markdown subset)."),
        validators=[RichTextLimits("Mission")],
    )
    members_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("number of members"),
    )
    website = models.URLField(blank=True)
    social_links = models.JSONField(
        default=list, blank=True, help_text=_("Addresses of the group's active social networks.")
    )
    logo = models.ImageField(
        upload_to="logos/", blank=True, validators=[validate_image_file], max_length=255
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=GroupKind.values), name="group_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"


class Role(models.TextChoices):
    """Leadership roles, in the order the report lists them."""

    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-Chair")
    VICE_CHAIR = "vice_chair", _("Vice-Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy Chair")
    RED_LIST_AUTHORITY_COORDINATOR = (
        "red_list_authority_coordinator",
        _("Red List Authority Coordinator"),
    )
    PROGRAMME_OFFICER = "programme_officer", _("Programme Officer")
    SPECIES_SURVIVAL_DIRECTOR = "species_survival_director", _("Species Survival Director")
    SPECIES_SURVIVAL_OFFICER = "species_survival_officer", _("Species Survival Officer")
    OTHER = "other", _("Other")


ROLE_ORDER = {value: index for index, value in enumerate(Role.values)}
CHAIR_ROLES = (Role.CHAIR, Role.CO_CHAIR)


class Officer(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="officers")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=40, choices=Role.choices)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Shown instead of the role's name, e.g. 'Conservation Coordinator'."),
    )
    affiliation = models.CharField(max_length=300, blank=True)
    photo = models.ImageField(
        upload_to="officers/", blank=True, validators=[validate_image_file], max_length=255
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="other") | ~models.Q(title=""),
                name="officer_other_role_has_title",
                violation_error_message=_("An officer with the role 'Other' needs a title."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.display_role}"

    @property
    def display_role(self) -> str:
        return self.title or self.get_role_display()

    @property
    def is_chair(self) -> bool:
        return self.role in CHAIR_ROLES


class Membership(models.Model):
    """A user who may edit the reports of a group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices, default=Role.PROGRAMME_OFFICER)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.group.acronym} ({self.get_role_display()})"


class Language(models.TextChoices):
    """The interface's languages (settings.LANGUAGES), each named in its own language."""

    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    SPANISH = "es", "Español"


class UserPreference(models.Model):
    """A user's saved choices: the interface language (the header's switcher) wins over the
    browser's, at every log-in and on every page; e-mails to the user are written in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=Language.values),
                name="userpreference_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
