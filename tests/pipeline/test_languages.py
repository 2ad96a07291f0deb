"""Articles in other languages: stored (never refused), summarised, and read for no people,
quotes or dates, with a "not analysed: language" status the operator sees.

Through the real jobs and the real spaCy pipeline on real databases.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.status import format_status
from storage.engine import transaction
from storage.models import Analysis, Article, Event, Mention, Person, Quote
from storage.status import collect_status
from tests.pipeline.conftest import ingest_folder, process

RUSSIAN = (
    "Мэр Казани Иван Петров в понедельник открыл новый мост через реку Казанку. "
    "«Этот мост сократит дорогу на работу для тысяч жителей города», — сказал Петров "
    "журналистам. Строительство моста продолжалось три года и обошлось городскому бюджету "
    "в два миллиарда рублей. Движение по мосту откроется в следующую среду, сообщили в "
    "мэрии. Жители соседних районов давно ждали окончания работ."
)
UKRAINIAN = (
    "Міський голова Львова Андрій Коваленко у вівторок відкрив нову бібліотеку в центрі "
    "міста. «Ця бібліотека стане домом для тисяч читачів», — сказав Коваленко журналістам. "
    "Будівництво тривало два роки і коштувало міському бюджету п'ятдесят мільйонів гривень. "
    "Бібліотека працюватиме щодня з дев'ятої ранку до восьмої вечора, повідомили у міській "
    "раді. Мешканці давно чекали на цю подію."
)
CHINESE = (
    "上海市政府星期一宣布，新的地铁线路将于明年五月正式开通运营。"
    "市长王建国在新闻发布会上说：“这条线路将大大方便市民的日常出行。”"
    "该线路全长三十五公里，共设二十四个车站，连接城市东部和西部的主要居民区。"
    "工程历时四年，总投资约为三百亿元人民币。"
    "市民们对新线路的开通表示欢迎，许多人说上下班的时间将明显缩短。"
)
ENGLISH = (
    "The mayor of Springfield, Laura Hayes, opened a new bridge over the river on Monday. "
    '"This bridge will shorten the commute for thousands of residents," Hayes told '
    "reporters. Construction took three years and cost the city two million dollars. "
    "Traffic will start to flow next Wednesday, the city hall said in a statement. Residents "
    "of the nearby districts had waited a long time for the work to end."
)


def _folder(root: Path) -> Path:
    folder = root / "languages"
    folder.mkdir()
    for name, text in (("ru", RUSSIAN), ("uk", UKRAINIAN), ("zh", CHINESE), ("en", ENGLISH)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_other_languages_are_stored_and_not_read_for_people(
    db_sessions: sessionmaker[Session], nlp: Language, tmp_path: Path
) -> None:
    ingest_folder(db_sessions, _folder(tmp_path))
    analysed, _, _ = process(db_sessions, nlp)
    assert analysed == 4
    with transaction(db_sessions) as session:
        languages = {
            article.url.rsplit("/", 1)[-1]: (
                article.language,
                analysis.language,
                analysis.is_english,
            )
            for article, analysis in session.execute(
                select(Article, Analysis).join(Analysis, Analysis.article_id == Article.id)
            )
            if article.url
        }
        assert languages == {
            "ru.txt": ("ru", "ru", False),
            "uk.txt": ("uk", "uk", False),
            "zh.txt": ("zh", "zh", False),
            "en.txt": ("en", "en", True),
        }
        foreign = select(Article.id).where(Article.language.in_(["ru", "uk", "zh"]))
        for table in (Mention, Quote, Event):
            count = session.scalar(
                select(func.count()).select_from(table).where(table.article_id.in_(foreign))
            )
            assert count == 0, table.__name__
        people = {p.name: p.role for p in session.scalars(select(Person))}
        assert "Laura Hayes" in people
        assert not any(
            word in (name + " " + (role or ""))
            for name, role in people.items()
            for word in ("сказал", "сказав", "Петров", "Коваленко", "王建国")
        )
        status = collect_status(session, now=datetime.now(UTC))
    assert status.articles_not_analysed == {"ru": 1, "uk": 1, "zh": 1}
    assert status.as_dict()["articles_not_analysed"] == {"ru": 1, "uk": 1, "zh": 1}
    assert "Not analysed (language): 1 ru, 1 uk, 1 zh" in format_status(status)
