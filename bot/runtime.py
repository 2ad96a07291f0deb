"""The composition root: one place that turns settings into engine, sessions and pipelines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from digests.jobs.ingest import IngestConfig
from digests.sources.models import FetchConfig
from storage.engine import check_connection, make_engine, make_sessionmaker
from storage.migrate import upgrade

if TYPE_CHECKING:
    from spacy.language import Language

    from digests.jobs.pipeline import PipelineReport

__all__ = ["Runtime", "fetch_config", "ingest_config", "open_runtime"]


@dataclass
class Runtime:
    """What every command and job needs; the spaCy pipeline loads on first use."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    _nlp: Language | None = field(default=None, repr=False)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from digests.analysis.nlp import load_pipeline

            self._nlp = load_pipeline(self.settings.spacy_model)
        return self._nlp

    def process_pending(self, *, progress: Callable[[int], None] | None = None) -> PipelineReport:
        """Analyse and cluster every stored article that is new, with the settings' values."""
        from digests.jobs.pipeline import process_pending

        settings = self.settings
        return process_pending(
            self.sessions,
            self.nlp,
            method=settings.summary_method,
            sentences=settings.summary_sentences,
            threshold=settings.story_similarity,
            window_days=settings.story_window_days,
            progress=progress,
        )

    def close(self) -> None:
        self.engine.dispose()


def open_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    """Connect, bring the schema up to date and hand back the runtime."""
    engine = make_engine(settings.database_url)
    check_connection(engine)
    if migrate:
        upgrade(engine)
    return Runtime(settings=settings, engine=engine, sessions=make_sessionmaker(engine))


def fetch_config(settings: Settings) -> FetchConfig:
    """HTTP limits from settings."""
    return FetchConfig(
        timeout=settings.http_timeout,
        max_bytes=settings.max_response_bytes,
        max_redirects=settings.max_redirects,
        user_agent=settings.user_agent,
        allow_private_addresses=settings.allow_private_addresses,
        allowed_hosts=tuple(settings.allowed_hosts),
    )


def ingest_config(settings: Settings) -> IngestConfig:
    """The ingest job's configuration from settings (shared by the CLI and the bot)."""
    return IngestConfig(
        fetch=fetch_config(settings),
        concurrency=settings.fetch_concurrency,
        poll_interval=timedelta(minutes=settings.poll_minutes),
        max_source_errors=settings.max_source_errors,
        max_items_per_poll=settings.max_items_per_poll,
    )
