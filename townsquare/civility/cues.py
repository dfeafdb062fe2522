"""Phrase cues over the shipped heads: who an insult is aimed at, threats, and a ceiling.

The heads learnt from talk pages and tweets score blunt words, not what they are aimed at: "This
is stupid" scored 0.999 and "The mayor is a liar and a crook" 0.29, and threats such as "I will
find where you live" (0.25) hardly occur in the data we may train on. Three hand-written rules,
whose strengths travel in the artifact's metadata (``cues``), fix the order a newsroom needs:

- **Directed attacks** ("you are an idiot", "the mayor is a liar and a crook", "you stupid
  fool") add ``attack_logit`` to ``insult``, owned by the insulting words, so they are also
  what is highlighted.
- **Threat phrasing** ("I will find where you live", "watch your back") adds ``threat_logit``
  to ``threat``, owned by the words of the phrase.
- **The ceiling.** A comment with none of those cues, no name-calling noun ("idiot", "liar":
  words that only ever name people) and no obscenity aimed at someone ("f*** you") is criticism
  of a thing, however blunt: its ``toxicity``, ``insult`` and ``obscene`` logits are squeezed
  smoothly under ``ceiling`` (a probability just below the hold threshold), so it can be nudged
  but never held or rejected on bluntness alone. The squeeze is monotone, so it keeps the
  order among such comments. ``identity_attack`` (slurs) and ``threat`` have no ceiling.

Cue reading 2 (model card "E45"; only where the artifact's ``cues`` name it, so an older
artifact scores as it did) adds two more:

- **Group claims** (``group_logit``, on ``identity_attack``): a group named ("Somalis",
  "disabled people"; ``anchors.GROUP_WORDS`` and "<word> people") and, in the same sentence, a
  derogatory claim said of it ("are all criminals", "are vermin", "don't belong here", "should
  be deported") or a verb of hate or removal aimed at it ("I hate ...", "get rid of ...").
  Not where the sentence quotes, reports, negates or rebuts the claim, nor in "I used to
  think ...": naming hate in order to condemn it is what readers who defend their neighbours
  do. The boost is owned by the words of the claim.
- **Threat idioms** (``threat_idioms`` set to 1, adding ``threat_logit`` to ``threat``): threats
  said without a violent verb ("with your name on it", "your days are numbered", "pray we
  never meet"), not where quoted or reported. ("I'm coming for you" is left out: readers say
  it of a chess rematch as often as in earnest.)

Boosts belong to chunks, so ``logit = bias + sum of chunk contributions`` stays exact before
the ceiling; the ceiling lowers a probability and never moves a highlight.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from townsquare.civility.anchors import GROUP_WORDS
from townsquare.civility.features import Chunk
from townsquare.civility.spelling import Normalised

# Defaults written into the artifact by ``townsquare civility train``; LinearModel reads the
# artifact's copy, so an older artifact keeps scoring as it did. Values chosen on the product
# sentences in tests/civility/test_cues.py and checked on C3's training articles only.
DEFAULT_CUES: dict[str, float] = {"attack_logit": 3.0, "threat_logit": 6.0, "ceiling": 0.69}
CEILED_HEADS = ("toxicity", "insult", "obscene")
CEILING_SHARPNESS = 3.0  # how close to the ceiling a very blunt comment may get

# Nouns that only ever name a person: using one is name-calling whatever it is aimed at.
_NOUNS = (
    r"idiots?|morons?|imbeciles?|fools?|liars?|crooks?|clowns?|losers?|scum(bags?)?|jerks?|"
    r"hypocrites?|cowards?|trolls?|shills?|buffoons?|halfwits?|nitwits?|dimwits?|twits?|dopes?|"
    r"bigots?|retards?|assholes?|a\*+holes?|bastards?|dumbass(es)?|dunces?|lowlifes?|creeps?|"
    r"sleazebags?|cretins?|numbskulls?|bozos?|clowns?|racists?|thugs?|crooks?"
)
# Adjectives that insult a person when said of one, but only criticise when said of a thing.
_ADJECTIVES = (
    r"stupid|dumb|idiotic|moronic|pathetic|ignorant|brainless|clueless|dishonest|retarded|"
    r"useless|worthless|disgusting|delusional|deranged|spineless|gutless|corrupt|crooked"
)
_FILL = r"(?:(?:such|so|a|an|the|just|really|truly|complete|total|utter|absolute|nothing but|"
_FILL += r"one|big|bunch of|pack of|f\w*ing|damn(?:ed)?|bloody|lying|stupid|dumb)\s+)*"
_NOUN_RE = re.compile(rf"\b(?:{_NOUNS})\b", re.I)
# "you are an idiot", "you're so stupid", "you stupid fool", "u r dumb"
_YOU_RE = re.compile(
    rf"\b(?:you|u|ya)(?:\s+(?:are|r|were|sound|look|seem)|'re|re)?\s+{_FILL}"
    rf"(?P<core>(?:(?:{_ADJECTIVES})\s+)*(?:{_ADJECTIVES}|{_NOUNS}))\b",
    re.I,
)
# "the mayor is a liar and a crook", "he's a moron", "they are complete idiots"
_COPULA_RE = re.compile(
    rf"\b(?:is|are|was|were|'s|be|being|been)\s+{_FILL}"
    rf"(?P<core>(?:(?:{_ADJECTIVES})\s+)*(?:{_NOUNS})"
    rf"(?:\s*,?\s*(?:and|&|or)\s+{_FILL}(?:(?:{_ADJECTIVES})\s+)*(?:{_NOUNS}))*)\b",
    re.I,
)
# "he/she/they/the mayor is stupid": a person subject with an insulting adjective.
_PERSON_ADJ_RE = re.compile(
    rf"\b(?:he|she|they|him|her|them)(?:\s+(?:is|are|was|were|sounds?|looks?|seems?)|'s|'re)\s+"
    rf"{_FILL}(?P<core>{_ADJECTIVES})\b",
    re.I,
)
# "Shut up, moron.", "Get lost, you fool!": a name-calling noun said to someone, at the end of
# a clause (added in v2, chosen on the dev half of our probes).
_VOCATIVE_RE = re.compile(
    rf"(?:^|[,;:!?.]\s*)(?:(?:you|u)\s+)?{_FILL}"
    rf"(?P<core>(?:(?:{_ADJECTIVES})\s+)*(?:{_NOUNS}))\s*(?:[.!?]+|$)",
    re.I,
)
_DIRECTED_OBSCENITY_RE = re.compile(
    r"\b(?:fuck|f\*+k|f\*+|screw|stfu|piss)\w*(?:\s+(?:off|you|u|yourself|ya))\b|"
    r"\bgo\s+(?:to\s+hell|die|kill\s+yourself)\b|\bshut\s+(?:the\s+\w+\s+)?up\b",
    re.I,
)
_THREAT_RE = re.compile(
    r"\b(?:i|we)(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|\s+(?:know|found|find))\s+"
    r"(?:\w+\s+){0,2}(?:find|know|track|hunt|come|visit|get|hurt|kill|shoot|beat|burn|make)\b"
    r"[^.!?]{0,40}?\b(?:you|your|ya|u|him|her|them)\b[^.!?]{0,30}|"
    r"\b(?:i|we)\s+know\s+where\s+(?:you|your\s+\w+|he|she|they)\s+(?:\w+\s+){0,3}"
    r"(?:live|lives|work|works|sleep|sleeps|go|goes|park|parks)\b|"
    r"\bwatch\s+(?:your|ur|his|her|their)\s+back\b|"
    r"\b(?:you|u)(?:'ll|\s+will)\s+(?:regret|pay\s+for|be\s+sorry)\b|"
    r"\b(?:you|u)(?:'re|\s+are)\s+(?:so\s+)?(?:dead|done\s+for|next)\b|"
    r"\b(?:someone|somebody|people)\s+(?:should|ought\s+to|needs?\s+to|will|is\s+going\s+to)\s+"
    r"(?:\w+\s+){0,2}(?:shoot|kill|hang|stab|beat|hurt|burn|lynch|take\s+out|put\s+a\s+bullet)\b"
    r"[^.!?]{0,30}|"
    r"\bput\s+a\s+bullet\s+in\b[^.!?]{0,20}|"
    # Passive calls for violence against people (v2): "people like you should be shot".
    r"\b(?:someone|somebody|people(?:\s+like\s+(?:you|them|him|her|that))?|you|they|he|she)"
    r"\s+(?:should|ought\s+to|needs?\s+to|deserves?\s+to|must)\s+(?:all\s+)?be\s+"
    r"(?:shot|killed|hanged|hung|lynched|beaten|stabbed|burned|gassed|executed|put\s+down)\b|"
    r"\b(?:i|we)(?:'ll|\s+will|'d|\s+would)\s+(?:\w+\s+)?(?:kill|shoot|stab|hurt|beat|strangle)"
    r"\s+(?:you|u|him|her|them)\b",
    re.I,
)


# -- cue reading 2: what is said of a group, and threat idioms (model card "E45") -----------
# Words before "people"/"folks" that pick out no group ("some people", "those people").
_NOT_GROUPS = (
    r"some|many|most|all|these|those|the|other|such|few|more|several|certain|real|good|bad|"
    r"normal|ordinary|regular|nice|decent|smart|stupid|dumb|clever|sensible|reasonable|"
    r"honest|local|young|older|elderly|sick|ill|hurt|injured|innocent|guilty|vulnerable|"
    r"working|everyday|average|random|hardworking|hard-working|"
    r"thousands\s+of|millions\s+of|hundreds\s+of|lots\s+of|plenty\s+of|no|any|two|three|"
    r"which|what|whose|who|why|how|your|our|my|their|his|her|its|this|that|enough|"
    r"vaccinated|unvaccinated|elected|unelected|talented|brilliant|wonderful|lovely|kind|"
    r"happy|sad|angry|tired|busy|rich|wealthy|famous|powerful|important|affected|"
    r"displaced|homeless"
)
# More groups than the anchored block names: nationalities, faiths, and kin (cue reading 2).
_MORE_GROUPS = """
albanian pole polish romanian bulgarian serb croat bosnian kosovar nigerian ghanaian kenyan
ethiopian eritrean sudanese congolese syrian iraqi iranian afghan pakistani bangladeshi turk
turkish kurd kurdish palestinian israeli lebanese egyptian moroccan algerian libyan yemeni saudi
vietnamese cambodian thai indonesian malaysian nepali tibetan irish scot welsh brit french
german italian spanish portuguese greek dutch brazilian colombian venezuelan cuban dominican
salvadoran guatemalan honduran jamaican caribbean chicano chicana traveller traveler pagan
evangelical shia sunni amish quaker islamist illegal intersex nonbinary non-binary girl lady
ladies wife wives mother wheelchair user paraplegic transsexual dalit hijra
"""
_ALL_GROUP_WORDS = set(GROUP_WORDS) | set(re.findall(r"\S+", _MORE_GROUPS))
_GROUP_WORDS_RE = "|".join(sorted((re.escape(w) for w in _ALL_GROUP_WORDS), key=len, reverse=True))
_GROUP = (
    rf"(?:\b(?:{_GROUP_WORDS_RE})(?:s|es)?\b|\b(?!(?:{_NOT_GROUPS})\b)[a-z][\w-]*\s+"
    rf"(?:people|folks|families|immigrants|men|women|kids|residents|neighbours|neighbors)\b)"
)
_GROUP_RE = re.compile(_GROUP, re.I)
# What is said of a group: dehumanising nouns, blanket criminality, exclusion, removal.
_VERMIN = (
    r"vermin|rats?|cockroach(?:es)?|roach(?:es)?|parasites?|leech(?:es)?|animals?|savages?|"
    r"beasts?|apes?|monkeys?|pigs?|dogs?|insects?|pests?|subhumans?|sub-humans?|filth|scum|"
    r"garbage|trash|rubbish|plague|disease|cancer|virus|infestation|mongrels?|"
    r"degenerates?|freaks?|perverts?|predators?|paedophiles?|pedophiles?|groomers?|invaders?|"
    r"criminals?|thieves|rapists?|terrorists?|crooks?|murderers?|thugs?|barbarians?|"
    r"primitives?|inbreds?|swarm|horde|stain|blight|burden|drain|menace|threat|"
    r"danger"
)
_BAD = (
    r"subhuman|sub-human|inferior|primitive|uncivili[sz]ed|barbaric|disgusting|dirty|filthy|"
    r"evil|lazy|stupid|dumb|worthless|useless|dangerous|violent|vile|diseased|backward|"
    r"savage|less\s+than\s+human|not\s+(?:even\s+|fully\s+|really\s+)?human|too\s+stupid"
)
_REMOVE = (
    r"deported|sent\s+back|shipped\s+back|kicked\s+out|thrown\s+out|removed|banned|locked\s+up|"
    r"rounded\s+up|kept\s+out|shot|killed|hanged|hung|gassed|exterminated|wiped\s+out|"
    r"sterili[sz]ed|put\s+down|hunted(?:\s+down|\s+out)?|burned|burnt|purged|eradicated|"
    r"driven\s+out|run\s+out|chased\s+out|got\s+rid\s+of|gotten\s+rid\s+of|segregated|"
    r"lynched|beaten|stoned|jailed"
)
_PREDICATE = (
    rf"(?:(?:is|are|were|'re|r)\s+(?:(?:all|just|nothing\s+but|basically|really|literally|"
    rf"such|so|the|a|an|total|complete|utter|filthy|dirty|dangerous|nothing\s+more\s+than|"
    rf"no\s+better\s+than|like|a\s+bunch\s+of|a\s+pack\s+of|a\s+load\s+of)\s+)*"
    rf"(?:{_VERMIN}|{_BAD})\b(?!\s+(?:at|with)\b)"
    rf"|(?:can't|cannot|can\s+not|shouldn't|should\s+not|must\s+not|won't)\s+be\s+trusted"
    rf"|(?:don't|do\s+not|doesn't|does\s+not)\s+belong"
    rf"|(?:should|must|need\s+to|needs\s+to|ought\s+to|deserve\s+to|have\s+to|will)\s+"
    rf"(?:all\s+|each\s+|every\s+one\s+)?(?:be\s+)(?:{_REMOVE})\b"
    rf"|(?:shouldn't|should\s+not|must\s+not|mustn't)\s+be\s+allowed"
    rf"|(?:should|must|need\s+to|ought\s+to)\s+(?:all\s+)?(?:go|get|be\s+sent)\s+back\b"
    rf"|(?:ruin|ruins|ruining|ruined|destroy|destroys|destroying|infest|infests|infesting|"
    rf"poison|poisons|poisoning|invade|invading|breed|breeding)\b(?:\s+\w+){{0,3}}"
    rf"|breed\s+like|spread(?:ing)?\s+like|smell|stink"
    rf"|(?:disgust|sicken|repulse)s?\s+me)"
)
_HATE_VERB = (
    r"\b(?:i|we)\s+(?:\w+\s+)?(?:hate|despise|loathe|detest|can't\s+stand|cannot\s+stand)\s+"
    r"|\b(?:get\s+rid\s+of|wipe\s+out|exterminate|eradicate|deport|purge|round\s+up|kick\s+out|"
    r"gas|lynch|kill|shoot|hang|burn|drive\s+out|clean\s+(?:this|our|the)\s+\w+\s+of|"
    r"death\s+to)\s+"
)
# "they" and "those people" stand for a group named earlier in the comment.
_PRONOUN = (
    r"(?:\b(?:they|they're|theyre|these\s+people|those\s+people|these\s+ones|"
    r"the\s+lot\s+of\s+them)\b)"
)
_GROUP_CLAIM_RE = re.compile(
    rf"(?:(?P<g1>{_GROUP})|(?P<pronoun>{_PRONOUN}))(?:(?!\b(?:but|because|who|which|that)\b)[^.!?;:]){{0,50}}?"
    rf"(?P<claim>\b{_PREDICATE})"
    rf"|(?P<verb>{_HATE_VERB})(?:(?:all|the|every|those|these|any|more|of)\s+)*(?P<g2>{_GROUP})",
    re.I,
)
# The sentence reports, quotes, negates or rebuts what it names.
_REBUT_RE = re.compile(
    r"\b(?:not|no|never|nobody|none|nothing|neither|nor|stop|stopped|isn't|aren't|wasn't|"
    r"weren't|don't|doesn't|didn't|won't|wouldn't|shouldn't|can't|cannot|without|against|"
    r"myth|myths|false|wrong|untrue|lie|lies|nonsense|prove|proves|proved|say|says|said|"
    r"saying|claim|claims|claimed|claiming|call|calls|called|calling|wrote|write|writes|"
    r"writing|typed|typing|told|tell|tells|telling|shout|shouted|shouting|chant|chanted|"
    r"chanting|yell|yelled|post|posted|posts|message|messages|note|notes|graffiti|sign|"
    r"signs|leaflet|leaflets|flyer|flyers|read|accuse|accused|accusing|hear|heard|argue|"
    r"argued|argues|insist|insisted|suggest|suggested|suggesting|threaten|threatened|"
    r"threatening|threats?|hateful|hatred|hate\s+speech|racism|racist|racists|bigot|bigots|"
    r"bigoted|bigotry|prejudice|stereotype|stereotypes|slur|slurs|propaganda|rhetoric|"
    r"idea|notion|belief|thought|ashamed|shame|shameful|condemn|condemned|reported|report|"
    r"police|cautioned|arrested|charged|court|trial|imagine|pretend|announce|announced|"
    r"announces|rant|rants|ranted|ranting|going\s+on\s+about|banging\s+on|reckon|reckons|"
    r"reckoned)\b"
    r"|[\"“”«»]|(?:^|\s)'|'(?=\s|[.,!?;:]|$)",
    re.I,
)
_NOT_RACIST_BUT_RE = re.compile(
    r"\b(?:i'm|i\s+am|im)\s+not\s+(?:a\s+)?(?:racist|bigot|sexist|homophobic|transphobic)"
    r"[^.!?]{0,20}?\bbut\b|"
    r"\b(?:i|we)\s+(?:have|'ve|ve|got)\s+(?:got\s+)?nothing\s+against\b[^.!?]{0,40}?\bbut\b",
    re.I,
)
_USED_TO_RE = re.compile(
    r"\b(?:used\s+to|once|had)\s+(?:think|believe|thought|believed|assume|assumed)\b|"
    r"\bi\s+(?:thought|believed|assumed)\b",
    re.I,
)
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")
_THREAT_IDIOM_RE = re.compile(
    r"\b(?:with|has|have|got)\s+(?:your|ur)\s+name\s+on\s+it\b|"
    r"\bpray\s+(?:we|i|that\s+we|that\s+i)\s+never\s+meet\b|"
    r"\b(?:don't|dont|do\s+not)\s+say\s+(?:nobody|no\s+one|noone|i\s+didn't|we\s+didn't)\s+"
    r"warn(?:ed)?\s+(?:you|u|ya)\b|"
    r"\b(?:you've|you\s+have|youve|u\s+have|consider\s+yourself)\s+been\s+warned\b|"
    r"\b(?:your|ur)\s+days\s+are\s+numbered\b|"
    r"\bsleep\s+with\s+one\s+eye\s+open\b|"
    r"\b(?:be\s+a|a)\s+(?:real\s+)?shame\s+if\s+(?:something|anything)\s+(?:happened|"
    r"happens|were\s+to\s+happen)\b|"
    r"\b(?:you'll|you\s+will|u\s+will|u'll|youll)\s+(?:find\s+out|see)\s+what\s+happens\b|"
    r"\bfind\s+out\s+what\s+(?:happens|the\s+\w+(?:-\w+)?\s+(?:looks|feels)\s+like)\b|"
    r"\b(?:i|we)\s+know\s+where\s+(?:your|ur)\s+(?:kids?|children|family|wife|husband|son|"
    r"daughter|mum|mom|mother|dad|father|parents)\b|"
    r"\b(?:i|we|he|she|they)\s+(?:know|knows|have|has|got)\s+(?:your|ur)\s+(?:home\s+)?"
    r"address\b|"
    r"\b(?:you|u)\s+won't\s+(?:see|make\s+it\s+to)\s+(?:christmas|next\s+\w+|another\s+\w+)\b|"
    r"\b(?:i'll|i\s+will|we'll|we\s+will)\s+make\s+(?:you|u|sure\s+you)\s+(?:pay|suffer|"
    r"regret)\b|"
    r"\btick\s*,?\s*tock\b|"
    r"\b(?:watch|mind)\s+yourself\b",
    re.I,
)
_REPORTED_THREAT_RE = re.compile(
    r"\b(?:threat|threats|threatening|threatened|police|cautioned|arrested|charged|said|"
    r"says|posted|message|messages|note|notes|letter|wrote|typed|read\s+out|song|film|"
    r"movie|book|novel|line|lyric|lyrics|character)\b|[\"“”]",
    re.I,
)


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _SENTENCE_RE.finditer(text)]


def group_claims(text: str) -> list[tuple[int, int]]:
    """Spans of derogatory claims said of a group that the sentence does not quote, report,
    negate or rebut (cue reading 2)."""
    if _USED_TO_RE.search(text):
        return []
    spans: list[tuple[int, int]] = []
    for offset, sentence in _sentences(text):
        for match in _GROUP_CLAIM_RE.finditer(sentence):
            claim = "claim" if match.group("claim") else "verb"
            s, e = match.span(claim)
            if match.group("pronoun") and not _GROUP_RE.search(text[: offset + match.start()]):
                continue
            rest = _NOT_RACIST_BUT_RE.sub(" ", sentence[:s] + " " + sentence[e:])
            if _REBUT_RE.search(rest):
                continue
            spans.append((offset + s, offset + e))
    return spans


def threat_idioms(text: str) -> list[tuple[int, int]]:
    """Spans of threats said without a violent verb, not quoted or reported (reading 2)."""
    spans: list[tuple[int, int]] = []
    for offset, sentence in _sentences(text):
        for match in _THREAT_IDIOM_RE.finditer(sentence):
            if _REPORTED_THREAT_RE.search(sentence):
                continue
            spans.append((offset + match.start(), offset + match.end()))
    return spans


@dataclass(frozen=True)
class CueHits:
    """What the cues found in one text: logit boosts per (chunk, head), and the ceiling flag."""

    boosts: list[tuple[int, str, float]]
    directed: bool


def _owning_chunks(chunks: Sequence[Chunk], start: int, end: int) -> list[int]:
    return [i for i, c in enumerate(chunks) if c.start < end and c.end > start]


def read_spans(
    find: Callable[[str], list[tuple[int, int]]], text: str, reading: Normalised | None
) -> list[tuple[int, int]]:
    """``find``'s spans in ``text`` and, where the encoder read dodged spellings (``reading``),
    in what it read, mapped back onto the text as typed."""
    spans = find(text)
    if reading is not None and reading.rewrites:
        spans += [reading.span(s, e) for s, e in find(reading.text)]
    return spans


def find_cues(
    text: str,
    chunks: Sequence[Chunk],
    params: dict[str, float],
    *,
    reading: Normalised | None = None,
) -> CueHits:
    """Boosts for directed attacks and threats, and whether the text is aimed at someone.
    Cue reading 2 also reads ``reading`` (the text as the encoder read it, dodged spellings
    rewritten), so "cr1minals" is read as the claim "criminals" is."""
    boosts: list[tuple[int, str, float]] = []
    attack_spans: list[tuple[int, int]] = []
    for pattern in (_YOU_RE, _COPULA_RE, _PERSON_ADJ_RE, _VOCATIVE_RE):
        for match in pattern.finditer(text):
            core = match.group("core")
            # Only the insulting words own the boost: "idiot" is the attack, "You" is not.
            offset = match.start("core")
            for word in re.finditer(rf"\b(?:{_ADJECTIVES}|{_NOUNS})\b", core, re.I):
                attack_spans.append((offset + word.start(), offset + word.end()))
    owners = sorted({i for s, e in attack_spans for i in _owning_chunks(chunks, s, e)})
    for i in owners:
        boosts.append((i, "insult", params["attack_logit"] / len(owners)))
    threat_owners: list[int] = []
    for match in _THREAT_RE.finditer(text):
        threat_owners.extend(_owning_chunks(chunks, match.start(), match.end()))
    if params.get("threat_idioms"):
        for start, end in read_spans(threat_idioms, text, reading):
            threat_owners.extend(_owning_chunks(chunks, start, end))
    threat_owners = sorted(set(threat_owners))
    for i in threat_owners:
        boosts.append((i, "threat", params["threat_logit"] / len(threat_owners)))
    group_owners: list[int] = []
    if params.get("group_logit"):
        spans = read_spans(group_claims, text, reading)
        group_owners = sorted({i for s, e in spans for i in _owning_chunks(chunks, s, e)})
        for i in group_owners:
            boosts.append((i, "identity_attack", params["group_logit"] / len(group_owners)))
    directed = bool(
        owners
        or threat_owners
        or group_owners
        or _NOUN_RE.search(text)
        or _DIRECTED_OBSCENITY_RE.search(text)
    )
    return CueHits(boosts=boosts, directed=directed)


def ceiling_logit(logit: float, ceiling: float) -> float:
    """Squeeze a logit smoothly under ``logit(ceiling)``: unchanged far below it, never above."""
    cap = math.log(ceiling / (1.0 - ceiling))
    gap = CEILING_SHARPNESS * (cap - logit)
    # softplus, written to stay finite for very large gaps either way
    softplus = gap + math.log1p(math.exp(-gap)) if gap > 0 else math.log1p(math.exp(gap))
    return cap - softplus / CEILING_SHARPNESS


def ceiling_logits(logits: np.ndarray, ceiling: float) -> np.ndarray:
    """``ceiling_logit`` over an array of logits at once (offline: ``offsets`` measures many
    texts with many ceilings)."""
    cap = math.log(ceiling / (1.0 - ceiling))
    gap = CEILING_SHARPNESS * (cap - np.asarray(logits, dtype=np.float64))
    return cap - np.logaddexp(0.0, gap) / CEILING_SHARPNESS


def apply_ceiling(logits: np.ndarray, heads: Sequence[str], ceiling: float) -> np.ndarray:
    out = logits.astype(np.float64)  # float32 would tie the very bluntest comments
    for i, head in enumerate(heads):
        if head in CEILED_HEADS:
            out[i] = ceiling_logit(float(logits[i]), ceiling)
    return out
