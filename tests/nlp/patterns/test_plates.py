from __future__ import annotations

import pytest

from nlp.patterns import plates

CASES = [
    ("a grey Nissan Rogue, plate CKTR 215, was seen", ["CKTR 215"]),
    ("une Mazda3 grise, plaque BXWT 904.", ["BXWT 904"]),
    ("The plate was abcd123 according to the clerk.", ["ABCD 123"]),
    ("Licence plate no. ABC-123 (older Ontario plate).", ["ABC 123"]),
    ("Van spotted: PLWK 330 leaving the lot.", ["PLWK 330"]),
    # A region code right after the plate word; Quebec's digits-first shape after a plate word only.
    ("une BMW, plaque QC L77 WPN. Puis", ["L77WPN"]),
    # Every code, not only those a narrative also spells out (NB raised a KeyError and lost the narrative's plates).
    ("Le véhicule, plaque NB KLM 318, était stationné.", ["KLM 318"]),
    ("Truck with plate NS GKT 602 and plate ON CKTR 215.", ["GKT 602", "CKTR 215"]),
    ("Plaque de sa camionnette : 691 KTR.", ["691KTR"]),
    ("Room 691 KTR is not a plate.", []),
    ("She was driven down HWY 401 and Hwy 17 to unit 123.", []),
    ("Room ABC 123 on the third floor.", []),
    ("Reference WXYZ 1234 is an occurrence number.", []),
    # A comma or a few words between the plate word and the plate: the issued shapes only, in the same sentence.
    ("a tan Tahoe with an Alberta plate, CKP-4471. Complainant", ["CKP4471"]),
    ("a blue F-150 with a Quebec plate, I wrote down L42 PXA, leaving", ["L42PXA"]),
    ("une BMW immatriculée au Québec sous le numéro N58 LGK.", ["N58LGK"]),
    ("NS plate seen on Unc's car by witness: GKT 602. Unc was", ["GKT 602"]),
    ("plate, drove a 2019 AUDI A4 to the lot", []),
    ("plate unknown, parked at RM 306 all night", []),
    ("plate not recorded. She said GKT 602 was her code", []),
    ("the plates were removed before she left room 214", []),
    # Officers' shorthand for the plate word, and states beyond the neighbouring ones.
    ("susp veh poss wht Ody QC lic V63 DRT | 02:40", ["V63DRT"]),
    ("maroon Equinox, SK plt 442 KTV. Unit 12", ["442KTV"]),
    ("Conducteur : Terrence (É.-U.), plaque de l'Illinois DL 48217. Passagère", ["DL 48217"]),
    ("his lic was suspended in 2019 for 12 months", []),
    ("plaque du Québec, la voiture était au 214 RUE Principale", []),
    # A vanity plate only where the text says it is one.
    ("black Cadillac Escalade, Ontario plate GRNT 1 (vanity).", ["GRNT1"]),
    ("a grey Chevrolet Equinox bearing New York registration KGD-4417.", ["KGD4417"]),
    ("hotel registration 2291 was checked", []),
    ("vanity plate TRU LUV on the back", ["TRULUV"]),
    ("Ontario plate GRNT 1 seen on the 401", []),
    ("vanity plates are common; nothing was seen", []),
    # A quoted plate; British Columbia's shape; a region's code before a plate where a vehicle is named.
    ('Plate: BC "NK5 21T" per the witness', ["NK521T"]),
    ("a grey Rav4, SK 921 KLM, was seen twice", ["921KLM"]),
    ("the car (NS EKP 441) left the lot", ["EKP 441"]),
    ("« un VUS noir QC L42 PXA stationné »", ["L42PXA"]),
    # « imm. », « plaquée » and a region with a comma, a code before a shape no model's name has in a list.
    ("Acura TL grise, imm. Québec K28 LVB.", ["K28LVB"]),
    ("une Jetta noire plaquée Vermont, HKP 317 (?)", ["HKP 317"]),
    ("Hotlist: MI EGR 7730 (susp. X) / QC G73 BRN", ["EGR7730", "G73BRN"]),
    ("wht Ram 1500 / QC L88 FQT| Telegram", ["L88FQT"]),
    # Negatives: no vehicle before the code, a highway, a postal code.
    ("She was seen in SK 921 KLM times", []),
    ("the car went ON HWY 401 east", []),
    ("the car was registered at QC H2R 1V4", []),
    # Right after a vehicle's description, shapes no model name has.
    ("il est venu en char, civic blanc L83 JNX", ["L83JNX"]),
    ("a black Mercedes GLE 350 was parked", []),
    ("drives a grey Lexus RX 350", []),
    ("VEH LOCATED IN LOT OF RED ROOF INN, RM 212 REG TO A MALE", []),
    # Every repeat of a plate once found; right before a vehicle's description; « immat. », "reg.", "LPR".
    ("MB plate JMX 804, outside the store. LPR query on JMX 804 and hits", ["JMX 804", "JMX 804"]),
    ("wats the plate\nUNK: KVR-5512 black charger", ["KVR5512"]),
    ("À BORD D'UNE NISSAN ALTIMA GRISE, IMMAT. QC G47 KLM, CONDUITE PAR", ["G47KLM"]),
    ("a 2016 Ford Escape, NY reg. KGR-7731, on Route 138", ["KGR7731"]),
    # French abbreviations of provinces, a region named before an issued shape after a vehicle, digits only with a region.
    ("véhicule Nissan Rogue noire, plaque N.-B. KPX 419, numéro", ["KPX 419"]),
    ("Sujet 1 : Range Rover noir, Québec K72 TSW", ["K72TSW"]),
    ("seen in a red Ford F-150, Nunavut plate 41732, a rental", ["41732"]),
    ("OH HJK 4412 in the registration table", ["HJK4412"]),
    # Lower case right after the plate word; dealer plates; a remark calling it personalised; antique plates.
    ("jai vu la plaque 482 ktm hier soir", ["482KTM"]),
    ("Nissan Rogue 2021 noir, plaque de commerçant Z08812 (garage)", ["Z08812"]),
    ("a white mercedes, plate BIGDOG (i think its a personalized one)", ["BIGDOG"]),
    ("une Mustang jaune avec une plaque personnalisée de l'Ontario, « TBOZZ », et", ["TBOZZ"]),
    ("plaque personnalisée Québec SAMJR2 retrouvée", ["SAMJR2"]),
    ("a Vermont antique plate, 5521 B, arrived", ["5521B"]),
    # Florida's and Maine's shapes, seven digits with a region, « plaque perso ».
    ("un BMW X5 blanc avec une plaque de la floride (genre LMX H28)", ["LMXH28"]),
    ("a black Escalade with a Florida tag, Y48 2KN, on camera", ["Y482KN"]),
    ("véh. d'intérêt (Mazda 3 noire, Maine 8814 RK) intercepté", ["8814RK"]),
    ("Nissan Rogue gris, plaque New Hampshire 4829572", ["4829572"]),
    ("Audi A4 noire, plaque perso QC « CASHKNX », moteur en marche", ["CASHKNX"]),
    ("TXT ONLY 705 555 0196 no private", []),
    # Negatives: words after the plate word, a colour before a model year, a model and a province, a month.
    ("the plate ends 4421 maybe", []),
    ("partial plate with 123 in it", []),
    ("OPERATES BLK 2019 AUDI A4", []),
    ("DRIVES GREY INFINITI Q50 ONT", []),
    ("LAST SEEN ON JAN 2024 NEAR THE MALL", []),
    ("unit 44817 (reg. to R. Nakamura)", []),
]


@pytest.mark.parametrize(("text", "values"), CASES)
def test_plates(text: str, values: list[str]) -> None:
    found = plates.find(text)
    assert [m.value for m in found] == values
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize(("text", "province"), [
    ("an Alberta plate, CKP-4471", "AB"), ("NS plate seen on his car: GKT 602", "NS"), ("QC lic V63 DRT", "QC"),
    ("plaque de l'Illinois DL 48217", "IL"), ("a Michigan plate, DKT 5521", "MI"), ("Ontario plate GRNT 1 (vanity)", "ON"),
])
def test_the_region_is_kept_across_the_words_between(text: str, province: str) -> None:
    assert [m.attrs.get("province") for m in plates.find(text)] == [province]


@pytest.mark.parametrize("code", sorted(set(plates.REGIONS.values())))
def test_every_region_code_after_a_plate_word_is_read(code: str) -> None:
    found = plates.find(f"plate {code} KLM 318 seen")
    assert [m.attrs.get("province") for m in found] == [code]


@pytest.mark.parametrize(("text", "values"), [
    # A court's code in a neutral citation is no plate; a plate beside it still is.
    ("The Crown relies on R. v. Doyle-Marsh, 2021 ONCA 188, and R. v. Pike, 2019 ONSC 3102.", []),
    ("Le Tribunal a considéré R. c. Roy, 2021 QCCQ 8812. Plaque GHT 5521.", ["GHT5521"]),
])
def test_citations_are_no_plates(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A table's column headed as plates: a region's code before or after, any shape; a dot leader after a vehicle.
    ("DATE   | NAME       | PLATE/PROV  | RM\nMar 28 | D. Wapioke | MB JXS 229  | 3\nMar 29 | Amy        | walk in     | 4\n",
     ["JXS 229"]),
    ("Date    Nom              Plaque          Ch.\n03-07   Bérubé, Normand  L118421 (QC)    2\n", ["L118421"]),
    ("- Nissan Rogue noire ......... V82 HLD (QC)", ["V82HLD"]),
    # Negatives: a trip's number in another column.
    ("Trip | Driver | Vehicle / plate\nT-88120 | Gurinder S. | Corolla, CTLK 417 (ON)\n", ["CTLK 417"]),
])
def test_plates_in_a_column(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A plate after its plate word's sentence ends; a number written down after the plate was named; a list of plates
    # one of which is found already, with a region's name or a column's gap between them.
    ("Tell her mom. And screenshot that car plate. GHR 4410 or whatever.", ["GHR4410"]),
    ("a Dodge with Manitoba Plates. I wrote the number on my list: KTM 318. The driver", ["KTM 318"]),
    ("J'ai des plaques du Nouveau-Brunswick. J'ai écrit le numéro sur ma liste : HXP 552.", ["HXP 552"]),
    ("I wrote some plates: BRTX 120, CPLM 558, and one from New York, KHT-4419. Gideon", ["BRTX 120", "CPLM 558", "KHT4419"]),
    ("Je note les plaques :\n   G52 NBT   Y09-KRL   DCKJ 442 (Ontario)\n", ["G52NBT", "Y09KRL", "DCKJ 442"]),
    # Negatives: a table's columns beside a plate; a room and a highway in a sentence about plates; a number with no
    # plate named before it.
    ("| 2 | MOB 2214            | CXHP 119 | ON |", ["CXHP 119"]),
    ("plate not seen. RM 214 and HWY 401 checked", []),
    ("I wrote the number on my list: KTM 318.", []),
])
def test_plates_written_apart_or_listed(text: str, values: list[str]) -> None:
    assert sorted(m.value for m in plates.find(text)) == sorted(values)


@pytest.mark.parametrize(("text", "values"), [
    # A plate typed in lower case a few words after its plate word, in a note typed in lower case; a plate in
    # parentheses after a vehicle.
    ("my mom got the plate one time, hold on, it's like ckvd 610 i think", ["CKVD 610"]),
    ("au volant d'une Kia Stinger noire (GFJ 461). Cell saisi", ["GFJ 461"]),
    # Negatives: a page after the plate word; an acronym in parentheses with no vehicle before it.
    ("got the plate, it was like page 610 i think", []),
    ("He works for the agency (ABC 123) downtown", []),
])
def test_plates_in_lower_case_or_parentheses(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A region's name, a comma, then the plate, a vehicle named before; a plate after « c'est » and a vehicle.
    ("une Jeep grise du Vermont, GHT 412.", ["GHT 412"]),
    ("silver Malibu, Quebec, FXR 218, driver talking", ["FXR 218"]),
    ("la Civic noire c'est V93 JKR, ma carte", ["V93JKR"]),
    # Negative: a region, a comma and a code with no vehicle.
    ("We drove to Quebec, QC 1234 was the file.", []),
])
def test_plates_after_a_region_or_a_vehicle(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A region's code, a dash, then the plate in a table's cell; a code and a plate quoted alone as written down; a
    # vanity plate's cue a few words after the plate word.
    ("| Minh Quân TRAN (C-2287) | CR-V, QC - FZR 909 | Motel Le Panorama |", ["FZR 909"]),
    ('Caller wrote it on a sticky note "MICH EHF2094" and read it', ["EHF2094"]),
    ("La commis l'a écrite « VT HZF772 » hier.", ["HZF 772"]),
    ("J'ai retenu la plaque parce qu'elle était personnalisée : « BEBE 2GO ». Le conducteur", ["BEBE2GO"]),
    # Negatives: a region's code that is a word, quoted; a plate word and no cue of a vanity plate.
    ('she said "ON TIME 2020" to me', []),
    ("la plaque de la voiture était sale", []),
])
def test_plates_written_down_and_after_a_code(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A state's older abbreviation with its dot; a form's dot leaders; a shape no model has far from its plate word;
    # three letters and three digits after a vehicle's colour.
    ('VP recorded it as "Mich. EKW7731".', ["EKW7731"]),
    ("ANC. PLAQUE ...... V06 BKL (REMISÉE 2023-02-01)", ["V06BKL"]),
    ("J'ai vu la plaque par la vitrine, j'ai écrit sur la boîte de gomme : K83 RVD. Il", ["K83RVD"]),
    ("Même homme vu ensuite dans une Ford Escape blanche HFD 217.", ["HFD 217"]),
    # Negatives: a model's name after its make; a shape a model has far from the plate word.
    ("a black Mercedes GLE 350 parked", []),
    ("the plate was hard to read from where I stood but I think it was GLE 350", []),
])
def test_plates_far_from_their_word_and_after_a_colour(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A plate spelt out character by character after a plate word or a vehicle; a colour and a dash before the plate.
    ("White Escalade, New York plates, I wrote it down, hold on... H K J 4 4 1 9.", ["HKJ4419"]),
    ("Une Mazda 3 bleue, plaque… attendez, je l'ai écrite : G-9-3-L-P-X.", ["G93LPX"]),
    (" 12  Véhicule    Kia Sorento grise — FGM 532", ["FGM 532"]),
    # Negatives: letters and digits spelt out with no plate word or vehicle; a song.
    ("the A B C 1 2 3 song", []),
    ("answers: A B C 1 2 3 4", []),
])
def test_plates_spelt_out(text: str, values: list[str]) -> None:
    assert [m.value for m in plates.find(text)] == values


@pytest.mark.parametrize(("text", "values"), [
    # The second of two guesses, written right after the first.
    ("The back plate was Quebec, I think V42 FKR or maybe V42 FKP. My manager", ["V42 FKR", "V42 FKP"]),
    ("immatriculée au Québec sous le numéro K55 GFW (ou K55 GFV, elle hésite).", ["K55 GFW", "K55 GFV"]),
    # Negatives: a number that is no issued shape after "or"; no plate before "or".
    ("plate ABCD 123 or 456 others", ["ABCD 123"]),
    ("it was V42 or maybe V43", []),
])
def test_a_second_guess_after_a_plate(text: str, values: list[str]) -> None:
    assert [m.text for m in sorted(plates.find(text), key=lambda m: m.start)] == values


@pytest.mark.parametrize(("text", "values"), [
    # An ellipsis where the writer hesitates goes on between the plate word and the plate; "that says" a vanity plate.
    ('he got a blue car with a quebec plate, it says like G something... G27 HVT i think', ["G27 HVT"]),
    ("Y conduit une Mustang rouge, la plaque c'est... attendez... J51 DWS.", ["J51 DWS"]),
    ("in a black jeep with a personalized plate that says MALIK1 lol.", ["MALIK1"]),
    # Negatives: a highway after a plate word; a sentence's end between.
    ("plate not seen... HWY 401 was busy", []),
    ("plate not seen. HWY 401 was busy", []),
])
def test_hesitations_and_plates_that_say(text: str, values: list[str]) -> None:
    assert [m.text for m in sorted(plates.find(text), key=lambda m: m.start)] == values


@pytest.mark.parametrize(("text", "values"), [
    # A province's English abbreviation with its dot, after a vehicle.
    ("TV2: white Ford Transit Connect, Que. L82 HVN", ["L82 HVN"]),
    ("Véh. S1 : Toyota Sienna noire, Q. 731 LRX", ["731 LRX"]),
    # A region before a plate on a line that lists another; an issued shape with its region after it.
    ("   - Lot: Ont. CPDM 519 (rm 3), Minn. GTR 448 (rm 5).", ["CPDM 519", "GTR 448"]),
    ("- Stationnement : Québec B62 JHW (ch. 11), Ontario DAPW 774 (ch. 12).", ["B62 JHW", "DAPW 774"]),
    ("ND-780933    Auberge des Trois Cantons      2024-07-05   (873) 555-0103      4471 KT (Maine)", ["4471 KT"]),
    ("| SN-4502279 | Rodeway Inn Fallsview     | +1 289 555 0120  | KLR-2284 NY    |", ["KLR-2284"]),
    # Written down far from the plate word; a second reading said as one.
    ("a black Yukon with Manitoba plates that my guide Amos Keesick wrote down as JTR 705.", ["JTR 705"]),
    ('Quebec plate - caller read V41 KPT but not sure of last letter, "could be V41 KPF". Vehicle', ["V41 KPT", "V41 KPF"]),
    # Negatives: a premises' licence, an exhibit's tag, a driver's licence beside a plate, a time after a plate,
    # another plate after "could be", a region before a shape on a line with no plate, words far from a plate word.
    ("C) Northern Star Motel, Red River Rd -- licence MO-0034", []),
    ("A) Rooming house, Secord St -- licence RHO 093 -- operator", []),
    ("Jacket seized, tag TG-2291.", []),
    ("NY PLT KXR-7720 entered in lookout notes. D's NY DL 123 456 789 retained w/ file.", ["KXR-7720"]),
    ("ONT PLATE CKRT 482, AT 1712 HRS. VEH WB HWY 17.", ["CKRT 482"]),
    ("Seen: CKRT 482, could be K41 FJD's cousin", ["CKRT 482"]),
    ("Lot: Minn. GTR 448 (rm 5).", []),
    ("Manitoba plates, which the man who runs the lodge at the lake never saw, GTR 448", []),
])
def test_plates_with_regions_around_them(text: str, values: list[str]) -> None:
    assert [m.text for m in sorted(plates.find(text), key=lambda m: m.start)] == values


@pytest.mark.parametrize(("text", "values"), [
    ("Ram 1500, ON commercial plate AX 93 221. Records check on AX93221 returns", ["AX 93 221", "AX93221"]),
    ("a Manitoba plate, I wrote it down as JKW 318 then my coworker said it was JKW 381 so", ["JKW 318", "JKW 381"]),
    ("Manitoba plate, I'll spell it, H, T, F, three, one, two — HTF 312. Also", ["HTF 312"]),
    ("209 | van der Berg, Ilse  | 343-555-0116       | KTR-4402 / NY    | Visa", ["KTR-4402"]),
    # Negatives: a colour written out before a model year; another plate after "said it was".
    ("VEH: GREY 2019 FORD ESCAPE, ONT LIC CRMB 554.", ["CRMB 554"]),
    ("plate JKW 318, and the clerk said it was KPT 902 for the other car", ["JKW 318"]),
])
def test_spaced_spelt_and_second_readings(text: str, values: list[str]) -> None:
    assert [m.text for m in sorted(plates.find(text), key=lambda m: m.start)] == values
