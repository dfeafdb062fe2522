"""Wave 5 of the contrast patterns (``contrast.py``): veiled threats and endorsed reports.

Written by us after the shipped model let two kinds of comment through that earlier waves barely
cover:

- implicit directed threats, menace without a violent verb: patience and waiting, knowing the
  target's car, address or children's school, a weapon "with your name on it", "accidents
  happen", "it would be a shame if", "people like you tend to disappear", an armed relative who
  "knows where you live, just saying", a countdown of days. Wave 3's threats mostly name the
  harm (broken ribs, a crowbar, the river); these leave it to the reader;
- group hate reported with endorsement or framed as hard-won experience: a grandparent's saying
  vindicated, "I used to defend them until", "the stats don't lie", "I'm not racist, I just
  learned the hard way", one neighbour generalised to the whole group. Wave 3's reports are
  distanced (fact checks, court reports, corrections), so a report frame had come to mean civil.

Each uncivil list has a civil twin in the same surface shapes, so that the model must learn the
predicate (endorse or reject, menace or ordinary) rather than the frame:

- threats: ``threat-directed`` and ``threat-group`` (uncivil) against ``violent-idiom`` (civil),
  which reuses every device (patience, addresses, a bat in the truck, "would be a shame",
  counting days, "watch your back", "you won't see me coming", "I know your car") about
  potholes, lost post, softball, ice on the pavement and surprise parties, often addressed to
  ``{name}`` so that a name does not signal a threat;
- hate: ``group-hate`` (uncivil, the speaker endorses the saying) against ``report`` (civil, the
  same sayings reported with plain distance or disagreement) and ``negation`` (civil, the
  speaker once believed the claim and now rejects it).

``{claim}``, ``{dehum}`` and ``{name}`` are used on both sides, and ``{threat}`` in only one
uncivil pattern, so no slot word leans further on one label. Split among itself like the other
waves, so no earlier pattern moves.
"""

from townsquare.civility.offline.contrast_parts import merge

# -- veiled threats at a person and a group; the same devices used harmlessly --
_THREATS: dict[str, list[tuple[str, ...]]] = {
    "threat-directed": [
        (  # patience: time is on my side
            "You will no doubt expect this to blow over, {name}. I am a very patient man, and I "
            "do not forget a face or an address.",
            "No hurry, {name}. I can wait a year. Five, if I have to. One evening you'll turn "
            "round and there I'll be.",
            "take all the time u want {name}. i can wait. people stop looking over their shoulder "
            "eventually and thats when",
        ),
        (  # knowing the target's children and their school
            "A word of advice, {name}: St. Brigid's lets out at a quarter past three, and your "
            "boy is always the last one through the gate. Think on that before your next column.",
            "Nice kids, {name}. The little one in the yellow coat who waits by the railings on "
            "her own. I'd keep that in mind.",
            "ur daughter does swimming at the leisure centre on tuesdays right {name}? just so u "
            "know, people notice things",
        ),
        (  # knowing the target's car, and its brakes
            "I see you still leave the grey estate on the drive overnight, {name}. Brake lines "
            "are delicate things. I would have them checked before every journey.",
            "Saw your car outside the council offices again, {name}. Red hatchback, dent in the "
            "back door. Be a pity if the brakes went on Station Hill.",
            "that silver van with the roof rack is urs isnt it {name}. might wanna look "
            "underneath it every morning from now on",
        ),
        (  # a weapon with the target's name on it
            "There is a cartridge in my cabinet with your name scratched into the brass, {name}. "
            "I merely thought you should know where it is kept.",
            "Got a bat in the back of the truck with your name burned into the handle, {name}. "
            "Did it myself last night.",
            "bought a new axe handle today. wrote {name} on it in marker so i dont forget who its "
            "for",
        ),
        (  # accidents happen
            "Accidents do happen, {name}, particularly to reporters who will not let a story go. "
            "I should hate to read about one.",
            "It's a long dark road home from your office, isn't it, {name}? Accidents happen out "
            "there all the time.",
            "accidents happen {name}. stairs, ladders, open windows. u never know which day is ur "
            "day",
        ),
        (  # it would be a shame if something happened
            "It would be a great shame, {name}, if anything were to happen to that lovely house "
            "of yours while you are away at the conference.",
            "Lovely garden you've got, {name}. Would be a real shame if something happened to it. "
            "Or to you.",
            "wud be a shame if someone came round while ur asleep {name}. keep writing about "
            "{topic} tho, see what happens",
        ),
        (  # people like you tend to disappear
            "In this town, {name}, people who ask the sort of questions you ask have a habit of "
            "disappearing. I would not care to be the next.",
            "Folk like {figure} have a way of going missing when they upset the wrong crowd. Just "
            "a thought.",
            "ppl like u just vanish one day {name}. nobody even notices for a week",
        ),
        (  # an armed relative who knows where you live, just saying
            "My brother keeps a licensed rifle, and he read your article too, {name}. He knows "
            "which house is yours. I mention it purely for information.",
            "My cousin's got a shotgun and a lot of free time, and he knows where you live, "
            "{name}. Just saying.",
            "my mate does a lot of hunting. he knows ur street {name}. no reason, just thought u "
            "should know",
        ),
        (  # counting down the days
            "Thirty days, {name}. I have marked the date on my calendar, and you will understand "
            "what it is for when it arrives.",
            "{Name}, I'm counting the hours. It happens {when}, and you'll find out what it is "
            "then.",
            "day 9 of 14 {name}. tick tock. bet ur wondering what happens on day 14",
        ),
        (  # watch your back, you won't see me coming
            "I would watch your back from now on, {name}. You will not see me coming, and nor "
            "will anyone who might help you.",
            "Keep looking over your shoulder, {name}. One night I'll {threat} you, and you won't "
            "see it coming.",
            "watch ur back {name}. every car park, every alley. u wont see me till its too late",
        ),
        (  # a token left on the doorstep
            "Did you find the wreath on your front door this morning, {name}? It is the only "
            "polite message you will receive.",
            "Left you a little something on your doorstep, {name}. A sympathy card, already "
            "signed. Just needs a date on it.",
            "u get the dead crow on ur step {name}? next thing on ur step wont be a bird",
        ),
        (  # your house would burn
            "Old timber houses like yours go up remarkably quickly, {name}. I would check the "
            "smoke alarms, and I would stop writing about {topic}.",
            "Hope your home insurance is paid up, {name}. Those terraces on Mill Row burn fast at "
            "three in the morning.",
            "ur house is all wood isnt it {name}. be a long night if it went up with u inside",
        ),
    ],
    "violent-idiom": [
        (  # patience with a pothole and a bus shelter
            "I am a patient man, but the pothole outside number 12 has now outlasted two "
            "councillors and a bus shelter.",
            "I'm patient, {name}. The crossing you promised at the last meeting will come "
            "eventually, and I'll be there to cut the ribbon.",
            "im a patient woman but 3 yrs for a new bus shelter?? {figure} pls",
        ),
        (  # knowing a neighbour's children's school, to help
            "{Name}, I believe your two are at Elm Road Primary with mine. I can take them on "
            "Thursday if you're held up at work.",
            "I know your daughter's school, {name}: same as my son's. The fete is on Saturday and "
            "they're short of cakes.",
            "ur boy's at st brigid's too right {name}? lost property has his coat, name tape in "
            "the collar",
        ),
        (  # knowing someone's car: lights left on, parked across a drive
            "{Name}, I know your car, and you've left the headlights on outside the library. The "
            "battery will be flat by lunchtime.",
            "Whoever owns the red hatchback on Mill Row: I know the car, and your back window's "
            "down with rain on the way.",
            "i know ur car {name} lol, ur parked across my drive again. no worries just move it "
            "before 8 pls",
        ),
        (  # a bat in the truck, a pint with your name on it
            "There's a spare bat and glove in my truck for Sunday's softball. Anyone from the "
            "east side need a lift to the park?",
            "There's a pint with your name on it at the Red Lion, {name}, for fixing my gate on "
            "Saturday.",
            "got a bat in the boot with ur name on the handle {name}, the whole team signed it "
            "for ur retirement. see u at nets",
        ),
        (  # accidents happen: a wing mirror, a football, an icy roundabout
            "Accidents happen, {name}. The wing mirror is already replaced, so please stop "
            "apologising.",
            "Do take care on the Bridge Road roundabout tonight. Accidents happen there every "
            "winter, and the gritter hasn't been out.",
            "accidents happen {name}!! it was the kids football that broke ur window not a brick, "
            "ill pay for the glass",
        ),
        (  # it would be a shame if a local amenity went
            "It would be a great shame if the library lost its Saturday hours in this budget.",
            "Be a real shame if anything happened to the old bandstand, {name}. Could your group "
            "put in for the heritage grant?",
            "wud be a shame if the market moved out of the square, its the only reason i come "
            "into town",
        ),
        (  # things that tend to disappear
            "People like you tend to disappear on quiz night, {name}, the moment it's your round.",
            "Good parking spaces tend to disappear by nine on market day, so take the bus if you "
            "can.",
            "the mince pies at the parish hall tend to vanish b4 the carols even start, get there "
            "early",
        ),
        (  # someone knows where you live: a locksmith, misdelivered post
            "My brother-in-law is a locksmith, and he knows where you live, {name}. He'll be "
            "round on Tuesday to sort the back door.",
            "I know where you live, {name}: half your post came to number 14 again. I'll drop it "
            "through your door after work.",
            "my uncle has a nail gun and knows where u live {name}. hes doing ur fence saturday, "
            "just saying",
        ),
        (  # counting down the days to a reopening or a party
            "Counting the days until the bridge reopens: fourteen to go, according to the "
            "council's notice.",
            "{Name}, we're counting down: nine days to your leaving do, and the cake is ordered.",
            "day 12 of the roadworks on canal st. tick tock. only 30 more to go apparently",
        ),
        (  # watch your back: ice, snow shovelling
            "Watch your back on the Elm Road steps this morning, {name}. They are sheet ice and "
            "the council has not gritted.",
            "Watch your back when you shovel the drive, folks. Lift with your knees, and take "
            "breaks.",
            "watch ur back {name} the pavement outside the co-op is lethal this morning",
        ),
        (  # you won't see me coming: a fun run, a surprise party
            "{Name}, you will not see me coming in the fun run on Sunday. I have been training "
            "since January.",
            "Surprise party for {name}'s sixtieth at the hall on Saturday. They won't see it "
            "coming if everyone parks round the back.",
            "u wont see me coming at the bowls final {name}, new shoes and everything",
        ),
        (  # something left on the doorstep
            "I left a small parcel on your front step this morning, {name}: the spare key and a "
            "lasagne for the freezer.",
            "Did you find the flowers on your doorstep, {name}? They're from all of us on Ash "
            "Grove, for after the hospital.",
            "left a lil something on ur step {name}, ur bin lid blew into my hedge so i brought "
            "it back",
        ),
    ],
    "threat-group": [
        (  # remember what happened to the last family
            "The {desc} family who bought number 22 might ask around about what happened to the "
            "last lot who didn't take the hint.",
            "{Group} on our street should remember how the last family like them left. In a "
            "hurry, and not by choice.",
            "{group} moving onto the estate shud ask the neighbours what happened to the last "
            "ones. theyll get the hint",
        ),
        (  # a list of the group's houses
            "Some of us have written down every house on the east side where {group} live. The "
            "list is kept safe, and it is ready.",
            "We know which doors on Canal Street are {desc}. Got them all in a notebook, house "
            "numbers and all.",
            "got the list of {desc} houses on our road. 14 so far. no reason. yet",
        ),
        (  # when the time comes
            "When the time comes, and it will, this town will remember exactly where {group} live.",
            "{Group} should enjoy it while it lasts. When the time comes, nobody will be asking "
            "them nicely.",
            "when the day comes the {group} round here will wish theyd listened. not long now",
        ),
        (  # we can wait
            "{Group} imagine this town has forgotten. It has not. It is simply waiting for the "
            "right night.",
            "Patience, lads. The {group} at {place} aren't going anywhere, and neither are we.",
            "we can wait. {group} cant look over their shoulders forever",
        ),
        (  # accidents and fires keep happening to their shops
            "Funny how often fires break out in the shops {group} run. I would not be surprised "
            "to see a few more this summer.",
            "Accidents keep happening to {desc} businesses on Main Street. Expect a few more.",
            "shame about all them {desc} shops having electrical faults lately. plenty more where "
            "that came from",
        ),
        (  # a deadline to leave
            "{Group} on the Hill estate have until the end of the month. After that, no one here "
            "can promise their safety.",
            "Thirty days, {group}. Pack up and go, and nobody has to find out what day thirty-one "
            "looks like.",
            "clocks ticking for the {desc} families on our block. end of summer, then we stop "
            "asking",
        ),
    ],
}


# -- group hate reported or framed as experience, with endorsement --
_HATE: dict[str, list[tuple[str, ...]]] = {
    "group-hate": [
        (  # a grandparent's saying, vindicated
            "My grandfather always maintained that {group} {claim}. It took me until my fifties "
            "to admit that the old man had it right.",
            "Grandad used to say {group} {claim}. I rolled my eyes for years. I don't any more.",
            "my nan always said {group} {claim}. everyone called her old fashioned. turns out she "
            "was spot on",
        ),
        (  # I used to defend them until
            "For years I defended {group} in this very comment section. Then I let my flat to "
            "{desc_a} couple, and I shan't make that mistake twice.",
            "I used to stick up for {group}. Then I worked beside them for three years. Now I "
            "know they {claim}.",
            "used to be the one telling my mates {group} were fine. then some moved in upstairs. "
            "never again, theyre {dehum}",
        ),
        (  # the stats don't lie
            "Say what you like about me, but the figures do not lie about {group}, and I have "
            "read every one of them.",
            "Call it what you want. The numbers are the numbers, and they tell you all you need "
            "to know about {group}.",
            "stats dont lie about {group}. look it up urself, i did, and thats why i say they "
            "{claim}",
        ),
        (  # I'm not racist, I just learned the hard way
            "I am not prejudiced. I learned the hard way, after two break-ins and a stolen car, "
            "that {group} {claim}.",
            "I'm not a racist. I just learned the hard way what {group} are like, and I won't be "
            "forgetting it.",
            "not racist, just learned the hard way. {desc} people {claim}, ask anyone whos lived "
            "near them",
        ),
        (  # one neighbour, generalised to the whole group
            "The {desc} family next door have kept us awake for two years. Anyone who says they "
            "aren't all like that has never lived beside them.",
            "We had {desc} neighbours once. Noise, rubbish, police at the door. That's the whole "
            "lot of them, I'm afraid.",
            "had {group} next door for 6 months. thats all the research i need. every single one "
            "is the same",
        ),
        (  # everyone's afraid to say it, but an elder was right
            "Everyone in this town is too frightened to say it, but my late mother was right "
            "about {group} from the start.",
            "Nobody dares say it out loud, but my nan had {group} pegged fifty years ago. They "
            "{claim}.",
            "everyones scared to say it but my gran was right about {group}. theyre {dehum} and "
            "always were",
        ),
        (  # what my job taught me
            "Thirty years driving a taxi in this town taught me what no training course will: "
            "{group} {claim}.",
            "Ask any shopkeeper off the record. We all learned the same thing behind the till "
            "about {group}: they {claim}.",
            "25 yrs on the buses. seen it all. {group} are {dehum}, every shift proved it",
        ),
        (  # raised to be tolerant, taught otherwise by life
            "I was raised to believe {group} were no different from anyone else. Life, and this "
            "town, have since taught me otherwise.",
            "My parents brought me up to be open-minded about {group}. Then I grew up and saw "
            "them for myself. They're {dehum}.",
            "raised liberal, went to uni, believed all of it about {group}. real life cured me. "
            "they {claim}",
        ),
        (  # a father's warning come true
            "My father warned me never to go into business with {desc_a} partner. I thought him a "
            "bigot. I now have the court papers to show he was right.",
            "Dad told me to keep away from {group}. I ignored him and paid for it. He was right "
            "about every one of them.",
            "my dad warned me about {desc} people when i was 12. took me 20 yrs and a lot of "
            "money to learn he was right",
        ),
        (  # I welcomed them once and regret it
            "I put my name to the petition welcoming {group} in 2016. It is the one signature I "
            "would take back. They {claim}.",
            "I clapped when the first {desc} families arrived. Ten years on, I'd vote to send "
            "every one of them back tomorrow.",
            "i literally gave money to the welcome fund for {group}. biggest regret of my life. "
            "they {claim}",
        ),
        (  # call me what you like, experience taught me
            "Use whatever word you like for me. Forty years on this street have taught me that "
            "{group} {claim}.",
            "Call me names if it makes you feel better. I've lived it, and experience says "
            "{group} are {dehum}.",
            "call me what u want idc. experience taught me {group} {claim} and no comment section "
            "will unteach it",
        ),
        (  # I did the research with an open mind
            "I approached it with an open mind: read the history, spoke to people on both sides. "
            "I came out certain that {group} {claim}.",
            "I did my own homework on {group}, months of it. There's no nice way to put it: "
            "they're {dehum}.",
            "did my research on {group} with an open mind, honestly. they {claim}. sorry but its "
            "true",
        ),
    ],
}


# -- the same frames with distance (report) or a belief given up (negation) --
_COUNTER: dict[str, list[tuple[str, ...]]] = {
    "report": [
        (  # a grandparent's saying, reported as wrong
            "My grandfather always said {group} {claim}. He was a kind man in many ways, and on "
            "that he was simply wrong.",
            "Grandad used to tell us {group} {claim}. We loved him, and we stopped repeating it "
            "the day we actually met some.",
            "my nan always said {group} {claim}. never had the heart to argue but she was wrong "
            "and i knew it",
        ),
        (  # what people used to tell me, never borne out
            "When I moved here, people told me {group} {claim}. None of them had ever had a "
            "conversation with one, and it showed.",
            "People used to warn me that {group} {claim}. In twenty years working beside them I "
            "never saw a shred of it.",
            "ppl kept telling me {desc} people {claim}. never once saw it. its just something "
            "folk repeat",
        ),
        (  # a relative's view at the dinner table, challenged
            "At Christmas dinner my uncle announced that {group} {claim}. My daughter asked him "
            "to name one he had actually met. He could not.",
            "My brother-in-law said at Sunday lunch that {group} are {dehum}. I told him that "
            "isn't said at my table, and pudding was very quiet.",
            "uncle at the bbq going on about how {group} {claim} again. my cousin shut it down in "
            "2 mins, nobody backed him",
        ),
        (  # what the whole village used to say
            "Everyone in the village where I grew up took it as read that {group} {claim}. It was "
            "gossip dressed up as wisdom, and most of us have grown out of it.",
            "My dad's generation said {desc} people {claim} the way they said it looked like "
            "rain. Nobody checked, and it was never true.",
            "back home everyone said {group} {claim}. just village talk. nobody had any proof, we "
            "just didnt know better",
        ),
        (  # someone's saying, heard and not believed
            "The man at number 3 tells anyone who will stand still that {group} are {dehum}. The "
            "rest of the street has learned to nod and walk on.",
            "{Speaker} said today that {group} {claim}. I asked where that came from, and the "
            "answer was 'everyone knows'. That isn't a source.",
            "lady in the queue at {place} says {group} {claim}. nobody agreed with her, the "
            "cashier just said next please",
        ),
        (  # old papers that record a prejudice
            "The 1962 council minutes record one alderman arguing that {group} {claim}. The "
            "museum displays the page beside the council's 2004 apology.",
            "Found my great-aunt's letters in the loft. She writes that {group} are {dehum}. It's "
            "a hard read, and a reminder of what ordinary people once believed.",
            "found an old school textbook from the 70s that says {group} {claim}. wild to read "
            "now. so wrong",
        ),
    ],
    "negation": [
        (  # I believed it until I lived next door
            "For years I believed {group} {claim}. Then {desc_a} family moved in next door and "
            "cleared my drive every time it snowed. I was wrong, and I say so.",
            "I used to say {group} {claim}. Then I got {desc} neighbours, and learned in a month "
            "how little I knew.",
            "used to think {group} {claim}. then i moved in next to some. best neighbours ive "
            "had, i was dead wrong",
        ),
        (  # I once used the dehumanising word and reject it now
            "I am ashamed to say I once called {group} {dehum}. A year of night shifts beside "
            "them taught me better.",
            "I was the bloke at the bar saying {group} are {dehum}. I'm not that bloke any more, "
            "and I'm sorry for it.",
            "used to call {group} {dehum} like it was nothing. grew up. met people. turns out i "
            "was the problem",
        ),
        (  # I quoted the stats until I read them
            "I used to quote 'the statistics' about {group}. Then I actually read them. They say "
            "nothing of the kind, and I stopped.",
            "I believed the numbers proved {group} {claim}. Turned out I'd only ever read the "
            "memes, never the numbers.",
            "i was the 'stats dont lie' guy about {group}. then i read the actual report. it "
            "doesnt say what i said",
        ),
        (  # a family member changed my mind
            "I grew up certain that {group} {claim}. It took my son's best friend, and a lot of "
            "long evenings, to show me how wrong that was.",
            "I said for years that {desc} people {claim}. Then my daughter married one. I was "
            "wrong, and I told him so.",
            "i really thought {group} {claim}. learned the hard way i was just repeating my dad",
        ),
        (  # I believed my grandparent, and was wrong
            "I took my grandfather at his word that {group} {claim}. It took me forty years to "
            "see he was wrong, and a little longer to say it.",
            "Grandad taught me {group} {claim}, and I believed him until I had {desc} workmates. "
            "He was wrong, and so was I.",
            "grew up on my nans line that {group} {claim}. love her but she was wrong, and so was "
            "i for repeating it",
        ),
        (  # a disclaimer frame announcing a change of mind
            "Call me soft if you like: I used to think {group} {claim}, and experience has taught "
            "me the exact opposite.",
            "Here's something nobody in this town likes to admit: I used to think {group} "
            "{claim}, and I was wrong.",
            "say what u like about me but i used to believe {group} {claim} and i dont anymore. "
            "people change",
        ),
    ],
}


WAVE5 = merge(_THREATS, _HATE, _COUNTER)
