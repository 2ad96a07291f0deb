"""Words for what is not a person: organisations, made things and places, and name endings.

``ORG_NOUNS`` head a description that makes a proper noun an organisation ("company X", "the
union", "retailer Best Buy"); ``NONPERSON_NOUNS`` add the made things, events and places no
description of a person is headed by; ``THING_HEADS`` are the last words of names that are not
people's ("... Day", "... Store", "... Corp"); ``GROUP_NOUNS`` a party of several people named
after one ("the Winehouse family"); ``STAFF_NOUNS`` the ones who speak for a person ("Smith's
office").
"""

from __future__ import annotations

from digests.analysis.lexicon import word_set

__all__ = ["GROUP_NOUNS", "NONPERSON_NOUNS", "ORG_NOUNS", "STAFF_NOUNS", "THING_HEADS"]

ORG_NOUNS = word_set(
    """
    company firm union agency ministry newspaper outlet channel station network council
    committee organization organisation department association federation corporation
    club team band magazine website daily airline fund foundation
    institute university school court party group bank paper tabloid portal
    service conglomerate startup manufacturer maker carrier brand label retailer chain
    automaker giant insurer lender studio government administration regime
    embassy militia movement faction charity outfit office bureau commission
    """
)

NONPERSON_NOUNS = ORG_NOUNS | word_set(
    """
    system model vehicle car truck product device software plant factory app platform drug
    film show series book album song ship boat aircraft plane jet rocket satellite phone
    computer game programme program storm hurricane store shop venue building place city
    town village country region state province area site event holiday festival day flight
    route airport theater theatre hotel restaurant bar division unit subsidiary
    """
)

THING_HEADS = word_set(
    """
    day eve week flight store shop airport station street avenue road boulevard bridge
    hall center centre park square hospital clinic school academy university college
    institute corps group company inc ltd llc corp co plc corporation incorporated limited
    news times post journal
    herald tribune gazette house museum gallery stadium arena church mosque cathedral
    temple award awards prize cup open games championship league act law bill fund
    foundation festival tower building hotel theater theatre restaurant bar cafe river
    lake mountain island county city province state valley beach network channel radio
    tv magazine system program programme project service services agency department
    ministry office bureau board council committee commission court party union
    association society club team band motors airlines airways bank capital management
    partners holdings industries international media studios pictures records
    entertainment software technologies labs online app series show film movie album
    song book novel code treaty plan accord war summit conference crisis storm
    hurricane virus syndrome disease
    """
)

GROUP_NOUNS = word_set("family campaign camp estate team government")

# The people who speak for one person, named after them: "the Senator's office", "Smith's
# campaign said" (an organisation, not the person).
STAFF_NOUNS = word_set("office campaign staff")
