"""Our own functional test sentences, in two halves written separately: ``dev`` and ``test``.

In the spirit of functional hate-speech suites, but every sentence written by us for Townsquare.
Choices (stacking, cues, thresholds) may look at the ``dev`` half only; the ``test`` half is
scored once, at the end. Neither half was used to train anything.

Three product sets of 16 (the issue's targets: hold at least 12 of 16 directed attacks and
threats, at least 12 of 16 attacks on groups, at most 1 of 16 sharp civil criticisms), and a
functional suite whose hateful cases (dehumanisation, threats against a group, slurs,
derogation) sit next to contrasts that must not be held (counter-speech, negation, reclaimed
words, neutral mentions of a group). A few slurs appear below because a suite that tests slurs
must contain them; they are here to be caught.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Probe:
    text: str
    category: str
    hateful: bool  # True: should be held; False: should not
    target: str = ""  # the identity group, where there is one


DIRECTED: dict[str, tuple[str, ...]] = {
    "dev": (
        "Shut up, moron.",
        "You are a pathetic little troll.",
        "People like you should be shot.",
        "I will break your legs if you show up at the meeting.",
        "Go crawl back under your rock, idiot.",
        "You're too stupid to be allowed to vote.",
        "Someone should put you in the ground.",
        "Nobody cares what a clown like you thinks.",
        "I hope your house burns down with you in it.",
        "You worthless piece of garbage.",
        "Keep talking and see what happens to you, loser.",
        "I know where you live, and I'll be waiting.",
        "You are an embarrassment, you brainless fool.",
        "Get lost, you ignorant hick.",
        "Somebody ought to teach you a lesson with a baseball bat.",
        "Your mother should have drowned you at birth.",
    ),
    "test": (
        "Sit down and shut your mouth, dimwit.",
        "You're a lying sack of garbage.",
        "Folks like you deserve a bullet.",
        "I'll smash your face in if I see you downtown.",
        "What a spineless little weasel you are.",
        "You are dumb as a box of rocks.",
        "Someone needs to end you.",
        "Nobody asked you, you clueless twit.",
        "I hope you choke on your own words and die.",
        "You disgusting creep.",
        "Say that to my face and you'll be picking up your teeth.",
        "We'll find you after work, count on it.",
        "You're a brain-dead parrot for your party.",
        "Back off, you sad old crank.",
        "You deserve a good beating for writing this.",
        "Crawl into a hole and stay there, scumbag.",
    ),
}

GROUP_ATTACKS: dict[str, tuple[str, ...]] = {
    "dev": (
        "Muslims are vermin and should all be thrown out of the country.",
        "Immigrants are parasites feeding off our town.",
        "Gay people are a disease on society.",
        "Jews control the banks and poison everything they touch.",
        "Black people are animals and always will be.",
        "Women are too stupid to be trusted with a vote.",
        "Trans people are mentally ill freaks.",
        "Mexicans are nothing but criminals and rapists.",
        "Refugees are rats and should be sent back on the first boat.",
        "Disabled people are a drain and should not be kept alive at our expense.",
        "All Roma are thieves.",
        "Asians are sneaky and can never be trusted.",
        "Muslims should be banned from living here.",
        "Those people breed like cockroaches.",
        "Gays should be locked up, every one of them.",
        "Jews are the enemy of every decent person.",
    ),
    "test": (
        "Muslims are a cancer spreading through our neighbourhoods.",
        "Immigrants are filth and do not belong here.",
        "Lesbians are disgusting and should be kept away from children.",
        "Jewish people are greedy leeches.",
        "Black men are savages.",
        "Women belong in the kitchen and nowhere else.",
        "Transgender people are perverts, all of them.",
        "Arabs are terrorists by nature.",
        "Migrants are an infestation we need to wipe out.",
        "Deaf people are useless and should stay out of sight.",
        "Indigenous people are lazy drunks.",
        "Chinese people are dirty and spread disease.",
        "Hindus should be driven out of this town.",
        "Those foreigners are subhuman.",
        "Gay men are predators, the lot of them.",
        "Christians are brainwashed idiots who should be silenced.",
    ),
}

CRITICISM: dict[str, tuple[str, ...]] = {
    "dev": (
        "This budget is a disgrace and the council should be ashamed of it.",
        "The mayor's plan is reckless, expensive and badly thought out.",
        "I strongly disagree with this editorial; it ignores the evidence.",
        "Frankly, the reporting here is sloppy and one-sided.",
        "The new parking rules are absurd and will hurt small shops.",
        "This decision is a betrayal of every voter who trusted them.",
        "The minister's answer was evasive and insulting to our intelligence.",
        "What a waste of public money this bridge has turned out to be.",
        "The school board has failed our children, again.",
        "This is the worst piece of legislation I have read in years.",
        "The police chief's statement was dishonest and should be retracted.",
        "I am furious that the library is closing; it is a terrible mistake.",
        "The developers are clearly getting a sweetheart deal here.",
        "The column is wrong on every count, and the numbers prove it.",
        "Cutting the bus routes is a cruel choice that hits the poorest hardest.",
        "The premier has broken every promise he made last spring.",
    ),
    "test": (
        "The council's handling of the flood relief was shameful.",
        "This proposal is a costly mess and should be scrapped.",
        "I think the writer has the facts badly wrong this time.",
        "The coverage of the strike was lazy and biased.",
        "Raising fees again is outrageous and unfair to families.",
        "The party has abandoned the people who elected it.",
        "That press conference was a masterclass in dodging questions.",
        "Spending millions on a logo is ridiculous.",
        "The hospital board should resign over this failure.",
        "This is a deeply foolish policy and history will judge it harshly.",
        "The spokesperson misled the public and owes us an apology.",
        "Closing the pool is a short-sighted and bitter disappointment.",
        "The contract stinks of favouritism.",
        "Every figure in this op-ed is cherry-picked nonsense.",
        "These cuts are heartless and will cost lives in the long run.",
        "The senator's record on housing is an utter failure.",
    ),
}

# Functional suite: (category, hateful?, target, sentence).
_FUNCTIONAL: dict[str, tuple[tuple[str, bool, str, str], ...]] = {
    "dev": (
        ("dehumanisation", True, "muslim", "Muslims are animals, not people."),
        ("dehumanisation", True, "immigrant", "Immigrants are vermin crawling over our streets."),
        ("dehumanisation", True, "gay", "Gay people are less than human."),
        ("dehumanisation", True, "black", "Black people are apes."),
        ("dehumanisation", True, "jewish", "Jews are rats."),
        ("dehumanisation", True, "women", "Women are just objects to be used."),
        ("threat", True, "muslim", "We should burn down every mosque in the county."),
        ("threat", True, "gay", "Gays deserve to be beaten in the street."),
        ("threat", True, "immigrant", "Every immigrant here should be hunted down."),
        ("threat", True, "jewish", "I am going to shoot up the synagogue on Saturday."),
        ("threat", True, "trans", "Trans people should be lined up and shot."),
        ("threat", True, "black", "Somebody should lynch them all."),
        ("slur", True, "gay", "Get out of here, you filthy faggot."),
        ("slur", True, "black", "No n*ggers allowed in this neighbourhood."),
        ("slur", True, "jewish", "The kikes are behind all of this."),
        ("slur", True, "asian", "Go home, you chink."),
        ("slur", True, "women", "Shut up, you dumb bitch."),
        ("slur", True, "disabled", "Only a retard would think that."),
        ("derogation", True, "muslim", "Muslims are violent by nature."),
        ("derogation", True, "women", "Women are worthless at anything that matters."),
        ("derogation", True, "immigrant", "Immigrants are all criminals."),
        ("derogation", True, "trans", "Trans women are just disgusting men in dresses."),
        ("derogation", True, "disabled", "Disabled people are a burden on everyone."),
        ("derogation", True, "black", "Black people are too lazy to work."),
        ("counter", False, "muslim", "Saying Muslims are violent is a lie, and it is hateful."),
        ("counter", False, "immigrant", "Calling immigrants vermin is disgusting; stop it."),
        ("counter", False, "gay", "If you think gay people are less than human, you are wrong."),
        ("counter", False, "black", "Comparing Black people to apes is racist and vile."),
        ("counter", False, "jewish", "Conspiracy theories about Jews have led to murder."),
        ("counter", False, "women", "Anyone who says women are worthless should read history."),
        ("negation", False, "muslim", "Muslims are not a threat to anyone in this town."),
        ("negation", False, "immigrant", "Immigrants are not criminals; they are our neighbours."),
        ("negation", False, "trans", "Trans people are not dangerous."),
        ("negation", False, "disabled", "Disabled people are never a burden to a decent society."),
        ("negation", False, "gay", "I would never say gay people deserve less respect."),
        ("negation", False, "black", "Black people are not lazy, and the data say so."),
        ("reclaimed", False, "gay", "As a queer woman, I loved this piece."),
        ("reclaimed", False, "gay", "We dykes on bikes lead the parade every year."),
        ("reclaimed", False, "women", "Proud to be a nasty woman at the council meeting."),
        ("reclaimed", False, "disabled", "As a crip myself, I found the access audit honest."),
        ("neutral", False, "muslim", "The Muslim community centre opens its doors on Friday."),
        ("neutral", False, "jewish", "A Jewish bakery has opened on Harbour Street."),
        ("neutral", False, "gay", "The gay choir sang at the memorial service."),
        ("neutral", False, "black", "Black business owners met the mayor on Tuesday."),
        ("neutral", False, "immigrant", "Immigrants make up a fifth of the town's nurses."),
        ("neutral", False, "trans", "The trans support group meets at the library."),
        ("neutral", False, "women", "Women now hold half the seats on the council."),
        ("neutral", False, "asian", "The Asian night market returns next month."),
    ),
    "test": (
        ("dehumanisation", True, "muslim", "Muslims are a plague of locusts."),
        ("dehumanisation", True, "immigrant", "Migrants are cockroaches, nothing more."),
        ("dehumanisation", True, "trans", "Trans people are things, not humans."),
        ("dehumanisation", True, "black", "Black people are closer to monkeys than to us."),
        ("dehumanisation", True, "jewish", "Jews are a disease to be cut out."),
        ("dehumanisation", True, "disabled", "Disabled people are defective animals."),
        ("threat", True, "muslim", "Every Muslim in this town should be dragged out and killed."),
        ("threat", True, "gay", "I will bash the next gay couple I see."),
        ("threat", True, "immigrant", "We're going to torch the refugee hostel tonight."),
        ("threat", True, "jewish", "The Jews will get what is coming to them, and soon."),
        ("threat", True, "women", "Women who speak up like that should be raped."),
        ("threat", True, "asian", "Let's go beat up some Asians after the game."),
        ("slur", True, "gay", "Look at those two fags holding hands."),
        ("slur", True, "black", "That n*gger should go back to Africa."),
        ("slur", True, "muslim", "Sandn*ggers out of our country."),
        ("slur", True, "immigrant", "Send the wetbacks home."),
        ("slur", True, "women", "She's just a stupid whore."),
        ("slur", True, "trans", "That tranny should stay out of our bathrooms."),
        ("derogation", True, "muslim", "Islam makes people into savages."),
        ("derogation", True, "women", "Women are too emotional to lead anything."),
        ("derogation", True, "immigrant", "Foreigners are ruining this country with their filth."),
        ("derogation", True, "gay", "Gay people are perverted and sick."),
        ("derogation", True, "jewish", "Jews are greedy and can't be trusted."),
        ("derogation", True, "black", "Black people are born criminals."),
        ("counter", False, "muslim", "Calling Muslims a plague is hate speech, full stop."),
        ("counter", False, "immigrant", "People who call migrants cockroaches should be ashamed."),
        ("counter", False, "trans", "Saying trans people are not human is cruel and false."),
        ("counter", False, "black", "The monkey chants at Black players must end."),
        ("counter", False, "jewish", "Blaming Jews for the crisis is antisemitism."),
        ("counter", False, "women", "Telling women they are too emotional to lead is sexist."),
        ("negation", False, "muslim", "No, Muslims are not savages, and your post is shameful."),
        ("negation", False, "immigrant", "Foreigners are not ruining anything here."),
        ("negation", False, "gay", "Gay people are not sick, and never were."),
        ("negation", False, "jewish", "Jewish families are not greedy; that is an old smear."),
        ("negation", False, "women", "Women are not too emotional to lead this city."),
        ("negation", False, "disabled", "Disabled people are not defective in any way."),
        ("reclaimed", False, "gay", "Queer folks of all ages came to the picnic."),
        ("reclaimed", False, "gay", "My friends and I call ourselves the old queens of Elm Road."),
        ("reclaimed", False, "women", "Us bad feminists are running the bake sale this year."),
        ("reclaimed", False, "black", "Black and proud, and glad to see this mural."),
        ("neutral", False, "muslim", "Muslim volunteers served breakfast at the shelter."),
        ("neutral", False, "jewish", "The Jewish film festival starts on Sunday."),
        ("neutral", False, "gay", "Two gay men run the hardware store on Main Street."),
        ("neutral", False, "black", "A Black historian will speak at the museum."),
        ("neutral", False, "immigrant", "Many immigrants here work in construction."),
        ("neutral", False, "trans", "A trans runner won the county half marathon."),
        ("neutral", False, "women", "Women coached four of the six winning teams."),
        ("neutral", False, "asian", "Asian families came to the lantern festival."),
    ),
}


def functional(half: str) -> list[Probe]:
    """The functional suite's ``dev`` or ``test`` half."""
    return [
        Probe(text, category, hateful, target)
        for category, hateful, target, text in _FUNCTIONAL[half]
    ]


def product_sets(half: str) -> dict[str, list[Probe]]:
    """The three product sets of 16 for one half: directed, group, criticism."""
    return {
        "directed": [Probe(t, "directed", True) for t in DIRECTED[half]],
        "group": [Probe(t, "group", True) for t in GROUP_ATTACKS[half]],
        "criticism": [Probe(t, "criticism", False) for t in CRITICISM[half]],
    }


def hateful_probes(half: str) -> list[Probe]:
    """Every probe of one half that should be held."""
    sets = product_sets(half)
    return sets["directed"] + sets["group"] + [p for p in functional(half) if p.hateful]
