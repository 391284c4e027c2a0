"""Every verb and cue the claim extractor reacts to, in one place."""

from __future__ import annotations

# Verbs that attribute a proposition to a speaker, grouped by the stance they convey.
ASSERT_VERBS = {
    "say", "tell", "add", "stress", "note", "state", "announce", "report", "explain", "argue", "insist",
    "confirm", "declare", "acknowledge", "remind", "write", "emphasise", "emphasize", "reiterate", "point",
    "brand", "call", "describe", "believe", "think", "claim", "indicate", "reveal", "admit",
    "conclude", "maintain", "assert", "contend", "comment", "observe", "mention", "recall", "concede",
}
DENY_VERBS = {"deny", "refute", "reject", "dismiss", "rebut", "disprove", "dispute", "contradict", "repudiate",
              "debunk", "rebuff", "quash", "dispel", "scotch"}
# Deny verbs whose bare noun object is what is denied ("Boko Haram denies ceasefire claim"); the
# others ("rejected the proposal") only deny a report noun ("rejected the allegations").
DENY_OBJECT_VERBS = {"deny", "refute", "debunk", "disprove", "rebut"}
ACCUSE_VERBS = {"accuse", "allege", "charge", "blame", "condemn", "criticise", "criticize"}
HEDGE_VERBS = {"suggest", "speculate", "guess", "estimate"}
EXPECT_VERBS = {"expect", "plan", "intend", "hope", "aim", "anticipate", "promise", "pledge", "vow", "predict",
                "warn", "urge", "propose"}
QUESTION_VERBS = {"ask", "question", "wonder", "doubt"}
# Verbs that report a clause a headline may shorten to object and participle ("Union claims mayor
# arrested"); "describe" or "call" take an object of their own ("described the man arrested as ...").
CLAUSE_REPORT_VERBS = {"say", "claim", "report", "confirm", "announce", "reveal", "insist", "state", "admit",
                       "allege", "believe", "think"}
# "X says she has not been captured": verbs that, with the speaker's own negated "he"/"she" clause, deny.
SELF_DENIAL_VERBS = {"say", "insist", "maintain", "stress", "tell", "claim", "state", "assert", "reiterate", "add",
                     "argue", "contend", "declare"}
# Verbs whose "not" keeps a door open rather than denies: "he had not ruled out air strikes" is a hedge.
NEGATIVE_VERBS = {"rule", "exclude", "deny", "reject", "refuse", "oppose", "doubt", "dismiss", "forget"}
MODALS = {"will", "would", "can", "could", "may", "might", "should", "must", "shall", "wo", "ca"}
# "It is said / reported / claimed that P": nobody named vouches for P, so the outlet relays hearsay.
HEARSAY_VERBS = {"say", "report", "claim", "believe", "think", "argue", "rumour", "rumor"}
ATTRIBUTION_VERBS = ASSERT_VERBS | DENY_VERBS | ACCUSE_VERBS | EXPECT_VERBS | QUESTION_VERBS | HEDGE_VERBS
# Stances that scope over every coordinated clause ("denied that X and that Y").
WIDE_STANCES = {"denies", "accuses", "questions"}

# Nouns that carry someone else's proposition: "refuted media reports that ...".
REPORT_NOUNS = {"report", "claim", "allegation", "accusation", "suggestion", "rumour", "rumor", "speculation",
                "assertion", "charge", "story", "news", "reports", "claims", "rumours", "rumors", "allegations"}
# Prepositions by which a report says what it reports: "rumours of his death", "claims about the deal".
ABOUT_PREPOSITIONS = frozenset({"of", "about", "over", "regarding", "concerning"})
# Words before a report noun that say whose it is or how recent, not what it reports: "media reports".
REPORT_QUALIFIERS = frozenset({"media", "press", "news", "newspaper", "tabloid", "internet", "online", "social",
                               "twitter", "viral", "recent", "latest", "earlier", "new", "initial", "previous",
                               "persistent", "widespread", "unconfirmed", "false", "unfounded", "baseless", "wild"})
# Auxiliaries a yes/no question opens with, before its subject: "Did Banksy post ...?", "Has X been ...?".
INVERTED_AUXILIARIES = frozenset({"do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "will",
                                  "would", "can", "could", "should", "may", "might", "must", "shall"})
# One-word labels a headline opens with before a colon: the story's kind, not its source.
HEADLINE_LABELS = frozenset({"update", "updated", "breaking", "exclusive", "watch", "video", "photos", "pictures",
                             "analysis", "opinion", "editorial", "live", "explainer", "comment", "review",
                             "interview", "factcheck", "report", "revealed"})
# ... and the ones that pass what follows on unconfirmed: "Rumor: ..." hedges.
HEDGE_LABELS = frozenset({"rumor", "rumour", "rumors", "rumours", "unconfirmed", "speculation"})
# Nouns that name a source before a headline's colon when no name does: "Prosecutor: ...", "Study: ...".
SOURCE_NOUNS = frozenset({"official", "officials", "source", "sources", "police", "prosecutor", "prosecutors",
                          "minister", "ministry", "spokesman", "spokeswoman", "spokesperson", "president",
                          "government", "army", "military", "witness", "witnesses", "expert", "experts",
                          "scientist", "scientists", "doctor", "doctors", "study", "report", "survey", "poll",
                          "lawyer", "lawyers", "judge", "court", "agency", "company", "union", "family",
                          "mayor", "governor", "senator", "sheriff", "coroner", "insider", "insiders", "aide",
                          "aides", "diplomat", "diplomats", "analyst", "analysts", "researchers", "activists",
                          "publicist", "rep", "representative", "agent", "manager"})
# Prepositions whose phrase is part of a speaker's name: "a spokesman for the Kremlin", "one of the officials".
SPEAKER_PREPOSITIONS = frozenset({"of", "for", "at", "in", "from"})
# Nouns whose possessor is the real speaker: "the ministry's statement added".
STATEMENT_NOUNS = {"statement", "spokesman", "spokeswoman", "spokesperson", "communique", "release", "office",
                   "comments", "remarks", "letter", "website"}

# Predicates that call a proposition false: "Y is false", "Y is a hoax", "Y called rubbish".
FALSITY_WORDS = {"false", "untrue", "fake", "hoax", "rubbish", "nonsense", "baseless", "bogus", "unfounded",
                 "groundless", "myth", "lie", "lies", "fabricated", "fabrication", "fiction", "satire", "incorrect",
                 "debunked", "garbage", "misleading", "invented", "erroneous"}
# Verbs that link a subject to a verdict as "is" does: "turned out to be false", "appears to be a hoax".
LINKING_VERBS = {"appear", "seem", "turn", "prove"}
# ... and those that do when negated: "Y is not true".
TRUTH_WORDS = {"true", "correct", "accurate", "real", "right"}
# Label verbs whose subject, in a headline that drops "was", is what they judge: "Photo exposed as a hoax".
EXPOSE_VERBS = {"expose", "reveal", "unmask", "show", "prove"}
# Verbs that put a falsity label on their object: "called the reports rubbish", "dismissed it as a lie",
# "the reports were proven false".
LABEL_VERBS = {"call", "brand", "label", "dismiss", "describe", "term", "slam"} | EXPOSE_VERBS
# Verbs that end a report rather than answer it ("kills the rumour", "quells reports that P"), and
# phrasal ones with the word that makes them so ("shoots down claims", "puts reports to rest"). They
# deny only a report noun: "killed the mayor" and "put the bill to rest" deny nothing.
END_VERBS = {"kill", "squash", "quell", "bust", "crush", "squelch", "retract"}  # "quash", "dispel": DENY_VERBS
END_PHRASES = {"shoot": ("down",), "knock": ("down",), "swat": ("down",), "slap": ("down",), "put": ("rest",),
               "lay": ("rest",), "laugh": ("off",), "brush": ("off", "aside"), "wave": ("off", "away")}
# A source its own outlet calls false: "Fake news report claims P" is the outlet denying P.
FALSE_SOURCE_WORDS = {"fake", "bogus", "satirical", "spoof", "parody", "hoax", "satire"}
# "There is no evidence that P" denies P.
EVIDENCE_NOUNS = {"evidence", "proof", "sign", "indication", "truth", "basis"}
# "found no evidence that P"; and what a claim "without foundation" lacks.
FINDING_VERBS = {"find", "see", "have", "uncover", "discover", "show", "produce", "offer", "provide"}
GROUNDS_NOUNS = {"foundation", "basis", "merit", "substance", "truth", "evidence"}
HEDGE_WORDS = {"may", "might", "could", "reportedly", "allegedly", "apparently", "possibly", "perhaps",
               "likely", "probably", "seemingly", "purportedly", "supposedly"}
FUTURE_WORDS = {"will", "shall", "'ll"}
# Modals of obligation: what a warning or an urging says ought to be is its speaker's position.
OBLIGATION_WORDS = {"must", "should", "ought"}
FUTURE_LEMMAS = {"plan", "intend", "expect", "aim", "prepare", "hope"}
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}
# Verbs whose passive subject is the hearer, not the speaker: "Nobody has been told P".
HEARER_VERBS = {"tell", "inform", "ask", "remind", "warn", "assure", "brief", "advise", "notify"}
NOBODY = {"nobody", "none", "noone", "neither"}
# Verbs whose negated form still reads as an assertion of a negative ("has not been able to agree").
NEGATIVE_OUTCOME_VERBS = {"fail", "refuse", "decline", "reject", "deny"}
OPINION_CUES = {"predictably", "unfortunately", "fortunately", "sadly", "clearly", "obviously", "hopefully"}
PRONOUNS = {"he", "she", "him", "her"}
# A bare answer to a headline's question: "Probably not", "No", "Not really", "Almost certainly not".
ANSWER_WORDS = {"no", "not", "nope", "probably", "likely", "almost", "certainly", "definitely", "surely", "really",
                "quite", "exactly", "hardly", "absolutely", "of", "course", "sadly", "unfortunately", "most"}
