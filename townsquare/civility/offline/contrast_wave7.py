"""Wave 7 of the contrast patterns (``contrast.py``): uncivil twins of wave 6's harmless menace.

Written by us after a candidate continued on wave 6 learned its civil twins too well and began
to let real threats through when they used the same surface ("I know where you live, {name}",
"I'm coming for you", "your days are numbered", "I'll be waiting for you", "I've got my eye on
you", "watch yourself"):

- the same devices used menacingly at the person addressed or named, in the setting of a news
  comment thread: after their comment, their vote, their restaurant review, their reporting,
  their planning objection, their evidence at an inquiry. Knowing where they live, work or park
  or where their children go to school, "you won't get away with it", "I'm coming for you",
  "your days are numbered", "I'll be waiting for you", "I've got my eye on you", "watch
  yourself", a countdown, "see you soon", "it would be a shame if", a relative seen on their
  street, an anonymous commenter unmasked. There is no harmless explanation, no parcel, no cake
  and no chess club; the intimidation is the point. Most are addressed to ``{name}`` or "you",
  as wave 6's civil twins are, so that a name plus a device is not by itself the signal either
  way: the hostile intent is;
- the same devices aimed at a group (``{group}``, ``{desc}``): knowing which streets they live
  on, "your days here are numbered", waiting outside their centre, watching their shops, "you
  won't get away with it" after a planning vote, "see you soon" before a march, "it would be a
  shame if" about their children, "watch yourselves" after a petition.

Only uncivil kinds: ``threat-directed`` and ``threat-group``. No violent verb is needed and
``{threat}`` is not used; ``{name}`` and ``{when}`` keep their balance across the labels. Every
wording is new (none repeats a wording of an earlier wave). Split among itself like the other
waves, so no earlier pattern moves.
"""

from townsquare.civility.offline.contrast_parts import merge

# -- the menacing devices, aimed at the person who commented, voted, reviewed or testified --
_DIRECTED: dict[str, list[tuple[str, ...]]] = {
    "threat-directed": [
        (  # I know where you live: after a planning objection
            "Interesting objection to the extension at number 9, {name}. I know where you live "
            "as well, and I would think very carefully before you write to the council again.",
            "I know where you live, {name}. Withdraw the planning objection by Friday, or you "
            "will learn what kind of neighbours you really have.",
            "objected to my garage again {name}? i know where u live mate. number 31, green "
            "door. think on",
        ),
        (  # I know where you work: after a one-star review
            "One star for my restaurant, {name}? I know where you work now: the office on Bridge "
            "Street, third floor. I'll be paying you a visit of my own, and I won't be leaving a "
            "review.",
            "{Name}, you wrote that review on your lunch break. I know where you work, and I know "
            "what time you come out for lunch.",
            "1 star?? i know where u work {name}. lets see how u like it when someone turns up "
            "at ur job",
        ),
        (  # I know where you park: after a comment
            "You have a great many opinions about {topic} for someone who parks in the same dark "
            "corner of the station car park every night, {name}.",
            "I know where you park, {name}. Level two, by the broken light. Keep commenting.",
            "i know where u leave ur car every night {name}. nice quiet spot. perfect for a chat",
        ),
        (  # where their children go to school: after their reporting
            "Your reporting on my company has been very thorough, {name}. So has mine: Oakfield "
            "Primary, Year 4, the classroom by the playground. Bear that in mind before the next "
            "instalment.",
            "I know which school your kids go to, {name}. One more article and I'll be at the "
            "gate at home time.",
            "lovely school ur two go to {name}. shame they walk the last bit on their own. keep "
            "writing about me and see",
        ),
        (  # you won't get away with it: after their vote
            "You voted to close the swimming pool, {name}, and you will not get away with it. Not "
            "at the ballot box; somewhere a great deal quieter.",
            "You won't get away with that vote, {name}. People like me remember faces, and we "
            "know which pub the councillors drink in.",
            "u wont get away with this {name}. voted it thru and thought nobody would come "
            "knocking? wrong",
        ),
        (  # I'm coming for you: after their testimony
            "You stood up in court and told lies about my brother, {name}. Now I am coming for "
            "you, and there is no witness box to hide in.",
            "I'm coming for you, {name}. That testimony cost my family everything, and I've got "
            "nothing left to lose.",
            "im coming for u {name}. ur evidence put my mate away. lets see how brave u are "
            "without a judge next to u",
        ),
        (  # your days are numbered: after a column
            "Your days are numbered, {name}. Not at the paper. Anywhere.",
            "{Name}, your days are numbered. Every column you write about {topic} takes one more "
            "off the count.",
            "ur days r numbered {name}. enjoy the ones uve got left",
        ),
        (  # I'll be waiting for you: after a council vote
            "I'll be waiting for you outside the town hall, {name}. Side door, where the cameras "
            "don't reach. We'll finish this conversation {when}.",
            "Voted the way you did and think you can walk out the front like nothing happened? "
            "I'll be waiting for you by your car, {name}.",
            "ill be waiting for u {name}. u know where. come on ur own",
        ),
        (  # I've got my eye on you: surveillance after a comment
            "I have my eye on you, {name}. Every comment, every like, every evening you walk the "
            "dog. Sooner or later you will be somewhere quiet.",
            "Got my eye on you, {name}. You left the meeting at 9:40 last night and took the "
            "canal path home on your own. Brave.",
            "ive got my eye on u {name}. every post, every move. ur not half as anonymous as u "
            "think",
        ),
        (  # watch yourself: after a comment
            "Watch yourself, {name}. People round here do not take kindly to comments like "
            "yours, and I am one of those people.",
            "I'd watch yourself from now on, {name}. Not every car that slows down beside you "
            "will be asking for directions.",
            "watch urself {name}. never know whos walking behind u on the way home",
        ),
        (  # a countdown to take an article down
            "Seventy-two hours, {name}. Delete the article, or find out what the seventy-third "
            "looks like.",
            "The clock is running, {name}. Three days to take down what you wrote about {topic}. "
            "After that it's out of my hands.",
            "48 hrs {name}. take the post down. after that dont say nobody warned u",
        ),
        (  # see you soon: after a review, with the address from the booking
            "Thank you for the review, {name}. I looked up your address from the booking. See "
            "you soon.",
            "See you soon, {name}. Sooner than you'd like, and nowhere near as public as this "
            "comment section.",
            "c u soon {name} ;) got ur address off the order form",
        ),
        (  # it would be a shame if: after a planning objection
            "It would be a great shame if you did not make it to the next planning meeting, "
            "{name}. Those lanes are very dark after nine.",
            "Be a shame if you missed the next meeting, {name}. Or any meeting, ever again.",
            "wud be a real shame if something happened to u before the next vote {name}. drop "
            "the objection",
        ),
        (  # I never forget a name: after evidence at an inquiry
            "I was in the gallery when you gave evidence at the inquiry, {name}. I wrote down "
            "every word, and I never forget a name. You will be hearing from me.",
            "Nice testimony, {name}. I sat three rows behind you and followed you as far as the "
            "bus stop. Next time I'll go the whole way.",
            "saw u give evidence {name}. wrote ur name down. ull hear from me {when}",
        ),
        (  # an anonymous commenter unmasked
            "You comment under a made-up name, but it took me one evening to put a face to it, "
            "{name}. Lovely house. Lovely dog. Keep posting.",
            "Anonymous, are we? Not any more, {name}. I know your street, your car and what your "
            "dog is called.",
            "thought u were anonymous {name}? lol. got ur street now. post again and see what "
            "happens",
        ),
        (  # a relative seen on their street: after their vote
            "Your mother still lives on Orchard Row, doesn't she, {name}? I drove past this "
            "morning. Keep voting like that and next time I'll stop.",
            "Say hello to your wife for me, {name}. I saw her at {place} today. Shame about how "
            "you voted.",
            "ur mum still on orchard row {name}? nice house. might pop in for a chat about ur "
            "vote. shes home alone in the day right",
        ),
    ],
}


# -- the same devices aimed at a group: their streets, their centre, their shops, their march --
_GROUP: dict[str, list[tuple[str, ...]]] = {
    "threat-group": [
        (  # we know which streets you people live on: after a letter to the paper
            "We read the letter from the {desc} residents' association. We know which streets "
            "you people live on, and we have long memories.",
            "{Group} writing letters to the paper now? Fine. We know which streets you lot live "
            "on.",
            "we know what streets the {group} live on. every one. keep writing ur letters",
        ),
        (  # your days here are numbered
            "Your days here are numbered, {group}. This town has put up with you long enough.",
            "To the {desc} families who moved onto the Meadow estate: your days here are "
            "numbered, and the count is getting short.",
            "days r numbered for the {group} round here. everyone knows it except them",
        ),
        (  # we'll be waiting outside their centre
            "Let them have their open day. We will be waiting outside the {desc} centre when it "
            "finishes, and we will be counting heads.",
            "Go to the {desc} community centre on Saturday if you like. We'll be waiting outside "
            "when you come out.",
            "well be waiting outside the {desc} centre after their meeting. all of us. every week",
        ),
        (  # we've got our eye on their shops
            "Every {desc} shop on the high street is being watched. We have our eye on you, and "
            "we know what time you lock up.",
            "We've got our eye on you, {group}. Who comes, who goes, what time the lights go off.",
            "got our eyes on the {desc} stalls at the market. every saturday. they know it too",
        ),
        (  # you won't get away with it: after a planning vote for their building
            "The {desc} community hall has its planning permission. They will not get away with "
            "it. Permission is only paper.",
            "{Group} think they won the vote on the new centre. They won't get away with it. Ask "
            "them in a year.",
            "the {group} got their planning thru. they wont get away with it, not on our road",
        ),
        (  # see you soon: before a march
            "See you soon, {group}. The march ends at the park, and so does the police escort.",
            "Enjoy the parade, {group}. The cameras pack up at four. We don't.",
            "see u soon {group}. same route as last year right? we'll be there",
        ),
        (  # it would be a shame if: their children
            "Those {desc} families in the new flats let a lot of their children walk to school "
            "on their own. It would be a shame if that became a problem.",
            "It would be a real shame if the {group} on Mill Row stopped feeling safe in their "
            "beds. These things happen.",
            "wud be a shame if the {desc} kids at {place} had to start getting walked home. just "
            "a thought",
        ),
        (  # watch yourselves: after a petition
            "{Group} who signed that petition should watch themselves. The names are public, and "
            "so are the addresses.",
            "Watch yourselves, {group}. Every name on that petition has a front door.",
            "watch urselves {group}. we read the petition. we read every name on it",
        ),
    ],
}


WAVE7 = merge(_DIRECTED, _GROUP)
