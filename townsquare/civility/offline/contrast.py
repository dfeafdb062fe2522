"""Contrast data written by us: civil and uncivil comments that share their surface words.

A model fine-tuned on the public sets learns shortcuts: "a group word next to a negative word is
hate", "a quoted insult is an insult", "odd spelling is abuse". This module writes comments that
break those shortcuts, from our own vocabulary and our own sentence patterns (none taken or
adapted from a published test suite):

- **civil** (label 0): condemning hate by quoting it, reporting what someone said, negated hate,
  defending a group, neutral and positive mentions of identities (descriptors from the
  HolisticBias lexicon, benign frames only), reclaimed and homonymous uses of words that are
  also used as insults, profanity aimed at no one, violent idioms about games and chores, sharp
  criticism of what public figures did;
- **uncivil** (label 1): directed threats, threats against a group, group hate and
  dehumanisation, directed insults (plain and profane), insults at public figures' persons, and
  the reclaimed words turned into attacks: the same words on both sides.

Each **pattern** is a few wordings of one idea with slots (``{group}``, ``{insult}``, ...);
items are drawn by filling the slots from seeded choices and wrapping some in a context frame
("Re the article: ..."). The set is split **once, by pattern**, seeded (``split_patterns``), per
kind: every kind has patterns in train, dev and test, and no pattern is on two sides, so the
test split measures generalisation to wordings never trained on. A share of the items of both
labels gets an obfuscated copy (``obfuscate.py``) in the same split, so that spelling carries
no label.

The patterns come in seven **waves**. Wave 1 (``KINDS``) has 6-8 patterns per kind; wave 2
(``WAVE2``) adds 6-11 per kind in other shapes (questions, second person, anecdotes, lowercase
chat, sarcasm, news comments of two to four sentences), implicit forms on the uncivil side
(generalisations, coded exclusion, dehumanising verbs, veiled and conditional threats) and, on
the civil side, reports, paraphrases and rebuttals that use the same words. Wave-2 ids continue
each kind's numbering (``group-hate-07`` follows wave 1's six). **Split stability**: wave 1 is
split exactly as before wave 2 existed (same seed key over the same ids), so every wave-1
pattern keeps its side and dev figures stay comparable; wave 2 is split among itself, per kind,
under its own seed key, with the same shares and at least one pattern in dev and one in test.
Every kind thus has at least two patterns in dev and two in test. Wave 3
(``contrast_wave3.py``, 287 patterns of three wordings over 15 kinds) adds new shapes in new
words (veiled threats, new dehumanising images and stereotypes, court and hearing reports,
swearing at the weather) and **balances the slot words**: before it, ``{claim}`` was in 23
civil patterns and 3 uncivil ones and ``{name}`` in 0.5 and 17.5, which taught "a hate claim
means someone condemns it" and "a name means an insult"; now no shared slot word is used more
than 2.25 times as often on one side as on the other (``test_contrast.py``); its last part
reuses the uncivil patterns' everyday framings ("I have lived on this street since...") with a
group mentioned neutrally. It is split among itself the same way, so no earlier pattern moves
and every earlier item is generated as before; ``generate(waves=2)`` is the set without it.
Wave 4 (``contrast_wave4.py``, 100 civil patterns over 5 kinds) names a group as the subject of
everyday local news in the settings wave 3's uncivil patterns use, so that the setting stops
signalling hate; ``generate(waves=3)`` is the set without it. Wave 5 (``contrast_wave5.py``,
54 patterns over 6 kinds) adds veiled threats (menace with no violent verb: patience, the
target's car or children's school, "accidents happen") and group hate reported with the
speaker's endorsement ("my grandfather always said…, and he was right"), each beside civil
twins in the same shapes (the same devices used harmlessly; the same sayings reported with
distance, or believed once and rejected); ``generate(waves=4)`` is the set without it.
Wave 6 (``contrast_wave6.py``, 30 civil patterns over 3 kinds) is civil twins only: menacing
surfaces used harmlessly ("we know where you live" to return a dish), reports quoting someone
else's threat, and civic comments naming a group (polls, bin days, timetables), after models
continued on wave 5 held such comments on dev; ``generate(waves=5)`` is the set without it.
Wave 7 (``contrast_wave7.py``, 24 uncivil patterns over 2 kinds) is the uncivil twins of wave 6:
the same devices used menacingly at the person who commented, voted, reviewed, reported,
objected or testified ("I know where you live, {name}. Withdraw the planning objection"), or at
a group ("we know which streets you people live on"), with no harmless explanation, after a
model continued on wave 6 let real threats with those surfaces through; ``generate(waves=6)``
is the set without it.

``townsquare civility contrast --out var/contrast.jsonl`` writes the set; ``finetune.py`` trains
on its train split, and the dev split's held rates are reported per kind.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from townsquare.civility.offline.contrast_wave3 import WAVE3
from townsquare.civility.offline.contrast_wave4 import WAVE4
from townsquare.civility.offline.contrast_wave5 import WAVE5
from townsquare.civility.offline.contrast_wave6 import WAVE6
from townsquare.civility.offline.contrast_wave7 import WAVE7
from townsquare.civility.offline.corpora import Example
from townsquare.civility.offline.obfuscate import obfuscate
from townsquare.civility.scores import ATTRIBUTES

SEED = 20261206
PER_PATTERN = 40
OBFUSCATED_SHARE = 0.25
WAVES = 7  # the waves of patterns there are (``generate(waves=...)`` takes the first N)
DEV_SHARE = 0.17
TEST_SHARE = 0.17

# -- vocabulary (ours) ------------------------------------------------------------------------
GROUPS = (
    "immigrants",
    "refugees",
    "Muslims",
    "Jews",
    "Black people",
    "women",
    "gay people",
    "trans people",
    "Mexicans",
    "Indigenous people",
    "disabled people",
    "Christians",
    "Asians",
    "Sikhs",
    "Roma",
    "old people",
    "poor people",
    "lesbians",
    "Haitians",
    "Somalis",
    "Chinese people",
    "Catholics",
    "Hindus",
    "single mothers",
    "people on welfare",
    "Arabs",
    "Filipinos",
    "Ukrainians",
)
# Holistic-bias axes whose descriptors read as "<descriptor> people"; the descriptors marked
# dispreferred or polarizing in the lexicon are left out.
LEXICON_AXES = (
    "ability",
    "age",
    "gender_and_sex",
    "nationality",
    "race_ethnicity",
    "religion",
    "sexual_orientation",
    "socioeconomic_class",
    "cultural",
)
DESCRIPTORS = (
    "Muslim",
    "Jewish",
    "Black",
    "gay",
    "trans",
    "Mexican",
    "Indigenous",
    "disabled",
    "Deaf",
    "Catholic",
    "Sikh",
    "Hindu",
    "bisexual",
    "Korean",
    "Haitian",
    "blind",
    "autistic",
    "elderly",
)
PERSON_NOUNS = ("woman", "man", "person", "parent", "nurse", "teacher", "veteran", "student")
DEHUMANISING = (
    "vermin",
    "rats",
    "parasites",
    "cockroaches",
    "animals",
    "a disease",
    "a plague",
    "filth",
    "savages",
    "an infestation",
    "subhuman",
    "garbage",
)
HATE_CLAIMS = (
    "should all be deported",
    "are ruining this country",
    "don't belong here",
    "can't be trusted",
    "are all criminals",
    "should be kept out of our schools",
    "are a threat to our children",
    "should go back where they came from",
    "are too stupid to vote",
    "should not be allowed to work here",
)
INSULTS = (
    "idiot",
    "moron",
    "clown",
    "imbecile",
    "loser",
    "halfwit",
    "jerk",
    "fool",
    "lowlife",
    "buffoon",
    "dimwit",
    "creep",
)
INSULT_ADJ = ("pathetic", "brainless", "worthless", "spineless", "ignorant", "useless", "stupid")
THREATS = (
    "stab",
    "shoot",
    "beat",
    "strangle",
    "hurt",
    "find and hurt",
    "kneecap",
    "put a bullet in",
    "run over",
    "set fire to",
)
WHEN = (
    "tomorrow",
    "tonight",
    "after the meeting",
    "next week",
    "when you leave work",
    "this weekend",
    "on Friday",
    "the next time I see you",
)
FIGURES = (
    "the mayor",
    "the premier",
    "the finance minister",
    "the police chief",
    "our MP",
    "the school board chair",
    "the senator",
    "the health minister",
    "the council",
    "the governor",
    "the CEO of the utility",
    "the prime minister",
)
ACTIONS = (
    "cutting the night bus routes",
    "approving the pipeline without a hearing",
    "closing two rural hospitals",
    "raising property taxes again",
    "hiding the audit until after the vote",
    "selling the park to a developer",
    "ignoring the flood warnings",
    "blocking the housing plan",
    "giving the contract to a donor's firm",
    "scrapping the lead-pipe programme",
)
PROFANITY = ("damn", "shit", "fucking", "bloody", "hell", "crap", "goddamn")
SPEAKERS = (
    "a man at the town hall",
    "my uncle",
    "a commenter above",
    "the candidate",
    "someone on the bus",
    "a caller on the radio show",
    "the councillor",
    "a guy in the parking lot",
    "one of the protesters",
    "a parent at pickup",
)
PLACES = (
    "the library",
    "the market",
    "Main Street",
    "the rink",
    "the school gate",
    "the mosque",
    "the food bank",
    "the community centre",
    "the bus stop",
)
TOPICS = (
    "the stadium deal",
    "the new bike lanes",
    "the school board vote",
    "the transit budget",
    "the rent freeze",
    "the zoning change",
    "the water rates",
    "the library hours",
)
NAMES = ("Sarah", "Mr. Patel", "Daniel", "Ms. Okafor", "Kevin", "Maria", "Priya", "Tom")
FRAMES = (
    "{}",
    "{}",
    "{}",
    "Re the article: {}",
    "Honestly, {}",
    "{} Just my two cents.",
    "Reading these comments: {}",
    "{} Think about it.",
    "Sigh. {}",
    "To the writer: {}",
    "{} End of story.",
)
SLOT = re.compile(r"\{(\w+)\}")


# -- patterns ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    """Wordings of one idea; ``targets`` give the supervised attributes (others weigh 0)."""

    id: str
    kind: str
    label: int
    templates: tuple[str, ...]
    targets: dict[str, float] = field(default_factory=dict)
    wave: int = 1


CIVIL = dict.fromkeys(ATTRIBUTES, 0.0)
THREAT = {"toxicity": 1.0, "threat": 1.0, "identity_attack": 0.0, "obscene": 0.0}
GROUP_THREAT = {"toxicity": 1.0, "threat": 1.0, "identity_attack": 1.0, "obscene": 0.0}
GROUP_HATE = {"toxicity": 1.0, "identity_attack": 1.0, "threat": 0.0, "obscene": 0.0}
INSULT = {"toxicity": 1.0, "insult": 1.0, "identity_attack": 0.0, "threat": 0.0, "obscene": 0.0}
PROFANE_INSULT = {"toxicity": 1.0, "insult": 1.0, "obscene": 1.0, "threat": 0.0}
SLUR_ATTACK = {"toxicity": 1.0, "insult": 1.0, "identity_attack": 1.0, "threat": 0.0}
# Swearing at no one: mild vulgarity, not an attack on anyone: low obscene, the rest 0.
UNTARGETED_PROFANITY = {**CIVIL, "obscene": 0.2}

KINDS: dict[str, tuple[int, dict[str, float], list[tuple[str, ...]]]] = {
    # ---- civil ------------------------------------------------------------------------------
    "counter-quote": (
        0,
        CIVIL,
        [
            (
                'Someone wrote "{group} are {dehum}" under this story. That is vile and the '
                "moderators should take it down.",
                'A comment here says "{group} are {dehum}". No. That kind of talk is how '
                "violence starts.",
            ),
            (
                'Calling {group} "{dehum}" is dehumanising, full stop.',
                'When people call {group} "{dehum}", they are repeating the oldest propaganda '
                "there is.",
            ),
            (
                "Whoever keeps posting that {group} {claim} should be ashamed of themselves.",
                "I am tired of reading that {group} {claim}. It is bigotry dressed up as concern.",
            ),
            (
                'The sign at the rally said "{group} are {dehum}" and the crowd cheered. I '
                "felt sick.",
                'Graffiti on {place} said "{group} are {dehum}". Volunteers painted over it '
                "within an hour.",
            ),
            (
                "Saying {group} {claim} is not an opinion, it is prejudice.",
                'The line "{group} {claim}" has been debunked so many times. Please stop '
                "sharing it.",
            ),
            (
                'If your argument boils down to "{group} are {dehum}", you have no argument.',
                'People who say "{group} are {dehum}" never seem to have met any of them.',
            ),
            (
                'My kid came home asking why a classmate said {group} are "{dehum}". We had a '
                "long talk about hate.",
                'A teenager at {place} told my daughter that {group} are "{dehum}". The school '
                "handled it well.",
            ),
            (
                "Threatening to {threat} someone because they are one of the {group} is a hate "
                "crime and should be prosecuted.",
                'The post that said someone should "{threat}" {group} was reported to police, '
                "as it should be.",
            ),
        ],
    ),
    "report": (
        0,
        CIVIL,
        [
            (
                "The article quotes {speaker} saying {group} {claim}; the reporter let it stand "
                "without comment.",
                "According to the piece, {speaker} said {group} {claim}.",
            ),
            (
                'The court heard that the accused had shouted "{group} are {dehum}" before the '
                "attack.",
                'Witnesses told police the man yelled "{group} are {dehum}" at the bus driver.',
            ),
            (
                "The leaked messages show {figure} calling {group} {dehum}. An inquiry starts "
                "Monday.",
                "Recordings released today have {figure} describing {group} as {dehum}.",
            ),
            (
                "The report counted 40 incidents last year in which someone told {group} they "
                "{claim}.",
                "Researchers logged hundreds of posts claiming {group} {claim}.",
            ),
            (
                "{Speaker} told me {group} {claim}. I just walked away.",
                "Overheard at {place}: {speaker} insisting {group} {claim}. Nobody agreed with "
                "him.",
            ),
            (
                'The defendant admitted writing "I will {threat} you {when}" in a text to his '
                "neighbour.",
                'The police statement says the note read "I will {threat} you {when}".',
            ),
            (
                "The story says the caller threatened to {threat} the clerk. I hope they catch "
                "him.",
                "Prosecutors say he told the officer he would {threat} him {when}.",
            ),
        ],
    ),
    "negation": (
        0,
        CIVIL,
        [
            (
                "No one should ever say {group} are {dehum}.",
                "Nobody has the right to call {group} {dehum}.",
            ),
            (
                "It is simply false that {group} {claim}.",
                "The data do not show that {group} {claim}. They show the opposite.",
            ),
            (
                "{Group} are not {dehum}, they are our neighbours.",
                "{Group} are not {dehum}. They are people, like you and me.",
            ),
            (
                "I would never tell anyone that {group} {claim}.",
                "I do not believe for a second that {group} {claim}.",
            ),
            (
                "There is no world in which it is fine to {threat} someone over this.",
                "Nobody should {threat} anyone over a parking spot, no matter how angry they are.",
            ),
            (
                "You are not a {insult} for asking the question; it is a fair question.",
                "Nobody here is an {insult} for disagreeing with the article.",
            ),
            (
                "Let's be clear: {group} don't deserve to be called {dehum} by anyone.",
                "Whatever you think of the policy, {group} are not {dehum}.",
            ),
        ],
    ),
    "defence": (
        0,
        CIVIL,
        [
            (
                "My {desc} neighbours have done more for this street than anyone.",
                "The {desc} family next door shovelled every driveway on the block last winter.",
            ),
            (
                "Leave {group} alone; they are not the problem here, {figure} is.",
                "Blaming {group} for {topic} is lazy. Look at who actually voted for it.",
            ),
            (
                "I stand with {group} in this town. They are welcome here.",
                "{Group} belong here as much as anyone who was born here.",
            ),
            (
                "If you come for {group}, you come for all of us.",
                "Every time someone attacks {group}, the rest of us need to speak up.",
            ),
            (
                "{Group} pay taxes, run businesses and coach our kids' teams. Show some respect.",
                "{Group} built half the shops on {place}. This town would be poorer without them.",
            ),
            (
                "As a {desc} {noun}, thank you to everyone who stood up for us at the meeting.",
                "Grateful to the readers defending {group} in this thread.",
            ),
            (
                "Scapegoating {group} for {topic} won't fix anything.",
                "Stop pinning {topic} on {group}. It was a council decision.",
            ),
        ],
    ),
    "identity-neutral": (
        0,
        CIVIL,
        [
            ("I'm {desc_a} {noun} and I ride this bus every day.", "I am {desc_a} {noun}."),
            (
                "As {desc_a} {noun}, I found this article useful.",
                "Speaking as {desc_a} {noun}: the new clinic hours work for me.",
            ),
            (
                "I have friends who are {desc}, and they all use {place}.",
                "Several of my coworkers are {desc}.",
            ),
            (
                "The {desc} community centre is holding a bake sale on Saturday.",
                "There's a {desc} choir performing at {place} this weekend.",
            ),
            (
                "My partner is {desc}, and we just moved to the east side.",
                "Our new doctor is {desc} and she's great with kids.",
            ),
            (
                "{Group} make up about a tenth of the ward, according to the census.",
                "The survey interviewed 300 {group} about {topic}.",
            ),
            (
                "I grew up as {desc_a} kid in a small town, and the library was my refuge.",
                "Being {desc} in this city has mostly been fine for me.",
            ),
        ],
    ),
    "identity-positive": (
        0,
        CIVIL,
        [
            (
                "I love being {desc}.",
                "Proud to be {desc_a} {noun}, and proud of this town.",
            ),
            (
                "{Group} have made this neighbourhood better. The food alone!",
                "Some of the kindest people I know are {group}.",
            ),
            (
                "Great profile of the {desc} nurses at the hospital. More of this please.",
                "Lovely story about a {desc} {noun} who runs the food bank.",
            ),
            (
                "Happy to see {group} on the new advisory board.",
                "Good to see {group} finally represented on council.",
            ),
            (
                "My {desc} grandmother taught me to read. Best person I ever knew.",
                "The {desc} coach turned that team around. Well deserved award.",
            ),
            (
                "Welcome to the {desc} families who just arrived. Glad you're here.",
                "Welcome, neighbours. {Group} are always welcome at our table.",
            ),
        ],
    ),
    "reclaimed": (
        0,
        CIVIL,
        [
            (
                "As a queer {noun}, I'm glad the festival is back.",
                "Queer and proud, and happy to see the crosswalk repainted.",
            ),
            (
                "The queer film night at {place} sold out again.",
                "Our queer book club meets on Thursdays, all welcome.",
            ),
            (
                "She called herself a bad bitch in the interview and honestly, good for her.",
                "My friends and I call each other nerds and weirdos with love.",
            ),
            (
                "Lots of disabled folks proudly call themselves crips; it's their word to use.",
                "Fat activists use the word fat on purpose. It's a description, not an insult.",
            ),
            (
                "We older folks call ourselves geezers at the coffee shop, it's a running joke.",
                "The old-timers at {place} call themselves the grumpy old men. They love it.",
            ),
            (
                "The queer history walk starts at the library at noon.",
                "Queer seniors deserve housing too. Good story.",
            ),
        ],
    ),
    "homonym": (
        0,
        CIVIL,
        [
            (
                "Our bitch had six puppies last night; the breeder says all are healthy.",
                "The show judge praised the bitch's gait; she won best of breed.",
            ),
            (
                "Moby Dick is still the best book I was assigned in school.",
                "Dick Wolf produced half the shows my parents watch.",
            ),
            (
                "The cock crows at five every morning on my uncle's farm.",
                "A rooster, or cock, is the adult male chicken. Learned that at the fair.",
            ),
            (
                "The donkey, or ass, was the farm animal of the year at the fair.",
                "Wild asses still roam parts of Asia, according to the nature show.",
            ),
            (
                "The firefighters sprayed flame retardant along the ridge.",
                "The new drug is meant to retard the growth of the tumour.",
            ),
            (
                "The pussy willows along the creek are already out.",
                "We named the cat Pussy after the song. She's fifteen now.",
            ),
            (
                "He's been smoking like a chimney since the election, poor guy.",
                "The bastard file in my toolbox is older than I am.",
            ),
        ],
    ),
    "profanity-untargeted": (
        0,
        UNTARGETED_PROFANITY,
        [
            (
                "Holy {profanity}, this budget is a mess.",
                "What the {profanity} happened to {topic}?",
            ),
            (
                "The {profanity} storm knocked out power for the whole street again.",
                "{Profanity}, the snow plough missed our road for the third time.",
            ),
            (
                "I stubbed my toe on the {profanity} curb near {place}. Fix the sidewalks!",
                "This {profanity} pothole ate my tyre.",
            ),
            (
                "Oh {profanity}, I forgot the bins go out on Tuesdays now.",
                "Well {profanity}, there goes my weekend.",
            ),
            (
                "That was a {profanity} good game last night.",
                "{Profanity}, what a goal. Best match of the season.",
            ),
            (
                "These {profanity} prices at the grocery store are insane.",
                "Rent went up 20 % again. This is {profanity} ridiculous.",
            ),
        ],
    ),
    "violent-idiom": (
        0,
        CIVIL,
        [
            (
                "We're going to kill it at the bake sale {when}.",
                "The band absolutely killed it at {place} last night.",
            ),
            (
                "The home team murdered them 6-1. What a night.",
                "Our goalie got destroyed in the second period, but we came back.",
            ),
            (
                "This commute is killing me.",
                "My back is killing me after shovelling.",
            ),
            (
                "I could strangle my printer some days.",
                "I'm going to kill my brother if he eats my leftovers again. (He won't.)",
            ),
            (
                "Shoot, I missed the deadline for the rebate.",
                "Shoot me an email about {topic} and I'll pass it on.",
            ),
            (
                "The mayor really knocked it out of the park with that speech.",
                "{Figure} got crushed in the debate, politically speaking.",
            ),
        ],
    ),
    "criticism": (
        0,
        CIVIL,
        [
            (
                "{Figure} is wrong about {topic}, and {action} shows it.",
                "{Action_cap} was a reckless decision by {figure}.",
            ),
            (
                "{Figure} should resign over {action}.",
                "After {action}, {figure} has lost my vote for good.",
            ),
            (
                "This is the worst decision {figure} has made in years: {action}.",
                "{Action_cap}? Incompetent policy, and {figure} owns it.",
            ),
            (
                "{Figure} lied about {topic}. The documents are right there.",
                "{Figure}'s claims about {topic} are false, and the audit proves it.",
            ),
            (
                "Shameful. {Figure} chose {action} over the people who elected them.",
                "{Figure}'s record on {topic} is a disgrace.",
            ),
            (
                "Vote {figure} out. {Action_cap} should be the end of their career.",
                "I hope {figure} is voted out for {action}.",
            ),
            (
                "The article is one-sided and the writer clearly didn't read the report.",
                "Bad reporting. The numbers on {topic} are wrong by a factor of ten.",
            ),
        ],
    ),
    # ---- uncivil ----------------------------------------------------------------------------
    "threat-directed": (
        1,
        THREAT,
        [
            ("I'm going to {threat} you {when}.", "I will {threat} you {when}, count on it."),
            (
                "Someone should {threat} {figure}.",
                "Somebody needs to {threat} {figure} before the vote.",
            ),
            (
                "I know where you live, {name}. Watch your back {when}.",
                "I know where you park, {name}. See you {when}.",
            ),
            (
                "Keep writing this garbage and I'll {threat} you myself.",
                "One more article like this and I'll {threat} you.",
            ),
            (
                "{Name}, you won't make it home {when}.",
                "{Name}, you'd better not show your face at {place} {when}.",
            ),
            (
                "I hope someone will {threat} you, and I'd gladly help.",
                "People like you deserve to be shot, and I'd pull the trigger.",
            ),
            (
                "Say that again and I will {threat} you in front of your kids.",
                "Come to {place} {when} and say it to my face, I'll {threat} you.",
            ),
        ],
    ),
    "threat-group": (
        1,
        GROUP_THREAT,
        [
            (
                "We should {threat} every one of those {group}.",
                "Someone needs to {threat} the {group} at {place}.",
            ),
            (
                "The {group} at {place} will get what's coming to them {when}.",
                "Round up the {group} and let them see what happens {when}.",
            ),
            (
                "If I see {group} at {place} {when}, I'm bringing my gun.",
                "Next {group} who walks into {place} gets a bullet.",
            ),
            (
                "Burn down the {group}'s centre and see if they stay.",
                "Torch the place where the {group} meet. They'll get the message.",
            ),
            (
                "Time to clean this town of {group}, by force if needed.",
                "{Group} should be hunted out of this country.",
            ),
            (
                "I'd happily {threat} any of the {group} who moved onto my street.",
                "Every {group} family on our street should be scared {when}.",
            ),
        ],
    ),
    "group-hate": (
        1,
        GROUP_HATE,
        [
            ("{Group} {claim}.", "Face it: {group} {claim}."),
            (
                "I'm sick of {group}. They {claim}.",
                "Typical {group}. They {claim}.",
            ),
            (
                "{Group} are the reason {topic} failed. They ruin everything they touch.",
                "Everything wrong with this town comes back to {group}.",
            ),
            (
                "Never hire {group}. They are lazy and dishonest.",
                "Don't rent to {group}, they wreck the place every time.",
            ),
            (
                "{Group} are {insult_adj} by nature and always will be.",
                "You can't reason with {group}, they are too {insult_adj} to understand.",
            ),
            (
                "This is what happens when you let {group} into {place}.",
                "The minute {group} moved in, the whole street went downhill.",
            ),
        ],
    ),
    "dehumanisation": (
        1,
        GROUP_HATE,
        [
            ("{Group} are {dehum}.", "{Group} are nothing but {dehum}."),
            (
                "{Group} are not people, they are {dehum}.",
                "Those {group} aren't even human. {Dehum_cap}.",
            ),
            (
                "{Group} breed like {dehum} and spread like a disease.",
                "{Group} swarm into this country like {dehum}.",
            ),
            (
                "Treat {group} like the {dehum} they are.",
                "{Group} should be exterminated like {dehum}.",
            ),
            (
                "Every one of those {group} is {dehum}, and I'm done pretending otherwise.",
                "Let's call {group} what they are: {dehum}.",
            ),
            (
                "{Place_cap} is crawling with {group} now. Vermin everywhere.",
                "Another {desc} {noun} at {place}. The infestation gets worse every year.",
            ),
        ],
    ),
    "insult-directed": (
        1,
        INSULT,
        [
            ("You are a {insult}.", "You're such a {insult_adj} {insult}."),
            (
                "Only a {insult} like you would write this.",
                "Only an {insult_adj} {insult} could read the article and think that.",
            ),
            (
                "{Name}, you {insult_adj} {insult}, nobody cares what you think.",
                "Shut up, {name}. You're an {insult_adj} {insult}.",
            ),
            (
                "Did your mother drop you on your head, you {insult}?",
                "Go back to school, you {insult_adj} {insult}.",
            ),
            (
                "You're too {insult_adj} to understand {topic}, so stop posting.",
                "Everyone in this thread is smarter than you, {insult}.",
            ),
            (
                "What an {insult_adj} comment from an {insult_adj} little {insult}.",
                "Your comment proves you're a {insult}.",
            ),
            (
                "The writer of this article is a {insult_adj} {insult}.",
                "Whoever edited this piece is a total {insult}.",
            ),
        ],
    ),
    "insult-profane": (
        1,
        PROFANE_INSULT,
        [
            ("{Profanity} you, you {insult}.", "Go {profanity} yourself, {name}."),
            (
                "You're a {profanity} {insult} and everyone knows it.",
                "Shut your {profanity} mouth, you {insult}.",
            ),
            (
                "{Name} is a {profanity} {insult}.",
                "What a {profanity} {insult} this writer is.",
            ),
            (
                "Eat shit, {name}.",
                "You piece of shit, {name}.",
            ),
            (
                "Nobody asked you, dickhead.",
                "Get lost, you stupid ass.",
            ),
            (
                "Only a {profanity} {insult} would defend {figure}.",
                "Anyone who voted for this is a {profanity} {insult}.",
            ),
        ],
    ),
    "insult-figure": (
        1,
        INSULT,
        [
            (
                "{Figure} is a {insult_adj} {insult}.",
                "{Figure} is the biggest {insult} ever to hold office.",
            ),
            (
                "{Figure} is too {insult_adj} to tie their own shoes.",
                "{Figure} has the brain of a goldfish.",
            ),
            (
                "{Figure} is a {insult_adj} {insult} and so is everyone who voted for them.",
                "Anyone who still supports {figure} is an {insult}.",
            ),
            (
                "{Figure}? What a {insult_adj}, ugly {insult}.",
                "Look at {figure}'s face. Disgusting {insult}.",
            ),
            (
                "{Figure} is scum. Human garbage.",
                "{Figure} is a lowlife rat.",
            ),
            (
                "{Figure} should crawl back under whatever rock they came from, the {insult}.",
                "Nobody wants to hear from you, {figure}, you {insult_adj} {insult}.",
            ),
        ],
    ),
    "slur-attack": (
        1,
        SLUR_ATTACK,
        [
            (
                "Get off my street, you filthy queer.",
                "Nobody wants a queer like you at {place}.",
            ),
            (
                "Shut up, you stupid bitch.",
                "{Name} is a lying bitch.",
            ),
            (
                "You're a crip, nobody wants to look at you.",
                "Go home, fatso, nobody wants you here.",
            ),
            (
                "What a {desc} {insult}. Typical.",
                "Of course the {desc} {insult} wrote this.",
            ),
            (
                "Go back where you came from, you {desc} {insult}.",
                "Nobody wants your kind here, you {desc} {insult}.",
            ),
            (
                "Shut up, old geezer, your time is over.",
                "Nobody cares what a senile old fool like you thinks.",
            ),
        ],
    ),
}


# Wave 2 (written by us, like wave 1): more patterns per kind, in more shapes: questions, second
# person, anecdotes, lowercase chat, sarcasm, and news comments of two to four sentences with the
# key sentence in the middle. Implicit forms on the uncivil side (generalisations, coded
# exclusion, dehumanising verbs, veiled and conditional threats); on the civil side the same
# surface words, quoted, reported, paraphrased, negated or argued against. Ids continue each
# kind's numbering; ``split_patterns`` splits these among themselves.
WAVE2: dict[str, list[tuple[str, ...]]] = {
    "counter-quote": [
        (
            "Did anyone else catch the man at last night's council meeting? He stood up and said "
            "{group} {claim}. The chair cut him off, and rightly so.",
            "so someone in the neighbourhood group chat said {group} are {dehum} and half of us "
            "left the chat. good",
        ),
        (
            'Why is a comment calling {group} "{dehum}" still up on this story? Mods, please.',
            'How is "{group} {claim}" still allowed on this site?',
        ),
        (
            "I read the whole thread under the school story. People calling {group} {dehum}, "
            "people saying they {claim}. This is our town and I'm ashamed of it tonight.",
            "Went through the comments on the court story. Someone says {group} {claim}, "
            "someone else says they are {dehum}. Is this really who we are?",
        ),
        (
            "{Speaker} told me {group} {claim}. I told him that was bigotry, and I'd say it again.",
            "when {speaker} said {group} {claim} i said that's bigoted and im not sorry",
        ),
        (
            'You wrote that {group} are "{dehum}". Read that back and ask yourself whether '
            "you'd say it to your neighbour's face.",
            "You keep posting that {group} {claim}. You have been asked for a source four "
            "times now.",
        ),
        (
            "Comparing {group} to {dehum} is exactly what the propaganda of the 1930s did. We "
            "know where that road goes.",
            'Every atrocity in history began with someone calling people "{dehum}". Don\'t do '
            "it to {group}.",
        ),
        (
            '"{Group} are {dehum}"? Disgusting. Flagged.',
            'Flagged the "{group} {claim}" comment. Please do the same.',
        ),
        (
            "Last week this paper printed a letter claiming {group} {claim}. It should not have "
            "run. Words like that end up spray-painted on {place}.",
            "The editor let a letter through saying {group} {claim}. Free speech is one thing; "
            "printing bigotry is another. I'm cancelling my subscription.",
        ),
        (
            "A man at {place} told {desc_a} {noun} he would {threat} them {when}. Whoever you "
            "are: that is a crime, and this town won't let it pass.",
            'Someone wrote "we should {threat} all the {group}" on the bus shelter. That is '
            "incitement. I've sent the photo to police.",
        ),
        (
            "My son's coach heard a player say {group} are {dehum} and benched him for the "
            "match. Good coach.",
            "A student at the high school posted that {group} {claim}. The principal's letter "
            "to parents handled it with real care.",
        ),
        (
            "lol no. '{group} {claim}' is not a take, it's just hate",
            "imagine typing '{group} are {dehum}' and thinking you're the reasonable one",
        ),
    ],
    "report": [
        (
            "The Crown says the accused posted that {group} were {dehum} in the weeks before the "
            "fire at {place}. The trial resumes Tuesday.",
            "In court, the prosecutor read out posts in which the defendant wrote that {group} "
            "{claim}.",
        ),
        (
            "Police say the suspect told officers he wanted to {threat} {desc_a} {noun} he had "
            "argued with. He has been charged with uttering threats.",
            "According to the police statement, the man threatened to {threat} the staff at "
            "{place}.",
        ),
        (
            "On the bus this morning a man started shouting that {group} are {dehum}. The driver "
            "pulled over and told him to get off. Thank you, driver.",
            "a stranger at {place} yelled at my friend that {group} {claim}. we reported it and "
            "walked home the long way",
        ),
        (
            'In the interview, {figure} said {group} "{claim}". The reporter asked twice '
            "whether that was a fair thing to say.",
            "Asked about the remarks, {figure} repeated that {group} {claim}, according to the "
            "transcript.",
        ),
        (
            "Did the article really say the candidate called {group} {dehum}? If so, why is it "
            "buried in paragraph nine?",
            "Wait, the councillor said {group} {claim} at a public meeting? Is there a recording?",
        ),
        (
            'My neighbour texted me "I\'ll {threat} you {when}" over a fence dispute. I took it '
            "to police and they've issued a warning.",
            'The judge read the voicemail aloud: "I\'m going to {threat} you {when}." The jury '
            "went quiet.",
        ),
        (
            "The museum exhibit shows old newspaper cartoons that called {group} {dehum}. Hard to "
            "look at, but we need to know our history.",
            "The study counted how often politicians described {group} as {dehum} between 2010 "
            "and 2020.",
        ),
        (
            "From the minutes: a resident told council that {group} {claim} and asked for action. "
            "No motion was made. The mayor ruled the remark out of order.",
            "At the school board meeting a parent said {group} {claim}. Two trustees walked out "
            "and the meeting was adjourned early.",
        ),
        (
            "Police are looking for a man who told a {desc} family at {place} that he would "
            "{threat} them. Call the tip line if you saw anything.",
            "Officers say the graffiti read 'kill the {group}'. They are treating it as a hate "
            "crime.",
        ),
        (
            "He was convicted today of threatening to {threat} his former partner. The court "
            "heard he sent the message forty times.",
            "The sentencing hearing heard that she told the victim she would {threat} him.",
            "the guy who threatened to {threat} the referee after the match got a two year ban, "
            "says the league",
        ),
        (
            "My aunt forwarded a chain message saying {group} {claim}. I sent her the fact check.",
            "My grandfather says {group} {claim}. I don't agree, but it's what a lot of people "
            "his age were told growing up.",
        ),
    ],
    "negation": [
        (
            "Are {group} {dehum}? No. Obviously not. Next question.",
            "is it true that {group} {claim}? no, and the numbers are right there in the article",
        ),
        (
            "I used to think {group} {claim}. Then I actually got to know some. I was wrong.",
            "Twenty years ago I'd have told you {group} {claim}. I'm embarrassed by that now.",
        ),
        (
            "Nobody is going to {threat} anyone. Everyone calm down, it's a zoning meeting.",
            "No one is threatening to {threat} the {group} at {place}; the post going around is "
            "fake.",
        ),
        (
            "The council report does not say {group} {claim}. Read page four. It says the "
            "opposite, and the chair said so at the meeting.",
            "Nothing in the police figures shows that {group} {claim}. The chief repeated it "
            "twice at the forum. Some people just won't hear it.",
        ),
        (
            "I'm not going to call anyone an {insult} here, but I think you misread the article.",
            "No one thinks you're a {insult}, {name}. We just disagree with you.",
        ),
        (
            "Not one person at the meeting said {group} are {dehum}. That was a rumour.",
            "Calling {group} {dehum} isn't what most people here think, whatever the loudest "
            "commenters say.",
        ),
        (
            "You don't have to like the policy, but you can't say {group} are {dehum}. They "
            "aren't.",
            "You're allowed to be angry about {topic} without deciding that {group} {claim}.",
        ),
        (
            "my kid asked if {group} are bad people. no. they're people. that's it",
            "Nobody deserves to be called {dehum}. Not {group}, not anyone.",
        ),
        (
            "I would never hurt anyone over this, and nobody else should either.",
            "I'm not going to {threat} anybody, I'm going to vote. That's how this works.",
        ),
        (
            "There is no evidence that {group} commit more crime. None. The police chief said "
            "so herself.",
            "The idea that {group} {claim} fell apart the moment anyone checked.",
        ),
        (
            "It isn't true, and it never was, that {group} {claim}.",
            "Whatever the sign outside {place} says, {group} are not {dehum}.",
        ),
    ],
    "defence": [
        (
            "People keep saying {group} {claim}. I've worked beside them for twenty years. It "
            "isn't true, and you'd know that if you'd ever met one.",
            '"{Group} {claim}." Says who? My {desc} coworkers kept the plant running through the '
            "whole strike.",
        ),
        (
            "Why are we blaming {group} for {topic}? They didn't vote on it. Council did.",
            "who exactly do you think {group} are hurting? they're just trying to get to work "
            "like the rest of us",
        ),
        (
            "{Group} are not {dehum}. They are the nurses at the hospital, the family that runs "
            "the bakery, the kid who shovels your walk.",
            "Call {group} {dehum} if you like. It says nothing about them and a lot about you.",
        ),
        (
            "My daughter's best friend is {desc}. When someone at {place} told her she didn't "
            "belong here, the whole class wrote her a card. That's this town.",
            "Our {desc} neighbours got a nasty note in their mailbox last week. By Sunday there "
            "were welcome signs on every lawn on the street.",
        ),
        (
            "If anyone tries to {threat} the {group} on our street, they'll find fifty "
            "neighbours standing with them and the police already on the phone.",
            "I'll say it plainly: {group} are welcome at {place}, and threats against them "
            "will be reported every single time.",
        ),
        (
            "Stop saying {group} are a threat to our children. {Group} are parents too. They're "
            "at school pickup every day.",
            "{Group} are no threat to anyone's children. That's a myth, and repeating it hurts "
            "real families.",
        ),
        (
            "Every time the budget goes wrong, someone blames {group}. Every time. It was "
            "{figure} who signed off on {action}, not them.",
            "Funny how {topic} is always the fault of {group} and never of the people who voted "
            "for it.",
        ),
        (
            "{group} are fine. leave them alone",
            "nothing wrong with {group}. some of you need to get out more",
        ),
        (
            "I grew up poor, and I'm tired of people calling {group} lazy. Everyone I know works "
            "two jobs.",
            "Before you call {group} criminals, look at who actually gets charged in this town. "
            "The court lists are public.",
        ),
        (
            "If you think {group} {claim}, come to the community dinner at {place} on Friday. Sit "
            "with them. Then tell me again.",
            "Anyone who says {group} don't belong here should come to the citizenship ceremony "
            "next month. Bring tissues.",
        ),
        (
            "The {desc} family that got threats last month has lived here longer than most of "
            "us. Shame on whoever did it.",
            "Whoever told {desc_a} {noun} to go back where they came from: they are from here, "
            "like the rest of us.",
        ),
    ],
    "identity-neutral": [
        (
            "Does anyone know if the {desc} community centre is open on holidays?",
            "Is there a {desc} parents' group in town? We just moved here.",
        ),
        (
            "The article says {group} make up 12 % of applicants. Is that up or down from last "
            "year?",
            "How many {group} live in the ward? The census map in the piece doesn't say.",
        ),
        (
            "I'm {desc} and I work nights at the hospital. The bus cuts in this story would "
            "double my commute. Council should hear from people like me before the vote.",
            "I'm {desc_a} {noun} and a renter. The rent freeze matters a lot more to me than "
            "the stadium does, for what it's worth.",
        ),
        (
            "{desc} here. parking at {place} is a nightmare on saturdays",
            "any other {desc} folks going to the meeting about {topic} on thursday?",
        ),
        (
            "My {desc} neighbour and I share a snowblower. Best deal on the street.",
            "The {desc} {noun} who lives upstairs is teaching my kids chess.",
        ),
        (
            "The survey breaks its results down by age, income, and whether respondents were "
            "{group}. Worth a read before the vote on {topic}.",
            "The new councillor is {desc}. She says her priorities are {topic} and snow clearing.",
        ),
        (
            "We had a {desc} {noun} on the jury panel, a retired bus driver, and a student.",
            "There were {group} on both sides of the debate at {place} last night.",
        ),
    ],
    "identity-positive": [
        (
            "Shout out to the {desc} volunteers at {place}. They fed 300 people on Saturday.",
            "Huge thanks to the {group} who cleaned up the riverbank after the flood.",
        ),
        (
            "My {desc} teacher in grade four is the reason I became a nurse. Thank you, if "
            "you're reading this.",
            "The {desc} {noun} who sat with my mother in hospital every night: you're a saint.",
        ),
        (
            "What a lovely article about {group} in our town. Why don't we get more stories "
            "like this?",
            "Is there anything better than the {desc} street festival? Going back tomorrow.",
        ),
        (
            "Our team's new captain is {desc}. She scored twice on Saturday and the whole rink "
            "chanted her name. Proud of these kids.",
            "The {desc} owner of the corner shop kept it open through the blackout. Free "
            "coffee for anyone who needed it. That's a neighbour.",
        ),
        (
            "{group} in this town are the best neighbours ive ever had, no contest",
            "love my {desc} neighbours. they brought soup round when i was sick",
        ),
        (
            "I married {desc_a} {noun} thirty years ago. Best decision of my life.",
            "Proud of my {desc} kid, who just graduated top of her class.",
        ),
    ],
    "reclaimed": [
        (
            "The Dyke March is Saturday at noon. Bring water and sunscreen.",
            "My wife and I went to our first dyke march at forty. Never felt more at home.",
        ),
        (
            "Calling myself queer took me years. Now it's just true, and I love it.",
            "queer and from a farm town. yes we exist",
        ),
        (
            "The crip arts collective at {place} has a new show. The curator says the name is a "
            "deliberate choice, and a proud one.",
            "Crip joy is real, says the headline, and as a wheelchair user I agree.",
        ),
        (
            "My sister and I call each other bitch as a term of love. Mum hates it.",
            "'boss bitch' mug from my daughter. it's on my desk at work",
        ),
        (
            "Fat and happy at the swim club. The new accessible change rooms are great.",
            "As a fat {noun}, I was glad the article didn't treat my body as a problem.",
        ),
        (
            "The old geezers' hockey league starts Thursday. Age 60 and up, the sign says.",
            "We call our walking group the Geezer Brigade. Join us at {place}, 8 am.",
        ),
    ],
    "homonym": [
        (
            "Nan's faggots and peas were the best thing on the pub menu.",
            "Faggots in gravy for tea tonight, the old Yorkshire way.",
        ),
        (
            "The spotted dick at the school fair sold out by noon.",
            "Dick's hardware store is closing after 40 years. End of an era.",
        ),
        (
            "Saw a blue tit and two great tits at the feeder this morning.",
            "The bird count says the tit population in the park is up this year.",
        ),
        (
            "The mechanic said the ignition timing needs to be retarded a few degrees.",
            "Fire retardant foam saved the barn, according to the chief.",
        ),
        (
            "Grab the hoe and weed the beans before it rains.",
            "The community garden at {place} needs someone to fix the broken hoe.",
        ),
        (
            "A shag is a kind of cormorant; there were dozens on the rocks this morning.",
            "Shag carpet is back in style, apparently. My parents are thrilled.",
        ),
        (
            "The bitch in the kennel next door has been barking since dawn. Good dog, just loud.",
            "Our old beagle bitch is fourteen and still chases squirrels.",
        ),
    ],
    "profanity-untargeted": [
        (
            "Well that was a {profanity} waste of a Saturday. The parade got rained out after "
            "twenty minutes.",
            "I read the whole budget. Shit, it's worse than I thought. Nobody's fault in "
            "particular; the numbers just don't add up.",
        ),
        (
            "who the hell schedules roadwork on marathon day",
            "why the fuck is the library closed on a tuesday",
        ),
        (
            "Fuck, I'm so proud of these kids. State champions!",
            "Holy shit, council actually fixed the pothole on our street.",
        ),
        (
            "This fucking heat. My tomatoes are cooked.",
            "Damn this wind. Lost another fence panel.",
        ),
        (
            "Fuck me, I left my phone on the 12 bus again.",
            "Ah, crap, missed the deadline for the rebate.",
        ),
        (
            "Damn, that pie from the bake sale at {place} was good.",
            "Bloody hell, the queue at {place} went round the block this morning.",
        ),
    ],
    "violent-idiom": [
        (
            "The kids are going to murder that cake.",
            "We'll slaughter them at trivia night. Our team has a retired librarian.",
        ),
        (
            "I'd kill for a decent bus service on this side of town.",
            "honestly i'd kill for a parking spot near {place}",
        ),
        (
            "Our striker absolutely butchered that penalty. Still love him.",
            "The quiz team from the seniors' home crushed everyone again.",
        ),
        (
            "My grandmother would shoot me if I missed Sunday dinner.",
            "Mum's going to strangle me when she sees the phone bill.",
        ),
        (
            "Take a stab at the crossword in today's paper. Thursday's was a killer.",
            "Give the new pool a shot, it's great.",
        ),
        (
            "The bill was dead on arrival and council knew it. They killed it in committee on "
            "Tuesday. Good riddance to a bad idea.",
            "The budget took a beating at last night's meeting. The finance chair looked "
            "shell-shocked.",
        ),
        (
            "We got crushed 40-0 by the Eagles. Coach says we'll bury them in the rematch.",
            "That comedian at {place} killed. I was dying.",
        ),
    ],
    "criticism": [
        (
            "Did {figure} even read the audit before {action}? Honest question.",
            "How does {figure} justify {action} after promising the opposite?",
        ),
        (
            "I voted for {figure}. Never again. {Action_cap} broke every promise made at my door.",
            "Canvassed for {figure} last time. {Action_cap} was the last straw for me.",
        ),
        (
            "At last night's meeting, {figure} refused to take questions about {topic}. Residents "
            "waited three hours. That is not how accountability works.",
            "{Figure} spent twenty minutes on the radio today and never once explained {action}. "
            "The host asked four times. Listeners deserved an answer.",
        ),
        (
            "{figure} promised to listen and then went ahead with {action}. classic",
            "so {figure} is still defending {action}? unreal",
        ),
        (
            "{Figure}'s plan for {topic} is garbage. The numbers don't work.",
            "This policy is trash, and {figure} knows it.",
        ),
        (
            "The editorial board got this one badly wrong. Defending {action} is indefensible.",
            "Weak article. It repeats {figure}'s talking points and asks nothing.",
        ),
    ],
    "threat-directed": [
        (
            "It would be a shame if something happened to your car, {name}.",
            "Nice house you've got, {name}. Would be a pity if it caught fire some night.",
        ),
        (
            "Watch your back {when}.",
            "watch your back {name}. i mean it",
        ),
        (
            "Keep talking, {name}. We'll see how brave you are when nobody's around.",
            "Enjoy it while you can, {name}. You won't be walking for long.",
        ),
        (
            "If you show up to the meeting {when}, you won't leave in one piece.",
            "Vote for that plan and I'll make sure you regret it. Personally.",
        ),
        (
            "I'm going to find you, {name}, and when I do I'm going to {threat} you.",
            "I will track you down and {threat} you. That's a promise.",
        ),
        (
            "I read your article about {topic}. I know what car you drive and where you park it. "
            "I'd think hard before you write the next one.",
            "You've written three stories about my family now. I know where your kids go to "
            "school. Stop, or I'll stop you.",
        ),
        (
            "How fast do you think you can run, {name}? Guess we'll find out {when}.",
            "Do you like your kneecaps, {name}?",
        ),
        (
            "You're dead, {name}.",
            "You are a dead man walking, {name}.",
        ),
        (
            "Great article. Be a real shame if someone were to {threat} the writer.",
            "Lovely piece, {name}. Hope you enjoy walking to your car alone {when}.",
        ),
        (
            "I've got a bat in the truck with your name on it.",
            "my brother has a gun and he knows your address. just saying",
        ),
    ],
    "threat-group": [
        (
            "It would be a real shame if the {group} at {place} had an accident this winter.",
            "Be a pity if the {group} on Elm Street woke up to a fire one of these nights.",
        ),
        (
            "The {group} should remember this town has a lot of guns and a lot of patience. The "
            "patience is running out.",
            "We've been patient with the {group} for years. That patience ends this weekend.",
        ),
        (
            "If {group} don't leave on their own, we'll help them leave. Not gently.",
            "{group} have till the end of the month. after that it's our turn",
        ),
        (
            "We know where the {group} meet. We'll be waiting outside on Friday night.",
            "Message to the {group}: set foot in {place} again and you'll be carried out.",
        ),
        (
            "Council can approve the housing all it likes. The {group} who move in won't last a "
            "month. Somebody will make sure of it.",
            "Read the article about the new shelter. If they fill it with {group}, it won't be "
            "standing by spring. Just saying what everyone's thinking.",
        ),
        (
            "Nothing a can of gas and a match can't fix for the {group} problem at {place}.",
            "Hope the {group} at {place} enjoy the fireworks after the game. ;)",
        ),
        (
            "Kill all {group}.",
            "Every last one of the {group} should be strung up.",
        ),
        (
            "I'm going to {threat} the first of the {group} I see at {place} {when}.",
            "Any of the {group} who come near my kids, I will {threat} them. Try me.",
        ),
        (
            "the {group} better stay off our street after dark if they know whats good for them",
            "{Group} should be very careful walking home from now on.",
        ),
        (
            "We ran the {group} out of the last town. This one's next.",
            "How many {group} do you think would still come here if we started shooting a few?",
        ),
    ],
    "group-hate": [
        (
            "Honestly, we'd all be better off without {group}.",
            "this town was fine before the {group} showed up. just saying",
        ),
        (
            "I'm not racist, but {group} {claim}.",
            "I have nothing against {group}, but they {claim} and everyone knows it.",
        ),
        (
            "Have you ever met one of the {group} who actually worked for a living? Me neither.",
            "Name one good thing {group} have ever done for this town. I'll wait.",
        ),
        (
            "Another story about the new shelter. Let me guess who it's for: {group}, as always. "
            "And as always the rest of us pay.",
            "The article talks about crime around {place} and tiptoes around the obvious. Everyone "
            "who lives there knows it's {group}. Say it.",
        ),
        (
            "Keep {place} for the people who built this town. You know who I mean, and it isn't "
            "{group}.",
            "We need more families like ours and fewer {group}. Simple as that.",
        ),
        (
            "Oh great, more {group}. Just what {place} needed.",
            "Wow, {group} complaining again. Shocking. Truly.",
        ),
        (
            "{Group} can't help it. Lying is in their culture.",
            "It's not their fault, {group} just aren't capable of running anything.",
        ),
        (
            "Why do {group} always have to make everything about themselves?",
            "why are {group} even allowed to vote honestly",
        ),
        (
            "My landlord rented the upstairs to {group}. Noise, mess, police twice a week. Never "
            "again.",
            "Hired {group} for the renovation once. Half the tools went missing. Lesson learned.",
        ),
        (
            "{Group} should be grateful they're allowed here at all.",
            "{Group} are guests in this country and should start acting like it.",
        ),
        (
            "Not all {group} are criminals, but funny how every criminal on my street was.",
            "Sure, some {group} are decent. Rare as hen's teeth, though.",
        ),
    ],
    "dehumanisation": [
        (
            "{Group} breed faster than we can build schools.",
            "they just keep breeding. {group} i mean. look at the school numbers",
        ),
        (
            "The {group} are swarming {place} again. Like ants on a dropped sandwich.",
            "{Group} swarm every new housing block the minute it opens.",
        ),
        (
            "Another {desc} family moved onto our street. The infestation spreads one house at a "
            "time.",
            "{Group} infest every neighbourhood they touch.",
        ),
        (
            "{Group} are a cancer on this country, and cancers spread.",
            "Like any tumour, {group} grow until they kill the body they live in.",
        ),
        (
            "Feeding {group} just attracts more of them. Same as pigeons.",
            "Stop feeding the {group} and they'll crawl back to wherever they came from.",
        ),
        (
            "Saw a pack of {group} at {place} this morning. Loud, dirty, sniffing round the bins.",
            "A herd of {group} was blocking the path at {place} again.",
        ),
        (
            "The article calls them new residents. Let's be honest. {Group} aren't residents, "
            "they're livestock, and livestock needs fences.",
            "The council wants us to welcome {group}. You don't welcome locusts. You just watch "
            "them strip the field.",
        ),
        (
            "Oh look, the {group} have found a new nest at {place}. How charming.",
            "Lovely, the {group} are nesting in the park again. Someone call pest control.",
        ),
        (
            "{Group} aren't really people the way you and I are.",
            "Is it even fair to call {group} human?",
        ),
        (
            "{Group} multiply like bacteria. Give it ten years and there'll be nothing else here.",
            "{Group}: spreading like mould through every town they touch.",
        ),
        (
            "The word for {group} is {dehum}, and every one of you knows it.",
            "{Dehum_cap}. That's what {group} are. Say it.",
        ),
    ],
    "insult-directed": [
        (
            "Did you even read the article, or do you just comment to hear yourself type, "
            "{insult}?",
            "Is it hard being this {insult_adj}, {name}?",
        ),
        (
            "i swear you're the dumbest person on this site",
            "{name} ur such a {insult} lol",
        ),
        (
            "Wow, {name}, another brilliant take. Did your two brain cells fight over it?",
            "Congratulations, you managed to be wrong about {topic} in every sentence. "
            "Impressive, even for a {insult}.",
        ),
        (
            "I've read your comments on every story this month. Every one is {insult_adj}. "
            "You're not informed, you're just loud, and you're an {insult}.",
            "You post on every article. You never read any of them. At this point you're just "
            "the town {insult}.",
        ),
        (
            "Nobody at {place} can stand you, {name}. You're a {insult} and you always have been.",
            "Everyone on this street knows what a {insult} you are, {name}.",
        ),
        (
            "Stick to colouring books, {insult}.",
            "Go back to your mum's basement, you {insult_adj} {insult}.",
        ),
    ],
    "insult-profane": [
        (
            "Who the fuck asked you, {name}?",
            "what the fuck is wrong with you {name}",
        ),
        (
            "Shut the fuck up, you {insult}.",
            "{Name}, you're full of shit and you know it.",
        ),
        (
            "Your last three comments were garbage. This one's worse. Do us all a favour and fuck "
            "off, {name}.",
            "Read your comment twice to be sure. Nope, still the dumbest shit on this page. Well "
            "done, asshole.",
        ),
        (
            "Dumbass. Read the article before you comment.",
            "You absolute fucking {insult}.",
        ),
        (
            "Oh sure, {name}, you know better than the engineers. Sit down, asshole.",
            "Thanks for the lecture, dickhead. Really enlightening.",
        ),
        (
            "The reporter who wrote this is a fucking hack.",
            "Whoever approved this article is a piece of shit.",
        ),
    ],
    "insult-figure": [
        (
            "Has {figure} ever had an original thought? Rhetorical question. The {insult} hasn't.",
            "{Figure} is a {insult_adj} {insult} and an embarrassment to this town.",
        ),
        (
            "{figure} is a fat useless slob. look at them",
            "{Figure} is an ugly, stupid little person.",
        ),
        (
            "I went to the town hall to ask {figure} about {topic}. What a smug, empty-headed "
            "{insult}. Couldn't answer a single question.",
            "Met {figure} at a fundraiser once. Dumb as a post, and rude with it. Nothing in this "
            "article surprises me.",
        ),
        (
            "Oh yes, {figure}, the great genius of our age. Can't tell left from right, but a "
            "genius.",
            "Brilliant work from {figure}, as always. Truly the sharpest {insult} in the drawer.",
        ),
        (
            "{Figure} is a parasite who has never worked a day in their life.",
            "{Figure} is a spineless worm.",
        ),
        (
            "Somebody tell {figure} that being a {insult} is not a qualification.",
            "Is there a single adult brain in {figure}'s head?",
        ),
    ],
    "slur-attack": [
        (
            "Nobody asked you, retard.",
            "Are you retarded or just pretending, {name}?",
        ),
        (
            "Go cry to your dyke friends, {name}.",
            "Typical angry dyke. Ignore her.",
        ),
        (
            "{name} is a faggot, everyone at school knows it",
            "Shut up, faggot.",
        ),
        (
            "Saw the photo in the article. Fat bitch couldn't even fit in the chair. And she "
            "wants to lecture us about {topic}?",
            "Look at the fat pig in the photo. No wonder she's against the bike lanes.",
        ),
        (
            "What would a crip like you know about hard work?",
            "sit down old geezer, nobody voted for you",
        ),
        (
            "Of course the queer reporter wrote this. Agenda much?",
            "Another queer {noun} pushing an agenda at {place}.",
        ),
    ],
}


def check_waves(waves: int) -> None:
    if not 1 <= waves <= WAVES:
        raise ValueError(f"waves must be between 1 and {WAVES}, not {waves}")


def check_settings(*, per_pattern: int = PER_PATTERN, waves: int = WAVES) -> None:
    """Refuse settings that cannot make a set (``ValueError``); ``generate`` calls it first."""
    if per_pattern < 1:
        raise ValueError("per-pattern must be at least 1")
    check_waves(waves)


def patterns(waves: int = WAVES) -> list[Pattern]:
    """Every pattern of the first ``waves`` waves, id ``<kind>-<nn>``, in a fixed order: per
    kind, wave 1, 2, 3, 4, 5, 6, then 7 (an earlier wave's ids do not depend on the later ones)."""
    check_waves(waves)
    out = []
    for kind, (label, targets, wave1) in KINDS.items():
        every = [(1, t) for t in wave1] + [(2, t) for t in WAVE2.get(kind, [])]
        for wave, table in enumerate((WAVE3, WAVE4, WAVE5, WAVE6, WAVE7), start=3):
            every += [(wave, t) for t in table.get(kind, [])]
        for n, (wave, templates) in enumerate(every, start=1):
            if wave > waves:
                continue
            out.append(
                Pattern(
                    id=f"{kind}-{n:02d}",
                    kind=kind,
                    label=label,
                    templates=tuple(templates),
                    targets=dict(targets),
                    wave=wave,
                )
            )
    return out


def split_patterns(pats: Sequence[Pattern], *, seed: int = SEED) -> dict[str, str]:
    """pattern id -> ``train`` / ``dev`` / ``test``: per kind and wave, seeded.

    Wave 1 is split exactly as it was before wave 2 existed (same seed key, same ids), so its
    patterns keep their sides; waves 2 to 7 are each split among themselves under their own
    seed key, so a later wave moves no earlier pattern. Each wave of each kind puts at least
    one pattern in dev and one in test.
    """
    by_key: dict[tuple[str, int], list[str]] = {}
    for p in pats:
        by_key.setdefault((p.kind, p.wave), []).append(p.id)
    out: dict[str, str] = {}
    for (kind, wave), ids in sorted(by_key.items()):
        key = f"{seed}:{kind}" if wave == 1 else f"{seed}:{kind}:wave{wave}"
        out.update(_split_ids(ids, key))
    return out


def _split_ids(ids: Sequence[str], key: str) -> dict[str, str]:
    """Shuffle the sorted ids under ``key``; the first ``TEST_SHARE`` to test, then dev."""
    ids = sorted(ids)
    random.Random(key).shuffle(ids)
    n_test = max(1, round(len(ids) * TEST_SHARE))
    n_dev = max(1, round(len(ids) * DEV_SHARE))
    return {
        pid: "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
        for i, pid in enumerate(ids)
    }


# -- vocabulary loading -----------------------------------------------------------------------
@dataclass
class Vocabulary:
    groups: list[str]
    descriptors: list[str]

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Vocabulary:
        """Our lists, plus the HolisticBias descriptors when ``data_dir`` holds the lexicon."""
        descriptors = list(DESCRIPTORS)
        if data_dir is not None:
            descriptors += lexicon_descriptors(data_dir)
        seen: set[str] = set()
        descriptors = [d for d in descriptors if not (d.lower() in seen or seen.add(d.lower()))]
        groups = list(GROUPS) + [f"{d} people" for d in descriptors if d not in DESCRIPTORS]
        return cls(groups=groups, descriptors=descriptors)


def lexicon_descriptors(data_dir: Path) -> list[str]:
    """HolisticBias descriptors on ``LEXICON_AXES``, without the dispreferred/polarizing ones."""
    path = data_dir / "holistic-bias" / "descriptors.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for axis in LEXICON_AXES:
        for items in data.get(axis, {}).values():
            for item in items:
                if isinstance(item, dict):
                    if item.get("preference") in {"dispreferred", "polarizing"}:
                        continue
                    item = item["descriptor"]
                out.append(str(item))
    return out


# -- generation -------------------------------------------------------------------------------
@dataclass
class Item:
    text: str
    label: int
    kind: str
    pattern: str
    split: str
    obfuscated: bool = False
    targets: dict[str, float] = field(default_factory=dict)

    def example(self) -> Example:
        """The item as a training example (``source`` "contrast"; unlisted attributes weigh 0)."""
        return Example(
            text=self.text,
            source="contrast",
            targets={a: float(self.targets.get(a, 0.0)) for a in ATTRIBUTES},
            weights={a: float(a in self.targets) for a in ATTRIBUTES},
            group=self.pattern,
            split=self.split,
            kind=_example_kind(self.kind, self.label),
        )


def _example_kind(kind: str, label: int) -> str:
    if not label:
        return "civil"
    if kind.startswith("threat"):
        return "threat"
    if kind in {"group-hate", "dehumanisation"}:
        return "hate"
    return "attack"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, rng: random.Random, vocab: Vocabulary) -> tuple[str, list[str]]:
    """The template with every slot filled; also the words put into slots (for obfuscation)."""
    chosen: dict[str, str] = {}
    desc = rng.choice(vocab.descriptors)
    claim = rng.choice(HATE_CLAIMS)
    action = rng.choice(ACTIONS)
    dehum = rng.choice(DEHUMANISING)
    values = {
        "group": rng.choice(vocab.groups),
        "desc": desc,
        "desc_a": f"{_article(desc)} {desc}",
        "noun": rng.choice(PERSON_NOUNS),
        "dehum": dehum,
        "dehum_cap": _cap(dehum),
        "claim": claim,
        "insult": rng.choice(INSULTS),
        "insult_adj": rng.choice(INSULT_ADJ),
        "threat": rng.choice(THREATS),
        "when": rng.choice(WHEN),
        "figure": rng.choice(FIGURES),
        "action": action,
        "action_cap": _cap(action),
        "profanity": rng.choice(PROFANITY),
        "speaker": rng.choice(SPEAKERS),
        "place": rng.choice(PLACES),
        "place_cap": "",
        "topic": rng.choice(TOPICS),
        "name": rng.choice(NAMES),
    }
    values["place_cap"] = _cap(values["place"])

    def replace(match: re.Match[str]) -> str:
        slot = match.group(1)
        key = slot[:1].lower() + slot[1:]
        value = values[key]
        if slot[:1].isupper() and not key.endswith("_cap"):
            value = _cap(value)
        chosen[key] = value
        return value

    text = SLOT.sub(replace, template)
    text = re.sub(r"\ban ([^aeiouhAEIOUH\W])", r"a \1", text)
    text = re.sub(r"\ba ([aeiouAEIOU])", r"an \1", text)
    words = [w for v in chosen.values() for w in re.findall(r"[A-Za-z]{3,}", v)]
    return text, words


# Slots whose values are common nouns or phrases: lower-case is right after "Honestly, ".
_COMMON_SLOTS = ("{Figure}", "{Speaker}", "{Place_cap}", "{Action_cap}", "{Dehum_cap}", "{Topic}")
_LOWER_GROUPS = tuple(f"{g} " for g in GROUPS if g[:1].islower())
_KEEP_CAPITAL = re.compile(r"^(?:I\b|I'|Dick|Moby|Nan's|Dyke March|Mr\.|Ms\.)")


def _frame(frame: str, text: str, template: str) -> str:
    """``text`` in ``frame``: lower-cased after a mid-sentence opener, closed before a tail."""
    head, tail = frame.split("{}")
    mid_sentence = head.endswith(", ") and text[:1].isupper() and not _KEEP_CAPITAL.match(text)
    lowered = text[:1].lower() + text[1:]
    common = template.startswith(_COMMON_SLOTS) or (
        template.startswith("{Group}") and lowered.startswith(_LOWER_GROUPS)
    )
    if mid_sentence and (not template.startswith("{") or common):
        text = lowered
    if tail and not re.search(r"[.!?)\"']$", text):
        text += "."
    return head + text + tail


def filled(
    templates: Sequence[str],
    rng: random.Random,
    vocab: Vocabulary,
    seen: set[str],
    per_pattern: int,
) -> Iterator[tuple[str, list[str]]]:
    """Up to ``per_pattern`` new texts from one pattern's ``templates`` (slots filled, framed),
    none already in ``seen`` (each is added), with the words put into slots. A generator, so a
    caller may draw from ``rng`` between texts and the sequence stays as it was."""
    made, tries = 0, 0
    while made < per_pattern and tries < per_pattern * 8:
        tries += 1
        template = templates[tries % len(templates)]
        text, slot_words = _fill(template, rng, vocab)
        text = _frame(rng.choice(FRAMES), text, template)
        if text in seen:
            continue
        seen.add(text)
        made += 1
        yield text, slot_words


def generate(
    *,
    seed: int = SEED,
    per_pattern: int = PER_PATTERN,
    obfuscated_share: float = OBFUSCATED_SHARE,
    data_dir: Path | None = None,
    waves: int = WAVES,
) -> list[Item]:
    """The whole set (the first ``waves`` waves), deterministic for a seed (and the same
    lexicon); ``waves=2`` is the set the shipped model was trained with."""
    check_settings(per_pattern=per_pattern, waves=waves)
    vocab = Vocabulary.load(data_dir)
    pats = patterns(waves)
    splits = split_patterns(pats, seed=seed)
    items: list[Item] = []
    seen: set[str] = set()
    for p in pats:
        rng = random.Random(f"{seed}:{p.id}")
        for text, slot_words in filled(p.templates, rng, vocab, seen, per_pattern):
            item = Item(text, p.label, p.kind, p.id, splits[p.id], targets=dict(p.targets))
            items.append(item)
            if rng.random() < obfuscated_share:
                twisted = obfuscate(text, rng, words=rng.choice((1, 1, 2)), prefer=slot_words)
                if twisted != text and twisted not in seen:
                    seen.add(twisted)
                    items.append(
                        Item(
                            twisted,
                            p.label,
                            p.kind,
                            p.id,
                            splits[p.id],
                            obfuscated=True,
                            targets=dict(p.targets),
                        )
                    )
    return items


def write(items: Iterable[Item], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(asdict(item), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def read(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        return [Item(**json.loads(line)) for line in handle if line.strip()]


def digest(items: Sequence[Item]) -> str:
    h = hashlib.sha256()
    for item in items:
        h.update(json.dumps(asdict(item), sort_keys=True).encode())
    return h.hexdigest()[:12]


def summary(items: Sequence[Item]) -> dict[str, dict[str, int]]:
    """Counts per kind and split (obfuscated copies included), for the command's output."""
    out: dict[str, dict[str, int]] = {}
    for item in items:
        row = out.setdefault(item.kind, {"train": 0, "dev": 0, "test": 0, "obfuscated": 0})
        row[item.split] += 1
        row["obfuscated"] += int(item.obfuscated)
    return out
