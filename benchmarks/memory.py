"""Peak RSS of one analysis batch and of `newsdigest run`'s startup with the model loaded.

    python benchmarks/memory.py                  # batch of 100 articles, SQLite
    python benchmarks/memory.py --batch 500      # a bigger batch

Each figure comes from a fresh subprocess (``ru_maxrss`` of that process alone):
- baseline: Python with the project's modules imported, no model;
- model: the settings' spaCy pipeline loaded;
- batch: model loaded and ``analyze_batch`` over --batch articles (the repository's texts);
- run: the composition ``newsdigest run`` does: settings, ``bot.container.build`` (then connect,
  migrate), the model, and ``bot.app.build_application`` with a dummy token (nothing is sent).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
stage, batch = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
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


def measure(stage: str, batch: int, env: dict[str, str]) -> dict[str, float]:
    """Run one stage in a fresh interpreter and return what it printed."""
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "benchmarks"))
    done = subprocess.run(
        [sys.executable, "-c", code, stage, str(batch)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{stage} failed: {done.stderr.strip().splitlines()[-1]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100, help="articles in the batch (100)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.setdefault("NEWSDIGEST_DATABASE_URL", f"sqlite:///{Path(tmp) / 'memory.db'}")
        env.setdefault("NEWSDIGEST_TELEGRAM_TOKEN", "123456:benchmark-token-never-used")
        print("| process | peak RSS MiB | seconds |")
        print("|---|---|---|")
        figures = {}
        for stage, label in (
            ("baseline", "Python + project modules, no model"),
            ("model", "spaCy model loaded"),
            ("batch", f"model + analyze_batch of {args.batch} articles"),
            ("run", "`newsdigest run` startup (settings, container, model, Application)"),
        ):
            result = measure(stage, args.batch, env)
            figures[stage] = result["kib"] / 1024
            print(f"| {label} | {figures[stage]:.0f} | {result['seconds']:.1f} |")
    print()
    print(
        f"peak RSS: analysis batch {figures['batch']:.0f} MiB, "
        f"`newsdigest run` startup {figures['run']:.0f} MiB "
        f"(model adds {figures['model'] - figures['baseline']:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
