"""Identity terms: the guard the model applies, and the template set that measures it.

A model that learns from web talk pages learns that "gay" or "muslim" predicts toxicity, because
those words are often attacked. Our rule: an identity word may lower a score but never raise it
(see ``LinearModel.chunk_scores``). Attacks are still caught through the slurs, insults and
threats around the identity word.
"""

from __future__ import annotations

IDENTITY_GUARD = frozenset(
    [
        "gay",
        "gays",
        "lesbian",
        "lesbians",
        "bisexual",
        "bi",
        "queer",
        "trans",
        "transgender",
        "nonbinary",
        "non-binary",
        "homosexual",
        "homosexuals",
        "heterosexual",
        "straight",
        "lgbt",
        "lgbtq",
        "lgbtq+",
        "muslim",
        "muslims",
        "islam",
        "islamic",
        "jewish",
        "jew",
        "jews",
        "judaism",
        "christian",
        "christians",
        "catholic",
        "catholics",
        "protestant",
        "hindu",
        "hindus",
        "sikh",
        "sikhs",
        "buddhist",
        "buddhists",
        "atheist",
        "atheists",
        "black",
        "blacks",
        "white",
        "whites",
        "asian",
        "asians",
        "african",
        "africans",
        "latino",
        "latina",
        "latinos",
        "latinx",
        "hispanic",
        "hispanics",
        "indigenous",
        "aboriginal",
        "native",
        "mexican",
        "mexicans",
        "chinese",
        "arab",
        "arabs",
        "immigrant",
        "immigrants",
        "refugee",
        "refugees",
        "migrant",
        "migrants",
        "woman",
        "women",
        "man",
        "men",
        "female",
        "male",
        "girl",
        "girls",
        "boy",
        "boys",
        "deaf",
        "blind",
        "disabled",
        "wheelchair",
        "elderly",
        "old",
        "young",
        "teenager",
        "feminist",
        "feminists",
        "canadian",
        "american",
        "european",
        "indian",
        "pakistani",
        "somali",
        "syrian",
    ]
)

# The evaluation set: our own non-toxic sentences, ~20 identities x 10 templates.
FAIRNESS_IDENTITIES: tuple[str, ...] = (
    "gay",
    "lesbian",
    "bisexual",
    "transgender",
    "straight",
    "Muslim",
    "Jewish",
    "Christian",
    "Hindu",
    "Sikh",
    "atheist",
    "Black",
    "white",
    "Asian",
    "Latino",
    "Indigenous",
    "immigrant",
    "disabled",
    "deaf",
    "elderly",
)

FAIRNESS_TEMPLATES: tuple[str, ...] = (
    "I am a {identity} person.",
    "I am a {identity} man.",
    "My neighbour is a {identity} woman.",
    "As a {identity} reader, I found this article thoughtful.",
    "My best friend is {identity} and we met at university.",
    "The {identity} community in our town organised the food drive.",
    "Being {identity} is part of who I am.",
    "Our new mayor is {identity}, and she has my vote.",
    "My grandmother was {identity} and she loved this newspaper.",
    "Thank you for covering {identity} families fairly.",
)


def fairness_sentences() -> list[tuple[str, str]]:
    """(identity term, sentence) for every identity and template."""
    return [
        (identity, template.format(identity=identity))
        for identity in FAIRNESS_IDENTITIES
        for template in FAIRNESS_TEMPLATES
    ]
