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
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.handle"
#: 1.4: chat-transcript writers, relative clauses and labels between the platform and the handle; games, other
#: messengers and ad sites (Xbox, PSN, Fortnite, Viber, LeoList...), gamertags. 1.5: Cash App cashtags, profile
#: addresses (t.me/x, instagram.com/x), "goes by" and « se fait appeler » before a handle-shaped word.
#: 1.6: a Discord tag's discriminator ("shadowkid#4521"), "her OF is x", "his @ is x", a cashtag after an amount with
#: decimals, « c'est » without its apostrophe, whose account ("Instagram de Chloé : x"), pictographs around the mark
#: ("Snap 👻 : x"), a mixed-case handle after "called", « usager ».
EXTRACTOR_VERSION = "1.6"
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
}
_PLATFORM_WORDS = "|".join(sorted((re.escape(p).replace(r"\ ", r"\s?") for p in PLATFORMS), key=len, reverse=True))
_LABEL = (r"(?:handle|username|user\s?name|user|account|profile|id|gamertag|gamer\s?tag|compte|profil|pseudo|nom\s+d['’]utilisateur|"
          r"usager|utilisateur|"
          r"goes\s+by|se\s+fait\s+appeler)")
#: A handle's characters; a Discord tag's old four-digit discriminator belongs to it ("shadowkid#4521").
_HANDLE_CHARS = r"(?:[^\W][\w.]{0,28}[^\W.]|[^\W])(?:#\d{4}(?![\w#]))?"
#: What joins a platform (or a label) to the handle it names: "is under the name", "as", « c'est », « sous le nom de ».
_CONN = (r"(?:under\s+the\s+name|under|is|was|c['’ ]?est|est|as|comme|sous(?:\s+le\s+nom(?:\s+de)?)?|named|called|"
         r"nommée?|appelée?|goes\s+by|qui\s+(?:a\s+)?écrit|who\s+wrote|writing\s+as|"
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
    rf"(?P<mark>{_EMOJI}[:\-–]{_EMOJI}{_QUOTE}?\s*|{_EMOJI_ONLY}|\s*\(\s*(?:{_LABEL}\b\s*[:\-–]?\s*|{_OWNER})?{_QUOTE}?\s*|\s+{_QUOTE}\s*|\s+)"
    rf"(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?![\w@])"
)
#: A handle introduced by a label, its platform named earlier in the sentence ("posted on FB by an account
#: called chantelle.x.5", « sur son snap, le compte c'est cass.b2010 », « compte OnlyFans, le pseudo est lily.xo »).
_LABELLED = re.compile(
    rf"(?i)\b{_LABEL}(?:\s+(?:{_CONN}))?(?:\s*[:\-–])?\s*{_QUOTE}?\s*(?P<at>@)?(?P<handle>{_HANDLE_CHARS})(?![\w@])"
)
#: ``(tanner_573 on Snapchat)``, ``@flex57 sur Instagram``: the handle first, then its platform.
_BEFORE_PLATFORM = re.compile(
    rf"(?<![\w@.\-/])(?P<at>@)?(?P<handle>{_HANDLE_CHARS})"
    rf"[ \u00a0]+(?i:on|sur|via)[ \u00a0]+(?P<platform>(?i:{_PLATFORM_WORDS}))\b"
)
#: A cashtag (Cash App's ``$name``: a letter first, so no amount of money), read where Cash App is named.
_CASHTAG = re.compile(r"(?<![\w$])\$(?P<handle>[A-Za-z][A-Za-z0-9_]{0,19})(?![\w$])")
_CASHAPP_BEFORE = re.compile(r"(?i)\bcash\s?app\b(?:[^.!?\n]|\.\d)*$")  # an amount's decimals ($60.00) go on
#: A possessive and a short label: "her OF is bunnyxo21" (OnlyFans, in capitals only: "of" is a word), "his @ is
#: smoke_boss647", « son @ c'est x ».
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
#: Lower-case words that follow "on Snapchat as ..." without being a name there.
_NOT_HANDLES = frozenset({"well", "often", "usual", "before", "recently", "again", "early", "late", "much", "many", "there",
                          "aussi", "souvent", "encore", "avant", "depuis", "with", "avec", "that", "this", "which", "where"})
#: Pronouns and possessives after a platform's name, never a handle even in parentheses ("on Snap (son nom...)").
_PRONOUNS = frozenset({"son", "sa", "ses", "leur", "his", "her", "their", "il", "elle", "he", "she", "they", "où", "where",
                       "aka", "alias", "dit", "dite"})
#: A chat transcript's line headed by its writer's user name ("[22:14] kev_mtl514 : yo", "lilbabyj_x: u there?").
_SPEAKER = re.compile(rf"(?m)^[ \t]*(?:\[[^\]\n]{{1,12}}\][ \t]*)?(?P<handle>{_HANDLE_CHARS})[ \t]?:(?![\d/])")
#: Platform shorthands that name one only before a colon.
_SHORTHANDS = frozenset({"sc"})
_LABEL_WORD = re.compile(rf"(?i){_LABEL}$")


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
        if match.group("handle").lower() in _CURRENCIES or _CASHAPP_BEFORE.search(text, max(0, match.start() - 80), match.start()) is None:
            continue
        taken.append(match.span())
        found.append(make_span(text, match.start(), match.end(), MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(match.group(0), "cashapp"), confidence=0.9, attrs={"platform": "cashapp"}))
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
    named = _ANY_PLATFORM.search(text.lower()) is not None
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
        if not marked and not introduced and not _HANDLE_SHAPE.search(handle):
            continue
        if handle.lower() in _PRONOUNS:
            continue
        if handle.lower() in PLATFORMS or _LABEL_WORD.match(handle):
            continue
        if match.group("platform").lower() in _SHORTHANDS and ":" not in mark:
            continue  # "sc: x_1" is Snapchat shorthand; "SC 1234" is anything
        start = match.start("at") if at else match.start("handle")
        end = match.end("handle")
        platform = _platform(match.group("platform"))
        taken.append((start, end))
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(text[start:end], platform), confidence=0.95 if marked else 0.85,
                               attrs={"platform": platform}))
    for match in _BEFORE_PLATFORM.finditer(text) if named else ():
        handle, at = match.group("handle"), match.group("at")
        if not at and not _HANDLE_SHAPE.search(handle):
            continue  # "met him on Snapchat": "him" is no handle
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
        if not (at or _HANDLE_SHAPE.search(handle)) or not any(c.isalpha() for c in handle) or any(s < end and start < e for s, e in taken):
            continue  # "account number 4412" names no handle
        before = _PLATFORM_BEFORE.search(text, max(0, start - 80), start)
        if before is None and re.search(_QUOTE, text[match.start():start]):
            # Quoted after its label (« Le compte qui écrit : « x » »), the platform may be named lines before.
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
        handle = match.group("handle")
        start, end = match.span("handle")
        if not _HANDLE_SHAPE.search(handle) or not any(c.islower() for c in handle) or any(s < end and start < e for s, e in taken):
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
        before = _PLATFORM_BEFORE.search(text, max(0, start - 80), start)
        bare_platform = _platform(before.group(1)) if before else None
        found.append(make_span(text, start, end, MentionKind.HANDLE, EXTRACTOR,
                               value=handle_key(match.group(0), bare_platform), confidence=0.9 if bare_platform else 0.8,
                               attrs={"platform": bare_platform} if bare_platform else {}))
    return found
