"""The words of page furniture: credits, captions, bylines, promos, widgets, notices.

Kinds of words (a picture's noun, a credit's verb, a staff role, a widget's label), never the
name of an outlet or a person, and of agencies only the one closed list ``PICTURE_AGENCIES``
says why it needs; the forms built from them (``page_forms``) and the
rules that use them (``furniture``, ``credits``, ``notices``) describe shapes, so they carry over
to sources nobody here has seen.
"""

from __future__ import annotations

from digests.analysis.lexicon import word_list, word_set

__all__ = [
    "ARTICLE_NOUNS",
    "BYLINE_CONNECTORS",
    "CONTRIBUTE_FORMS",
    "CREDIT_ACTS",
    "CREDIT_MARKERS",
    "MEDIA_LABELS",
    "PAGE_ACTIONS",
    "PICTURE_AGENCIES",
    "PICTURE_LABELS",
    "PICTURE_NOUNS",
    "PLAYER_WORDS",
    "PROMO_CALLS",
    "PROMO_LABELS",
    "READER_WORDS",
    "REPORTER_ROLES",
    "SOCIAL_NETWORKS",
    "STAFF_QUALIFIERS",
    "STAFF_ROLES",
    "STAMP_LABELS",
    "STILL_PICTURE_NOUNS",
    "UI_WORDS",
    "WIDGET_WORDS",
]

# What a still picture is called ("In this file photo, ...", "Фото:"), and any picture or
# recording: "Photo: X", "(AP Photo/X)", "Video by X", "Illustration by X".
STILL_PICTURE_NOUNS = word_set("photo photograph picture image foto фото")
PICTURE_NOUNS = STILL_PICTURE_NOUNS | word_set(
    "illustration video footage collage screenshot graphic"
)
# Words a page template qualifies a picture's label with: "File photo", "Listing image". A closed
# list: these labels have no form of their own that tells them from a headline ("Rare photos").
PICTURE_LABELS = word_set("file listing")
# Picture agencies whose name opens a caption line ("Getty Images House Speaker John Boehner").
# A closed list of names, the one in this lexicon: such a line has no form that tells it from a
# headline ("Satellite Images Show ..."), and leaving it made it the story's title on Multi-News.
PICTURE_AGENCIES = ("getty images",)
# What a page template says of a picture or a player in place of a caption: "Image copyright",
# "Media caption", "Media playback is unsupported", "Video unavailable".
MEDIA_LABELS = word_set("copyright caption playback loading unavailable")
# What a page invites its reader to do with a picture or the article: "Enlarge this image",
# "Share this article", "Listen to this article", "toggle caption".
PAGE_ACTIONS = ("enlarge", "share", "toggle", "listen to")
# Words that attribute a picture or a text to its maker: "Photo by X", "Image courtesy of X".
CREDIT_MARKERS = word_set("by via courtesy credit")
# What the people a credit names did: "Reporting by X", "Edited by Y", "Compiled by Z".
CREDIT_ACTS = word_set("reporting writing editing compiled produced edited written")
# "X contributed to this report", "Contributing: X".
CONTRIBUTE_FORMS = word_set("contributed contributing contributes")
# Who reports a story ("correspondent X reported from ..."); an editor or a columnist who
# "wrote that ..." is often quoted in another outlet's story, so they are not among these.
REPORTER_ROLES = word_set("journalist reporter writer correspondent")
# A newsroom's roles as bylines and staff notes give them: "X is a staff writer at ...".
STAFF_ROLES = REPORTER_ROLES | word_set("editor columnist photographer contributor")
STAFF_QUALIFIERS = word_set("staff senior contributing freelance")
# What a page calls itself in its notes: "(This story has been updated)", "to this report".
ARTICLE_NOUNS = word_set("report story article piece post coverage")
SOCIAL_NETWORKS = word_set("twitter facebook instagram")
# The labels of a page's own date stamp: "Posted: Monday, June 23, 2014", "(Published Friday)".
STAMP_LABELS = word_list("posted updated published")

# Labels of a promo in front of a link to another page: "RELATED:", "Full coverage:", "ICYMI:".
PROMO_LABELS = (
    *word_set(
        "related photo photos video videos watch listen also read more gallery slideshow"
        " trending recommended sponsored advertisement latest click live icymi"
    ),
    "see also",
    "also read",
    "read more",
    "full coverage",
    "latest headlines",
    "top stories",
    "now playing",
)
# A widget's call to the reader opening a sentence: "Share this", "Read more", "Subscribe".
PROMO_CALLS = ("share", "subscribe", "read more", "advertisement")
# A player's or widget's own words, set in capitals at the start of a line: "EMBED", "CLOSE".
PLAYER_WORDS = word_set("embed close play watch listen video photo photos")

# Words a page uses about itself or its reader rather than about the news: the vocabulary of
# notices (archives, players, cookie walls, sign-ups, "page not found").
UI_WORDS = word_set(
    """web website websites webpage page pages site sites link links url urls browser browsers
    javascript cookie cookies crawl crawls crawled crawler archive archives archived archiving
    capture captures captured collection collections upload uploaded uploads ingested email
    e-mail inbox account accounts login log sign subscribe subscribed subscribing subscriber
    subscribers subscription newsletter newsletters privacy settings setting option options
    feature features available app apps application applications click tap learn home menu
    video videos audio player content enable enabled disabled error access version
    download online internet data location history delete search engines tweet tweets
    score reviews users user contact information request requested notice code blog"""
)
READER_WORDS = frozenset({"you", "your", "yours", "you're", "you've", "you'll"})

# Everything a share bar, a player or a page header is made of: a line of these alone (with
# dates and handles) is a widget, not prose.
WIDGET_WORDS = word_set(
    """share shares sharing tweet facebook twitter x telegram whatsapp viber linkedin reddit
    pinterest instagram youtube tumblr flipboard messenger sms google+ email e-mail mail print
    copy link comments comment subscribe follow us on save bookmark date dated published posted
    updated update by min read reading time views am pm utc gmt advertisement advertising ad ads
    sponsored continue continues continued below above story main top of page more play embed
    autoplay close toggle caption now playing next previous prev text size photo photos video
    videos gallery image images listen watch related here latest headlines stories skip back
    home menu | · • - – — / + × >> » ›"""
)  # fmt: skip
# What may stand between the names of a byline: "By A and B of the Outlet, Staff Writer".
BYLINE_CONNECTORS = word_set(
    "of the for at in and staff writer writers reporter correspondent editor contributor "
    "senior special to from with am pm , & | / • · - – —"
)
