#!/usr/bin/python3
"""Generate src/lexicon/data/institutions.xml: for every country of countries.xml its
government, defence, foreign and interior ministries, armed forces and service branches, in
the usual English forms ("Nigerian Army", "Army of Nigeria", "Nigeria Army"), plus the real
names of the table below.

A body that actors.xml already has (found by one of the generated names, or named in the
table) keeps its id: the generated file adds only the aliases that entity lacks. A generated
name another entity already claims is left out. Only capitalised forms are written: the
lexicon's default `title` case rule refuses "Syrian army", which the guideline counts as the
country alone (rule 17).

    /usr/bin/python3 scripts/gen-lexicon-classes.py           # rewrite the file
    /usr/bin/python3 scripts/gen-lexicon-classes.py --check   # exit 1 if it is stale
"""
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "src", "lexicon", "data")
OUT = os.path.join(DATA, "institutions.xml")

# class: (id suffix, subtype, display name from a demonym, from the country's name)
CLASSES = {
    "government": ("government", "government", "Government of {the}{N}", "Government of {the}{N}"),
    "defence": ("ministry-of-defence", "government", "{A} Ministry of Defence",
                "Ministry of Defence of {the}{N}"),
    "foreign": ("ministry-of-foreign-affairs", "government", "{A} Ministry of Foreign Affairs",
                "Ministry of Foreign Affairs of {the}{N}"),
    "interior": ("ministry-of-interior", "government", "{A} Ministry of Interior",
                 "Ministry of Interior of {the}{N}"),
    "armed_forces": ("armed-forces", "military", "{A} Armed Forces", "Armed Forces of {the}{N}"),
    "army": ("army", "military", "{A} Army", "Army of {the}{N}"),
    "navy": ("navy", "military", "{A} Navy", "Navy of {the}{N}"),
    "air_force": ("air-force", "military", "{A} Air Force", "Air Force of {the}{N}"),
    "general_staff": ("general-staff", "military", "{A} General Staff",
                      "General Staff of {the}{N}"),
    "coast_guard": ("coast-guard", "military", "{A} Coast Guard", "Coast Guard of {the}{N}"),
    "embassy": ("embassy", "government", "{A} Embassy", "Embassy of {the}{N}"),
}
# Entities of countries.xml that get no bodies: a state that no longer exists.
SKIP = {"soviet-union"}

# Forms per class: {A} an adjective demonym, {N} a country name, {the} its article.
FORMS = {
    "government": ["{A} Government", "Government of {the}{N}"],
    "defence": [
        "{A} Defence Ministry", "{A} Defense Ministry", "{A} Ministry of Defence",
        "{A} Ministry of Defense", "{N} Defence Ministry", "{N} Defense Ministry",
        "{N} Ministry of Defence", "{N} Ministry of Defense", "Ministry of Defence of {the}{N}",
        "Ministry of Defense of {the}{N}", "Defence Ministry of {the}{N}",
        "Defense Ministry of {the}{N}",
    ],
    "foreign": [
        "{A} Foreign Ministry", "{A} Ministry of Foreign Affairs", "{N} Foreign Ministry",
        "{N} Ministry of Foreign Affairs", "Ministry of Foreign Affairs of {the}{N}",
        "Foreign Ministry of {the}{N}",
    ],
    "interior": [
        "{A} Interior Ministry", "{A} Ministry of Interior", "{A} Ministry of the Interior",
        "{N} Interior Ministry", "{N} Ministry of Interior", "Ministry of Interior of {the}{N}",
        "Ministry of the Interior of {the}{N}", "Interior Ministry of {the}{N}",
    ],
    "armed_forces": ["{A} Armed Forces", "{N} Armed Forces", "Armed Forces of {the}{N}"],
    "army": ["{A} Army", "{N} Army", "Army of {the}{N}"],
    "navy": ["{A} Navy", "{N} Navy", "Navy of {the}{N}"],
    "air_force": ["{A} Air Force", "{N} Air Force", "Air Force of {the}{N}"],
    "general_staff": ["{A} General Staff", "{N} General Staff", "General Staff of {the}{N}"],
    "coast_guard": ["{A} Coast Guard", "{N} Coast Guard", "Coast Guard of {the}{N}"],
    # A state's embassies are one body, as the guideline's "Russian Embassy" (rule 8).
    "embassy": ["{A} Embassy", "{N} Embassy", "Embassy of {the}{N}"],
}

# Ministries named "of National Defence" (official English names).
NATIONAL_DEFENCE = {
    "algeria", "bulgaria", "burkina-faso", "chile", "china", "colombia", "ecuador",
    "el-salvador", "greece", "guatemala", "lebanon", "lithuania", "mongolia", "poland",
    "romania", "south-korea", "taiwan", "turkey", "vietnam",
}
NATIONAL_FORMS = [
    "{A} Ministry of National Defence", "{A} Ministry of National Defense",
    "Ministry of National Defence of {the}{N}", "Ministry of National Defense of {the}{N}",
]

# States with no armed forces (defended by another state, or abolished): no defence
# ministry, armed forces or branches.
NO_MILITARY = {
    "andorra", "costa-rica", "dominica", "grenada", "iceland", "kiribati", "liechtenstein",
    "marshall-islands", "mauritius", "micronesia", "monaco", "nauru", "palau", "panama",
    "saint-lucia", "saint-vincent-and-the-grenadines", "samoa", "solomon-islands", "tuvalu",
    "vanuatu", "vatican-city", "palestine",
}
# Landlocked states without a navy (Bolivia, Paraguay and the Caspian states have one).
NO_NAVY = {
    "afghanistan", "armenia", "austria", "belarus", "bhutan", "botswana", "burkina-faso",
    "burundi", "central-african-republic", "chad", "czech-republic", "eswatini", "ethiopia",
    "hungary", "kosovo", "kyrgyzstan", "laos", "lesotho", "luxembourg", "malawi", "mali",
    "moldova", "mongolia", "nepal", "niger", "north-macedonia", "rwanda", "san-marino",
    "serbia", "slovakia", "south-sudan", "switzerland", "tajikistan", "uganda", "uzbekistan",
    "zambia", "zimbabwe",
}
# Country names that also name another place in front of a body ("Georgia Army National
# Guard" is the US state's): only "of" forms and demonyms.
NAME_NOT_IN_FRONT = {"georgia"}
# States with no armed forces but a coast guard.
COAST_GUARD_ONLY = {"iceland"}
# Forces with no separate air arm.
NO_AIR_FORCE = {"gambia", "luxembourg", "san-marino", "saint-kitts-and-nevis", "barbados",
                "belize", "cape-verde", "seychelles", "malta", "bahamas", "jamaica",
                "trinidad-and-tobago", "antigua-and-barbuda", "guyana", "tonga", "fiji",
                "papua-new-guinea", "sao-tome-and-principe", "comoros", "guinea-bissau",
                "liberia", "sierra-leone", "suriname", "east-timor",
                "brunei", "maldives", "kosovo", "montenegro", "moldova"}

# Country table: "adj" replaces the demonym adjectives (an empty list: names only, for
# states whose demonym is shared or ethnic), "short" adds country names, "the" marks names
# that take the article. Class entries: "id" reuses an actors.xml entity, "name" the display
# name, "real" extra aliases ("!X" an acronym, "?X" an acronym that is shared: it counts
# only when the document also names the body otherwise), "pattern": False keeps only "real".
TABLE = {
    "australia": {"armed_forces": {"id": "australian-defence-force"},
                  "navy": {"id": "royal-australian-navy"},
                  "army": {"name": "Australian Army"},
                  "air_force": {"name": "Royal Australian Air Force", "real": ["!RAAF"]},
                  "defence": {"name": "Australian Department of Defence",
                              "real": ["Department of Defence of Australia"]},
                  "foreign": {"real": ["Department of Foreign Affairs and Trade", "!DFAT"]}},
    "bahamas": {"the": True},
    "bangladesh": {"army": {"name": "Bangladesh Army"}, "navy": {"name": "Bangladesh Navy"},
                   "air_force": {"name": "Bangladesh Air Force"}},
    "belgium": {"armed_forces": {"real": ["Belgian Defence"]}},
    "bosnia-and-herzegovina": {"short": ["BiH"]},
    "botswana": {"armed_forces": {"name": "Botswana Defence Force", "real": ["?BDF"]}},
    "brazil": {"air_force": {"real": ["?FAB"]}},
    "burkina-faso": {"army": {"pattern": False}},
    "cambodia": {"armed_forces": {"name": "Royal Cambodian Armed Forces", "real": ["?RCAF"]}},
    "canada": {"armed_forces": {"name": "Canadian Armed Forces"},
               "navy": {"name": "Royal Canadian Navy"},
               "air_force": {"name": "Royal Canadian Air Force", "real": ["?RCAF"]},
               "defence": {"name": "Department of National Defence",
                           "real": ["Canadian Department of National Defence", "?DND"]},
               "foreign": {"name": "Global Affairs Canada"},
               "army": {"name": "Canadian Army"}},
    "central-african-republic": {"the": True, "adj": ["Central African"]},
    "chad": {"army": {"name": "Chadian National Army", "real": ["Chadian Army"]}},
    "china": {"short": ["PRC"], "general_staff": {"pattern": False},
              "armed_forces": {"id": "peoples-liberation-army"},
              "army": {"id": "pla-ground-force", "name": "PLA Ground Force", "pattern": False,
                       "real": ["People's Liberation Army Ground Force", "PLA Army"]},
              "navy": {"id": "pla-navy", "real": ["People's Liberation Army Navy"]},
              "air_force": {"id": "pla-air-force", "real": ["People's Liberation Army Air Force"]},
              "defence": {"id": "chinese-defense-ministry"},
              "foreign": {"id": "chinese-foreign-ministry"},
              "interior": {"pattern": False}},
    "comoros": {"the": True},
    "czech-republic": {"the": True, "short": ["Czechia"],
                       "armed_forces": {"real": ["Army of the Czech Republic", "Czech Army"]},
                       "army": {"name": "Czech Land Forces", "pattern": False}},
    "democratic-republic-of-the-congo": {
        "the": True, "adj": [], "short": ["DRC", "DR Congo"],
        "armed_forces": {"name": "Armed Forces of the Democratic Republic of the Congo",
                         "real": ["!FARDC"]}},
    "denmark": {"defence": {"id": "danish-defense-ministry"},
                "army": {"name": "Royal Danish Army"}, "navy": {"name": "Royal Danish Navy"},
                "air_force": {"name": "Royal Danish Air Force"},
                "armed_forces": {"name": "Danish Defence"}},
    "dominican-republic": {"the": True, "adj": []},
    "egypt": {"armed_forces": {"name": "Egyptian Armed Forces"}},
    "eswatini": {"adj": []},
    "estonia": {"armed_forces": {"name": "Estonian Defence Forces"}},
    "ethiopia": {"armed_forces": {"name": "Ethiopian National Defense Force",
                                  "real": ["Ethiopian National Defence Force", "!ENDF"]}},
    "finland": {"armed_forces": {"id": "finnish-defence-forces"}},
    "france": {"armed_forces": {"id": "french-armed-forces"}, "army": {"id": "french-army"},
               "navy": {"id": "french-navy"}, "air_force": {"id": "french-air-and-space-force"},
               "defence": {"id": "french-defense-ministry",
                           "real": ["Ministry of the Armed Forces", "French Ministry of the Armed Forces",
                                    "French Armed Forces Ministry", "French Ministry of Armed Forces"]},
               "foreign": {"id": "french-foreign-ministry",
                           "real": ["Ministry for Europe and Foreign Affairs", "Quai d'Orsay"]}},
    "gambia": {"the": True},
    "georgia": {"armed_forces": {"name": "Defense Forces of Georgia",
                                 "real": ["Georgian Defense Forces", "Georgian Defence Forces"]}},
    "germany": {"armed_forces": {"id": "bundeswehr"}, "air_force": {"id": "luftwaffe"},
                "navy": {"id": "german-navy"}, "defence": {"id": "german-defense-ministry"},
                "foreign": {"id": "german-foreign-office"},
                "interior": {"real": ["Federal Ministry of the Interior"]}},
    "greece": {"coast_guard": {"name": "Hellenic Coast Guard"},
               "armed_forces": {"name": "Hellenic Armed Forces"}, "army": {"name": "Hellenic Army"},
               "navy": {"name": "Hellenic Navy"}, "air_force": {"name": "Hellenic Air Force"}},
    "guinea": {"adj": []},
    "hungary": {"armed_forces": {"name": "Hungarian Defence Forces"}},
    "india": {"general_staff": {"pattern": False},
              "armed_forces": {"id": "indian-armed-forces"}, "army": {"id": "indian-army"},
              "navy": {"id": "indian-navy"}, "air_force": {"id": "indian-air-force"},
              "defence": {"id": "indian-defence-ministry"},
              "foreign": {"id": "indian-ministry-of-external-affairs"},
              "interior": {"name": "Indian Ministry of Home Affairs",
                           "real": ["Ministry of Home Affairs of India", "Indian Home Ministry"]}},
    "indonesia": {"armed_forces": {"name": "Indonesian National Armed Forces",
                                   "real": ["Indonesian Armed Forces", "?TNI"]}},
    "iran": {"armed_forces": {"name": "Islamic Republic of Iran Armed Forces"},
             "army": {"id": "artesh"},
             "navy": {"name": "Islamic Republic of Iran Navy", "real": ["!IRIN"]},
             "air_force": {"name": "Islamic Republic of Iran Air Force", "real": ["!IRIAF"]},
             "defence": {"id": "iranian-defense-ministry"},
             "foreign": {"id": "iranian-foreign-ministry"}},
    "israel": {"armed_forces": {"id": "israel-defense-forces"},
               "army": {"id": "israel-defense-forces"},
               "navy": {"id": "israeli-navy"}, "air_force": {"id": "israeli-air-force"},
               "defence": {"id": "israeli-defense-ministry"},
               "foreign": {"id": "israeli-foreign-ministry"}},
    "ireland": {"armed_forces": {"name": "Irish Defence Forces"}},
    "italy": {"defence": {"real": ["Italian Defence Ministry"]}},
    "ivory-coast": {"short": ["Côte d'Ivoire"]},
    "japan": {"general_staff": {"pattern": False},
              "armed_forces": {"id": "japan-self-defense-forces"},
              "army": {"id": "japan-ground-self-defense-force", "pattern": False},
              "navy": {"id": "japan-maritime-self-defense-force", "pattern": False},
              "air_force": {"id": "japan-air-self-defense-force", "pattern": False},
              "defence": {"id": "japanese-defense-ministry"},
              "foreign": {"id": "japanese-foreign-ministry"}},
    "kenya": {"armed_forces": {"name": "Kenya Defence Forces", "real": ["!KDF"]},
              "army": {"name": "Kenya Army"}},
    "kosovo": {"armed_forces": {"name": "Kosovo Security Force", "real": ["!KSF"]}},
    "lebanon": {"armed_forces": {"id": "lebanese-armed-forces"},
                "army": {"id": "lebanese-armed-forces"}},
    "libya": {"armed_forces": {"pattern": False}, "army": {"pattern": False}},
    "malaysia": {"navy": {"name": "Royal Malaysian Navy"},
                 "air_force": {"name": "Royal Malaysian Air Force"}},
    "maldives": {"the": True},
    "mali": {"armed_forces": {"real": ["!FAMa"]}},
    "marshall-islands": {"the": True},
    "mexico": {"defence": {"name": "Secretariat of National Defense",
                           "real": ["Mexican Secretariat of National Defense", "!SEDENA",
                                    "Mexican Defense Ministry"], "pattern": False},
               "navy": {"real": ["!SEMAR"]}},
    "morocco": {"armed_forces": {"name": "Royal Moroccan Armed Forces"}},
    "myanmar": {"armed_forces": {"id": "tatmadaw"}},
    "namibia": {"armed_forces": {"name": "Namibian Defence Force"}},
    "netherlands": {"the": True, "army": {"name": "Royal Netherlands Army"},
                    "navy": {"name": "Royal Netherlands Navy"},
                    "air_force": {"name": "Royal Netherlands Air and Space Force",
                                  "real": ["Royal Netherlands Air Force"]}},
    "new-zealand": {"armed_forces": {"name": "New Zealand Defence Force", "real": ["!NZDF"]},
                    "navy": {"name": "Royal New Zealand Navy"},
                    "air_force": {"name": "Royal New Zealand Air Force"}},
    "niger": {"armed_forces": {"name": "Nigerien Armed Forces"}},
    "nigeria": {"armed_forces": {"name": "Armed Forces of Nigeria"}},
    "north-korea": {"short": ["DPRK"], "armed_forces": {"id": "korean-peoples-army"},
                    "army": {"id": "korean-peoples-army"},
                    "navy": {"name": "Korean People's Army Navy"},
                    "air_force": {"name": "Korean People's Army Air Force"},
                    "foreign": {"id": "north-korean-foreign-ministry"}},
    "norway": {"navy": {"name": "Royal Norwegian Navy"},
               "air_force": {"name": "Royal Norwegian Air Force"}},
    "pakistan": {"armed_forces": {"id": "pakistan-armed-forces"}, "army": {"id": "pakistan-army"},
                 "navy": {"id": "pakistan-navy"}, "air_force": {"id": "pakistan-air-force"}},
    "philippines": {"the": True, "armed_forces": {"id": "armed-forces-of-the-philippines"},
                    "navy": {"id": "philippine-navy"},
                    "defence": {"name": "Philippine Department of National Defense",
                                "real": ["Department of National Defense of the Philippines"]},
                    "foreign": {"name": "Philippine Department of Foreign Affairs"}},
    "poland": {"armed_forces": {"id": "polish-armed-forces"}, "army": {"id": "polish-armed-forces"},
               "defence": {"id": "polish-defense-ministry"}},
    "republic-of-the-congo": {"the": True, "adj": []},
    "russia": {"short": ["the Russian Federation"],
               "armed_forces": {"id": "russian-armed-forces"},
               "army": {"id": "russian-ground-forces"}, "navy": {"id": "russian-navy"},
               "air_force": {"id": "russian-aerospace-forces"},
               "defence": {"id": "russian-defense-ministry"},
               "foreign": {"id": "russian-foreign-ministry"}},
    "rwanda": {"armed_forces": {"name": "Rwanda Defence Force", "real": ["Rwandan Defence Force",
                                                                         "?RDF"]}},
    "saudi-arabia": {"armed_forces": {"name": "Saudi Armed Forces"},
                     "army": {"name": "Royal Saudi Land Forces", "real": ["Saudi Army"]},
                     "navy": {"name": "Royal Saudi Navy"},
                     "air_force": {"name": "Royal Saudi Air Force", "real": ["!RSAF"]}},
    "seychelles": {"the": True},
    "solomon-islands": {"the": True},
    "somalia": {"army": {"name": "Somali National Army"}},
    "south-africa": {"armed_forces": {"name": "South African National Defence Force",
                                      "real": ["!SANDF"]}},
    "south-korea": {"short": ["ROK"], "coast_guard": {"name": "Korea Coast Guard"},
                    "general_staff": {"id": "south-korean-joint-chiefs-of-staff", "pattern": False},
                    "armed_forces": {"name": "Republic of Korea Armed Forces"},
                    "army": {"name": "Republic of Korea Army"},
                    "navy": {"name": "Republic of Korea Navy"},
                    "air_force": {"name": "Republic of Korea Air Force"},
                    "defence": {"id": "south-korean-defense-ministry"},
                    "foreign": {"id": "south-korean-foreign-ministry"}},
    "south-sudan": {"armed_forces": {"name": "South Sudan People's Defence Forces",
                                     "real": ["!SSPDF"]}},
    "sudan": {"armed_forces": {"id": "sudanese-armed-forces"},
              "army": {"id": "sudanese-armed-forces"}},
    "sweden": {"armed_forces": {"id": "swedish-armed-forces"}},
    "syria": {"army": {"id": "syrian-arab-army"}, "defence": {"id": "syrian-defense-ministry"}},
    "taiwan": {"short": ["ROC"], "armed_forces": {"id": "republic-of-china-armed-forces"},
               "army": {"name": "Republic of China Army"},
               "navy": {"name": "Republic of China Navy"},
               "air_force": {"name": "Republic of China Air Force"},
               "defence": {"id": "taiwanese-defense-ministry"}},
    "tanzania": {"armed_forces": {"name": "Tanzania People's Defence Force", "real": ["!TPDF"]}},
    "thailand": {"armed_forces": {"name": "Royal Thai Armed Forces"},
                 "army": {"name": "Royal Thai Army"}, "navy": {"name": "Royal Thai Navy"},
                 "air_force": {"name": "Royal Thai Air Force"}},
    "turkey": {"short": ["Türkiye"], "armed_forces": {"id": "turkish-armed-forces"},
               "army": {"name": "Turkish Land Forces", "real": ["Turkish Army"]},
               "navy": {"name": "Turkish Naval Forces", "real": ["Turkish Navy"]},
               "air_force": {"id": "turkish-air-force"},
               "defence": {"id": "turkish-defense-ministry"},
               "foreign": {"id": "turkish-foreign-ministry"}},
    "uganda": {"armed_forces": {"name": "Uganda People's Defence Force", "real": ["!UPDF"]}},
    "ukraine": {"armed_forces": {"id": "armed-forces-of-ukraine"},
                "army": {"id": "ukrainian-ground-forces"}, "navy": {"id": "ukrainian-navy"},
                "air_force": {"id": "ukrainian-air-force"},
                "defence": {"id": "ukrainian-defense-ministry"},
                "foreign": {"id": "ukrainian-foreign-ministry"}},
    "united-arab-emirates": {"the": True, "short": ["UAE"]},
    "united-kingdom": {"the": True, "short": ["UK", "U.K.", "Britain"],
                      "general_staff": {"pattern": False},
                      "coast_guard": {"name": "HM Coastguard", "pattern": False,
                                      "real": ["UK Coastguard", "British Coastguard"]},
                      "armed_forces": {"name": "British Armed Forces",
                                       "real": ["His Majesty's Armed Forces"]},
                      "army": {"id": "british-army"}, "navy": {"id": "royal-navy"},
                      "air_force": {"id": "royal-air-force"},
                      "defence": {"id": "uk-ministry-of-defence"},
                      "foreign": {"id": "uk-foreign-office"},
                      "interior": {"name": "Home Office", "pattern": False,
                                   "real": ["UK Home Office", "British Home Office"]},
                      "government": {"real": ["His Majesty's Government", "HM Government"]}},
    "united-states": {"the": True, "short": ["US", "U.S."],
                      "general_staff": {"id": "us-joint-chiefs-of-staff", "pattern": False},
                      "armed_forces": {"id": "us-armed-forces"}, "army": {"id": "us-army"},
                      "navy": {"id": "us-navy"}, "air_force": {"id": "us-air-force"},
                      "defence": {"id": "pentagon", "pattern": False},
                      "foreign": {"id": "state-department", "pattern": False},
                      "interior": {"pattern": False}},
    "venezuela": {"armed_forces": {"name": "Bolivarian National Armed Forces",
                                   "real": ["Bolivarian National Armed Forces of Venezuela",
                                            "!FANB"]}},
    "vietnam": {"army": {"name": "Vietnam People's Army", "real": ["Vietnamese People's Army"]},
                "navy": {"name": "Vietnam People's Navy"},
                "air_force": {"name": "Vietnam People's Air Force"}},
    "zimbabwe": {"armed_forces": {"name": "Zimbabwe Defence Forces"},
                 "army": {"name": "Zimbabwe National Army"}},
}

# Demonyms that are nouns only ("Briton"), or not used for a state's bodies.
NOUN_DEMONYMS = {"Briton", "Britons", "Finns", "Danes", "Poles", "Swede", "Swedes",
                 "Spaniard", "Spaniards", "Icelander", "Icelanders", "Luxembourger",
                 "Luxembourgers", "New Zealander", "New Zealanders", "Solomon Islander",
                 "Solomon Islanders", "Filipino", "Filipinos", "Filipina", "Ni-Vanuatu",
                 "Azeris", "Kyrgyz", "Kosovars", "Soviets"}


def fold(s):
    return " ".join(s.replace("\u2019", "'").split()).casefold()


def load(path):
    return ET.parse(path).getroot().findall("entity")


def adjectives(entity, spec):
    if "adj" in spec:
        return spec["adj"]
    dems = [a.text for a in entity.findall("alias") if a.get("kind") == "demonym"]
    return [d for d in dems if d not in NOUN_DEMONYMS and not (d.endswith("s") and d[:-1] in dems)]


def classes_of(cid):
    out = ["government", "foreign", "interior", "embassy"]
    if cid not in NO_MILITARY:
        out += ["defence", "armed_forces", "army", "general_staff"]
        if cid not in NO_NAVY:
            out.append("navy")
        if cid not in NO_AIR_FORCE:
            out.append("air_force")
    if cid not in NO_NAVY and (cid not in NO_MILITARY or cid in COAST_GUARD_ONLY):
        out.append("coast_guard")
    return out


def fill(form, adj, name, the):
    return form.replace("{A}", adj or "").replace("{N}", name or "").replace("{the}", the)


def forms_for(cls, cid, adjs, names, the):
    """Names written "the X" in the table follow "of" only ("Ministry of Defence of the
    Russian Federation"), never stand in front ("Russian Federation Army"); acronyms stand
    in front only."""
    out = []
    forms = FORMS[cls] + (NATIONAL_FORMS if cls == "defence" and cid in NATIONAL_DEFENCE else [])
    for form in forms:
        if "{A}" in form:
            out += [fill(form, a, None, the) for a in adjs]
            continue
        for i, n in enumerate(names):
            article = the if i == 0 else ""
            if not any(c.islower() for c in n) and not form.startswith("{N}"):
                continue  # "US Army", never "Army of US"
            if cid in NAME_NOT_IN_FRONT and form.startswith("{N}"):
                continue
            if n.startswith("the "):
                if form.startswith("{N}"):
                    continue
                article, n = "the ", n[4:]
            out.append(fill(form, None, n, article))
    return out


def slug(s):
    out = "".join(c if c.isalnum() and c.isascii() else "-" for c in s.lower().replace("'", ""))
    return "-".join(p for p in out.split("-") if p)


class Gen:
    def __init__(self):
        self.countries = load(os.path.join(DATA, "countries.xml"))
        others = [f for f in sorted(os.listdir(DATA))
                  if f.endswith(".xml") and f not in ("countries.xml", "institutions.xml")]
        self.existing = {}  # id -> (element, set of folded aliases)
        self.claims = {}    # folded alias -> id
        for f in others + ["countries.xml"]:
            for e in load(os.path.join(DATA, f)):
                names = {fold(e.get("name"))} | {fold(a.text) for a in e.findall("alias")}
                self.existing[e.get("id")] = (e, names)
                for n in names:
                    self.claims.setdefault(n, (e.get("id"), False))
        self.out = {}  # id -> dict(type, subtype, name, country, aliases list)
        self.dropped = []

    def target(self, cls, cid, spec, aliases):
        """The existing entity this body is, if any: named in the table or found by name."""
        if "id" in spec:
            return spec["id"]
        subtype = CLASSES[cls][1]
        for a in aliases:
            owner = self.claims.get(fold(a), (None, False))[0]
            if owner in self.existing:
                e = self.existing[owner][0]
                if e.get("country") == cid and e.get("subtype") == subtype:
                    return owner
        return None

    def add(self, cls, entity, cspec):
        cid = entity.get("id")
        spec = cspec.get(cls, {})
        adjs = adjectives(entity, cspec)
        names = [entity.get("name")] + cspec.get("short", [])
        the = "the " if cspec.get("the") else ""
        pattern = forms_for(cls, cid, adjs, names, the) if spec.get("pattern", True) else []
        real = spec.get("real", [])
        if not pattern and not real and not spec.get("name") and "id" not in spec:
            return  # the table says this state has no such body under a usual name
        if spec.get("name"):
            display = spec["name"]
        elif adjs:
            display = fill(CLASSES[cls][2], adjs[0], names[0], the)
        elif CLASSES[cls][1] == "military" and not the:
            display = fill(CLASSES[cls][2], names[0], None, the)  # "Botswana Army"
        else:
            display = fill(CLASSES[cls][3], None, names[0], the)
        candidates = [display] + [r.lstrip("!?") for r in real] + pattern
        eid = self.target(cls, cid, spec, candidates)
        if eid and eid in self.existing:
            old = self.existing[eid][0]
            rec = self.out.setdefault(eid, {"subtype": old.get("subtype"), "name": old.get("name"),
                                            "country": old.get("country"), "aliases": []})
            have = self.existing[eid][1]
        else:
            if not eid:
                eid = slug((adjs[0] if adjs else names[0]) + " " + CLASSES[cls][0])
            assert eid not in self.existing, eid
            rec = self.out.setdefault(eid, {"subtype": CLASSES[cls][1], "name": display,
                                            "country": cid, "aliases": [], "new": True})
            have = {fold(display)}
        for text in [display] + real + pattern:
            self.add_alias(rec, eid, have, text)

    def add_alias(self, rec, eid, have, text):
        kind, shared = None, False
        if text[0] in "!?":
            kind, shared, text = "abbreviation", text[0] == "?", text[1:]
        key = fold(text)
        owner, owner_shared = self.claims.get(key, (None, False))
        if key in have:
            return
        if owner and owner != eid and not (shared and owner_shared):
            self.dropped.append((text, eid, owner))
            return
        have.add(key)
        self.claims[key] = (eid, shared)
        rec["aliases"].append((text, kind, shared))

    def run(self):
        for e in self.countries:
            cspec = TABLE.get(e.get("id"), {})
            if e.get("id") in SKIP:
                continue
            for cls in classes_of(e.get("id")):
                self.add(cls, e, cspec)
        return self.xml()

    def xml(self):
        esc = lambda s: (s.replace("&", "&amp;").replace("<", "&lt;")
                         .replace(">", "&gt;").replace('"', "&quot;"))
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 "<!-- Generated by scripts/gen-lexicon-classes.py from countries.xml and its",
                 "     table of real names; do not edit: change the script and run it again.",
                 "     Bodies actors.xml already has keep their id: here they get only the",
                 "     aliases they lack. -->",
                 '<lexicon version="1">']
        for eid in sorted(self.out):
            r = self.out[eid]
            head = '  <entity id="%s" type="actor" subtype="%s" name="%s" country="%s"' % (
                eid, r["subtype"], esc(r["name"]), r["country"])
            if not r["aliases"]:
                if r.get("new"):
                    lines.append(head + "/>")
                continue
            lines.append(head + ">")
            for text, kind, shared in r["aliases"]:
                attrs = (' kind="%s"' % kind if kind else "") + (' shared="true"' if shared else "")
                lines.append("    <alias%s>%s</alias>" % (attrs, esc(text)))
            lines.append("  </entity>")
        lines.append("</lexicon>")
        return "\n".join(lines) + "\n"


def main():
    gen = Gen()
    text = gen.run()
    if "--verbose" in sys.argv:
        for text_, eid, owner in gen.dropped:
            print("left out: %s (for %s, claimed by %s)" % (text_, eid, owner), file=sys.stderr)
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("%s is stale: run scripts/gen-lexicon-classes.py" % OUT, file=sys.stderr)
                return 1
        return 0
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
