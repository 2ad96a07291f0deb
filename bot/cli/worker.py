"""``newsdigest worker``: one more process working the shared queues."""

from __future__ import annotations

import asyncio

import click

from bot.cli.base import for_writing

__all__ = ["worker"]


@click.command("worker")
@click.option(
    "--interval",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Seconds to wait after a pass that found nothing to do.",
)
@click.option("--drain", is_flag=True, help="Exit after the first pass that finds nothing to do.")
@click.pass_context
def worker(ctx: click.Context, interval: float, drain: bool) -> None:
    """Analyse, cluster and deliver from the shared database until stopped.

    Run any number of workers (and `newsdigest run` bots) against one PostgreSQL database:
    articles and deliveries are claimed there (SELECT ... FOR UPDATE SKIP LOCKED), so nothing is
    analysed or sent twice, and a killed worker's claims are taken over after
    NEWSDIGEST_WORKER_CLAIM_SECONDS. Only one process at a time polls sources and schedules
    editions (the "scheduler" lease). Without a bot token, workers analyse and cluster only.
    """
    from bot.worker import run_worker

    cycles = asyncio.run(run_worker(for_writing(ctx), interval=interval, drain=drain))
    click.echo(f"worker stopped after {cycles} pass(es)")
