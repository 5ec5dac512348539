"""Word pools for synthetic worlds: names, places, vehicles, hotels and hostile strings.

Every list here was written for this project. The names are generic, common Canadian English,
French and northern-Ontario First Nations (Anishinaabe, Cree, Oji-Cree) names so that the
generated people look like the people in real exports without being anyone. Nothing here is
drawn from a real case.
"""

from __future__ import annotations

from typing import Final, NamedTuple

# --- given names --------------------------------------------------------------------------------

GIVEN_F_EN: Final = (
    "Emily", "Hannah", "Madison", "Ashley", "Jessica", "Samantha", "Megan", "Amanda", "Brianna",
    "Chelsea", "Danielle", "Katherine", "Jennifer", "Elizabeth", "Alexandra", "Stephanie", "Amber",
    "Melissa", "Tiffany", "Cheyenne", "Destiny", "Savannah", "Jasmine", "Paige", "Morgan", "Olivia",
    "Abigail", "Chloe", "Haley", "Madeline", "Natalie", "Christina", "Victoria", "Kimberly",
    "Shannon", "Lindsay", "Erin", "Holly", "Kristen", "Sierra", "Mackenzie", "Leah", "Autumn",
)
GIVEN_M_EN: Final = (
    "Michael", "Christopher", "Matthew", "Joshua", "Tyler", "Brandon", "Kyle", "Ryan", "Cody",
    "Dylan", "Nathan", "Jacob", "Ethan", "Logan", "Austin", "Derek", "Shawn", "Trevor", "Brett",
    "Colton", "Riley", "Jesse", "Owen", "William", "Robert", "Anthony", "Nicholas", "Alexander",
    "Jonathan", "Steven", "Zachary", "Marcus", "Devon", "Tristan", "Wyatt", "Richard", "Timothy",
    "Gregory", "Patrick", "Connor", "Spencer", "Mitchell",
)
GIVEN_F_FR: Final = (
    "Émilie", "Geneviève", "Mélanie", "Isabelle", "Chantal", "Nathalie", "Sophie", "Camille",
    "Audrey", "Laurence", "Maude", "Noémie", "Élodie", "Catherine", "Véronique", "Annie", "Julie",
    "Marie-Claude", "Marie-Pier", "Anne-Sophie", "Rosalie", "Florence", "Béatrice", "Maëlle",
    "Chloé", "Léanne", "Valérie", "Karine", "Mylène", "Josianne", "Ariane", "Frédérique",
)
GIVEN_M_FR: Final = (
    "François", "Mathieu", "Sébastien", "Guillaume", "Étienne", "Maxime", "Alexandre", "Philippe",
    "Jérôme", "Frédéric", "Pierre-Luc", "Jean-Philippe", "Marc-André", "Benoît", "Gabriel", "Félix",
    "Samuel", "Antoine", "Louis", "Raphaël", "Hugo", "Thierry", "Yannick", "Denis", "Réjean",
    "Gilles", "Jocelyn", "Simon", "Vincent", "Mathis",
)
#: First Nations people in the north mostly carry English given names; these are added to them.
GIVEN_F_NORTH: Final = ("Shayla", "Kaitlyn", "Tamara", "Crystal", "Skye", "Dakota", "Chantelle", "Raven", "Tasha", "Charlene")
GIVEN_M_NORTH: Final = ("Darcy", "Garrett", "Wade", "Clayton", "Shane", "Corey", "Tanner", "Kirby", "Clifford", "Dwayne")

# --- family names -------------------------------------------------------------------------------

SURNAMES_EN: Final = (
    "Smith", "MacDonald", "Campbell", "Robertson", "Scott", "Murray", "Graham", "MacLeod", "Hughes",
    "Kennedy", "Burke", "Doyle", "Sullivan", "Murphy", "Wright", "Mitchell", "Parker", "Collins",
    "Hall", "Young", "King", "Baker", "Green", "Carter", "Evans", "Turner", "Hill", "Cooper", "Ward",
    "Bell", "Russell", "Grant", "Hunter", "Mills", "Fisher", "Bishop", "Chapman", "Harvey", "Lawson",
    "McKenzie", "Sinclair", "O'Brien", "McIntyre", "Ferris", "Barnes", "Patterson", "Gallagher",
    "Whitfield", "Dunn", "Lockhart",
)
SURNAMES_FR: Final = (
    "Tremblay", "Gagnon", "Bouchard", "Côté", "Gauthier", "Lavoie", "Bergeron", "Lévesque",
    "Thériault", "Dubois", "Lefebvre", "Desjardins", "Lachance", "Paquette", "Charbonneau", "Séguin",
    "Lalonde", "Ouellette", "Dufour", "Fortin", "Caron", "Girard", "Massé", "Légaré", "Beauchamp",
    "Brisebois", "Chénier", "Racine", "St-Pierre", "Saint-Onge", "Laframboise", "Thibodeau", "Rochon",
)
SURNAMES_NORTH: Final = (
    "Meekis", "Mamakwa", "Kakepetum", "Fiddler", "Beardy", "Keesick", "Kenequanash", "Sainnawap",
    "Kamenawatamin", "Rae", "Harper", "Linklater", "Moonias", "Achneepineskum", "Wabasse",
    "Kwandibens", "Yellowhead", "Jourdain", "Kataquapit", "Koostachin", "Metatawabin", "Hookimaw",
    "Nakogee", "Wesley", "Wabano", "Spence", "Mekanak", "Kejick", "Quequish", "Shewaybick", "Loon",
    "Atlookan", "Netemegesic", "Wapoose", "Kakekaspan", "Chookomolin",
)

#: Formal given name → the short forms a report writer may use instead.
NICKNAMES: Final[dict[str, tuple[str, ...]]] = {
    "Katherine": ("Kate", "Kathy", "Katie"), "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Jennifer": ("Jen", "Jenny"), "Jessica": ("Jess", "Jessie"), "Samantha": ("Sam", "Sammy"),
    "Alexandra": ("Alex", "Lexi"), "Stephanie": ("Steph",), "Amanda": ("Mandy",),
    "Melissa": ("Mel", "Missy"), "Danielle": ("Dani",), "Madison": ("Maddie",), "Abigail": ("Abby",),
    "Madeline": ("Maddy",), "Natalie": ("Nat",), "Victoria": ("Vicky", "Tori"),
    "Christina": ("Tina", "Chrissy"), "Kimberly": ("Kim",), "Mackenzie": ("Kenzie",),
    "Michael": ("Mike", "Mikey"), "Christopher": ("Chris",), "Matthew": ("Matt",), "Joshua": ("Josh",),
    "Nicholas": ("Nick",), "Alexander": ("Alex",), "Jonathan": ("Jon",), "Steven": ("Steve",),
    "Zachary": ("Zach",), "William": ("Will", "Billy"), "Robert": ("Rob", "Bobby"),
    "Anthony": ("Tony",), "Jacob": ("Jake",), "Nathan": ("Nate",), "Richard": ("Rick",),
    "Timothy": ("Tim",), "Gregory": ("Greg",), "Patrick": ("Pat",), "Clifford": ("Cliff",),
    "Catherine": ("Cathy",), "Isabelle": ("Isa",), "Sébastien": ("Seb",), "Alexandre": ("Alex",),
    "Philippe": ("Phil",), "Frédéric": ("Fred",), "Maxime": ("Max",), "Jean-Philippe": ("JP",),
    "Marc-André": ("Marc",), "Gabriel": ("Gab",), "Raphaël": ("Raph",), "Samuel": ("Sam",),
    "Benoît": ("Ben",), "Valérie": ("Val",), "Anne-Sophie": ("Anne",), "Marie-Claude": ("Marie",),
    "Chantelle": ("Chan",), "Tamara": ("Tammy",), "Charlene": ("Charlie",),
}

# --- places -------------------------------------------------------------------------------------


class City(NamedTuple):
    """A city with what a generator needs to place someone there believably."""

    name: str
    province: str
    postal_first: str  #: first letter(s) of its postal codes
    area_codes: tuple[str, ...]
    region: str  #: "gta", "south", "east", "north", "northwest", "quebec"
    weight: float  #: share of the population living there


CITIES: Final = (
    City("Toronto", "ON", "M", ("416", "647", "437"), "gta", 3.0),
    City("Mississauga", "ON", "L5", ("905", "289", "365"), "gta", 1.6),
    City("Brampton", "ON", "L6", ("905", "289", "365"), "gta", 1.4),
    City("Hamilton", "ON", "L8", ("905", "289", "365"), "south", 1.1),
    City("Niagara Falls", "ON", "L2", ("905", "289"), "south", 0.8),
    City("London", "ON", "N6", ("519", "226", "548"), "south", 0.9),
    City("Windsor", "ON", "N9", ("519", "226", "548"), "south", 0.8),
    City("Barrie", "ON", "L4", ("705", "249"), "south", 0.7),
    City("Ottawa", "ON", "K2", ("613", "343"), "east", 1.4),
    City("Kingston", "ON", "K7", ("613", "343"), "east", 0.6),
    City("Cornwall", "ON", "K6", ("613", "343"), "east", 0.5),
    City("Sudbury", "ON", "P3", ("705", "249"), "north", 0.9),
    City("North Bay", "ON", "P1", ("705", "249"), "north", 0.6),
    City("Sault Ste. Marie", "ON", "P6", ("705", "249"), "north", 0.7),
    City("Timmins", "ON", "P4", ("705", "249"), "north", 0.7),
    City("Kapuskasing", "ON", "P5", ("705", "249"), "north", 0.3),
    City("Thunder Bay", "ON", "P7", ("807",), "northwest", 1.1),
    City("Kenora", "ON", "P9", ("807",), "northwest", 0.6),
    City("Sioux Lookout", "ON", "P8", ("807",), "northwest", 0.5),
    City("Dryden", "ON", "P8", ("807",), "northwest", 0.3),
    City("Gatineau", "QC", "J8", ("819", "873"), "quebec", 0.7),
)
CITY_BY_NAME: Final = {c.name: c for c in CITIES}

#: Extra real Canadian area codes: burner phones and people who moved from elsewhere.
FAR_AREA_CODES: Final = ("514", "438", "418", "450", "204", "306", "780", "403", "604", "902")

STREETS_EN: Final = (
    "Birchwood Cres", "Hawthorne Ave", "Mill St", "Brant St", "Harbour Rd", "Cedarvale Ave",
    "Algoma St N", "Red Lake Rd", "Simcoe St S", "Cumberland St", "Talbot St", "Wellington St W",
    "Brock Ave", "Front St E", "Second Ave", "Tamarack Dr", "Poplar Lane", "Spruce St",
    "Riverside Dr", "Lakeshore Rd", "Ferry Rd", "Church St", "Oak Park Blvd", "Colborne St",
    "Balsam St", "Fort William Rd", "Arthur St E", "Gore St", "Pim St", "Cedar Rd",
)
STREETS_FR: Final = (
    "rue Champlain", "rue Laurier", "boulevard des Érables", "rue Cartier", "chemin de la Montagne",
    "rue des Pins", "avenue du Parc", "rue Saint-Laurent", "rue Dollard", "rue Frontenac",
    "boulevard Maloney", "rue Montcalm", "rue des Outaouais", "chemin Freeman", "rue Jacques-Cartier",
)

HOTEL_FIRST: Final = (
    "Northern Lights", "Pine Ridge", "Trailside", "Twin Pines", "Starlight", "Red Maple",
    "Harbourview", "Timberline", "Voyageur", "Cedar Creek", "Golden Eagle", "Thunderbird",
    "Tamarack", "Aurora", "Crossroads", "Westway", "Nightingale", "Highway 11", "Lakehead",
    "Bayview", "Comfort Stay", "Royal Oak",
)
HOTEL_LAST: Final = ("Motel", "Inn", "Motor Inn", "Suites", "Lodge", "Hotel", "Inn & Suites")

GROUP_HOMES: Final = (
    "Cedar House", "Harmony Place", "New Horizons Residence", "Birchview Youth Home",
    "Tamarack House", "Willow Lane Residence", "Northern Path Home", "Bridgeway House",
    "Eagle Feather Lodge", "Maplecrest Youth Residence", "Riverbend House", "Sunrise Place",
)

# --- vehicles, aliases, handles -----------------------------------------------------------------

VEHICLES: Final = (
    ("Toyota", "Camry"), ("Honda", "Accord"), ("Nissan", "Altima"), ("Ford", "Fusion"),
    ("Chevrolet", "Impala"), ("Hyundai", "Sonata"), ("Kia", "Forte"), ("Dodge", "Journey"),
    ("Ford", "Escape"), ("GMC", "Terrain"), ("Chrysler", "300"), ("Mazda", "3"),
    ("Volkswagen", "Jetta"), ("Chevrolet", "Equinox"), ("Nissan", "Rogue"), ("Dodge", "Caravan"),
)
#: English colour → French colour (feminine, since the French write "une Toyota").
COLOURS: Final[dict[str, str]] = {
    "black": "noire", "white": "blanche", "grey": "grise", "silver": "argent", "red": "rouge",
    "blue": "bleue", "green": "verte", "burgundy": "bordeaux",
}

STREET_ALIASES: Final = (
    "Smoke", "Rico", "Blaze", "Trigger", "Boss", "Money", "Tank", "Ghost", "Slim", "Ice", "Lucky",
    "Diesel", "Gunner", "Chase", "Bando", "Twin", "Capo", "Scrap", "Dre", "Mack", "Nitro", "Storm",
    "Sosa", "Cash",
)

# --- hostile text -------------------------------------------------------------------------------

#: Strings that must be stored and shown as data and never interpreted. All are valid XML 1.0
#: characters, so an export that escapes them properly still parses.
HOSTILE_NAMES: Final = (
    # every world of default size gets these first
    "' OR '1'='1",
    '"}) MATCH (n) DETACH DELETE n //',
    "<script>alert(1)</script>",
    "Mar\u200bie\u200d",  # zero-width space and joiner
    "Noe\u0301mie",  # combining acute accent
    "Mel\u202eeinaM",  # right-to-left override
    ("Kenequanash-Wabasse-" * 16)[:300],  # 300 characters
    # then these
    "x'); DROP TABLE records; --",
    "<img src=x onerror=alert(7)>",
    "{{7*7}}${7*7}",
    "ＳＹＳＴＥＭ",
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "%s%s%n%x",
    "../../../etc/passwd",
)
#: How many of :data:`HOSTILE_NAMES` come first in every world.
HOSTILE_FIRST: Final = 7
HOSTILE_PAYLOADS: Final = (
    "'; MATCH (p:Person) SET p.name = 'pwned' //",
    "<iframe src=\"javascript:alert(2)\"></iframe>",
    "</recit></dossier><dossier numero=\"X-00-000000\">",
    "Robert'); DELETE FROM persons WHERE '1'='1",
    "Z\u0337\u0322a\u0336l\u0334g\u0338o\u0335 t\u0336e\u0337x\u0334t",
    "\u202egnirts desrever\u202c",
    "zero\u200bwidth\u200cjoin\u200dhere\ufeff",
    "{\"$where\": \"sleep(1000)\"}",
    "<svg/onload=alert(3)>",
    "@{[system('id')]}",
)
