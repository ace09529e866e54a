"""Who answered what.

An assessment belongs to an organisation and pins the catalog version it is answered with. Its
participants each have their own answers (one per question). A self-assessment has exactly one
participant; a workshop has many, and its agreed answers are kept apart from the individual ones.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pillars.models import CatalogVersion, Question

MAX_COMMENT_LENGTH = 2000
TOKEN_BYTES = 32  # 256 bits from `secrets`; the link is the only key to an anonymous assessment.


def default_workshop_roles() -> str:
    return "\n".join(["Geschäftsleitung", "Vertrieb", "Marketing", "Service", "IT"])


def new_token() -> str:
    # A token that starts with "-" would read as an option on the command line
    # (`manage.py report <token>`); drawing again costs nothing measurable of its 256 bits.
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if token[0] != "-":
            return token


class Workspace(models.Model):
    """A consultancy: its members share its clients; its branding goes on their reports."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=200,
        blank=True,
        help_text=_("Shown on results and reports; the name when empty."),
    )
    # The logo is kept re-encoded in the database: small (at most a few hundred kB), served
    # inline in pages and reports, and never a file the web server would hand out as is.
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_content_type = models.CharField(_("logo type"), max_length=20, blank=True, editable=False)
    accent_color = models.CharField(
        _("accent colour"), max_length=7, blank=True, help_text=_("For example #0B5394.")
    )
    contact_line = models.CharField(
        _("contact line"),
        max_length=200,
        blank=True,
        help_text=_("For example: Beratung Muster AG · +41 44 000 00 00 · info@muster.ch"),
    )
    roles = models.TextField(
        _("participant roles"),
        default=default_workshop_roles,
        blank=True,
        help_text=_("The roles a workshop participant can choose from, one per line."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        return self.display_name or self.name

    @property
    def role_list(self) -> list[str]:
        return [line.strip() for line in self.roles.splitlines() if line.strip()]


class Membership(models.Model):
    """A consultant's place in one workspace; owners invite and remove members."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("workspace")
    )
    # One workspace per consultant: "another workspace's" is then always well defined.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.workspace}"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Invitation(models.Model):
    """An owner's invitation by email; the link carries a token whose hash alone is stored."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("workspace")
    )
    email = models.EmailField(_("email"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing and industry")
    TRADE = "trade", _("Wholesale and retail")
    SERVICES = "services", _("Professional services")
    IT = "it", _("IT and software")
    FINANCE = "finance", _("Finance and insurance")
    HEALTH = "health", _("Health and social care")
    HOSPITALITY = "hospitality", _("Hospitality and tourism")
    CONSTRUCTION = "construction", _("Construction and trades")
    MEDIA = "media", _("Media and communication")
    PUBLIC = "public", _("Public sector and non-profit")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250+", _("250 or more employees")


class Country(models.TextChoices):
    DE = "DE", _("Germany")
    CH = "CH", _("Switzerland")
    AT = "AT", _("Austria")
    DK = "DK", _("Denmark")
    LI = "LI", _("Liechtenstein")
    LU = "LU", _("Luxembourg")
    OTHER = "XX", _("Other country")


class Language(models.TextChoices):
    DE = "de", _("German")
    EN = "en", _("English")
    DA = "da", _("Danish")


class BusinessModel(models.TextChoices):
    B2B = "b2b", _("Business customers (B2B)")
    B2C = "b2c", _("Consumers (B2C)")
    BOTH = "both", _("Both")


class Organisation(models.Model):
    name = models.CharField(_("organisation name"), max_length=200)
    industry = models.CharField(
        _("industry"), max_length=30, choices=Industry.choices, default=Industry.OTHER
    )
    size_band = models.CharField(
        _("company size"), max_length=10, choices=SizeBand.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    # Decides which questions its assessments ask (Question.business_models) and the B2C wording.
    business_model = models.CharField(
        _("business model"), max_length=4, choices=BusinessModel.choices, default=BusinessModel.BOTH
    )
    workspace = models.ForeignKey(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="organisations",
        verbose_name=_("workspace"),
        help_text=_("Empty for anonymous self-assessments."),
    )
    contact = models.CharField(_("contact person"), max_length=200, blank=True)
    # Demo and test data: shown like any other, never counted in a peer benchmark.
    is_sample = models.BooleanField(
        _("demo or test data"),
        default=False,
        help_text=_("Never counted in the benchmark of other assessments."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    class Mode(models.TextChoices):
        SELF = "self", _("Self-assessment")
        FACILITATED = "facilitated", _("Facilitated workshop")
        DISTRIBUTED = "distributed", _("Distributed workshop")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    class Scope(models.TextChoices):
        FULL = "full", _("Full check")
        QUICK = "quick", _("Quick check")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    catalog = models.ForeignKey(
        CatalogVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("catalog version"),
    )
    token = models.CharField(_("private link token"), max_length=64, unique=True, default=new_token)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.SELF)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    # A quick check asks only the catalog's quick_check questions; its scores are indicative.
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.FULL)
    baseline = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("baseline assessment"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    benchmark_opt_out = models.BooleanField(
        _("not in the benchmark"),
        default=False,
        help_text=_("When set, this result is never counted in other companies' benchmarks."),
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:resume", kwargs={"token": self.token})

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_quick(self) -> bool:
        return self.scope == self.Scope.QUICK


# Join codes are read off a projector and typed on a phone: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Workshop(models.Model):
    """A distributed assessment's live session: participants join with a code on their phones.

    The votes are the participants' answers; the agreed answers are `Consensus` rows, kept apart.
    """

    class Naming(models.TextChoices):
        NAMED = "named", _("Named: participants may give their name")
        ANONYMOUS = "anonymous", _("Anonymous: no names, not even for the consultant")

    class Pacing(models.TextChoices):
        SELF = "self", _("Self-paced: everyone at their own speed")
        FACILITATOR = "facilitator", _("Facilitator-paced: phones follow the pillar you open")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="workshop", verbose_name=_("assessment")
    )
    # Unique among all workshops ever opened, so an old code never leads into a new workshop.
    join_code = models.CharField(
        _("join code"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code
    )
    naming = models.CharField(
        _("names"), max_length=10, choices=Naming.choices, default=Naming.NAMED
    )
    pacing = models.CharField(
        _("pacing"), max_length=12, choices=Pacing.choices, default=Pacing.SELF
    )
    # The role whose ratings are compared with the rest of the team ("leadership vs. team").
    leadership_role = models.CharField(_("leadership role"), max_length=200, blank=True)
    # Facilitator-paced: the pillar every phone shows.
    current_pillar_key = models.CharField(_("current pillar"), max_length=50, blank=True)
    # Pillars whose team results the participants may see; every pillar after "reveal all".
    revealed_pillar_keys = models.JSONField(_("revealed pillars"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Changes with every facilitator action: what the phones' polling compares.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return f"{self.join_code} · {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_anonymous(self) -> bool:
        return self.naming == self.Naming.ANONYMOUS

    @property
    def is_facilitator_paced(self) -> bool:
        return self.pacing == self.Pacing.FACILITATOR

    def is_revealed(self, pillar_key: str) -> bool:
        return pillar_key in self.revealed_pillar_keys


class Participant(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("assessment"),
    )
    # Always blank in an anonymous workshop: a name that is never stored cannot be shown.
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role or department"), max_length=200, blank=True)
    # A workshop participant's private link (no account); none for a self-assessment's.
    token = models.CharField(
        _("private link token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    last_pillar_key = models.CharField(_("last pillar visited"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name or str(_("Participant %(id)s") % {"id": self.pk})


class AnswerStatus(models.TextChoices):
    LEVEL = "level", _("Level")
    DONT_KNOW = "dont_know", _("Don't know")
    NOT_APPLICABLE = "n_a", _("Not applicable")


# "Answered", wherever a count is shown (questionnaire, review, results, PDF, DOCX): a level or
# "not applicable". "Don't know" is not: like a blank it lowers the pillar's coverage (DESIGN.md,
# coverage = questions with a level / applicable questions), so "43 of 43 answered" means full
# coverage. reports.scoring.AssessmentResult.questions_answered counts the same.
COUNTS_AS_ANSWERED = (AnswerStatus.LEVEL, AnswerStatus.NOT_APPLICABLE)


class Relevance(models.TextChoices):
    NO_STATEMENT = "", _("No statement")
    NOT_RELEVANT = "not_relevant", _("Not relevant")
    RELEVANT = "relevant", _("Relevant")
    VERY_RELEVANT = "very_relevant", _("Very relevant")


class Answer(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="answers", verbose_name=_("participant")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    # Blank while only a target or a comment has been given and no level picked yet.
    status = models.CharField(_("answer"), max_length=10, choices=AnswerStatus.choices, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    target = models.PositiveSmallIntegerField(
        _("target level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=MAX_COMMENT_LENGTH)
    # How much the question matters to the company: weighs the priority of its next step.
    relevance = models.CharField(
        _("relevance"), max_length=13, choices=Relevance.choices, blank=True, default=""
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="level", level__gte=1, level__lte=5)
                    | (models.Q(level__isnull=True) & ~models.Q(status="level"))
                ),
                name="answer_level_matches_status",
            ),
            models.CheckConstraint(
                condition=models.Q(target__isnull=True) | models.Q(target__gte=1, target__lte=5),
                name="answer_target_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.level or self.status}"

    @property
    def version(self) -> str:
        """Which state of the answer a page showed: its last change, to the microsecond."""
        return answer_version(self)


NO_ANSWER_VERSION = "0"


def answer_version(answer: Answer | None) -> str:
    """The version a page carries for a question: the answer's, or NO_ANSWER_VERSION."""
    if answer is None or answer.updated_at is None:
        return NO_ANSWER_VERSION
    return str(round(answer.updated_at.timestamp() * 1_000_000))


class Consensus(models.Model):
    """The level a workshop team agreed on for one question, kept apart from the votes."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="consensus", verbose_name=_("assessment")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    level = models.PositiveSmallIntegerField(
        _("agreed level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True, max_length=MAX_COMMENT_LENGTH)
    minority_note = models.TextField(_("minority note"), blank=True, max_length=MAX_COMMENT_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_consensus_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="consensus_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.level}"


class ShareLink(models.Model):
    """Read-only access to one completed result, for a client's management or a bank."""

    DEFAULT_DAYS = 30

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="share_links",
        verbose_name=_("assessment"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    include_comments = models.BooleanField(_("include comments"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.expires_at:%Y-%m-%d}"


class Action(models.Model):
    """One step of an assessment's action plan: from a next step or written freely.

    The plan outlives the assessment: statuses are kept up to date for months after it was
    completed, and the next assessment of the client reviews the open ones first.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    MAX_TITLE_LENGTH = 300

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="actions", verbose_name=_("assessment")
    )
    # The next step it came from: the recommendation of `question` at `from_level`.
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("question"),
    )
    from_level = models.PositiveSmallIntegerField(_("from level"), null=True, blank=True)
    title = models.CharField(_("action"), max_length=MAX_TITLE_LENGTH)
    done_when = models.TextField(_("done when"), blank=True, max_length=MAX_COMMENT_LENGTH)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    position = models.PositiveIntegerField(_("position"))
    # Carried over from the action plan of an earlier assessment of the same client.
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["assessment", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "carried_from"],
                condition=models.Q(carried_from__isnull=False),
                name="carried_over_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)


class KpiInputs(models.Model):
    """An assessment's own figures for the outcome KPIs (pillar 6), each group optional.

    The figures as the user typed them (percentages 0..100); the formulas in reports/kpi.py check
    and compute them, and the form refuses what they refuse before anything is stored here.
    A group (NPS, churn, CLV, customer value) is either complete or empty.
    """

    CURRENCIES = ("CHF", "EUR", "DKK", "USD", "GBP")

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.CASCADE,
        related_name="kpi_inputs",
        verbose_name=_("assessment"),
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, choices=[(c, c) for c in CURRENCIES]
    )
    # NPS: the number of answers in each group.
    promoters = models.PositiveBigIntegerField(_("promoters"), null=True, blank=True)
    passives = models.PositiveBigIntegerField(_("passives"), null=True, blank=True)
    detractors = models.PositiveBigIntegerField(_("detractors"), null=True, blank=True)
    # Churn of one period.
    customers_start = models.PositiveBigIntegerField(
        _("customers at the start"), null=True, blank=True
    )
    customers_end = models.PositiveBigIntegerField(_("customers at the end"), null=True, blank=True)
    lost = models.PositiveBigIntegerField(_("customers lost"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    # Customer lifetime value: years given, or derived from the annual churn rate.
    annual_revenue = models.FloatField(_("annual revenue per customer"), null=True, blank=True)
    years = models.FloatField(_("relationship years"), null=True, blank=True)
    annual_churn_percent = models.FloatField(_("annual churn rate (%)"), null=True, blank=True)
    acquisition_cost = models.FloatField(_("acquisition cost per customer"), null=True, blank=True)
    margin_percent = models.FloatField(_("contribution margin (%)"), null=True, blank=True)
    discount_percent = models.FloatField(_("discount rate (%)"), null=True, blank=True)
    # Customer value of one period.
    revenue = models.FloatField(_("revenue in the period"), null=True, blank=True)
    acquisition_costs = models.FloatField(_("acquisition costs"), null=True, blank=True)
    care_costs = models.FloatField(_("care costs"), null=True, blank=True)
    customers = models.PositiveBigIntegerField(_("number of customers"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("KPI inputs")
        verbose_name_plural = _("KPI inputs")

    def __str__(self) -> str:
        return f"KPI inputs of {self.assessment_id}"


KPI_INPUT_FIELDS = (
    "currency",
    "promoters",
    "passives",
    "detractors",
    "customers_start",
    "customers_end",
    "lost",
    "months",
    "annual_revenue",
    "years",
    "annual_churn_percent",
    "acquisition_cost",
    "margin_percent",
    "discount_percent",
    "revenue",
    "acquisition_costs",
    "care_costs",
    "customers",
)
