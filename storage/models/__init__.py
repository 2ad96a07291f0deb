"""The schema: the news tables (``content``) and the readers' tables (``readers``).

Migrations in ``storage/migrations`` create these tables; ``create_all`` is for nothing but tests
that compare the two. Importing the package registers every table on ``Base.metadata``.
"""

from storage.models.content import (
    Analysis,
    AnalysisFailure,
    Article,
    ArticleSentence,
    Event,
    Mention,
    Person,
    PersonAlias,
    Quote,
    Source,
    SourceFile,
    Story,
    StoryArticle,
    StoryViewRecord,
    url_key,
)
from storage.models.readers import (
    ChatLanguage,
    Delivery,
    DeliveryMessage,
    DeliveryStatus,
    Lease,
    Subscriber,
    SubscriberStory,
)

__all__ = [
    "Analysis",
    "AnalysisFailure",
    "Article",
    "ArticleSentence",
    "ChatLanguage",
    "Delivery",
    "DeliveryMessage",
    "DeliveryStatus",
    "Event",
    "Lease",
    "Mention",
    "Person",
    "PersonAlias",
    "Quote",
    "Source",
    "SourceFile",
    "Story",
    "StoryArticle",
    "StoryViewRecord",
    "Subscriber",
    "SubscriberStory",
    "url_key",
]
