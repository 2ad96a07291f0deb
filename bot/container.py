"""The composition root: ``build(settings)`` makes every long-lived object of a process once.

``newsdigest run`` (the bot), ``newsdigest worker`` and every CLI command start here: the
engine and its sessions, the pipeline and ingest configuration (settings mapped to plain values
in this one place), the spaCy pipeline (loaded on first use), the Telegram bot with its one
pacing layer, and the deliverer. Building does no work: the database is first asked when a
command checks its schema, the model loads when analysis first needs it, and the one HTTP client
for sources opens in ``open`` (the bot's ``post_init``, the worker's start, a CLI command's event
loop) and closes in ``close`` (``post_shutdown``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemClock
from bot.heap import freeze_long_lived
from bot.masking import install_token_masking
from bot.settings import Settings
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest_report import IngestConfig
from digests.sources.models import FetchConfig
from storage.engine import check_connection, make_engine, make_sessionmaker, transaction
from storage.leases import worker_name
from storage.migrate import require_current, upgrade

if TYPE_CHECKING:
    import httpx
    from spacy.language import Language
    from telegram.ext import ExtBot

    from bot.content import DigestComposer
    from bot.delivery import Deliverer, Pacing

__all__ = [
    "Container",
    "build",
    "fetch_config",
    "ingest_config",
    "pipeline_config",
]

T = TypeVar("T")
P = ParamSpec("P")


def fetch_config(settings: Settings) -> FetchConfig:
    """HTTP limits and the address policy from settings."""
    return FetchConfig(
        timeout=settings.http_timeout,
        max_bytes=settings.max_response_bytes,
        max_redirects=settings.max_redirects,
        user_agent=settings.user_agent,
        allow_private_addresses=settings.allow_private_addresses,
        allowed_hosts=tuple(settings.allowed_hosts),
    )


def ingest_config(settings: Settings) -> IngestConfig:
    """The ingest job's configuration from settings."""
    return IngestConfig(
        fetch=fetch_config(settings),
        concurrency=settings.fetch_concurrency,
        poll_interval=timedelta(minutes=settings.poll_minutes),
        max_source_errors=settings.max_source_errors,
        max_items_per_poll=settings.max_items_per_poll,
    )


def pipeline_config(settings: Settings) -> PipelineConfig:
    """Analysis, clustering and story-view options from settings."""
    return PipelineConfig(
        method=settings.summary_method,
        sentences=settings.summary_sentences,
        threshold=settings.story_similarity,
        window_days=settings.story_window_days,
        max_quotes=settings.digest_key_quotes,
    )


@dataclass(eq=False, kw_only=True)
class Container:
    """The resources and configuration the bot, the worker and the CLI share; made by ``build``
    and never changed (the jobs' own state is ``bot.job_state``; the work on it, ``bot.work``)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    pipeline: PipelineConfig
    ingest: IngestConfig
    clock: Clock
    # This process's name in claims and leases.
    worker: str
    # How long a claimed article or delivery is held, and the scheduler lease outlives a holder.
    claim: timedelta
    lease_ttl: timedelta
    # None without a bot token: the worker then analyses and clusters only.
    bot: ExtBot[None] | None
    deliverer: Deliverer | None
    _nlp: Language | None = field(default=None, repr=False)
    _nlp_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _http: httpx.AsyncClient | None = field(default=None, repr=False)

    # -- resources ----------------------------------------------------------------------------

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline of the settings, loaded on first use (seconds, hundreds of MiB)."""
        with self._nlp_lock:
            if self._nlp is None:
                from digests.analysis.nlp import load_pipeline

                self._nlp = load_pipeline(self.settings.spacy_model)
                # The model stays for the process's life: out of the collector's way.
                freeze_long_lived()
            return self._nlp

    @property
    def http(self) -> httpx.AsyncClient:
        """The one HTTP client for sources; open between ``open`` and ``close``."""
        if self._http is None:
            raise RuntimeError("the HTTP client is not open: call Container.open first")
        return self._http

    async def open(self) -> None:
        """Open the network resources on the running event loop (the bot's ``post_init``)."""
        if self._http is None:
            from digests.sources.fetch import make_client

            self._http = make_client(self.ingest.fetch)

    async def close(self) -> None:
        """Close what ``open`` opened (the bot's ``post_shutdown``)."""
        client, self._http = self._http, None
        if client is not None:
            await client.aclose()

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work()`` on a fresh event loop with the network open: the CLI's async calls."""

        async def main() -> T:
            await self.open()
            try:
                return await work()
            finally:
                await self.close()

        return asyncio.run(main())

    def dispose(self) -> None:
        """Close the database connections (at the end of a command or process)."""
        self.engine.dispose()

    # -- the database -------------------------------------------------------------------------

    def connect(self, *, create: bool) -> None:
        """Ask the database once (a SQLite file is made only with ``create``)."""
        check_connection(self.engine, create=create)

    def check_schema(self, *, migrate: bool) -> None:
        """Connect; then migrate to the newest schema, or (read-only callers) require it."""
        self.connect(create=migrate)
        if migrate:
            upgrade(self.engine)
        else:
            require_current(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short unit of work: commit on success, roll back on any error."""
        with transaction(self.sessions) as session:
            yield session

    async def db(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run ``fn(session, *args, **kwargs)`` in one transaction, off the event loop."""
        return await asyncio.to_thread(self.run_in_session, fn, *args, **kwargs)

    def run_in_session(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Blocking form of ``db`` for code already off the loop."""
        with transaction(self.sessions) as session:
            return fn(session, *args, **kwargs)


def file_url(api_url: str) -> str:
    """The Bot API file URL beside ``api_url``: ".../bot" -> ".../file/bot"."""
    # As api.telegram.org and telegram-bot-api both lay it out.
    base = api_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file/bot"


def _bot(settings: Settings, token: str, pacing: Pacing) -> ExtBot[None]:
    from telegram import LinkPreviewOptions
    from telegram.constants import ParseMode
    from telegram.ext import Defaults, ExtBot
    from telegram.request import HTTPXRequest

    from bot.delivery import Pacer

    wait = settings.telegram_timeout
    return ExtBot(
        token,
        # Sends run concurrently (the pacer spaces them): a pool as wide as python-telegram-bot's
        # own builder gives, and the operator's wait for each answer.
        request=HTTPXRequest(
            connection_pool_size=256,
            read_timeout=wait,
            write_timeout=wait,
            connect_timeout=wait,
            pool_timeout=wait,
        ),
        base_url=settings.telegram_api_url,
        base_file_url=settings.telegram_file_url or file_url(settings.telegram_api_url),
        # The one pacing layer: digests and command replies share its budget.
        rate_limiter=Pacer(pacing),
        defaults=Defaults(
            parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
    )


def build(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Clock | None = None,
    composer: DigestComposer | None = None,
    pacing: Pacing | None = None,
) -> Container:
    """The container for ``settings``; the keyword options replace parts (tests, benchmarks).

    ``pacing`` is the one pacing layer: the bot's rate limiter and the deliverer's retry policy.
    """
    engine = engine or make_engine(settings.database_url)
    claim = timedelta(seconds=settings.worker_claim_seconds)
    clock = clock or SystemClock()
    worker = worker_name()
    sessions = make_sessionmaker(engine)
    token = settings.bot_token
    bot: ExtBot[None] | None = None
    deliverer: Deliverer | None = None
    if token:
        # Telegram's libraries load only for a process that talks to Telegram.
        from bot.content import compose_digest
        from bot.delivery import Deliverer, Pacing

        install_token_masking(token)
        pacing = pacing or Pacing(lease=claim)
        bot = _bot(settings, token, pacing)
        deliverer = Deliverer(
            bot,
            sessions,
            composer=composer or compose_digest,
            clock=clock,
            worker=worker,
            pacing=pacing,
            max_quotes=settings.digest_key_quotes,
        )
    return Container(
        settings=settings,
        engine=engine,
        sessions=sessions,
        pipeline=pipeline_config(settings),
        ingest=ingest_config(settings),
        clock=clock,
        worker=worker,
        claim=claim,
        # A dead holder must not hold the jobs up longer than its claims.
        lease_ttl=min(timedelta(seconds=90), claim),
        bot=bot,
        deliverer=deliverer,
    )
