"""News monitoring: sources, articles, what the NLP found in them, and links to the plan.

News is public: sources, articles, clusters, extractions and events are joint records (every
party sees them). Links point only at joint plan records (sessions, rounds, obligations,
programme actions); internal records of a party are never link targets.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", _("RSS feed")
        ATOM = "atom", _("Atom feed")
        PAGE = "page", _("Web page")
        FILE = "file", _("Text file")
        API = "api", _("Pushed through the API")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    url = models.CharField(_("address"), max_length=2000, blank=True)
    schedule_minutes = models.PositiveIntegerField(_("poll every, minutes"), default=30)
    etag = models.CharField(max_length=512, blank=True)
    last_modified = models.CharField(max_length=128, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    last_error = models.TextField(blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")
        constraints = [models.UniqueConstraint(fields=["kind", "url"], name="media_source_unique_url")]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """One story told by several agencies."""

    title = models.CharField(_("title"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title


class Article(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles", verbose_name=_("source"))
    url = models.CharField(_("address"), max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    published = models.DateField(_("published"))
    body = models.TextField(_("text"))
    raw_text = models.TextField(_("text as analysed"))
    language = models.CharField(_("language"), max_length=8, default="ru")
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised text")
    simhash = models.BigIntegerField(default=0, help_text="64-bit SimHash stored as a signed integer")
    minhash = models.JSONField(default=list, blank=True, help_text="MinHash signature of word 3-shingles")
    cluster = models.ForeignKey(Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles",
                                verbose_name=_("story"))
    # Lemmas (and surnames in one form) of the title and text: what the SQLite FTS5 table and
    # PostgreSQL's `search_vector` column (migration 0003; not a model field: the database
    # generates it from this one) index.
    search_terms = models.TextField(blank=True, help_text="Search terms of the title and text (collegium_nlp.search)")
    ingested_by = models.ForeignKey("parties.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-id"]
        # the archive's order, and the ids of a near-duplicate window read from the index alone
        indexes = [models.Index(fields=["published", "id"], name="media_article_published_id")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title


class Extraction(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="extraction")
    data = models.JSONField(default=dict)
    analysed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("extraction")
        verbose_name_plural = _("extractions")

    def __str__(self) -> str:
        return f"extraction of {self.article_id}"


class Event(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=48, db_index=True)
    modality = models.CharField(_("modality"), max_length=24, blank=True)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    participants = models.JSONField(default=list, blank=True)
    text = models.TextField(_("sentence"), blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["article", "start", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.type}/{self.modality} {self.date_from or ''}"


class Link(models.Model):
    """A suggested (then confirmed or rejected) link from an article or one of its events to the plan."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    TARGETS = ("session", "round", "obligation", "action")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    session = models.ForeignKey("meetings.Session", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="media_links")
    round = models.ForeignKey("consultations.Round", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="media_links")
    obligation = models.ForeignKey("control.Obligation", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="media_links")
    action = models.ForeignKey("programme.Action", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="media_links")
    score = models.FloatField(_("score"))
    explanation = models.TextField(_("explanation"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUGGESTED,
                              db_index=True)
    confirmed_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    applied = models.BooleanField(default=False, help_text="The confirmation changed the target (round held)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("link to the plan")
        verbose_name_plural = _("links to the plan")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(session__isnull=False, round__isnull=True, obligation__isnull=True, action__isnull=True)
                    | Q(session__isnull=True, round__isnull=False, obligation__isnull=True, action__isnull=True)
                    | Q(session__isnull=True, round__isnull=True, obligation__isnull=False, action__isnull=True)
                    | Q(session__isnull=True, round__isnull=True, obligation__isnull=True, action__isnull=False)
                ),
                name="media_link_exactly_one_target",
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="media_link_score_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.target_kind}:{self.target_id}"

    @property
    def target_kind(self) -> str:
        for name in self.TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return ""

    @property
    def target_id(self) -> int | None:
        kind = self.target_kind
        return getattr(self, f"{kind}_id") if kind else None

    @property
    def target_label(self) -> str:
        kinds = {"session": _("Session"), "round": _("Round of consultations"), "obligation": _("Obligation"),
                 "action": _("Programme action")}
        kind = self.target_kind
        return f"{kinds[kind]}: {self.target}" if kind else ""

    @property
    def target(self) -> models.Model | None:
        kind = self.target_kind
        return getattr(self, kind) if kind else None
