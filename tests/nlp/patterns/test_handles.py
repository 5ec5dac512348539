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
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_handles(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = handles.find(text)
    assert [(m.text, m.value, m.attrs.get("platform")) for m in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)
