"""Social-media handles, with their platform when the text names it.

Three shapes: a platform named just before a handle (``met on Snapchat (courtney_286)``,
``Instagram: @flex57``, ``on Snapchat, handle x_1``, ``sur Snapchat (kendra_972)``, ``snapchat handle is
lil.tay.2009``, ``on Instagram as kayla_b``, « sur Snapchat sous le nom yan.stonge »), a handle
followed by its platform (``(tanner_573 on Snapchat)``), and a bare ``@handle`` whose platform
is taken from a platform named earlier in the same sentence, if any. A word after a platform
name is a handle only when it is marked as one (``@``, parentheses, a colon) or shaped like
one (digits, ``_`` or ``.``): "on Snapchat and Instagram" names no handle. In a chat transcript
taken from a platform (two lines or more headed ``name:``), a writer shaped like a handle
(``kev_mtl514 : yo``) is one.
"""

from __future__ import annotations

import re

from models.normalise import handle_key
from models.vocabulary import MentionKind
from nlp.names import is_given_name
from nlp.spans import ExtractorId, Span, make_span, occurrences
from nlp.stop_words import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

EXTRACTOR_NAME = "pattern.handle"
#: 1.4: chat-transcript writers, relative clauses and labels between the platform and the handle; games, other
#: messengers and ad sites (Xbox, PSN, Fortnite, Viber, LeoList...), gamertags. 1.5: Cash App cashtags, profile
#: addresses (t.me/x, instagram.com/x), "goes by" and « se fait appeler » before a handle-shaped word.
#: 1.6: a Discord tag's discriminator ("shadowkid#4521"), "her OF is x", "his @ is x", a cashtag after an amount with
#: decimals, « c'est » without its apostrophe, whose account ("Instagram de Chloé : x"), pictographs around the mark
#: ("Snap 👻 : x"), a mixed-case handle after "called", « usager ».
#: 1.7: a word only a handle is shaped like, in a sentence naming a platform or messages ("talking to frenchie_yqm");
#: « elle est x », « qui s'appelle x »; a label's handle with the platform named sentences before ("compte lilou.dsn");
#: a cashtag shaped like a handle anywhere; no function word after « c'est » and no remark in parentheses.
#: 1.8: an export's writers after the date and time in brackets or alone on their line, mixed-case writers
#: ("xXvexedXx"), the platform named in the sentence or line before, a letter alone inside dotted words ("jazzy.k.xo"),
#: after a comma, "OF:" for OnlyFans; no platform's feature ("Instagram (Direct)") nor a chart's node ("P1 via").
#: 1.9: a lower-case word alone between commas after a platform's name ("a Telegram, smokeeplug, where"), the rest of a
#: list of handles (" ; nb.shooterz"), plural labels ("Linked accounts", « Comptes liés »), a form's dot leaders, the
#: platform in parentheses after the handle ("arash.fz (Telegram)"), three dotted parts ("q.dollaz.2"), trailing
#: underscores ("shan.1k__"), Wealthsimple's cashtags.
#: 1.10: Reddit's users ("u/name"); a platform and a bare word as a profile's field ("/ snap libanyy /"); a name and one
#: letter after its dot ("kaydenn.x"); "OF" before a dotted handle; a name run into capitals after a label ("user
#: lilmoneyTO"); a Discord discriminator in prose; an @-handle found again without its @; in a text about accounts (three
#: handles already), a word strongly shaped like one ("suspected alt: big.d.ssm").
#: 1.11: a handle spelt out by voice-to-text after its platform ("snap I'm jordyn underscore w dot 22"), "cashtag" naming a
#: Cash App account.
#: 1.12: a word in lower case right after the platform closing its clause ("links to OnlyFans rosieniag."), a word
#: between a comma and a semicolon after it (« un OnlyFans, mahletxo ; »), a table's row of user names.
#: 1.13: a word in lower case introduced as the name someone goes by before its platform ("goes by kingtayy on insta").
#: 1.14: an account's word and its platform before a name in lower case (« compte OnlyFans naikababy »).
#: 1.15: a cashtag in lower case after money's words ("sends her money thru $jassyreal"); a word in lower case "under
#: the name" after its platform in the sentence ("an OnlyFans page for her under the name amaruqbaby"); a word in lower case
#: quoted before its platform ('the AF is "kiarabrownwhyte" on insta'), or after a platform's label and a comma ("a snap
#: name, lilmissbrielle.").
#: 1.16: no word saying what an account is ("private", « privé », "deleted") taken for its name; "platform, username
#: x" ("links an OnlyFans, username dashakissxo - client").
#: 1.17: nor what a log says was done there ("on Snap: offers"); "Snapchat user treobanks.".
#: 1.18: « il s'appelle x » after the platform, a cashtag quoted alone or in its owner's capitals ("$DFairwthr"), a
#: handle ending ".qc"; no display name that is a person's, no single letter, no CSV header's field, no count ("2.1k").
#: 1.19: a handle shaped strongly right before its platform's name (« kaylaa_613 tiktok »), ads as messages' words; no
#: adjective after « compte Instagram » (« inconnu »), no post's tag of a person's display name ("@Tanya Lefebvre").
#: 1.20: a cashtag with a dot ("$rashid.aa"), after Cash App named a sentence before on its line, every repeat of a
#: cashtag; "accounts", « comptes » as messages' words; no participle after "was" ("taken").
#: 1.21: "platform page x" closing a line; a display name is no label of a handle ('display name is "Smoke"'); no given
#: name after a shorthand's colon (« [14:03] SC : Emma, »), no system identifier ("thread_1180").
EXTRACTOR_VERSION = "1.21"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

#: Spellings of each platform, folded to the platform's canonical name.
PLATFORMS: dict[str, str] = {
    "snapchat": "snapchat", "snap": "snapchat", "sc": "snapchat",
    "instagram": "instagram", "insta": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "tik tok": "tiktok",
    "twitter": "twitter",
    "facebook": "facebook", "fb": "facebook", "messenger": "facebook",
    "kik": "kik", "telegram": "telegram", "whatsapp": "whatsapp", "discord": "discord",
    "onlyfans": "onlyfans", "reddit": "reddit", "threads": "threads",
    # Where young people are groomed and ads are answered, besides the big ones.
    "roblox": "roblox", "twitch": "twitch", "youtube": "youtube", "yubo": "yubo", "wizz": "wizz", "vsco": "vsco",
    "tinder": "tinder", "bumble": "bumble", "grindr": "grindr", "hinge": "hinge", "wechat": "wechat",
    # Games and their networks (gamertags), other messengers, and the ad and dating sites sellers answer from.
    "xbox": "xbox", "xbox live": "xbox", "psn": "playstation", "playstation": "playstation", "fortnite": "fortnite",
    "viber": "viber", "skype": "skype", "omegle": "omegle", "hoop": "hoop", "tumblr": "tumblr", "pof": "pof",
    "plenty of fish": "pof", "leolist": "leolist", "kijiji": "kijiji",
    # Payment apps: a seller's cashtag ("$dmoney416") is an account like any handle.
    "cash app": "cashapp", "cashapp": "cashapp",
    # spelt to slip past an ad site's filters
    "0nlyfans": "onlyfans", "onlyfanz": "onlyfans", "only fans": "onlyfans",
}
_PLATFORM_WORDS = "|".join(sorted((re.escape(p).replace(r"\ ", r"\s?") for p in PLATFORMS), key=len, reverse=True))
_LABEL = (r"(?:handles?|usernames?|user\s?names?|user|accounts?|accts?|profiles?|id|gamertag|gamer\s?tag|comptes?(?:\s+liés)?|"
          r"profils?|pseudo|nom\s+d['’]utilisateur|linked\s+accounts?|"
          r"usager|utilisateur|canal|channel|cha[iî]ne|"
          r"goes\s+by|se\s+fait\s+appeler)")
#: A handle's characters; a Discord tag's old four-digit discriminator belongs to it ("shadowkid#4521").
_HANDLE_CHARS = r"(?:[^\W][\w.]{0,28}[^\W.]|[^\W])(?:#\d{4}(?![\w#]))?"
#: What joins a platform (or a label) to the handle it names: "is under the name", "as", « c'est », « sous le nom de ».
_CONN = (r"(?:under\s+the\s+name|under|is|was|c['’ ]?est|est|as|comme|sous(?:\s+le\s+nom(?:\s+de)?)?|named|called|"
         r"nommée?|appelée?|goes\s+by|qui\s+(?:a\s+)?écrit|who\s+wrote|writing\s+as|"
         # the account's owner said first: « sur TikTok elle est x », « un gars sur kik qui s'appelle x »
         r"(?:elle|il|she|he)\s+(?:est|is|c['’ ]?est|s['’]appelle|se\s+fait\s+appeler)|(?:qui\s+)?s['’]?appelle|who['’]?s\s+called|"
         # A relative clause: « sur Snapchat où il se fait appeler x », "on Instagram, where she goes by x".
         r"(?:où|where)\s+(?:il|elle|on\s+l['’]|he|she|they)\s*(?:se\s+fait\s+appeler|s['’]appelle|se\s+nomme|appelle|"
         r"goes\s+by|is\s+called|is\s+known\s+as|calls\s+(?:him|her|them)sel(?:f|ves)|posts\s+as))")
#: A possessive and a label in parentheses before the handle: « sur Snap (son nom là-dessus c'est « x ») ».
_OWNER = (rf"(?:(?:son|sa|leur|his|her|their)\s+(?:{_LABEL}|nom|name)\b(?:\s+(?:là-dessus|dessus|là|there|on\s+it|on\s+there))?"
          rf"\s*(?:{_CONN}\s*)?[:\-–]?\s*)")
_QUOTE = r"[«\"'“‘]"
#: Spaces and pictographs around a handle's mark in an ad or a chat ("Snap 👻 : x", "add me on snap 👻 x 👻").
_EMOJI = r"[\s\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]*"
_EMOJI_ONLY = r"\s+[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f][\s\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]*"
_NAMED = re.compile(
    rf"(?i)\b(?P<platform>{_PLATFORM_WORDS})\b(?:\s+(?:de|du|d['’]|of)\s*(?:la\s+|l['’]|the\s+)?\w+(?=\s*[:(]))?"
    rf"(?:,?\s+(?:{_LABEL}|name|nom))?"
    rf"(?:,?\s+(?P<conn>{_CONN}(?:\s+{_CONN})?))?"
    rf"(?P<mark>{_EMOJI}[:\-–]{_EMOJI}{_QUOTE}?\s*|{_EMOJI_ONLY}|\s*,\s+(?=@|[^\s,]*[\d_.])|"
    # between commas, a word in lower case alone ("a Telegram, smokeeplug, where", « un compte Snapchat, wisodesro, pour »)
    rf"(?P<apposed>[ \u00a0]*,[ \u00a0]+(?=[a-z][a-z0-9]{{4,}}[ \u00a0]*[,;]))|"
    rf"\s*\(\s*(?:{_LABEL}\b\s*[:\-–]?\s*|{_OWNER})?{_QUOTE}?\s*|\s+{_QUOTE}\s*|\s+)"
    rf"(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?![\w@/])"
)
#: A handle introduced by a label, its platform named earlier in the sentence ("posted on FB by an account
#: called chantelle.x.5", « sur son snap, le compte c'est cass.b2010 », « compte OnlyFans, le pseudo est lily.xo »).
_LABELLED = re.compile(
    rf"(?i)\b{_LABEL}(?:\s+(?P<conn>{_CONN}))?(?:\s*[:\-–|]|[ \u00a0]*\.+(?=[ \u00a0]))?\s*{_QUOTE}?\s*(?P<at>@)?"
    rf"(?P<handle>{_HANDLE_CHARS})(?![\w@/])"  # a form's dot leaders ("Username ........ kitty.kat.nbay")
)
#: Labels that name accounts (not "id"): what follows them, shaped like a handle, is one on the platform named earlier
#: ("Linked accounts . nbshooterz2" in a platform's reply).
_ACCOUNT_LABEL = re.compile(r"(?i)(?:linked\s+)?(?:accounts?|comptes?|usernames?|user\s?names?|handles?|profiles?|profils?)\b")
#: The next of a list of handles (" ; nb.shooterz", ", @bigdawgK2").
_LIST_NEXT = re.compile(rf"[ \u00a0]*[;,/|][ \u00a0]*(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?![\w@/])")
#: ``(tanner_573 on Snapchat)``, ``@flex57 sur Instagram``: the handle first, then its platform.
_BEFORE_PLATFORM = re.compile(
    rf"(?<![\w@.\-/])(?P<open>[\"“«][ \u00a0]*)?(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?P<close>[ \u00a0]*[\"”»])?"
    rf"(?:[ \u00a0]+(?i:on|sur|via)[ \u00a0]+|[ \u00a0]*\([ \u00a0]*)(?P<platform>(?i:{_PLATFORM_WORDS}))\b"
)
#: A word only a handle is shaped like right before its platform's name, as written on a receipt (« kaylaa_613 tiktok »).
_SHAPED_THEN_PLATFORM = re.compile(
    rf"(?<![\w@.\-/])(?P<handle>[a-z0-9][a-z0-9._]*[_\d][a-z0-9._]*[a-z0-9_]|[a-z0-9]+[._][a-z0-9._]*[a-z0-9_])[ \u00a0]+"
    rf"(?P<platform>(?i:{_PLATFORM_WORDS}))\b")
#: A platform's word and a label, a comma, then a word in lower case closing the clause ("a snap name, lilmissbrielle.").
_LABEL_COMMA = re.compile(
    rf"(?i:\b(?P<platform>{_PLATFORM_WORDS})(?:[ \u00a0]+(?:name|handle|username|user\s?name|account|acct|id|pseudo|compte)"
    r"[ \u00a0]*,|[ \u00a0]*,[ \u00a0]*(?:username|user\s?name|handle|pseudo)|[ \u00a0]+(?:user|username|handle|usager|page|channel|canal)))"
    r"[ \u00a0]+(?P<handle>[a-z][a-z0-9._]{3,28}[a-z0-9_])(?!\.\w)(?=[ \u00a0]*(?:[,;.)\-–]|$))", re.M)
#: An account's word, its platform, then a name in lower case (« compte OnlyFans naikababy », "account Snapchat kay.lee09").
_ACCOUNT_ON_PLATFORM = re.compile(
    rf"(?i:\b(?:compte|account|profil|profile|page)[ \u00a0]+)(?P<platform>(?i:{_PLATFORM_WORDS}))[ \u00a0]*:?[ \u00a0]+"
    r"(?P<handle>[a-z0-9][a-z0-9._]{3,29})(?![\w@])")
#: Words introducing the name someone goes by, right before a word and its platform ("goes by kingtayy on insta",
#: « se fait appeler luwamxo sur Snap »).
_GOES_BY = re.compile(r"(?i)\b(?:goes[ \u00a0]+by|go(?:ing)?[ \u00a0]+by|called|named|known[ \u00a0]+as|s['’]appelle|se[ \u00a0]+fait"
                      r"[ \u00a0]+appeler|connue?[ \u00a0]+(?:comme|sous))[ \u00a0]+\Z")
#: A cashtag (Cash App's ``$name``: a letter first, so no amount of money), read where Cash App is named.
_CASHTAG = re.compile(r"(?<![\w$])\$(?P<handle>[A-Za-z][A-Za-z0-9_]{0,19}(?:\.[A-Za-z0-9_]+)?)(?![\w$]|\.\w)")
_CASHAPP_ON_LINE = re.compile(r"(?i)\b(?:cash\s?app|cashtag)\b[^\n]*$")
_CASHAPP_BEFORE = re.compile(r"(?i)\b(?:cash\s?app|cashtag|wealthsimple(?:\s+cash)?)\b(?:[^.!?\n]|\.\d)*$")
#: The payment service named right after a cashtag ("$peterlj (Wealthsimple)").
#: Money's words right before a cashtag ("sends her money thru $jassyreal", « paie sur $kingbiz »): the account paid.
_MONEY_BEFORE = re.compile(r"(?i)\b(?:money|cash|payments?|paid|pays?|deposits?|sends?|sent|e-?transfer|argent|paie|payée?|"
                           r"envoie|envoyée?|dépôt|virement)\b[^.!?\n$]{0,20}$")
#: A verb that names right before a quoted word ('the AF is "kiarabrownwhyte"', « elle s'appelle « x » »).
_NAMED_AS_BEFORE = re.compile(r"(?i)\b(?:is|was|as|named|called|c['’ ]?est|est|nommée?|appelée?|s['’]appelle)[ \u00a0]*$")
#: "under the name" and the word in lower case after it, where a platform is named before it in the sentence.
_UNDER_THE_NAME = re.compile(r"(?i:\bunder[ \u00a0]+the[ \u00a0]+(?:name|handle|username)|\bsous[ \u00a0]+le[ \u00a0]+(?:nom|pseudo)"
                             r"(?:[ \u00a0]+de)?)[ \u00a0]+(?P<handle>[a-z0-9][a-z0-9._]{2,28}[a-z0-9_])(?![\w@])")
_CASHAPP_AFTER = re.compile(r"(?i)[ \u00a0]*\(?[ \u00a0]*(?:cash\s?app|wealthsimple)\b")  # an amount's decimals ($60.00) go on
#: A possessive and a short label: "her OF is bunnyxo21" (OnlyFans, in capitals only: "of" is a word), "his @ is
#: smoke_boss647", « son @ c'est x ».
#: OnlyFans as a label in capitals ("OF: shannondawnx", "OF - bunny.xo"): "of" in lower case is a word.
_OF_LABEL = re.compile(rf"(?<![\w@])OF(?:[ \t]*[:\-–][ \t]*|[ \t]+(?=[a-z0-9_.]*[._]))(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?![\w@])")
_SHORT_LABEL = re.compile(
    rf"(?i:\b(?:my|his|her|their|your|son|sa|ton|ta|mon|ma))\s+(?P<label>OF|@)(?:\s+(?i:account|page|name|nom))?"
    rf"\s*(?:(?i:is|was|c['’]est|est)\s*)?[:\-=–]?\s*{_QUOTE}?\s*(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?![\w@])")
_CURRENCIES = frozenset({"cad", "can", "cdn", "us", "usd", "c", "ca"})
#: A profile's address: t.me/x, instagram.com/x, tiktok.com/@x, snapchat.com/add/x, x.com/x (a post's, /p/x, names none).
_PROFILE_URL = re.compile(
    r"(?i)(?<![\w.])(?:https?://)?(?:www\.)?(?P<site>t\.me|telegram\.me|instagram\.com|tiktok\.com|snapchat\.com/add|twitter\.com|"
    r"x\.com|facebook\.com|onlyfans\.com|twitch\.tv)/@?(?P<handle>[A-Za-z0-9_][\w.]{0,28}[A-Za-z0-9_]|[A-Za-z0-9_])(?!\w)(?!/\w)")
_SITES = {"t.me": "telegram", "telegram.me": "telegram", "instagram.com": "instagram", "tiktok.com": "tiktok",
          "snapchat.com/add": "snapchat", "twitter.com": "twitter", "x.com": "twitter", "facebook.com": "facebook",
          "onlyfans.com": "onlyfans", "twitch.tv": "twitch"}
_BARE = re.compile(rf"(?<![\w@.\-/])@(?P<handle>{_HANDLE_CHARS})(?![\w@])")
_PLATFORM_BEFORE = re.compile(rf"(?i)\b({_PLATFORM_WORDS})\b[^.!?\n]*$")
_HANDLE_SHAPE = re.compile(r"[\d_.]")
#: A word in lower case with capitals inside, as only handles are written ("xXvexedXx", "lilJay"), not "McKay".
_MIXED_CASE = re.compile(r"[a-z]+[A-Z][A-Za-z]*[a-z][A-Za-z]*")
#: A word in lower case run into capitals ("lilmoneyTO", "kashKING"): a handle's shape after a label.
_RUN_INTO_CAPITALS = re.compile(r"[a-z]{3,}[A-Z]{2,}[A-Za-z0-9]*")
#: A handle spelt out word by word, its dots and underscores said ("jordyn underscore w dot 22", « maxo underscore 514 »).
_SPOKEN_MARKS = frozenset({"dot", "point", "underscore"})
_SPOKEN = re.compile(r"(?<![\w@.])(?P<handle>[a-z0-9]+(?:[ \u00a0]+(?:dot|point|underscore|tiret[ \u00a0]+bas)[ \u00a0]+[a-z0-9]+)+)(?![\w@])")


#: A Reddit user ("u/throwaway_worriedbff"), named with its prefix; a subreddit ("r/ontario") is no one's.
_REDDIT_USER = re.compile(r"(?<![\w/])u/(?P<handle>[A-Za-z0-9_\-]{3,40})(?![\w\-/])")
#: A platform and a word in lower case as an item of a profile's fields ("SOCIAL: IG @x / snap libanyy / NOTES",
#: "telegram kwamebm ; TikTok @y", « Snap wizzydess / Remarques »): a separator or a label's colon before the platform,
#: and one after the word or its line's end.
_FIELD_ITEM = re.compile(
    rf"(?im)[/;|—–:][ \t]*(?P<platform>{_PLATFORM_WORDS})[ \t]+(?P<handle>(?-i:[a-z][a-z0-9]{{3,24}}))"
    r"(?=[ \t]*(?:[/;|—–]|$))")
#: "on", « sur », "to" before a platform's name, a possessive between ("sur mon snap tonyfrmmtl,", "links to OnlyFans
#: rosieniag."): the word after it closing the clause is the account there ("her insta password", "a WhatsApp number" are not).
_ON_PLATFORM_BEFORE = re.compile(r"(?i)\b(?:on|sur|to|onto|via)[ \u00a0]+(?:(?:my|his|her|their|mon|ma|son|sa|leur)[ \u00a0]+)?$")
#: Where a clause ends after a word.
_CLAUSE_ENDS = re.compile(r"[ \u00a0]*[.;,!?)]")
#: Words that end a sentence after a platform's name without being an account there ("posted on Snapchat yesterday.").
_AFTER_PLATFORM = frozenset({"account", "accounts", "page", "pages", "profile", "profiles", "compte", "comptes", "profil",
                             "link", "links", "lien", "liens", "posts", "videos", "vidéos", "photos", "pics", "content",
                             "contenu", "creator", "stories", "story", "messages", "today", "yesterday", "tonight",
                             "aujourd'hui", "hier", "demain", "later", "again", "anymore", "either", "too", "group",
                             "groups", "groupe", "channel", "canal", "chats", "calls", "appels", "video", "vidéo",
                             "private", "privé", "public", "publique", "deleted", "supprimé", "blocked", "bloqué",
                             "afterwards", "afterward", "everyday", "overnight", "earlier", "before", "since", "together",
                             "alone", "ensemble", "seule", "toujours", "maintenant", "beaucoup", "encore", "aussi", "right",
                             "first", "anyway", "though", "instead", "every", "night", "nights",
                             "morning", "evening", "weekend", "week", "month", "soir", "matin", "semaine", "mois", "export",
                             "exports", "thread", "threads", "logs", "screenshots", "captures", "records", "data", "données",
                             "search", "searches", "warrant", "request", "requests", "response", "reply", "promo", "promos",
                             "number", "numbers", "numéro", "password", "names", "return", "returns"})
#: Lower-case words that follow "on Snapchat as ..." without being a name there.
_NOT_HANDLES = frozenset({"well", "often", "usual", "before", "recently", "again", "early", "late", "much", "many", "there",
                          "aussi", "souvent", "encore", "avant", "depuis", "with", "avec", "that", "this", "which", "where",
                          # what an account is, not what it is called ("her Instagram is private", « son compte est privé »)
                          "private", "public", "deleted", "suspended", "banned", "closed", "locked", "hacked", "gone", "down",
                          "active", "inactive", "disabled", "deactivated", "blocked", "reported", "empty", "fake", "hidden",
                          "archived", "restricted", "verified", "offline", "online", "new", "old", "open",
                          "privé", "privée", "publique", "supprimé", "supprimée", "suspendu", "suspendue", "fermé", "fermée",
                          "bloqué", "bloquée", "piraté", "piratée", "désactivé", "désactivée", "actif", "inactif",
                          "vide", "faux", "fausse", "nouveau", "nouvelle", "ouvert", "ouverte", "caché", "cachée",
                          "signalé", "signalée", "banni", "bannie", "vérifié", "vérifiée", "hors", "ligne",
                          "taken", "stolen", "compromised", "created",
                          "inconnu", "inconnue", "anonyme", "unknown", "anonymous", "secondaire", "principal", "principale",
                          # what a log says was done there ("on Snap: offers a room", « Sur Snap : offre de »)
                          "offers", "offre", "offered", "asks", "asked", "demande", "says", "said", "dit", "sends", "sent",
                          "envoie", "writes", "wrote", "écrit", "wants", "veut", "propose", "proposes", "tells", "told",
                          "texts", "texted", "like"})
#: Words that a sentence puts between commas after a platform's name ("on Snapchat, however, ..."), no handle.
_DISCOURSE = frozenset({"however", "though", "although", "apparently", "allegedly", "again", "instead", "still", "anyway",
                        "maybe", "perhaps", "possibly", "probably", "mostly", "mainly", "sometimes", "later", "first",
                        "then", "since", "until", "where", "which", "while", "whose", "thanks", "please", "cependant",
                        "pourtant", "toutefois", "ensuite", "puis", "encore", "parfois", "depuis", "alors", "donc",
                        "aussi", "notamment", "surtout", "selon", "quand", "lorsque", "avant", "après", "pendant"})
#: Words of either language: after « c'est » or "is" a function word is the sentence going on ("snap cest plus safe").
_FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS)
#: Words in parentheses after a platform that open a remark or an address, not a handle ("Instagram (capture d'écran)").
_NOT_IN_PARENTHESES = frozenset({"https", "http", "www",
                                 # a platform's features ("Instagram (Direct)", "Snapchat (Stories)")
                                 "direct", "dm", "dms", "messages", "messenger", "story", "stories", "reels", "live", "chat",
                                 "chats", "map", "maps", "spotlight", "feed", "posts", "inbox"})
#: Pronouns and possessives after a platform's name, never a handle even in parentheses ("on Snap (son nom...)").
_PRONOUNS = frozenset({"son", "sa", "ses", "leur", "his", "her", "their", "il", "elle", "he", "she", "they", "où", "where",
                       "aka", "alias", "dit", "dite", "subj", "subject", "susp", "suspect", "victim", "victime", "youth"})
#: A chat transcript's line headed by its writer's user name ("[22:14] kev_mtl514 : yo", "lilbabyj_x: u there?").
_SPEAKER = re.compile(rf"(?m)^[ \t]*(?:\[[^\]\n]{{1,24}}\][ \t]*)?(?P<handle>{_HANDLE_CHARS})"
                      # the time after the writer, as screenshots show it ("xo.kaylaa.bands 11:02 PM: hey")
                      r"(?:[ \t]+\d{1,2}:\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?)?[ \t]?:(?![\d/])"
                      # an export's line of its own after the date and time ("[2024-10-29 11:52 PM] nightowl.mp4")
                      rf"|^[ \t]*\[[^\]\n]{{4,24}}\][ \t]*(?P<alone>{_HANDLE_CHARS})[ \t]*$")
#: Platform shorthands that name one only before a colon.
_SHORTHANDS = frozenset({"sc"})
_LABEL_WORD = re.compile(rf"(?i){_LABEL}$")
#: Shaped like nothing but a handle: lower case with an underscore (``frenchie_yqm``), dotted words whose last is no
#: domain or file type (``chlo.cormier.xo``, not ``site.com`` or ``photo.jpg``), or a name of four letters or more run
#: into digits (``jaydamoney514``).
_SHAPED = re.compile(
    r"(?!.*\.(?:pdf|jpe?g|png|gif|heic|docx?|xlsx?|csv|txt|mp4|mov|zip|html?|com|ca|net|org)$)(?=[a-z0-9._]*[a-z]{2})(?:[a-z0-9.]*_(?:[a-z0-9._]*[a-z0-9_])?|[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+(?:\.[a-z0-9_]+)*|[a-z0-9_]{2,}(?:\.[a-z0-9_]+)*\.[a-z0-9_]{2,}(?<!\.com)(?<!\.ca)(?<!\.net)"
    r"(?<!\.org)(?<!\.io)(?<!\.me)(?<!\.tv)(?<!\.co)(?<!\.fr)(?<!\.jpg)(?<!\.png)(?<!\.pdf)(?<!\.gif)"
    r"(?<!\.mp4)(?<!\.doc)(?<!\.docx)(?<!\.htm)(?<!\.html)(?<!\.info)|[a-z]{4,}[a-z_]*\d{2,4}|"
    r"[a-z0-9_]{4,}\.[a-z])")  # a name and one letter after its dot ("kaydenn.x")
#: Shaped more strongly still: an underscore, three dotted parts, or a name run into digits.
_STRONGLY_SHAPED = re.compile(r"_|^[a-z][a-z0-9]*\.[^.]+\.|^[a-z]{4,}\d{2,4}$")  # no address's numbers ("24.114.xx.xx")
_SHAPED_WORD = re.compile(r"(?<![\w@.\-/$#:])(?P<handle>[a-z0-9][a-z0-9._]*[a-z0-9_](?:#\d{4}(?![\w#]))?)(?![\w@/]|\.\w|:\w)")
#: How far before a handle-shaped word's sentence a platform named makes it a handle.
_NEAR = 80
#: The connectives that give a name (not "qui écrit", which gives a message).
_NAMING = re.compile(r"(?i)(?:qui\s+)?s['’]?appelle|called|named|nommée?|appelée?|is|est|c['’ ]?est|was")
#: Back to the start of the sentence (a line in a chat).
_SENTENCE_BEFORE = re.compile(r"(?:[^.!?\n]|\.(?=\S))*$")  # a dot inside a handle ends no sentence
#: Words about messages that make a handle-shaped word an account's even where no platform is named.
_MESSAGES = re.compile(r"(?i)\b(?:dms?|msgs?|messages?|messaged|texting|chatting|talking\s+to|acct|accounts?|comptes?|ajoute|add(?:ed)?|follow|"
                       # ads posted under a name ("an ad listed as hottiana_xo", « publie des annonces sous le nom de x »)
                       r"ads?|annonces?|publie|posts?|posting)\b")


def _platform(word: str) -> str:
    return PLATFORMS.get(re.sub(r"\s+", " ", word.lower()), word.lower())


#: A platform's name somewhere in lower-cased text: most narratives name none, and a
#: case-sensitive scan of lower-cased text is far cheaper than a case-insensitive one.
_ANY_PLATFORM = re.compile("|".join(sorted((re.escape(p).replace(r"\ ", r"\s?") for p in PLATFORMS), key=len, reverse=True)))


_ANY_PLATFORM_CASED = re.compile(rf"(?i)\b({_PLATFORM_WORDS})\b")


def _last_platform(text: str, start: int) -> re.Match[str] | None:
    """The platform named last before ``start``, anywhere in the text (a transcript names it in its heading)."""
    last = None
    for found in _ANY_PLATFORM_CASED.finditer(text, 0, start):
        if found.group(1).lower() not in _SHORTHANDS:
            last = found
    return last


def _listed_handles(text: str, found: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
    """The handles listed after one found, shaped like handles ("Target accounts: kitty.kat.nbay ; nb.shooterz",
    "Linked accounts . nbshooterz2 ; r1c0_antunes"), with its platform."""
    out: list[Span] = []
    for span in list(found):
        platform = span.attrs.get("platform") if span.attrs else None
        end = span.end
        while (match := _LIST_NEXT.match(text, end)) is not None:
            handle, at = match.group("handle"), match.group("at")
            start = match.start("at") if at else match.start("handle")
            if not (at or _SHAPED.fullmatch(handle)) or any(s < match.end() and start < e for s, e in taken):
                break
            taken.append((start, match.end()))
            out.append(make_span(text, start, match.end(), MentionKind.HANDLE, EXTRACTOR,
                                 value=handle_key(text[start:match.end()], platform), confidence=0.8,
                                 attrs={"platform": platform} if platform else {}))
            end = match.end()
    return out


def _repeated_handles(text: str, found: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
    """Every other occurrence of a handle the text has already shown to be one, shaped like a handle (a chat's later
    lines, "Note kiki.bkngs.705 was renamed"), with that occurrence's platform."""
    out: list[Span] = []
    for tag in sorted({s.text for s in found if s.text.startswith("$")}):  # a cashtag named again ("order for $papigats")
        for start, end in occurrences(text, tag, after="@/"):
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                out.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(tag, "cashapp"),
                                     confidence=0.8, attrs={"platform": "cashapp"}))
    for span in sorted({(s.text.lstrip("@$"), s.attrs.get("platform") if s.attrs else None) for s in found}, key=str):
        handle, platform = span
        if not (_HANDLE_SHAPE.search(handle) or _MIXED_CASE.fullmatch(handle)) or len(handle) < 4:
            continue
        for start, end in occurrences(text, handle, before="@.-/$#", after="@/"):
            if (text[end:end + 1] == "." and text[end + 1:end + 2].isalnum()) or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            out.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(handle, platform),
                                 confidence=0.8, attrs={"platform": platform} if platform else {}))
    return out


#: A table's row of user names, one account a cell ("| Username | nessa_xo19 | jballer.416 |", « Nom d'utilisateur |
#: mel_lavalxo | KingDollar_438 »): the platform is the one named in the text, if one is.
_USERNAME_ROW = re.compile(r"(?im)^[ \t|]*(?:user\s?names?|nom\s+d['’]utilisateur|pseudos?|handles?|gamertags?)[ \t]*\|(?P<cells>[^\n]*)$")
_CELL_HANDLE = re.compile(r"[ \t]*@?(?P<handle>[A-Za-z0-9][A-Za-z0-9._]{2,29})[ \t]*$")


def _row_handles(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    rows = list(_USERNAME_ROW.finditer(text)) if "|" in text else []
    platform_match = _ANY_PLATFORM_CASED.search(text) if rows else None
    platform = _platform(platform_match.group(1)) if platform_match else None
    for row in rows:
        at = row.start("cells")
        for cell in row.group("cells").split("|"):
            match = _CELL_HANDLE.fullmatch(cell)
            if match is not None and (_HANDLE_SHAPE.search(match.group("handle")) or match.group("handle").islower()):
                start, end = at + match.start("handle"), at + match.end("handle")
                if text[start - 1:start] == "@":
                    start -= 1
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    out.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(text[start:end], platform),
                                         confidence=0.85, attrs={"platform": platform} if platform else {}))
            at += len(cell) + 1
    return out


def find(text: str) -> list[Span]:
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    for match in _PROFILE_URL.finditer(text) if "/" in text else ():
        platform = _SITES[match.group("site").lower()]
        start, end = match.span("handle")
        taken.append((match.start(), end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(match.group("handle"), platform),
                               confidence=0.95, attrs={"platform": platform}))
    for match in _CASHTAG.finditer(text) if "$" in text else ():
        cued = (_CASHAPP_BEFORE.search(text, max(0, match.start() - 80), match.start()) is not None
                # Cash App named a sentence before, on the line ("send ur cashapp i send u bus money. mine is $x")
                or _CASHAPP_ON_LINE.search(text, max(0, match.start() - 100), match.start()) is not None
                or _CASHAPP_AFTER.match(text, match.end()) is not None)
        # Without Cash App named in the sentence, a cashtag shaped like a handle still is one ("UNK: send ur cash app" /
        # "Destiny: $destinyyy905"): money is written with digits first, and "owes $Tony" is a way of writing.
        shaped = len(match.group("handle")) >= 4 and re.search(r"[a-z].*[\d_]|[a-z][A-Z]|^[A-Z]{2}[a-z]{3}",
                                                              match.group("handle")) is not None
        # quoted alone, as written on a wall or a card ('"snap: x" and "$DFairwthr"')
        shaped = shaped or (len(match.group("handle")) >= 4 and text[max(0, match.start() - 1):match.start()] in ('"', "“", "«")
                            and text[match.end():match.end() + 1] in ('"', "”", "»"))
        paid = match.group("handle").islower() and len(match.group("handle")) >= 4 and _MONEY_BEFORE.search(
            text, max(0, match.start() - 40), match.start()) is not None
        if match.group("handle").lower() in _CURRENCIES or not (cued or shaped or paid):
            continue
        taken.append(match.span())
        found.append(make_span(text, match.start(), match.end(), MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(match.group(0), "cashapp"), confidence=0.9 if cued else 0.8,
                               attrs={"platform": "cashapp"}))
    named = _ANY_PLATFORM.search(text.lower()) is not None
    for match in _SPOKEN.finditer(text) if named else ():
        # a handle spelt out by voice-to-text ("snap I'm jordyn underscore w dot 22", « insta max point olivier point p »)
        said_on = _PLATFORM_BEFORE.search(text, max(0, match.start() - 60), match.start())
        words_said = [w for w in match.group("handle").split() if w not in _SPOKEN_MARKS and w not in ("tiret", "bas")]
        if said_on is None or any(len(w) > 1 and w in _FUNCTION_WORDS for w in words_said):
            continue  # "the price point is high": words of a sentence
        platform = _platform(said_on.group(1))
        spoken = re.sub(r"\s+(?:dot|point)\s+", ".", re.sub(r"\s+(?:underscore|tiret\s+bas)\s+", "_", match.group("handle")))
        taken.append(match.span("handle"))
        found.append(make_span(text, match.start("handle"), match.end("handle"), MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(spoken.replace(" ", ""), platform), confidence=0.75, attrs={"platform": platform}))
    for match in _REDDIT_USER.finditer(text) if "u/" in text else ():
        taken.append(match.span())
        found.append(make_span(text, match.start(), match.end(), MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(match.group("handle"), "reddit"), confidence=0.9, attrs={"platform": "reddit"}))
    for match in _FIELD_ITEM.finditer(text):
        handle = match.group("handle")
        if handle in _FUNCTION_WORDS or handle in _NOT_HANDLES or handle in _AFTER_PLATFORM or handle in PLATFORMS or _LABEL_WORD.match(handle) or (
                match.group("platform").lower() in _SHORTHANDS):
            continue
        platform = _platform(match.group("platform"))
        taken.append(match.span("handle"))
        found.append(make_span(text, match.start("handle"), match.end("handle"), MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(handle, platform), confidence=0.85, attrs={"platform": platform}))
    for match in _OF_LABEL.finditer(text) if "OF" in text else ():
        handle = match.group("handle")
        start, end = (match.start("at") if match.group("at") else match.start("handle")), match.end("handle")
        if not (match.group("at") or _HANDLE_SHAPE.search(handle) or (handle.islower() and len(handle) >= 4)):
            continue
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(text[start:end], "onlyfans"),
                               confidence=0.85, attrs={"platform": "onlyfans"}))
    for match in _SHORT_LABEL.finditer(text) if "OF" in text or "@" in text else ():
        handle, at = match.group("handle"), match.group("at")
        if not (at or _HANDLE_SHAPE.search(handle) or (handle.islower() and len(handle) >= 4)) or handle.lower() in _NOT_HANDLES:
            continue
        start, end = (match.start("at") if at else match.start("handle")), match.end("handle")
        before = _last_platform(text, start) if match.group("label") == "@" else None
        labelled: str | None = "onlyfans" if match.group("label") == "OF" else _platform(before.group(1)) if before else None
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(text[start:end], labelled),
                               confidence=0.85, attrs={"platform": labelled} if labelled else {}))
    found += _row_handles(text, taken)
    if not named and "@" not in text:
        return found
    for match in _NAMED.finditer(text) if named else ():
        handle, mark, at = match.group("handle"), match.group("mark"), match.group("at")
        marked = bool(at) or "(" in mark or ":" in mark or re.search(_QUOTE, mark) is not None or (
            mark.strip() != "" and re.fullmatch(_EMOJI_ONLY, mark) is not None)
        # "on OnlyFans as ivyxrose": a word in lower case, introduced as the name on the platform, is one
        # (a capitalised one after "as" may be a person's name: "on Instagram as Destiny").
        # A mixed-case word with capitals inside is shaped like a handle too ("on Discord called xXvenomXx").
        introduced = match.group("conn") is not None and len(handle) >= 4 and handle.lower() not in _NOT_HANDLES and (
            handle.islower() or (any(c.isupper() for c in handle[1:]) and any(c.islower() for c in handle)))
        apposed = match.group("apposed") is not None and handle not in _FUNCTION_WORDS and handle not in _NOT_HANDLES and (
            handle not in _DISCOURSE and not handle.endswith(("ly", "ment")))
        # a word in lower case right after the platform, ending the sentence or the clause ("links to OnlyFans rosieniag.")
        ending = (not mark.strip() and handle.islower() and len(handle) >= 5 and _CLAUSE_ENDS.match(text, match.end("handle"))
                  is not None and handle not in _FUNCTION_WORDS and handle not in _NOT_HANDLES and handle not in _DISCOURSE
                  and handle not in _AFTER_PLATFORM and not handle.endswith(("ly", "ment", "ing", "ed", "é", "ée", "és"))
                  and not any(s < match.end("handle") and match.start("handle") < e for s, e in taken)
                  and _ON_PLATFORM_BEFORE.search(text, max(0, match.start() - 20), match.start()) is not None)
        if not marked and not introduced and not apposed and not ending and not _HANDLE_SHAPE.search(handle):
            continue
        if handle.lower() in _PRONOUNS or handle.lower() in _NOT_IN_PARENTHESES or not any(c.isalpha() for c in handle):
            continue  # "Phone/WhatsApp | 4": a table's next cell, not a handle
        if not at and re.fullmatch(r"[A-Z][a-z]+", handle) and re.match(r"[ \u00a0]+[A-Z][a-z]+", text[match.end("handle"):]):
            continue  # « il s'appelle « Bernie Sherb » »: a display name, a person's, no account's handle
        if len(handle) < 2 and not at:
            continue  # 'open an OnlyFans "w a fake age"': a letter of a quoted remark, no account
        if not at and not _HANDLE_SHAPE.search(handle) and (
                handle.lower() in _FUNCTION_WORDS or handle.lower() in _NOT_HANDLES
                or ("(" in mark and not re.match(rf"\s*{_QUOTE}?\s*\)", text[match.end("handle"):]))):
            continue  # a word of the sentence, or a remark in parentheses ("Instagram (capture d'écran remise...)")
        if handle.lower() in PLATFORMS or _LABEL_WORD.match(handle):
            continue
        if match.group("platform").lower() in _SHORTHANDS and (":" not in mark or (handle[:1].isupper() and is_given_name(handle))):
            continue  # "sc: x_1" is Snapchat shorthand; "SC 1234" is anything; « [14:03] SC : Emma, » is someone's initials
        start = match.start("at") if at else match.start("handle")
        end = match.end("handle")
        platform = _platform(match.group("platform"))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(text[start:end], platform), confidence=0.95 if marked else 0.85,
                               attrs={"platform": platform}))
    for match in _LABEL_COMMA.finditer(text) if named else ():
        handle = match.group("handle")
        start, end = match.span("handle")
        if handle in _FUNCTION_WORDS or handle in _NOT_HANDLES or any(s < end and start < e for s, e in taken):
            continue
        platform = _platform(match.group("platform"))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(handle, platform),
                               confidence=0.85, attrs={"platform": platform}))
    for match in _UNDER_THE_NAME.finditer(text) if named else ():
        handle = match.group("handle")
        start, end = match.span("handle")
        before = _PLATFORM_BEFORE.search(text, max(0, match.start() - 80), match.start())
        if (before is None or handle in _FUNCTION_WORDS or handle in _NOT_HANDLES or handle.lower() in PLATFORMS
                or any(s < end and start < e for s, e in taken)):
            continue
        platform = _platform(before.group(1))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(handle, platform),
                               confidence=0.85, attrs={"platform": platform}))
    for match in _BEFORE_PLATFORM.finditer(text) if named else ():
        handle, at = match.group("handle"), match.group("at")
        # a word in lower case introduced as someone's name there ("he goes by kingtayy on insta")
        # 'the AF is "kiarabrownwhyte" on insta': quoted after a verb that names (« on la « booke » sur Telegram » is a word)
        quoted = (bool(match.group("open")) and bool(match.group("close"))
                  and _NAMED_AS_BEFORE.search(text, max(0, match.start() - 14), match.start()) is not None)
        named_there = (handle.islower() and len(handle) >= 5 and handle not in _FUNCTION_WORDS and handle not in _NOT_HANDLES
                       and (quoted or _GOES_BY.search(text, max(0, match.start() - 25), match.start()) is not None))
        if bool(match.group("open")) != bool(match.group("close")):
            continue  # a quotation that goes on past the word
        if not at and not named_there and (not _HANDLE_SHAPE.search(handle) or (len(handle) < 5 and not any(c.islower() for c in handle))):
            continue  # "met him on Snapchat": "him" is no handle; "P2 -> P1 via Instagram": a chart's node
        start, end = (match.start("at") if at else match.start("handle")), match.end("handle")
        if any(s < end and start < e for s, e in taken):
            continue
        platform = _platform(match.group("platform"))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(text[start:end], platform), confidence=0.9, attrs={"platform": platform}))
    for match in _LABELLED.finditer(text) if named else ():
        handle, at = match.group("handle"), match.group("at")
        start, end = (match.start("at") if at else match.start("handle")), match.end("handle")
        # a word in lower case introduced as the name ("le canal s'appelle lavalnightgirls") counts too
        introduced = (match.group("conn") is not None and _NAMING.fullmatch(match.group("conn")) is not None
                      and handle.islower() and len(handle) >= 5
                      and handle not in _FUNCTION_WORDS and handle not in _NOT_HANDLES)
        # a name run into capitals after a label ("from user lilmoneyTO") is shaped like a handle too
        introduced = introduced or _RUN_INTO_CAPITALS.fullmatch(handle) is not None
        if not (at or _HANDLE_SHAPE.search(handle) or introduced) or not any(c.isalpha() for c in handle) or any(
                s < end and start < e for s, e in taken):
            continue  # "account number 4412" names no handle
        before = _PLATFORM_BEFORE.search(text, max(0, start - 80), start)
        accounts = _ACCOUNT_LABEL.match(match.group(0)) is not None and _HANDLE_SHAPE.search(handle) is not None
        if before is None and (re.search(_QUOTE, text[match.start():start]) or _SHAPED.fullmatch(handle) or accounts):
            # Quoted after its label (« Le compte qui écrit : « x » »), or shaped like a handle ("compte lilou.dsn"),
            # the platform may be named lines before.
            before = _last_platform(text, start)
        if before is None:
            continue
        platform = _platform(before.group(1))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(text[start:end], platform),
                               confidence=0.85, attrs={"platform": platform}))
    speakers = list(_SPEAKER.finditer(text)) if named else []
    for match in speakers if len(speakers) >= 2 else ():
        # A transcript: two lines or more headed "name:"; a writer is a handle when shaped like one, with a letter
        # in lower case ("Complainant:", "Victime :", "2A12:" are not).
        group = "handle" if match.group("handle") else "alone"
        handle = match.group(group)
        start, end = match.span(group)
        if not (_HANDLE_SHAPE.search(handle) or _MIXED_CASE.fullmatch(handle)) or not any(c.islower() for c in handle) or any(
                s < end and start < e for s, e in taken):
            continue
        before = _last_platform(text, start)
        speaker_platform = _platform(before.group(1)) if before else None
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(handle, speaker_platform),
                               confidence=0.85, attrs={"platform": speaker_platform} if speaker_platform else {}))
    for match in _BARE.finditer(text) if "@" in text else ():
        start, end = match.span()
        if any(s <= start < e for s, e in taken):
            continue
        if is_given_name(match.group("handle")) and re.match(r"[ \u00a0]+[A-Z][a-z]", text[end:end + 3]):
            continue  # "@Tanya Lefebvre omg": a post's tag of a person's display name, no handle
        before = _PLATFORM_BEFORE.search(text, max(0, start - 80), start)
        bare_platform = _platform(before.group(1)) if before else None
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(match.group(0), bare_platform), confidence=0.9 if bare_platform else 0.8,
                               attrs={"platform": bare_platform} if bare_platform else {}))
        taken.append((start, end))
    # A text that has named three handles already (a chat export, a moderation log) is about accounts: a word shaped
    # strongly like a handle there is one, whatever its sentence says ("suspected alt: big.d.ssm").
    about_accounts = len(found) >= 3
    for match in _SHAPED_WORD.finditer(text) if named or about_accounts else ():
        # A word only a handle is shaped like (an underscore, dotted words, a name run into digits), in a sentence that
        # names a platform or messages ("acct x talking to frenchie_yqm", « sur snap ..., ajoute jaydamoney514 »).
        start, end = match.span("handle")
        handle = match.group("handle")
        if not _SHAPED.fullmatch(handle.partition("#")[0]) or any(s < end and start < e for s, e in taken):
            continue
        sentence = _SENTENCE_BEFORE.search(text, max(0, start - 120), start)
        context = sentence.group(0) if sentence else ""
        platform_match = _ANY_PLATFORM_CASED.search(context)
        strongly = about_accounts and _STRONGLY_SHAPED.search(handle.partition("#")[0]) is not None
        if platform_match is None and not _MESSAGES.search(context) and not strongly:
            # the platform asked about or named in the sentence or line just before ("Q: Do you remember his Snap?\n
            # A: kashflow_6ix", "On Insta. His page was like kash.got.bandz")
            platform_match = _ANY_PLATFORM_CASED.search(text, max(0, start - len(context) - _NEAR), start - len(context))
            if platform_match is None:
                continue
        shaped_platform = _platform(platform_match.group(1)) if platform_match else None
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(handle, shaped_platform),
                               confidence=0.7, attrs={"platform": shaped_platform} if shaped_platform else {}))
    for match in _SHAPED_THEN_PLATFORM.finditer(text) if named else ():
        start, end = match.span("handle")
        if any(s < end and start < e for s, e in taken) or not _STRONGLY_SHAPED.search(match.group("handle")):
            continue
        platform = _platform(match.group("platform"))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(match.group("handle"), platform),
                               confidence=0.8, attrs={"platform": platform}))
    for match in _ACCOUNT_ON_PLATFORM.finditer(text) if named else ():
        # « compte OnlyFans naikababy », "account Snapchat kay.lee09": an account's word, its platform, then its name
        handle = match.group("handle")
        start, end = match.span("handle")
        if (handle in _FUNCTION_WORDS or handle in _NOT_HANDLES or handle in _AFTER_PLATFORM or handle in PLATFORMS
                or any(s < end and start < e for s, e in taken)):
            continue
        platform = _platform(match.group("platform"))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR, value=handle_key(handle, platform),
                               confidence=0.85, attrs={"platform": platform}))
    found = [span for span in found if not _no_account(text, span)]
    # After every @-handle, so that a handle written once with its @ is found again without it ("[21:40]
    # lilbossman.ca changed display name" after "msg from @lilbossman.ca").
    found += _listed_handles(text, found, taken)
    found += _repeated_handles(text, found, taken)
    return found


#: A table's header row of field names ("entity_id,entity_type,value,linked_to,notes"): columns, not accounts.
_HEADER_ROW = re.compile(r"(?m)^[ \t]*[A-Za-z][A-Za-z_]*(?:[ \t]*[,;\t|][ \t]*[A-Za-z][A-Za-z_]*){2,}[ \t]*$")
#: A count of followers or views ("IG, 2.1k followers"), a table's row key ("Snapchat\nE032"), a system's identifier.
_NOT_ACCOUNT_SHAPE = re.compile(r"\d+(?:[.,]\d+)?[kKmM]|[A-Z]\d{2,4}|"
                    # a system's identifier ("message thread_1180", "IMG_2291", "exhibit_14")
                    r"(?i:thread|message|msg|case|file|img|dsc|photo|video|vid|pic|screenshot|exhibit|item|report|doc|scan)_\d+")


def _no_account(text: str, span: Span) -> bool:
    """Whether a handle found is a header's field name or a count, not an account."""
    if span.text.startswith(("@", "$")):
        return False
    if _NOT_ACCOUNT_SHAPE.fullmatch(span.text):
        return True
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    return _HEADER_ROW.fullmatch(text, line_start, len(text) if line_end < 0 else line_end) is not None
