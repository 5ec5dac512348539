from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.normalise import address_key, email_key, fold, handle_key, phone_e164, place_key, plate_key, postal_code_key

PHONES = [
    ("905-555-0106", "+19055550106"),
    ("(905) 555-0106", "+19055550106"),
    ("905.555.0106", "+19055550106"),
    ("905 555 0106", "+19055550106"),
    ("905 555-0106", "+19055550106"),
    ("9055550106", "+19055550106"),
    ("1-905-555-0106", "+19055550106"),
    ("+1 905 555 0106", "+19055550106"),
    ("+1 (905) 555-0106", "+19055550106"),
    ("+19055550106", "+19055550106"),
    ("  613-555-0199 ", "+16135550199"),
    ("613/555-0199", "+16135550199"),
    ("+44 20 7946 0958", "+442079460958"),
    ("+33 1 23 45 67 89", "+33123456789"),
    ("555-0106", None),  # local number only: not a key
    ("123-555-0106", None),  # no area code starts with 1
    ("905-055-0106", None),  # no exchange starts with 0
    ("905-555-01066", None),
    ("", None),
    ("call me", None),
    ("<script>905</script>", None),
    ("9" * 200, None),
]


@pytest.mark.parametrize(("raw", "e164"), PHONES)
def test_phone_e164(raw: str, e164: str | None) -> None:
    assert phone_e164(raw) == e164


_AREA = st.integers(200, 999).filter(lambda n: n % 100 != 11)
_EXCHANGE = st.integers(200, 999)
_LINE = st.integers(0, 9999)
_LAYOUTS = [
    "{a}-{e}-{l}", "({a}) {e}-{l}", "{a}.{e}.{l}", "{a} {e} {l}", "{a}{e}{l}", "1-{a}-{e}-{l}", "+1 {a} {e} {l}",
    "+1 ({a}) {e}-{l}", "1 ({a}) {e} {l}", "+1{a}{e}{l}", "{a} {e}-{l}", "1{a}{e}{l}", "+1-{a}-{e}-{l}", "{a}/{e}-{l}",
]


@given(_AREA, _EXCHANGE, _LINE)
def test_every_format_of_one_number_gives_one_e164(area: int, exchange: int, line: int) -> None:
    forms = {layout.format(a=area, e=exchange, l=f"{line:04d}") for layout in _LAYOUTS}
    assert {phone_e164(f) for f in forms} == {f"+1{area}{exchange}{line:04d}"}


@given(st.text(alphabet="0123456789 ()+-./", min_size=1, max_size=22))
def test_the_fast_path_agrees_with_phonenumbers(raw: str) -> None:
    """Written NANP numbers are decided without the parser; the answer must be the parser's."""
    try:
        number = phonenumbers.parse(raw, "CA")
    except phonenumbers.NumberParseException:
        expected = None
    else:
        possible = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
        national = str(number.national_number)
        nanp_ok = number.country_code != 1 or (len(national) == 10 and national[0] not in "01" and national[3] not in "01")
        expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if possible and nanp_ok else None
    assert phone_e164(raw) == expected


PLATES = [
    ("ABCD 123", "ABCD 123"), ("abcd123", "ABCD 123"), ("ABCD-123", "ABCD 123"), (" abcd 123 ", "ABCD 123"),
    ("ABC 123", "ABC 123"), ("abc-123", "ABC 123"), ("AB 12345", "AB 12345"), ("2FAST4U", "2FAST4U"),
    ("", None), ("HELLO", None), ("ABCD 123; DROP", None), ("A", None), ("ABCDEFGH1234", None),
]


@pytest.mark.parametrize(("raw", "key"), PLATES)
def test_plate_key(raw: str, key: str | None) -> None:
    assert plate_key(raw) == key


@pytest.mark.parametrize(("raw", "key"), [
    ("Jane.Doe@Example.COM", "jane.doe@example.com"), ("mailto:a@b.ca", "a@b.ca"), ("<a@b.ca>", "a@b.ca"),
    ("a@b.ca.", "a@b.ca"), ("not an email", None), ("a@@b.ca", None), ("a..b@c.ca", None), ("a@b", None),
])
def test_email_key(raw: str, key: str | None) -> None:
    assert email_key(raw) == key


@pytest.mark.parametrize(("raw", "platform", "key"), [
    ("@Flex57", None, "@flex57"), ("@flex57", "instagram", "@flex57"), ("flex57", "instagram", "@flex57"),
    ("courtney_286", "snapchat", "courtney_286"), ("@courtney_286", "snapchat", "courtney_286"),
    ("courtney_286", None, "courtney_286"), ("Josée_567", "snapchat", "josée_567"), ("Jose\u0301e_567", None, "josée_567"),
])
def test_handle_key_writes_handles_as_the_platforms_do(raw: str, platform: str | None, key: str) -> None:
    assert handle_key(raw, platform) == key


@given(st.text(max_size=30), st.sampled_from([None, "instagram", "snapchat"]))
def test_handle_key_is_idempotent(raw: str, platform: str | None) -> None:
    once = handle_key(raw, platform)
    assert handle_key(once, platform) == once


@pytest.mark.parametrize(("raw", "key"), [
    ("K7L 3N6", "K7L 3N6"), ("k7l3n6", "K7L 3N6"), ("P3A-1B2", "P3A 1B2"), ("D7L 3N6", None), ("K7L 3NN", None), ("", None),
])
def test_postal_code_key(raw: str, key: str | None) -> None:
    assert postal_code_key(raw) == key


@pytest.mark.parametrize(("raw", "folded"), [
    ("Rémi FOURNIER", "remi fournier"), ("  Sault   Ste. Marie ", "sault ste. marie"), ("Jean\u2011François", "jean-francois"),
    ("O’Neil", "o'neil"), ("ＡＤＭＩＮ", "admin"), ("Œuvre", "oeuvre"), ("Straße", "strasse"), ("", ""),
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(st.text(max_size=80))
def test_fold_is_idempotent(raw: str) -> None:
    assert fold(fold(raw)) == fold(raw)


def test_place_key_keeps_two_motels_of_one_name_apart() -> None:
    assert place_key("Sunset  Motel", "Sudbury") == "sunset motel|sudbury"
    assert place_key("SUNSET MOTEL", "sudbury") == place_key("Sunset Motel", "Sudbury")
    assert place_key("Sunset Motel", "Kenora") != place_key("Sunset Motel", "Sudbury")
    assert place_key("Sunset Motel", None) == "sunset motel"


def test_address_key_matches_the_structured_layout() -> None:
    assert address_key("12 rue de l'Église App 3", "Hearst") == "12 rue de l'eglise app 3|hearst"
    assert address_key("12 Main St", None) == "12 main st|"
