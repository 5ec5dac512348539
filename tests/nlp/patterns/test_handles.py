from __future__ import annotations

import pytest

from nlp.patterns import handles

CASES = [
    ("She chatted with him on Snapchat (lil_tee_44) for weeks.", [("lil_tee_44", "lil_tee_44", "snapchat")]),
    ("Elle l'a connu sur Snapchat (mélo_12).", [("mélo_12", "mélo_12", "snapchat")]),
    ("His Instagram is @KingKash.22 apparently.", [("@KingKash.22", "@kingkash.22", "instagram")]),
    ("Instagram account: sugar.baby.on", [("sugar.baby.on", "@sugar.baby.on", "instagram")]),
    ("DM'd her on IG @moneyteam_1!", [("@moneyteam_1", "@moneyteam_1", "instagram")]),
    ("on Snapchat (handle: tiny_t)", [("tiny_t", "tiny_t", "snapchat")]),
    ("messaging him on Snapchat, handle big.t_9, for weeks", [("big.t_9", "big.t_9", "snapchat")]),
    ("chats with Dana Roy (dana_r44 on Snapchat) and", [("dana_r44", "dana_r44", "snapchat")]),
    ("chats with Dana Roy (@danaroy44 on Instagram) and", [("@danaroy44", "@danaroy44", "instagram")]),
    # Cashtags where Cash App is named (never an amount, nor a currency), profile addresses, "goes by".
    ("send $ to my cashapp $dmoney416 not the other one", [("$dmoney416", "$dmoney416", "cashapp")]),
    ("multiple Cash App transfers to $KofiGetsPaid ranging $40–$200", [("$KofiGetsPaid", "$kofigetspaid", "cashapp")]),
    ("she paid $CAD 200 through Cash App", []),
    ("he owes $Tony for the room", []),
    # A platform's name spelt to slip past filters; a role or a table's number in parentheses after a platform is none.
    ("0nlyfans : sophiaxlatinx 💦", [("sophiaxlatinx", "sophiaxlatinx", "onlyfans")]),
    ("SNAPCHAT (SUBJ): shay.kejickx14", [("shay.kejickx14", "shay.kejickx14", "snapchat")]),
    ("| Phone/WhatsApp\n  4  | booking line", []),
    ("Accused shares a link t.me/gs_bookings in several chats.", [("gs_bookings", "@gs_bookings", "telegram")]),
    ("see https://www.instagram.com/kay.vip_204/ and tiktok.com/@kay.dot", [("kay.vip_204", "@kay.vip_204", "instagram"),
                                                                          ("kay.dot", "@kay.dot", "tiktok")]),
    ("i seen this girl on tiktok, she goes by jazzyy.baby2009 and", [("jazzyy.baby2009", "@jazzyy.baby2009", "tiktok")]),
    ("on Instagram one of them goes by Slim", []),
    ("the post instagram.com/p/C3xYz9 was shared", []),
    # A Discord tag keeps its discriminator; a hashtag after a handle is not one.
    ("add me on discord: shadowkid#4521 tonight", [("shadowkid#4521", "shadowkid#4521", "discord")]),
    ("her IG: lil.mama.416 #416 #toronto", [("lil.mama.416", "@lil.mama.416", "instagram")]),
    # A possessive and a short label: OnlyFans as "OF" (in capitals only), "@" itself.
    ("Her OF is bunnyxo21 and her linktree lists everything", [("bunnyxo21", "bunnyxo21", "onlyfans")]),
    ("the guy goes by Smoke on insta, his @ is smoke_boss647", [("smoke_boss647", "@smoke_boss647", "instagram")]),
    ("most of her friends, all of them", []),
    ("her of is nothing", []),
    # After an amount with decimals, whose account, pictographs, mixed case after "called", « usager ».
    ('Cash App, "Completed": $60.00 to $DestinyRose07 from', [("$DestinyRose07", "$destinyrose07", "cashapp")]),
    ("Instagram de Chloé : chlo.hr_506 — a", [("chlo.hr_506", "@chlo.hr_506", "instagram")]),
    ("Snap 👻 : latina.dulce20 👻 dépôt", [("latina.dulce20", "latina.dulce20", "snapchat")]),
    ("messaging a guy on Discord called xXvenomXx and", [("xXvenomXx", "xxvenomxx", "discord")]),
    ("son snap cest big.dom418 si tu", [("big.dom418", "big.dom418", "snapchat")]),
    ("Snapchat (usager : princesse.kay_), Instagram", [("princesse.kay_", "princesse.kay_", "snapchat")]),
    ("on Snapchat called Destiny", []),
    ("She met him on Snapchat last May.", []),
    ("a bare @ghost_rider with no platform", [("@ghost_rider", "@ghost_rider", None)]),
    ("They met on Snapchat and Instagram last year.", []),
    ("She uses Snapchat. Her mother does not.", []),
    # Introduced after the platform, or by a label with the platform named earlier in the sentence.
    ("Her OnlyFans is under the name 'sweet_kk'; nothing else.", [("sweet_kk", "sweet_kk", "onlyfans")]),
    ("posted on FB by an account called jo.ann.5 and shared", [("jo.ann.5", "jo.ann.5", "facebook")]),
    ("un compte OnlyFans pour elle, le pseudo est lily.xo.", [("lily.xo", "lily.xo", "onlyfans")]),
    ("sur son snap, le compte c'est cass.b10.", [("cass.b10", "cass.b10", "snapchat")]),
    ("sur Facebook (compte « ame.c.11 » piraté?)", [("ame.c.11", "ame.c.11", "facebook")]),
    ("un gars sur Snap, sc: zaddy.j.", [("zaddy.j", "zaddy.j", "snapchat")]),
    ("SC 1234 was the file.", []),
    ("She uses Snapchat; account number 4412 is her bank's.", []),
    ("write to x@example.com", []),
    # A relative clause or "name" between the platform and the handle.
    ("La jeune dit avoir connu Morin sur Snapchat où il se fait appeler jp.lavie450.", [("jp.lavie450", "jp.lavie450", "snapchat")]),
    ("rencontrée sur Instagram où il s'appelle « b.dugas_nb ».", [("b.dugas_nb", "@b.dugas_nb", "instagram")]),
    ("She found him on Instagram, where he goes by kingtre_416.", [("kingtre_416", "@kingtre_416", "instagram")]),
    ("Elle l'a connu sur Snapchat où il travaille.", []),
    ("posted her ads under the Snapchat name kiki.bookings and the phone", [("kiki.bookings", "kiki.bookings", "snapchat")]),
    ("ABDI USES WHATSAPP NAME HASSAN.ABDI.22 AND CELL", [("HASSAN.ABDI.22", "hassan.abdi.22", "whatsapp")]),
    ("under the Snapchat name she chose last year", []),
    # A possessive in parentheses is no handle; the handle it introduces is.
    ("connu sur Snap (son nom là-dessus c'est « zaccc.nb »).", [("zaccc.nb", "zaccc.nb", "snapchat")]),
    ("She met him on Snapchat (his username: tre.wavy) in May.", [("tre.wavy", "tre.wavy", "snapchat")]),
    ("She met him on Snapchat (his idea) in May.", []),
    # A quoted handle after its label, the platform named lines before.
    ("Messages Facebook Messenger :\n« hey bb »\nLe compte qui écrit : « dj.frenchy.506 ». Identifié.",
     [("dj.frenchy.506", "dj.frenchy.506", "facebook")]),
    ("Messages Facebook Messenger :\n« hey bb »\nLe compte qui écrit : « bonjour ».", []),
    # Games and other messengers; a gamertag label.
    ("they played Fortnite together, his gamertag is xXreaperXx_07", [("xXreaperXx_07", "xxreaperxx_07", "fortnite")]),
    ("he added her on Xbox Live as sk8r_boi_905", [("sk8r_boi_905", "sk8r_boi_905", "xbox")]),
    ("ad answered on LeoList (user: candy.dreamz) from the same phone", [("candy.dreamz", "candy.dreamz", "leolist")]),
    ("She played on her Xbox after school.", []),
    # A word only a handle is shaped like, where a platform or messages are named; later lines of a chat.
    ("Father found IG msgs on the iPad — acct chlo.cormie.xo talking to frenchie_yqx about a trip",
     [("chlo.cormie.xo", "@chlo.cormie.xo", "instagram"), ("frenchie_yqx", "@frenchie_yqx", "instagram")]),
    ("J: ecris moi sur snap cest plus safe, ajoute jaydamony514", [("jaydamony514", "jaydamony514", "snapchat")]),
    ("Sur TikTok elle est yasmine.elidx. Mon fils dit", [("yasmine.elidx", "@yasmine.elidx", "tiktok")]),
    ("un gars sur kik qui sappelle kingpin_hullx qui lui dit", [("kingpin_hullx", "@kingpin_hullx", "kik")]),
    ("il annonce sur telegram le canal s'appelle lavalnightgirlz et", [("lavalnightgirlz", "@lavalnightgirlz", "telegram")]),
    ("Instagram DM thread.\nL = Lilou (14 ans, compte lilou.dsx)", [("lilou.dsx", "@lilou.dsx", "instagram")]),
    ("Ads link to instagram.com/kiki.bkngz.705 today. Note kiki.bkngz.705 was renamed",
     [("kiki.bkngz.705", "@kiki.bkngz.705", "instagram"), ("kiki.bkngz.705", "@kiki.bkngz.705", "instagram")]),
    ("UNK: send ur cash app\nDestiny: $destinyyy906", [("$destinyyy906", "$destinyyy906", "cashapp")]),
    ("dépôt Interac ou $DulceLavalx", [("$DulceLavalx", "$dulcelavalx", "cashapp")]),
    # Negatives: a function word after « c'est », a remark in parentheses, an address, a message, a file, a domain.
    ("ecris moi sur snap cest plus safe", []),
    ("Transcription DM Instagram (capture d'ecran remise par la mere).", []),
    ("sur TikTok (https://www.tiktok.com/@learose.gx)", [("learose.gx", "@learose.gx", "tiktok")]),
    ("Telegram channel t.me/dekebookingz", [("dekebookingz", "@dekebookingz", "telegram")]),
    ("Facebook messages saved as report_2024.pdf on the drive", []),
    ("a WhatsApp group named 'Marriott crew'", []),
    ("he owes $Tony for the room", []),
    # A handle-shaped word in the answer to a question naming the platform; dotted with a letter alone inside; after
    # a comma; OnlyFans as a label in capitals.
    ("Q: Do you remember his Snap?\nA: kashflow_6ix. I think", [("kashflow_6ix", "kashflow_6ix", "snapchat")]),
    ("she asked him to add her on snap, jazzy.k.xo, in case", [("jazzy.k.xo", "jazzy.k.xo", "snapchat")]),
    ("Writer checked Tetsi's Instagram, tetsi.k_, and", [("tetsi.k_", "@tetsi.k_", "instagram")]),
    ("| ads | OF: shannondawnx |", [("shannondawnx", "shannondawnx", "onlyfans")]),
    # Negatives: a platform's feature in parentheses, a chart's node before "via", a comma before a plain word.
    ("messages Instagram (Direct) extraits du cellulaire", []),
    ("P2 -> P1 via Instagram: @jessa.k.17 follows", [("@jessa.k.17", "@jessa.k.17", "instagram")]),
    ("on Snapchat, Instagram and TikTok", []),
    ("photos of her are of age", []),
]
#: Chat transcripts: writers heading lines, when shaped like handles, in a transcript taken from a platform.
TRANSCRIPTS = [
    ("Extrait (Messenger) :\n[22:14] kev_mtl514 : yo t'es où\n[22:15] victime : au motel\n[22:15] kev_mtl514 : ok",
     [("kev_mtl514", "facebook"), ("kev_mtl514", "facebook")]),
    ("Screenshots (Snapchat, saved chats):\nlilbabyj_x: u still there??\nComplainant: ya\nlilbabyj_x: bet.",
     [("lilbabyj_x", "snapchat"), ("lilbabyj_x", "snapchat")]),
    # An export's header lines: the date and time in brackets before the writer, the writer alone on its line, a
    # mixed-case writer; then its name again in the export's heading.
    ("Telegram export\n[28.09.24 21:14] ricorich_647: yo who got the girls\n[28.09.24 21:15] ghostdrive416: me",
     [("ricorich_647", "telegram"), ("ghostdrive416", "telegram")]),
    ("Discord export\n[2024-10-29 11:52 PM] nightowl.mp4\nu still in timmins?\n[2024-10-29 11:53 PM] xXvexedXx\nya",
     [("nightowl.mp4", "discord"), ("xXvexedXx", "discord")]),
    # Not handle-shaped, not a transcript, or no platform named.
    ("Screenshots (Snapchat):\nTre: u there\nComplainant: ya\nTre: bet.", []),
    ("Seen on Snapchat.\nunit_2A: on scene at 02:31", []),
    ("Texts from her phone:\nkev_mtl514: yo\nvictim: ok\nkev_mtl514: omw", []),
    ("CAD (Snapchat tip):\n2A12: on scene\n02:31: cleared", []),
]


@pytest.mark.parametrize(("text", "expected"), TRANSCRIPTS)
def test_transcript_writers(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.attrs.get("platform")) for m in handles.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_handles(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = handles.find(text)
    assert [(m.text, m.value, m.attrs.get("platform")) for m in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize(("text", "expected"), [
    # A lower-case word alone between commas after a platform's name is the account there.
    ("he has a Telegram, smokeeplug, where he sells", [("smokeeplug", "telegram")]),
    ("un compte Snapchat, wisodesro, pour recruter", [("wisodesro", "snapchat")]),
    # Negatives: a sentence's own words between commas.
    ("she was on Snapchat, however, nobody saw it", []),
    ("sur Snapchat, ensuite, elle a bloqué", []),
])
def test_a_handle_between_commas(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.attrs.get("platform")) for m in handles.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A platform's reply: plural labels, dot leaders, lists; the platform in parentheses after the handle.
    ("SNAP INC. - LAW ENFORCEMENT RESPONSE\nTarget accounts: kitty.kat.nbay ; nb.shooterz\n",
     ["kitty.kat.nbay", "nb.shooterz"]),
    ("SNAP INC.\n Username ........ nb.shooterz\n Linked accounts . nbshooterz2 ; r1c0_antunes (same device)\n",
     ["nb.shooterz", "nbshooterz2", "r1c0_antunes"]),
    (" FARROKHZAD, Arash   1989-01-27   arash.fz (Telegram) (514) 555-0177", ["arash.fz"]),
    # Negatives: an account's number; a list of words after a platform.
    ("Instagram account 4412 was closed", []),
])
def test_lists_of_accounts(text: str, expected: list[str]) -> None:
    assert [m.text for m in handles.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Three dotted parts with a one-letter or a digit part, trailing underscores, Wealthsimple's cashtags.
    ("she blocked his snap but he made a new one (q.dollaz.2) on Snapchat", ["q.dollaz.2"]),
    ("Oh and her insta changed, it's shan.1k__ now.", ["shan.1k__"]),
    ("Virements de clients vers $peterlj (Wealthsimple).", ["$peterlj"]),
    # Negatives: abbreviations with dots, an amount.
    ("between 9 a.m. and 5 p.m. on Instagram", []),
    ("paid $60 on Wealthsimple", []),
])
def test_more_handle_shapes(text: str, expected: list[str]) -> None:
    assert [m.text for m in handles.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Reddit users with their prefix (not subreddits); a platform and a bare word as an item of a profile's fields;
    # a name and one letter after its dot, quoted; OnlyFans in capitals before a dotted handle; a name run into
    # capitals after a label; a Discord tag's discriminator in prose.
    ("r/ontario · Posted by u/worried_sis_705 · 6h\n▲ 12  u/a_very_long_username_for_reddit_ok · 5h",
     ["u/worried_sis_705", "u/a_very_long_username_for_reddit_ok"]),
    ("SOCIAL: IG @tay.905 / snap brimzy / NOTES: none", ["@tay.905", "brimzy"]),
    ("Réseaux : telegram kenzomtl ; TikTok @k.z", ["kenzomtl", "@k.z"]),
    ('Notification visible: Snapchat from "brielle.x" at 02:10', ["brielle.x"]),
    ("carte d'affaires « OF lune.rose.x »", ["lune.rose.x"]),
    ("a Snapchat msg from user bigdawgTO: come up", ["bigdawgTO"]),
    ("met a guy on discord, his name there is night.owl#0421 but", ["night.owl#0421"]),
    # Negatives: a platform and a word of the sentence; a word with capitals alone after a label; an address's numbers
    # in a log of accounts.
    ("we talked on snap yesterday / she left", []),
    ("Snap / Insta / telegram none", []),
    ("the user TOLD us", []),
])
def test_handle_forms_of_exports_and_forums(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


def test_a_handle_written_once_with_its_at_is_found_again_without_it() -> None:
    text = ("Discord mod-log export\n[21:04] AutoMod blocked msg from @lil.boss.ca in #general\n[21:06] mod_kay warned @lil.boss.ca\n"
            "[21:40] lil.boss.ca changed display name; suspected alt: big.d.705\n[21:41] kay_mod: banned\n[21:42] mod_kay: ok\n"
            "IP log: 24.114.xx.xx")
    found = [m.text for m in handles.find(text)]
    assert found.count("lil.boss.ca") == 1 and found.count("@lil.boss.ca") == 2
    assert "big.d.705" in found and "24.114.xx.xx" not in found


@pytest.mark.parametrize(("text", "expected"), [
    # A handle spelt out by voice-to-text after its platform; a cashtag named as one.
    ("msg me on snap I'm jordyn underscore w dot 22", ["jordyn underscore w dot 22"]),
    ("écris-moi sur insta max point olivier point p ou snap maxo underscore 514",
     ["max point olivier point p", "maxo underscore 514"]),
    ("(d) Cashtag in a related ad: $myamoneymoves.", ["$myamoneymoves"]),
    # Negatives: words of a sentence around "point"; no platform before.
    ("on snap: the price point is high", []),
    ("meet at the food court dot com later", []),
])
def test_spoken_handles_and_cashtags(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A word in lower case after "on", « sur » or "to" and the platform, closing its clause; one between a comma and a
    # semicolon after the platform.
    ("New acct (created ~2 wks ago) links to OnlyFans rosieniag. Screenshots saved.", ["rosieniag"]),
    ("envoie le cash sur mon snap tonyfrmmtl, demain on bouge", ["tonyfrmmtl"]),
    ("Pis un OnlyFans, mahletxo ; Sandrine dit", ["mahletxo"]),
    # Negatives: words that close a sentence after a platform, a noun after one without "on".
    ("we talked on Snapchat yesterday.", []),
    ("she posted on Instagram again.", []),
    ("He has her insta password. Her mom knows.", []),
    ("a WhatsApp number, +1 (647) 555-0161.", []),
    ("(linked to OnlyFans promo)", []),
    ("Oh and her insta changed, it's new now", []),
])
def test_a_word_closing_its_clause_after_a_platform(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A table's row of user names, one account a cell, in either language.
    ("Bumble response\n| Username         | nessa_xo19                | jballer.416              |", ["nessa_xo19", "jballer.416"]),
    ("Nom d'utilisateur   | mel_lavalxo               | KingDollar_438", ["mel_lavalxo", "KingDollar_438"]),
    # Negatives: a row of another label; a field item's word that closes a sentence after a platform.
    ("| Display name | Nessa | J |", []),
    ("Outstanding: TikTok return; Vermont DMV", []),
])
def test_a_row_of_user_names(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A word in lower case introduced as the name someone goes by, before its platform.
    ("he goes by kingtayy on insta, two y's", ["kingtayy"]),
    ("elle se fait appeler luwamxo sur Snap", ["luwamxo"]),
    # Negatives: no introduction; a capitalised name (a person's); a short word.
    ("he met her on insta last week", []),
    ("she goes by Destiny on Instagram", []),
    ("he goes by jay on snap", []),
])
def test_a_name_someone_goes_by_before_its_platform(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # An account's word and its platform before a name in lower case.
    ("Instagram @naika.rosee ; compte OnlyFans naikababy créé il y a 2 semaines.", ["@naika.rosee", "naikababy"]),
    ("found his account Snapchat kay.lee09 yesterday", ["kay.lee09"]),
    # Negatives: a word of the sentence after the platform; a capitalised name.
    ("le compte Snapchat de sa soeur", []),
    ("account Instagram Destiny", []),
])
def test_an_account_s_word_and_its_platform_before_a_name(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A cashtag in lower case after money's words; a word in lower case "under the name" after its platform.
    ("who is @jassy.4.real on IG and sends her money thru $jassyreal. I did NOT view", ["@jassy.4.real", "$jassyreal"]),
    ("He set up an OnlyFans page for her under the name amaruqbaby and keeps the money.", ["amaruqbaby"]),
    ("un compte Snapchat ouvert sous le nom de kiki.mtl", ["kiki.mtl"]),
    ("Alexandra annonce sur Instagram sous le pseudo alexx.pln.", ["alexx.pln"]),
    # A word in lower case quoted before its platform, or after a platform's label and a comma.
    ('said the AF is "kiarabrownwhyte" on insta and sells stuff', ["kiarabrownwhyte"]),
    ("a paper in the recycling and a snap name, lilmissbrielle.", ["lilmissbrielle"]),
    ("Her bio now links an OnlyFans, username dashakissxo - client says this is new.", ["dashakissxo"]),
    # Negatives: an amount; a capitalised cashtag without Cash App; "under the name" with no platform in the sentence;
    # a quoted phrase or a pronoun before a platform.
    ('she said "see you" on snap', []),
    ('met "him" on insta', []),
    ("Confie qu'on la « booke » sur Telegram via un compte", []),
    # What an account is, not what it is called.
    ("son compte Instagram est privé depuis hier", []),
    ("her account TikTok was deleted last week", []),
    ("her Instagram is private now", []),
    # What a log says was done on a platform; "platform user x".
    ('20:20 | on Snap: offers "a room n food" at the Super 8', []),
    ("[19:34] Sur Snap : offre de « travailler » à Québec", []),
    ("administered from his phone; Snapchat user treobanks.", ["treobanks"]),
    ("She paid $40 for the room", []),
    ("he sent me $Tony lol", []),
    ("She checked in under the name jessica at the motel", []),
])
def test_cashtags_paid_and_names_under_a_platform(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # « il s'appelle x là-dessus » after the platform; a cashtag quoted alone or in its owner's capitals; a Québec handle.
    ("un gars qu'elle connaît de Discord, il s'appelle kingmoneyyy là-dessus.", ["kingmoneyyy"]),
    ('Marker on mirror: "snap: bigdawg_kng" and "$DFairwthr" -- photos 14-22.', ["bigdawg_kng", "$DFairwthr"]),
    ("Pis dis-y de checker son snap, j'y ai envoyé des affaires, c'est lilmaya.qc.", ["lilmaya.qc"]),
    # Negatives: a display name that is a person's; a letter of a quoted remark; a CSV header's fields; a count.
    ("Sur Messenger il s'appelle « Bernie Sherb », Insta @bernie.sherb819.", ["@bernie.sherb819"]),
    ('Zay tells her to open an OnlyFans "w a fake age".', []),
    ("entity_id,entity_type,value,linked_to,notes\nE030,handle,@kdot.paperchase,E001,\"IG, 2.1k followers\"",
     ["@kdot.paperchase"]),
])
def test_display_names_headers_and_counts(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A handle shaped strongly right before its platform; ads as what makes a shaped word an account's.
    ("elle avait aussi écrit sur le dos de mon reçu « kaylaa_613 tiktok », je l'ai gardé.", ["kaylaa_613"]),
    ("He showed me an ad listed as hottiana_xo with a Snap tianab_519 and asked", ["hottiana_xo", "tianab_519"]),
    # Negatives: an adjective after « compte Instagram »; a post's tag of a person's display name; a word before a
    # platform that is no handle's shape.
    ("depuis un compte Instagram inconnu, @north.boyz705 : « chu à Timmins »", ["@north.boyz705"]),
    ("    Renee Ste-Croix Bouchard\n    @Tanya Lefebvre omg messaging you now", []),
    ("she was posting tiktok videos every night", []),
])
def test_shaped_before_platforms_ads_and_tags(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a Cash App $papigats. Recommend: production order for $papigats, and", ["$papigats", "$papigats"]),
    ("send ur cashapp i send u bus money. mine is $trapgodyyz", ["$trapgodyyz"]),
    ("Virement Cash App de $rashid.aa reçu par suj.", ["$rashid.aa"]),
    # Negatives: a participle after "was"; an amount with cents.
    ("her Instagram was taken over (account: amira.w.613).", ["amira.w.613"]),
    ("paid with cash app, $40.50 total", []),
])
def test_cashtags_repeated_and_dotted(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("St-Onge's phone: telegram @jp_prestige, OnlyFans page mtlprestige\n1500  interview", ["@jp_prestige", "mtlprestige"]),
    # Negatives: a display name; a given name after « SC : » in an interview; a system's identifier; a handle cut at a dot.
    ('his Snapchat display name is "Smoke" but the username is smokedwc905.', ["smokedwc905"]),
    ("[14:03:40] SC : Emma, peux-tu me dire comment t'as rencontré Jordan sur Snapchat?", []),
    ("Instagram data download - message thread_1180 - exported by Cst. Barbosa", []),
    ('Niece\'s OnlyFans page jadeyl.xo recently got a new bio', ["jadeyl.xo"]),
])
def test_pages_display_names_and_identifiers(text: str, expected: list[str]) -> None:
    assert [m.text for m in sorted(handles.find(text), key=lambda m: m.start)] == expected
