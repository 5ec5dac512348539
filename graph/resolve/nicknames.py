"""Given-name equivalences (English and French), so "Kate" in one report meets "Katherine".

Each line is one family of names that services write for the same person. The table is data:
extend it here and every comparison picks it up.
"""

from __future__ import annotations

from functools import cache

_FAMILIES = """
katherine catherine kathryn kathleen kate kathy katie kat cathy cat katy kay
elizabeth liz lizzie beth betty eliza lisa elisabeth elise
margaret maggie meg peggy marge margo
jennifer jen jenny jenn
jessica jess jessie
rebecca becky becca
victoria vicky vicki tori tory
alexandra alex alexa sandra sandy lexi
samantha sam sammy
stephanie steph stephane
christina christine chris tina kristina kristen kirsten
nicole nikki nic nicky
ashley ash
brittany britt brittney
courtney court
danielle dani danny
amanda mandy
melissa mel missy
michelle shelly michele
patricia pat patty trish tricia
deborah debbie deb debra
susan sue susie suzanne
kimberly kim
cynthia cindy
theresa terry tess tessa therese
abigail abby
taylor tay
jolene jo
destiny des
crystal chrystal krystal
savannah savanna
kayla kaylee
isabelle isabel izzy bella
emily em emmy emilie
madison maddie maddy
gabrielle gabby gaby
marie mary maria
genevieve gen
francoise fran
josee josie
valerie val
veronique vero
melanie mel
sophie soph
michael mike mikey mick mickey michel
william will bill billy willie liam guillaume
robert rob bob bobby robbie
richard rick rich dick ricky
james jim jimmy jamie
john jack johnny jon jean
joseph joe joey
thomas tom tommy
christopher chris topher
daniel dan danny
matthew matt matty mathieu
andrew andy drew andre
anthony tony antoine
nicholas nick nicky nico nicolas
jonathan jon jonny
benjamin ben benny
samuel sam sammy
alexander alex xander alexandre
joshua josh
jordan jordy
tyler ty
travis trav
justin justy
kevin kev
steven steve stevie stephen
timothy tim timmy
terrence terry terrance terence
dustin dusty
gregory greg
jeffrey jeff geoffrey
edward ed eddie ted ned edouard
charles charlie chuck chaz charlot
francois frank frankie francis
jean-francois jf
jean-philippe jp
pierre pete peter
philippe phil philip phillip
raymond ray
ronald ron ronnie
donald don donnie
kenneth ken kenny
lawrence larry laurent
patrick pat paddy
remi remy
luc lucas luke
olivier oliver ollie
sebastien seb sebastian
maxime max maximilien
"""


@cache
def _index() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in _FAMILIES.strip().splitlines():
        family = frozenset(line.split())
        for name in family:
            out.setdefault(name, set()).update(family)
    return {name: frozenset(names) for name, names in out.items()}


def equivalent(a: str, b: str) -> bool:
    """Whether two folded given names are the same name (equal, or in one family)."""
    if a == b:
        return True
    return b in _index().get(a, frozenset())


def family(name: str) -> frozenset[str]:
    return _index().get(name, frozenset({name}))
