"""Peak RSS of one analysis batch, of `newsdigest run`'s startup, and of `newsdigest who`.

    python benchmarks/memory.py                  # batch of 100 articles, SQLite
    python benchmarks/memory.py --batch 500      # a bigger batch

Each figure comes from a fresh subprocess (``ru_maxrss`` of that process alone):
- baseline: Python with the project's modules imported, no model;
- model: the settings' spaCy pipeline loaded;
- batch: model loaded and ``analyze_batch`` over --batch articles (the repository's texts);
- run: the composition ``newsdigest run`` does: settings, ``bot.container.build`` (then connect,
  migrate), the model, and ``bot.app.build_application`` with a dummy token (nothing is sent);
- who: the whole ``newsdigest who NAME`` command (interpreter start excluded) on a generated
  store of --store articles (``benchmarks/_store.py``), which must not load spaCy or sumy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store import fill  # noqa: E402

from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
stage, batch = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
if stage == "who":
    import contextlib, io
    from bot.cli import main
    with contextlib.redirect_stdout(io.StringIO()) as out:
        main(["who", sys.argv[3]])
    assert sys.argv[3].lower() in out.getvalue().lower(), out.getvalue()
    heavy = [name for name in ("spacy", "sumy", "sklearn", "matplotlib") if name in sys.modules]
    print(json.dumps({{"kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "seconds": time.perf_counter() - start, "loaded": heavy}}))
    sys.exit(0)
import digests.jobs.pipeline, digests.analysis.analyze  # noqa: F401  (what every stage imports)
from bot.settings import load_settings
settings = load_settings()
if stage != "baseline":
    from digests.analysis.nlp import load_pipeline
if stage in ("model", "batch"):
    nlp = load_pipeline(settings.spacy_model)
if stage == "batch":
    from analysis import corpus
    from digests.analysis.analyze import analyze_batch
    texts = corpus()
    items = [texts[i % len(texts)] for i in range(batch)]
    done = sum(1 for _ in analyze_batch(nlp, items, method=settings.summary_method,
                                        sentences=settings.summary_sentences))
    assert done == batch
if stage == "run":
    from bot.app import build_application
    from bot.container import build
    container = build(settings)
    container.check_schema(migrate=True)
    container.nlp
    build_application(container)
    container.dispose()
print(json.dumps({{"kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - start}}))
"""


def measure(stage: str, batch: int, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """Run one stage in a fresh interpreter and return what it printed."""
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "benchmarks"))
    done = subprocess.run(
        [sys.executable, "-c", code, stage, str(batch), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{stage} failed: {done.stderr.strip().splitlines()[-1]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100, help="articles in the batch (100)")
    parser.add_argument(
        "--store", type=int, default=10_000, help="articles in the store `who` reads (10000)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        database = Path(tmp) / "memory.db"
        env["NEWSDIGEST_DATABASE_URL"] = f"sqlite:///{database}"
        env.setdefault("NEWSDIGEST_TELEGRAM_TOKEN", "123456:benchmark-token-never-used")
        engine = make_engine(env["NEWSDIGEST_DATABASE_URL"])
        upgrade(engine)
        store = fill(engine, args.store)
        engine.dispose()
        print("| process | peak RSS MiB | seconds |")
        print("|---|---|---|")
        figures = {}
        who = store.top_person
        for stage, label in (
            ("baseline", "Python + project modules, no model"),
            ("model", "spaCy model loaded"),
            ("batch", f"model + analyze_batch of {args.batch} articles"),
            ("run", "`newsdigest run` startup (settings, container, model, Application)"),
            ("who", f"`newsdigest who {who}` ({args.store:,} articles stored)"),
        ):
            result = measure(stage, args.batch, env, who)
            figures[stage] = result["kib"] / 1024
            if result.get("loaded"):
                label += f" [loaded {', '.join(result['loaded'])}]"
            print(f"| {label} | {figures[stage]:.0f} | {result['seconds']:.1f} |")
    print()
    print(
        f"peak RSS: analysis batch {figures['batch']:.0f} MiB, "
        f"`newsdigest run` startup {figures['run']:.0f} MiB "
        f"(model adds {figures['model'] - figures['baseline']:.0f} MiB), "
        f"`newsdigest who` {figures['who']:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
