"""Given names and their short forms, English and French, as data.

Statistical NER in the small models misses many two-word names in police prose ("Curtis
Stewart reported...") and most names written the francophone way (``Sylvie SIMARD``). A
capitalised word that is a common given name, followed by a capitalised word, is a person far
more often than not: this lexicon is that first word. It is general knowledge of names given
in Canada (English and French), not a list drawn from any one data set; extend it freely.
Given names that are as often surnames or places here (Dawson, Reid, Paris, June...) are left
out: a false first word costs more than a missed one, which NER or the subjects may still find.

The lexicon holds the given names of the people services meet: English and French, South Asian,
Arab, Somali, Caribbean and African, and First Nations and Inuit (Kanien'kéha names such as
Kahentiiosta, Inuit ones such as Lucassie, and the older English names common in northern
communities, Gladys, Agnes, Wilfred).

The short forms let a narrative's ``Kathy`` meet the record's subject ``Katherine``.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

from models.normalise import fold

__all__ = ["given_variants", "is_given_name", "is_given_name_misspelt", "same_given_name"]

_GIVEN = """
aaliyah aaron abby abdul abigail adam adele adrian adrienne ahmed aidan aiden aimee alain alana alex alexa
alexander alexandra alexandre alexis alice alicia alisha alison allison alyssa amanda amber amelia amelie amy
ana andre andrea andrew angela angelique angie anita ann anna anne annie anthony antoine april ariana arianne
arnaud ashley ashton aubrey audrey austin ava avery bailey barbara beatrice becky ben benjamin benoit bernard
beth bethany betty bianca bill billy blake bobby bonnie brad bradley brady brandi brandon brandy breanna
brenda brendan brent brett brian brianna bridget britney brittany brittney brooke bruce bruno bryan bryce
caitlin caleb cameron camille candace cara carl carla carlos carmen carol caroline carolyn carrie casey
cassandra cassidy catherine cathy cecile celine chad chantal charlene charles charlie charlotte chelsea cheryl
cheyenne chloe chris christian christina christine christopher christophe cindy claire clara claude claudia
clement cody colin colleen connor corey cory courtney craig crystal curtis cynthia dakota dale dallas dana
daniel danielle danny darlene darren darryl dave david dawn dean deanna debbie deborah denis denise dennis
derek desiree destiny devin devon diana diane dominic dominique donald donna doris dorothy douglas drew dustin
dylan eddie edward elaine eleanor eli elijah elise elizabeth ella ellen emilie emily emma eric erica erik erin
ethan eugene eva evan evelyn fabien faith felix fernand florence france frances francine francis francois
francoise frank frederic gabriel gabrielle gail gary gavin genevieve george georges gerald gerard gilles gina
ginette gisele glen glenn gloria gordon grace graham greg gregory guillaume guy haley hannah harold harry
heather helene henri holly hugo ian isabelle isaac jack jackie jackson jacob jacqueline jacques jade jaden
jake james jamie jane janelle janet janice jared jasmine jason jay jean jean-francois jean-guy jean-luc jean-
marc jean-philippe jean-pierre jeanne jeff jeffrey jenna jennifer jenny jeremy jerome jesse jessica jill jim
jimmy joanne jocelyn jocelyne jodie joe joel joelle johanne john johnny jonathan jordan jose josee joseph josh
joshua joy joyce judith judy julia julian julie julien juliette justin justine kaitlyn karen karina karine
kate katelyn katherine kathleen kathryn kathy katie kayla kaylee keith kelly kelsey ken kendra kenneth kerry
kevin kim kimberly kirk kristen kristin kristina kyle lana lance laura laurence laurent lauren laurie layla
lea leah lee leo leon leslie liam lily linda lindsay lindsey lisa logan lorraine louis louise luc lucas lucie
lucy luis luke lyne lynn mackenzie madeleine madison maggie malik mandy manon marc marc-andre marcel marco
marcus margaret maria marie marie-claude marie-eve marie-josee marie-pier marilyn marina mario marion mark
marlene martha martin martine mary mathieu matthew maude maxime maya megan melanie melissa michael michaela
micheline michel michele michelle mia miguel mike mireille mitchell molly monica monique morgan nadia nadine
nancy natalie natasha nathalie nathan nathaniel neil nicholas nick nicolas nicole nina noah noemie nolan
norman oceane olivia olivier omar owen paige pamela pascal pascale patricia patrick paul paula pauline peggy
penny peter philippe phillip pierre rachel raphael raymond rebecca regis remi renee richard rick robert
roberta robin rodney roger ronald rose roxanne ruby russell ryan sabrina sally samantha samuel sandra sara
sarah savannah scott sean sebastien serge shane shannon sharon shawn shawna sheila shelby sherry simon simone
skylar sophia sophie stacey stacy stephane stephanie steve steven susan suzanne sydney sylvain sylvie tamara
tammy tanya tara taylor teresa terrence terri terry theresa thomas tiffany timothy tina todd tom tony tori
tracy travis trevor tristan troy tyler valerie vanessa veronique victor victoria vincent virginie wayne wendy
william wyatt yannick yves yvette yvon zachary zoe abraham adeline agathe agnes albert alberto alec alexia
alfred ali alina allan alma alyson amandine amir amira anastasia andré andrée andy angel angelina anik anika
annabelle annette annick antonio archie autumn ariane arielle arthur ashlee aubree aurelie aurélie axel ayden barry
beau béatrice becca bella benoît bernadette bertrand blair bo braden braeden braxton brayden brendon brianne
brielle brody brooklyn bryson caden caitlyn calvin camden candice cassie catalina cecilia cedric cédric
celeste chanel chantelle chelsey cheyanne chiara clarisse claudette clayton clifford clint colton connie
conrad corinne cristina cyril damian damien daphne darcy darius darla daryl deacon declan delia delphine
derrick desmond dexter dianne dillon donovan dorothée easton eden edgar edith edmond eileen elena eliane eliot
elliot elliott elodie élodie eloise elsa emerson emile émile emilia emmanuel emmanuelle enzo erika ernest
esther estelle étienne etienne eve ève everett fabrice fatima felicia félix fernande fiona flora florian
frédéric frédérique gaël gaetan gaétan garrett gaston gemma geneviève geoffrey gérald germain gilbert giselle
gord grayson greta griffin gustave hailey halle hank harley harper hayden heidi helen helena hélène herman
holden hollie howard hubert imogen irene isaiah isabel isabella isla ivan jace jacinthe jaclyn jaime jakob
jameson janie jarrod jasmin jaxon jayden jayson jeannine jérémie jeremie jérôme jessie jett joanie jodi joey
johanna jolene jonah jordyn josiane josie josée jude julianne juliet justina kaden kai kaitlin kara karl kasey
kassandra katrina kayden keegan kendall kenny kenzie kerri khloe kian kiara kieran kirsten kristy kurt kyla
kylie lachlan lacey landon lara larissa lawrence leila lena léo leonard léon levi lexie liliane lilly lina
lionel lise lisette liv lloyd lola lorie lorna lou louie luca lucien luna lydia lyla macy madeline madelyn
madisyn maeve maika malcolm mallory marcelle margot mariane marianne marie-anne marie-christine marie-france
marie-hélène marie-helene marie-josée marie-lou marie-soleil marjorie marlon marshall mathias mathis matteo
matthieu maurice mavis maxence maxim mckenna meghan melina mélanie mélissa melody mercedes micah michaël
mikael mila miles millie miranda mitch moïse monika morgane myriam nadège naomi natalia nelson noël noel nora
norah oliver oscar paloma payton penelope perry peyton philip pierre-luc pierre-olivier piper poppy preston
priscilla quentin quinn rachelle raphaëlle raphaelle reagan rémi renée rhiannon ricardo riley rita robbie
roberto robyn rodrigue roland romain rory rosalie rosie rowan roxane rudy ruth ryder sadie salma sam samara
sandrine santiago sasha savanna sawyer scarlett sébastien sebastian seth shania shauna shayla sheena sierra
silas skye sofia solange sonia spencer stella stéphanie stephen sterling susanne tanner tatiana teagan tessa
thierry tia tiana tobias tommy tracey trent trinity tucker tyson valérie valentin vera veronica véronique
vince vivian wade walter warren wesley weston whitney xavier yan yann yasmine yvan yvonne zach zane zoé zoey
kiera keira ciara kiana darnell deshawn dashawn tyrone jamal jermaine terrell trevon jamar rashad tariq shaquille
keisha latoya tanisha ebony imani jada nia kiara
harjit harpreet gurpreet manpreet jaspreet amandeep simran navdeep rajinder sukhdeep kuldeep gurjit baljit
parminder ranjit hardeep jaswinder inderjit tajinder arjun rohan aarav aditya neha pooja divya sunita ravi
sanjay vikram priya anjali deepak rahul nikhil
tehonikonrathe kahentiiosta karonhiio kaniehtiio waneek kahente kawennahere tekarontake kaienta kanentokon jamesie
lucassie pauloosie joanasie peterloosie mosesie elisapee jaypeetee pitseolak tagak jaaji qajaq ningiuk nimkii migizi
waaseyaa niigaan biidaaban ziigwan makwa wapun shaylee shaylynn tianna keanna kayleigh mariah makayla jaylene kierra
tenille gladys edna ethel mildred myrtle bernice verna velma harriet mabel delores dolores geraldine gwen gwendolyn
rosanne rosemary viola winnifred eunice ernestine wilfred alphonse elmer leroy lyle melvin sylvester alvin cecil
darrell dwayne
gurdeep tanvir gurinder harjot jasleen jaskaran gurleen harleen manjit sukhwinder paramjit amrit arshdeep navjot
prabhjot rupinder kamaljit balwinder satnam gagandeep ramandeep lovepreet karanveer harmanpreet jagdeep sandeep
pardeep pradeep rajesh suresh ramesh mahesh anil sunil ajay vijay amit sumit rohit mohit arun varun karan nisha asha
rekha meena shreya ananya aisha ayesha zainab hassan hussein ahmad mohammed muhammad mohamed yusuf ibrahim imran
faisal bilal hamza zara sana farah samir amina khadija abdullahi abdirahman hodan ayaan hamdi ikram asad tanveer rafiq
shahid naveed jaswant gurmeet harvinder kulwinder amarjit avtar baldev davinder gurbir harbhajan jatinder lakhvir
mandeep narinder paramveer rajvir sarbjit surinder tarsem
tyrese marquis marquise deandre tyrell jalen kareem rasheed kwame kofi kojo akosua abena chidi chinedu emeka obinna
ngozi adaeze chioma oluwaseun tunde ayodele folake shaniqua tamika shanice shantel jahmal akeem omari kamal nnamdi
femi segun
melodie huguette rejean ghislain loic coralie maelle megane pierrette
tomasz łukasz piotr paweł pawel krzysztof marek jakub michał michal wojciech andrzej grzegorz kamil dawid mateusz
bartosz agnieszka katarzyna małgorzata malgorzata magdalena joanna renata ewa beata dorota monika justyna zofia
oksana olena olga iryna tetiana yulia svitlana svetlana vasyl taras bohdan oleksandr oleksiy dmytro mykola serhiy
yuriy ivan igor sergei sergey dmitri dmitry vladimir nikolai mikhail andrei alexei viktor anastasia ekaterina
tatiana ludmila galina milan dragan goran zoran nikola marija jelena ivana mirela bogdan radu ioana andreea
kwabena kwaku kwadwo kwasi kwesi akua adwoa yaa afua efua ekua abenaa
hyun-woo min-jun ji-hoon seo-yeon ji-woo min-seo ha-eun jae-won sung-min ji-yeon young-ho soo-jin thanh minh linh
huong trang duc quang tuan
noor nour omar layla leila yasmin yasmeen maryam fatima mariam reza amir parisa soraya farid haidar karim nadia rania
tariq walid zaid samira jamila nasser
fred freddie freddy ted teddy ned stan bert ernie archie alfie tegan teagan keegan declan rowan kellan bryce brock
trent clint darcy paulette georgette jeannette antoinette bernadette colette odette nanette dany danny dontae donte
dante davontae deshawn keshawn tremaine
"""

# One family per line: names that services write for the same person.
_FAMILIES = """
katherine catherine kathryn kathleen kate kathy katie kat cathy kay
elizabeth liz lizzie beth betty eliza lisa elisabeth elise
margaret maggie meg peggy
jennifer jen jenny jenn
jessica jess jessie
rebecca becky becca
victoria vicky vicki tori tory
alexandra alex alexa sandra sandy lexi lexie
samantha sam sammy
stephanie steph
christina christine chris chrissy tina kristina
nicole nikki nicky
ashley ash
brittany britt brittney britney
courtney court
danielle dani
amanda mandy
melissa mel missy
patricia pat patty trish tricia
deborah debbie deb debra
susan sue susie suzanne
kimberly kim
cynthia cindy
theresa tess tessa therese
abigail abby
crystal krystal
kayla kaylee
isabelle isabel izzy bella
emily emilie emmy
madison maddie maddy
gabrielle gabby gaby
genevieve gen
michael mike mikey mick michel
william will bill billy liam
robert rob bob bobby robbie
richard rick ricky dick
james jim jimmy jamie
joseph joe joey jo
john johnny jack jon
jonathan jon jonny
thomas tom tommy
christopher chris topher
matthew matt matty
nicholas nick nicky nicolas
daniel dan danny
anthony tony ant
andrew andy drew
joshua josh
benjamin ben benny
samuel sam sammy
alexander alex xander alexandre
david dave davey
edward ed eddie ted teddy
steven steve stephen stephane
timothy tim timmy
terrence terry terence
trevor trev
zachary zach zack
nathan nate nathaniel
jacob jake
gregory greg
jeffrey jeff geoffrey
kenneth ken kenny
douglas doug
gerald gerry jerry
raymond ray
ronald ron ronnie
donald don donnie
patrick pat paddy
francois frank
jean-francois jf
marc-andre marc
maxime max
valerie val
mackenzie kenzie
madeline madeleine maddie maddy
benoit ben
philippe philip phillip phil
gabriel gabe
genevieve gen
jacqueline jackie
sebastien seb
olivier oliver ollie
luc lucas luke
remi remy
katherine cat katy
margaret marge margo
stephanie stephane
christina kristen kirsten
nicole nic
danielle danny
michelle shelly michele
theresa terry
taylor tay
jolene jo
destiny des
crystal chrystal
savannah savanna
emily em
marie mary maria
francoise fran
josee josie
veronique vero
melanie mel
sophie soph
michael mickey
william willie guillaume
richard rich
john jean
matthew mathieu
andrew andre
anthony antoine
nicholas nico
jordan jordy
tyler ty
travis trav
justin justy
kevin kev
steven stevie
terrence terrance
dustin dusty
edward ned edouard
charles charlie chuck chaz charlot
francois frankie francis
jean-philippe jp
pierre pete peter
lawrence larry laurent
sebastien sebastian
maxime maximilien
"""


@cache
def _given_set() -> frozenset[str]:
    names = {fold(w) for w in _GIVEN.split()}
    for line in _FAMILIES.strip().splitlines():
        names.update(fold(w) for w in line.split())
    return frozenset(names)


@cache
def _families() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in _FAMILIES.strip().splitlines():
        family = {fold(w) for w in line.split()}
        for name in family:
            out.setdefault(name, set()).update(family)
    return {name: frozenset(names) for name, names in out.items()}


@lru_cache(maxsize=1 << 16)
def curated_given_names() -> frozenset[str]:
    """The lexicon written here (folded), without the census list."""
    return _given_set()


@cache
def _census_set() -> frozenset[str]:
    """Given names of the U.S. 1990 census (public domain) that the curated lexicon lacks, filtered by
    ``scripts/census-given-names.py``: Doreen, Rosalind, Yesenia, Waylon. They count as given names, but one
    letter off one of them is no name (:func:`is_given_name_misspelt` reads only the curated lexicon): among
    thousands of rarer names too many words are one letter away."""
    text = resources.files("nlp").joinpath("data/census_given_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def _community_set() -> frozenset[str]:
    """Given names of the communities the services meet (Persian, Somali, Tamil, Punjabi, Haitian, Inuit,
    Anishinaabe, Kanien'kéha...) that neither list above holds: ``data/community_given_names.txt``, written by hand.
    The small statistical models rarely tag a lone "Arash" or "Tharshika" as a person, and the census list is
    American of 1990: without these, a youth with a name of her community is found only beside a surname or a cue.
    Like the census names, they count as given names but not as targets of a misspelling."""
    text = resources.files("nlp").joinpath("data/community_given_names.txt").read_text(encoding="utf-8")
    return frozenset(fold(word) for line in text.splitlines() if not line.startswith("#") for word in line.split())


def _known(folded: str) -> bool:
    return folded in _given_set() or folded in _census_set() or folded in _community_set()


#: Given names written with an accent that, without it, are words (« Réal », not "real").
_ACCENTED_ONLY = frozenset({"réal"})


def is_given_name(word: str) -> bool:
    """Whether a word is a common given name (case and accents ignored; ``Jean-François`` too)."""
    folded = fold(word)
    if _known(folded) or word.lower() in _ACCENTED_ONLY:
        return True
    parts = folded.split("-")
    return len(parts) == 2 and all(_known(part) for part in parts)


@cache
def _deletions() -> frozenset[str]:
    """Every lexicon name of six letters or more, and each with one letter deleted."""
    out: set[str] = set()
    for name in _given_set():
        if len(name) >= 6 and "-" not in name:
            out.add(name)
            out.update(name[:i] + name[i + 1:] for i in range(len(name)))
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def is_given_name_misspelt(word: str) -> bool:
    """Whether a longer word is one letter away from a known given name (``Alexanra``, ``Josianne``).

    One edit either way (a letter dropped, added, changed, or two swapped) is found by
    comparing one-letter deletions of both sides. Only for six letters and more: among short
    words one letter turns too many into names.
    """
    folded = fold(word)
    if len(folded) < 6 or not folded.isalpha() or _known(folded):
        return False
    index = _deletions()
    return folded in index or any(folded[:i] + folded[i + 1:] in index for i in range(len(folded)))


@lru_cache(maxsize=1 << 16)
def given_variants(word: str) -> frozenset[str]:
    """The folded name and its short and long forms (``kathy`` → katherine, kate, ...)."""
    folded = fold(word)
    return _families().get(folded, frozenset()) | {folded}


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names are the same name: equal after folding, or in one family."""
    fa, fb = fold(a), fold(b)
    return fa == fb or fb in _families().get(fa, frozenset())
