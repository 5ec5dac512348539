"""Narrative sentence templates, in English and French, written for this project.

Placeholders that carry an entity (``{phone}``, ``{plate}``, ``{hotel}``, ``{alias}``,
``{person}``, ``{handle}``) become truth mentions; the others (``{first}``, ``{date}``,
``{city}``, pronouns) are plain text. A lone first name is how a report refers to its own
subject and is not counted as a person mention (the dev world's convention).

Pronoun placeholders: ``{she}``/``{She}`` subject pronoun, ``{her}`` object, ``{her_poss}``/
``{Her_poss}`` possessive; French ``{e}`` is the feminine agreement ending, ``{qu_she}`` the
elided « qu'elle »/« qu'il ».
"""

from __future__ import annotations

from typing import Final

Templates = dict[str, tuple[str, ...]]

TEMPLATES: Final[dict[str, Templates]] = {
    # --- ring victims: missing-person narratives ------------------------------------------------
    "seen_hotel": {
        "en": (
            "{first} was last seen on {date} outside the {hotel} in {city}.",
            "A clerk at the {hotel} in {city} recognised {first} from a photo; {she} checked in on {date}.",
            "{first} was dropped off at the {hotel} ({city}) on {date}, according to a cab driver.",
            "Security video from the {hotel} in {city} shows {first} in the lobby on {date}.",
        ),
        "fr": (
            "{first} a été vu{e} pour la dernière fois le {date} devant le {hotel} à {city}.",
            "Un commis du {hotel} à {city} a reconnu {first} sur une photo; {she} s'y trouvait le {date}.",
            "Selon un chauffeur de taxi, {first} a été déposé{e} au {hotel} ({city}) le {date}.",
            "Les caméras du {hotel} à {city} montrent {first} dans le hall le {date}.",
        ),
    },
    "calls": {
        "en": (
            "{Guardian} says {she} had been getting calls at all hours from {phone}.",
            "Phone records show repeated late-night contact with {phone}.",
            "A cousin received texts from {phone} asking where {she} was.",
            "{She} kept receiving calls from {phone} in the weeks before {she} left.",
        ),
        "fr": (
            "{Guardian} affirme {qu_she} recevait des appels à toute heure du {phone}.",
            "Les relevés téléphoniques montrent des contacts répétés la nuit avec le {phone}.",
            "Un cousin a reçu des textos du {phone} demandant où {she} était.",
        ),
    },
    "car_alias": {
        "en": (
            "Witnesses saw {her} get into a {car}, plate {plate}, driven by a man known as {alias}.",
            "{She} was picked up by {alias} in a {car} ({plate}).",
            "A friend says {she} left with {alias} in a {car} bearing plate {plate}.",
        ),
        "fr": (
            "Des témoins l'ont vu{e} monter dans une {car}, plaque {plate}, conduite par un homme surnommé {alias}.",
            "D'après une camarade, {she} est monté{e} dans une {car} immatriculée {plate} avec {alias}.",
        ),
    },
    "car_person": {
        "en": (
            "Witnesses saw {her} get into a {car}, plate {plate}, driven by {person}.",
            "{She} was picked up by {person} in a {car} ({plate}).",
            "A neighbour noted plate {plate} on a {car}; {person} was at the wheel.",
        ),
        "fr": (
            "Des témoins l'ont vu{e} monter dans une {car}, plaque {plate}, conduite par {person}.",
            "D'après une camarade, {she} est monté{e} dans une {car} immatriculée {plate} avec {person}.",
        ),
    },
    "recruiter": {
        "en": (
            "{She} had recently befriended {person}, whom {she} met on {platform} ({handle}).",
            "Friends say {she} had been messaging {person} on {platform}, handle {handle}.",
            "{Her_poss} tablet shows chats with {person} ({handle} on {platform}).",
        ),
        "fr": (
            "{She} avait récemment fait la connaissance de {person} sur {platform} ({handle}).",
            "Ses amies disent {qu_she} échangeait avec {person} sur {platform}, compte {handle}.",
        ),
    },
    "ad": {
        "en": (
            "The HT unit matched {her_poss} photo to an online ad with contact number {phone}.",
            "A classifieds ad using {phone} shows recent photos of {her}.",
            "An escort listing found by analysts gives {phone} as the booking line.",
        ),
        "fr": (
            "L'équipe de lutte contre la traite a associé sa photo à une annonce en ligne affichant le {phone}.",
            "Une annonce d'escorte repérée par les analystes donne le {phone} comme numéro de réservation.",
        ),
    },
    "controller": {
        "en": (
            "{person}, who goes by {alias}, is believed to be controlling {her}.",
            "Sources name {person} (street name {alias}) as the man {she} works for.",
        ),
        "fr": (
            "{person}, surnommé {alias}, exercerait une emprise sur {her}.",
            "Des sources désignent {person}, dit {alias}, comme l'homme pour qui {she} travaille.",
        ),
    },
    "victim_intro": {
        "en": ("{first} is one of the victims identified so far.", "{first} was identified through the ads."),
        "fr": ("{first} fait partie des victimes identifiées.",),
    },
    "follows": {
        "en": ("{She} follows {handle} on Instagram, an account tied to {alias}.",),
        "fr": ("{She} suit le compte Instagram {handle}, lié à {alias}.",),
    },
    # --- background missing persons ------------------------------------------------------------
    "gh_runaway": {
        "en": (
            "{first} did not return to {home} after curfew on {date}.",
            "{first} walked out of {home} on {date} and has not come back.",
            "Staff at {home} report that {first} left on {date} without signing out.",
        ),
        "fr": (
            "{first} n'est pas rentré{e} à {home} après le couvre-feu le {date}.",
            "{first} a quitté {home} le {date} sans autorisation.",
        ),
    },
    "gh_phone": {
        "en": ("Staff can be reached at {phone}.", "Call the residence at {phone} with any sighting.",
               "Residence line: {phone}."),
        "fr": ("On peut joindre le personnel au {phone}.", "Ligne de la résidence : {phone}."),
    },
    "home_left": {
        "en": (
            "{first} left home on {date} after an argument and has not been in contact since.",
            "{first} went out on {date} and never came home.",
            "Family last heard from {first} on {date}; {her_poss} phone now goes to voicemail.",
        ),
        "fr": (
            "{first} a quitté la maison le {date} après une dispute et ne donne plus de nouvelles.",
            "La famille est sans nouvelles de {first} depuis le {date}.",
        ),
    },
    "guardian_phone": {
        "en": ("{Guardian} can be reached at {phone}.", "Call {phone} with any information."),
        "fr": ("{Guardian} est joignable au {phone}.", "Toute information : {phone}."),
    },
    "own_phone": {
        "en": ("{Her_poss} own phone, {phone}, is switched off.", "{She} carries a phone, {phone}, but does not answer."),
        "fr": ("Son cellulaire, le {phone}, est fermé.",),
    },
    "hotel_noise": {
        "en": ("May be staying at the {hotel}.", "Possibly sighted at the {hotel} in {city}.",
               "A tip placed {her} near the {hotel}."),
        "fr": ("{She} pourrait se trouver au {hotel}.", "Aperçu{e} possiblement au {hotel} à {city}."),
    },
    "extra": {
        "en": (
            "{She} has gone missing several times before and usually turns up downtown.",
            'A roommate says {she} "needed some space, that\'s all".',
            "No medical concerns, but {she} left without {her_poss} medication.",
            "Known to frequent the bus terminal, the library, and the mall food court.",
            "Patrol notes:\n- checked the shelter, not there\n- left a card with staff",
        ),
        "fr": (
            "{She} a fugué à plusieurs reprises par le passé.",
            "Selon une colocataire, {she} « avait besoin d'air, c'est tout ».",
            "Notes de patrouille :\n- refuge vérifié, absent{e}\n- carte laissée au personnel",
        ),
    },
    # --- assaults and other occurrences --------------------------------------------------------
    "assault": {
        "en": (
            "{c} told officers that {s} punched {c_obj} outside a bar on {street} on {date}.",
            "{c} was struck by {s} during an argument at {address}.",
            "{c} reports being shoved down a flight of stairs by {s} on {date}.",
        ),
        "fr": (
            "{c} affirme avoir été frappé{ce} par {s} devant un bar de la {street} le {date}.",
            "{c} a été agressé{ce} par {s} lors d'une dispute au {address}.",
        ),
    },
    "other": {
        "en": (
            "{c} reports that {s} took a laptop and cash from {c_poss} apartment at {address}.",
            "{c} alleges that {s} used {c_poss} bank card without permission.",
            "{c} reported a stolen bicycle; a neighbour, {s}, was seen riding it on {date}.",
            "{c} says {s} has been leaving threatening notes at {address}, {city}.",
        ),
        "fr": (
            "{c} signale que {s} a volé un ordinateur portable et de l'argent dans son logement.",
            "{c} soutient que {s} a utilisé sa carte bancaire sans permission.",
        ),
    },
    "keyed_car": {
        "en": ("{c} says {s} keyed {c_poss} {car} ({plate}) in the lot on {street}.",
               "{c} saw {s} drive off in a {car}, plate {plate}, after the incident."),
        "fr": ("{c} a vu {s} partir dans une {car}, plaque {plate}, après l'incident.",),
    },
    "sexual_assault": {
        "en": ("{c} disclosed a sexual assault by {s} on {date}. Statement taken by a trained interviewer.",),
        "fr": ("{c} a dénoncé une agression sexuelle commise par {s} le {date}. Déclaration recueillie.",),
    },
    "callback": {
        "en": ("Call-back number: {phone}.", "Complainant can be reached at {phone}.", "Contact number {phone}."),
        "fr": ("Numéro de rappel : {phone}.", "Le plaignant est joignable au {phone}."),
    },
    # --- rings: project files -----------------------------------------------------------------
    "ht_intro": {
        "en": ("Project file: exploitation of {n} victims moved between {cities}.",
               "Joint HT investigation covering {cities}; {n} victims identified so far."),
        "fr": ("Enquête conjointe sur l'exploitation de {n} victimes déplacées entre {cities}.",),
    },
    "sa_ring": {
        "en": ("{first} disclosed that {person} assaulted {her} at the {hotel} in {city} on {date}.",),
        "fr": ("{first} a révélé que {person} l'a agressé{e} au {hotel} à {city} le {date}.",),
    },
    # --- revisions ----------------------------------------------------------------------------
    "update_located": {
        "en": ("Update {date}: {first} was located safe in {city}.", "Update: {first} returned home on {date}."),
        "fr": ("Mise à jour du {date} : {first} a été retrouvé{e} en sécurité à {city}.",),
    },
    "update_hotel": {
        "en": ("Update: patrol found {first} at the {hotel} in {city} and drove {her} home.",),
        "fr": ("Mise à jour : une patrouille a retrouvé {first} au {hotel} à {city}.",),
    },
    "update_phone": {
        "en": ("Update: {first} called {her_poss} aunt from {phone}.",),
        "fr": ("Mise à jour : {first} a téléphoné à sa tante depuis le {phone}.",),
    },
    "update_closed": {
        "en": ("Update: charges laid, file concluded.", "Update: complainant declined to proceed."),
        "fr": ("Mise à jour : dossier clos, le plaignant ne souhaite pas poursuivre.",),
    },
    # --- hostile ------------------------------------------------------------------------------
    "hostile": {
        "en": ("Filed through the online form; the free-text box read: {payload} Nothing further.",
               "Web form submission, kept as received: {payload}"),
        "fr": ("Déclaration en ligne; le champ libre contenait : {payload} Rien d'autre.",),
    },
    "hostile_note": {
        "en": ("Note pasted from the web form: {payload}",),
        "fr": ("Note copiée du formulaire web : {payload}",),
    },
}

#: How a narrative names the reporting contact, by relation and the subject's sex.
GUARDIAN_WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {"MOTHER": "{poss} mother", "FATHER": "{poss} father", "AUNT": "{poss} aunt",
           "GRANDMOTHER": "{poss} grandmother", "SISTER": "{poss} sister", "GROUP HOME": "The group home"},
    "fr": {"MOTHER": "Sa mère", "FATHER": "Son père", "AUNT": "Sa tante", "GRANDMOTHER": "Sa grand-mère",
           "SISTER": "Sa sœur", "GROUP HOME": "Le foyer de groupe"},
}
