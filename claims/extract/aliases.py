"""Seed aliases: names the alias table starts with.  The data adds more (see claims.db.repo)."""

from __future__ import annotations

# canonical name -> (kind, aliases).  Country names double as their capitals and seats of
# government when used as actors ("Washington said"), which is how news uses them.
SEED_ENTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Islamic State": ("GROUP", ("ISIS", "ISIL", "IS", "Daesh", "Islamic State group",
                                "Islamic State of Iraq and the Levant",
                                "Islamic State of Iraq and Syria", "IS militants", "Islamic State militants",
                                "Islamic State jihadists", "Islamic State terrorists", "Islamic State fighters",
                                "the Islamic State", "Islamic State fundamentalists", "the Islamic State group")),
    "United States": ("GPE", ("US", "U.S.", "USA", "the United States", "the US", "the U.S.", "Washington",
                              "America", "United States of America", "the White House", "White House")),
    "Russia": ("GPE", ("Moscow", "the Kremlin", "Kremlin", "Russian Federation", "the Russian Federation")),
    "Sergei Lavrov": ("PERSON", ("Sergey Lavrov", "Lavrov", "the Russian FM", "Russian FM", "FM Lavrov",
                                 "Foreign Minister Lavrov", "Foreign Minister Sergei Lavrov",
                                 "Russian Foreign Minister Sergei Lavrov", "Russian Foreign Minister Sergey Lavrov")),
    "John Kerry": ("PERSON", ("Kerry", "Secretary Kerry", "US Secretary John Kerry", "US Secretary of State John Kerry",
                              "U.S. Secretary of State John Kerry", "Secretary of State John Kerry")),
    "Vladimir Putin": ("PERSON", ("Putin", "President Putin", "Vladimir Putin", "Russian President Vladimir Putin",
                                  "the Kremlin chief", "Mr. Putin")),
    "Barack Obama": ("PERSON", ("Obama", "President Obama", "US President Barack Obama", "U.S. President Barack Obama",
                                "the US leader")),
    "Bashar al-Assad": ("PERSON", ("Assad", "Bashar Assad", "President Bashar al-Assad",
                                   "Syrian President Bashar al-Assad",
                                   "President Bashar Assad", "al-Assad")),
    "United Nations": ("ORG", ("UN", "U.N.", "the UN", "the United Nations")),
    "European Union": ("ORG", ("EU", "the EU", "the European Union")),
    "United Kingdom": ("GPE", ("Britain", "UK", "U.K.", "Great Britain", "London")),
    "Saudi Arabia": ("GPE", ("Riyadh", "the Saudis", "Saudis")),
    "Turkey": ("GPE", ("Ankara", "the Turks", "Turks")),
    "Iran": ("GPE", ("Tehran", "the Iranians", "Iranians", "Islamic Republic of Iran")),
    "Syria": ("GPE", ("Damascus", "the Syrian government")),
}
