"""Tiny corpora in each format, written by the tests themselves (no ../shared needed)."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["MEANTIME_XML", "TIMEML_XML", "write_corpora"]

TIMEML_XML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>APW19980807.0261</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" temporalFunction="false"
 functionInDocument="CREATION_TIME">19980807</TIMEX3></DCT>
<TEXT>
NAIROBI, Kenya (AP) _

Bombs <EVENT eid="e1" class="OCCURRENCE">exploded</EVENT> outside the embassy
<TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>, killing dozens of people,
witnesses said. The embassy had been warned in
<TIMEX3 tid="t2" type="DATE" value="1997-12">December</TIMEX3>, officials said, and for
<TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3> nothing happened. Police said
they would report <TIMEX3 tid="t4" type="DATE" value="FUTURE_REF">soon</TIMEX3>.
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
</TimeML>
"""


def _tokens(sentences: list[list[str]]) -> str:
    lines = []
    t_id = 1
    for number, words in enumerate(sentences):
        for word in words:
            lines.append(
                f'<token number="{t_id - 1}" sentence="{number}" t_id="{t_id}">{word}</token>'
            )
            t_id += 1
    return "\n".join(lines)


_SENTENCES = [
    ["Acme", "chief", "Jane", "Doe", "resigns"],
    ["March", "06", ",", "2008"],
    ["Jane", "Doe", ",", "the", "chief", "of", "Acme", ",", "resigned", "on", "Monday", "."],
    ["Doe", "said", "``", "it", "was", "time", "''", "."],
    ["She", "joined", "in", "2004", "."],
    ["Acme", "'s", "shares", "fell", "$", "3", "."],
    ["John", "Roe", "will", "succeed", "her", "."],
    [
        "The",
        "board",
        "thanked",
        "Doe",
        "for",
        "her",
        "many",
        "years",
        "of",
        "work",
        "at",
        "the",
        "company",
        "and",
        "wished",
        "her",
        "well",
        ".",
    ],
]
# token ids: sentence 0: 1-5, 1: 6-9, 2: 10-21, 3: 22-29, 4: 30-34, 5: 35-41, 6: 42-47


def _anchors(*t_ids: int) -> str:
    return "".join(f'<token_anchor t_id="{t}"/>' for t in t_ids)


def _mention(m_id: int, kind: str, *t_ids: int) -> str:
    return (
        f'<ENTITY_MENTION m_id="{m_id}" syntactic_type="{kind}">{_anchors(*t_ids)}</ENTITY_MENTION>'
    )


def _timex(m_id: int, value: str, function: str, *t_ids: int) -> str:
    return (
        f'<TIMEX3 m_id="{m_id}" type="DATE" value="{value}" functionInDocument="{function}">'
        f"{_anchors(*t_ids)}</TIMEX3>"
    )


def _refers(r_id: int, target: int, *sources: int) -> str:
    inner = "".join(f'<source m_id="{s}"/>' for s in sources)
    return f'<REFERS_TO r_id="{r_id}">{inner}<target m_id="{target}"/></REFERS_TO>'


_MARKABLES = "\n".join(
    [
        _mention(1, "NAM", 3, 4),
        _mention(2, "NAM", 10, 11),
        _mention(3, "NAM", 22),
        _mention(4, "PRO", 30),
        _mention(5, "NAM", 42, 43),
        _timex(20, "2008-03-06", "CREATION_TIME", 6, 7, 8, 9),
        _timex(21, "2008-03-03", "NONE", 20),
        _timex(22, "2004", "NONE", 33),
        '<ENTITY m_id="30" ent_type="PER" instance_id="PER1" TAG_DESCRIPTOR="Jane Doe"/>',
        '<ENTITY m_id="31" ent_type="PER" instance_id="PER2" TAG_DESCRIPTOR="John Roe"/>',
    ]
)
MEANTIME_XML = f"""<?xml version="1.0" ?><Document doc_id="1" doc_name="1_Acme" lang="en"
 url="http://en.wikinews.org/wiki/Acme">
{_tokens(_SENTENCES)}
<Markables>
{_MARKABLES}
</Markables>
<Relations>
{_refers(1, 30, 1, 2, 3, 4)}
{_refers(2, 31, 5)}
</Relations>
</Document>
"""

ARTICLE = (
    "The city council of Riverton voted on Tuesday to close the old bridge over the river, "
    'the mayor, Anna Berg, said. "We cannot risk lives," Berg told reporters. Engineers '
    "found cracks in the main span last month, according to a report published by the "
    "council. The bridge will stay closed until repairs are finished next year."
)


def write_corpora(root: Path) -> Path:
    """A corpora folder with every format, each holding one or two tiny documents."""
    for subset in ("TimeBank", "AQUAINT"):
        folder = root / "timeml" / subset
        folder.mkdir(parents=True)
        (folder / f"{subset}.tml").write_text(TIMEML_XML, encoding="utf-8")
    for annotation in ("intra-doc_annotation", "intra_cross-doc_annotation"):
        for topic in ("apple", "gm"):
            folder = root / "meantime" / annotation / f"corpus_{topic}"
            folder.mkdir(parents=True)
            (folder / "1_Acme.xml").write_text(MEANTIME_XML, encoding="utf-8")
    events = [
        {
            "id": "a",
            "articles": [ARTICLE, ARTICLE.replace("Riverton", "Rivertown")],
            "summary": "Riverton closes its old bridge after engineers found cracks.",
        },
        {"id": "b", "articles": ["Too short to be an article."], "summary": "Nothing."},
    ]
    (root / "multinews.jsonl").write_text(
        "\n".join(json.dumps(e) for e in events) + "\n", encoding="utf-8"
    )
    rows = [
        {
            "id": "c1",
            "text": "(CNN)" + ARTICLE,
            "highlights": "Riverton closes its old bridge .\nEngineers found cracks .",
        }
    ]
    (root / "cnndm.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    return root
