"""Parse corpus articles once and analyse them as ``analyze_batch`` does.

Parsing is most of the evaluation's time, so parsed documents are cached on disk (spaCy
``DocBin``), keyed by the text, the model, its pipeline and the project's pipeline code; a change
to any of them parses again. ``--processes`` runs ``nlp.pipe`` in several processes.
"""

from __future__ import annotations

import hashlib
import inspect
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from digests.analysis import nlp as pipeline_module
from digests.analysis.analyze import analyze_doc, clean_leftovers
from digests.analysis.models import ArticleAnalysis, ArticleInput
from digests.analysis.nlp import SpacySumyTokenizer
from digests.analysis.summarize import DEFAULT_METHOD, get_summarizer

__all__ = ["Analysed", "Parser", "analyse_all"]


@dataclass(frozen=True, slots=True)
class Analysed:
    """One article: what was analysed, the parsed document and the analysis."""

    article: ArticleInput
    # The text the document was parsed from (after ``clean_leftovers``): analysis offsets
    # (sentences, events) point into it.
    prepared: str
    doc: Doc
    analysis: ArticleAnalysis


class Parser:
    """Parses texts with a pipeline, through an optional on-disk cache of parsed documents."""

    def __init__(self, nlp: Language, *, cache: Path | None = None, processes: int = 1) -> None:
        self.nlp = nlp
        self.cache = cache
        self.processes = max(1, processes)
        code = inspect.getsource(pipeline_module)
        self._salt = "|".join(
            (
                spacy.__version__,
                nlp.meta.get("name", ""),
                nlp.meta.get("version", ""),
                ",".join(nlp.pipe_names),
                hashlib.sha256(code.encode()).hexdigest(),
            )
        )
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)

    def _path(self, text: str) -> Path | None:
        if self.cache is None:
            return None
        key = hashlib.sha256(f"{self._salt}\0{text}".encode()).hexdigest()
        return self.cache / key[:2] / f"{key}.spacy"

    def parse(self, texts: Sequence[str]) -> list[Doc]:
        """Documents for ``texts`` in order, parsing only what the cache does not hold."""
        docs: list[Doc | None] = [None] * len(texts)
        todo: list[int] = []
        for i, text in enumerate(texts):
            path = self._path(text)
            if path is not None and path.is_file():
                docs[i] = next(DocBin().from_bytes(path.read_bytes()).get_docs(self.nlp.vocab))
            else:
                todo.append(i)
        if todo:
            parsed = self.nlp.pipe(
                (texts[i] for i in todo), batch_size=32, n_process=self.processes
            )
            for i, doc in zip(todo, parsed, strict=True):
                docs[i] = doc
                path = self._path(texts[i])
                if path is not None:
                    _store(path, doc)
        return [d for d in docs if d is not None]


def _store(path: Path, doc: Doc) -> None:
    # Written aside and renamed: another evaluation reading the cache never sees half a file.
    path.parent.mkdir(exist_ok=True)
    store = DocBin(store_user_data=False)
    store.add(doc)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(store.to_bytes())
    os.replace(temporary, path)


def analyse_all(
    parser: Parser,
    articles: Sequence[ArticleInput],
    *,
    method: str = DEFAULT_METHOD,
    sentences: int = 3,
) -> list[Analysed]:
    """Every article prepared, parsed and analysed exactly as ``analyze_batch`` would."""
    summarizer = get_summarizer(method, SpacySumyTokenizer(parser.nlp))
    prepared = [clean_leftovers(a.text) for a in articles]
    docs = parser.parse([text for text, _ in prepared])
    return [
        Analysed(
            article,
            text,
            doc,
            analyze_doc(
                doc, article, summarizer, method=method, sentences=sentences, warnings=warnings
            ),
        )
        for article, (text, warnings), doc in zip(articles, prepared, docs, strict=True)
    ]
