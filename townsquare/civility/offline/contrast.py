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

``townsquare civility contrast --out var/contrast.jsonl`` writes the set; ``finetune.py`` trains
on its train split, and the dev split's held rates are reported per kind.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from townsquare.civility.offline.corpora import Example
from townsquare.civility.offline.obfuscate import obfuscate
from townsquare.civility.scores import ATTRIBUTES

SEED = 20261206
PER_PATTERN = 40
OBFUSCATED_SHARE = 0.25
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
    "break the legs of",
    "put a bullet in",
    "run over",
    "burn the house of",
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
NAMES = ("Sarah", "Mr. Patel", "Daniel", "Ms. Okafor", "Kevin", "Maria", "the reporter", "Tom")
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


def patterns() -> list[Pattern]:
    """Every pattern, id ``<kind>-<nn>``, in a fixed order."""
    out = []
    for kind, (label, targets, groups) in KINDS.items():
        for n, templates in enumerate(groups, start=1):
            out.append(
                Pattern(
                    id=f"{kind}-{n:02d}",
                    kind=kind,
                    label=label,
                    templates=tuple(templates),
                    targets=dict(targets),
                )
            )
    return out


def split_patterns(pats: Sequence[Pattern], *, seed: int = SEED) -> dict[str, str]:
    """pattern id -> ``train`` / ``dev`` / ``test``: per kind, seeded, at least one each side."""
    by_kind: dict[str, list[str]] = {}
    for p in pats:
        by_kind.setdefault(p.kind, []).append(p.id)
    out: dict[str, str] = {}
    for kind, ids in sorted(by_kind.items()):
        ids = sorted(ids)
        random.Random(f"{seed}:{kind}").shuffle(ids)
        n_test = max(1, round(len(ids) * TEST_SHARE))
        n_dev = max(1, round(len(ids) * DEV_SHARE))
        for i, pid in enumerate(ids):
            out[pid] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return out


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


def generate(
    *,
    seed: int = SEED,
    per_pattern: int = PER_PATTERN,
    obfuscated_share: float = OBFUSCATED_SHARE,
    data_dir: Path | None = None,
) -> list[Item]:
    """The whole set, deterministic for a seed (and the same lexicon)."""
    vocab = Vocabulary.load(data_dir)
    pats = patterns()
    splits = split_patterns(pats, seed=seed)
    items: list[Item] = []
    seen: set[str] = set()
    for p in pats:
        rng = random.Random(f"{seed}:{p.id}")
        made, tries = 0, 0
        while made < per_pattern and tries < per_pattern * 8:
            tries += 1
            template = p.templates[tries % len(p.templates)]
            text, slot_words = _fill(template, rng, vocab)
            text = rng.choice(FRAMES).format(text)
            if text in seen:
                continue
            seen.add(text)
            made += 1
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
