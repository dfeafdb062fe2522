"""Wave 6 of the contrast patterns (``contrast.py``): civil twins of wave 5's menacing surfaces.

Written by us after a candidate continued on wave 5 learned its veiled-threat shapes too well and
began to hold civil comments that share their surface:

- harmless uses of the menacing devices: knowing where someone lives, works or parks (to return
  a parcel, a wallet, a hedge trimmer, or to give a lift), "you won't get away with it" about a
  quiz or a bake-off, "I'm coming for you" before a chess rematch, "your days are numbered"
  about a retiring colleague's desk, "I'll be waiting for you" at the school gate, "I've got my
  eye on you" about the last slice of cake, a countdown to a surprise, "watch yourself" on a
  wet floor. Most are addressed to ``{name}``, so that a name plus a device does not signal a
  threat;
- reports of a threat someone else made, in the register of a magistrates' court, a jury
  verdict, a headteacher's letter, a council statement, a housing association notice, a league
  disciplinary notice or a newspaper correction, often quoting the threat (``{threat}``,
  ``{when}``) and about half naming a group as its target. The reporter never endorses it;
- plain civic comments that name a group as residents, voters, passengers, parents or traders:
  polls, ward boundaries, bin days, loading bays, school admissions, library hours, timetables,
  parking permits, hustings and allotments. These use no uncivil slot word.

Only civil kinds: ``violent-idiom``, ``report`` and ``identity-neutral``. Every wording is new
(none repeats a wording of an earlier wave). Split among itself like the other waves, so no
earlier pattern moves.
"""

from townsquare.civility.offline.contrast_parts import merge

# -- the menacing devices, used about parcels, quizzes, chess, cake and wet floors --
_IDIOM: dict[str, list[tuple[str, ...]]] = {
    "violent-idiom": [
        (  # I know where you live: a borrowed hedge trimmer, a parcel left at the wrong house
            "I know precisely where you live, {name}, and your hedge trimmer will be returned "
            "on Saturday morning, cleaned and with a new blade fitted.",
            "Don't worry, {name}, I know where you live. The courier left your new kettle on my "
            "step again, so I'll carry it round after tea.",
            "i know where u live {name} haha. ur parcel ended up at mine AGAIN, bringin it over "
            "{when}",
        ),
        (  # I know where you work: a forgotten wallet, glasses, a flask
            "You left your wallet on the counter at the bakery, {name}. Not to worry: I know where "
            "you work, and it will be at the garage reception by ten.",
            "I know where you work, {name}, so I'll drop your reading glasses at the surgery on my "
            "way past. They were on the bench by the duck pond.",
            "{name} u left ur flask on the 14. i know where u work so ill leave it with the lad "
            "on the front desk",
        ),
        (  # I know where you park: a lift, a tyre changed while at work
            "I know where you park every morning, {name}. Leave the keys with me and the spare "
            "tyre will be on before your shift ends.",
            "{Name}, I know where you park, so on Thursday I'll wait by your car and drive you to "
            "the eye clinic. No arguments; you can't drive after the drops.",
            "i know where u park {name}, top floor of the multi storey lol. meet u there at 5 "
            "and we'll car share to the match",
        ),
        (  # you won't get away with it: a pub quiz and a village bake-off
            "You will not get away with it, {name}. The whole room saw you check your phone in "
            "the music round, and the quizmaster has docked your team a point.",
            "Shop-bought pastry in the village bake-off, {name}? You won't get away with it. The "
            "judges can spot a factory crimp from across the marquee.",
            "u wont get away with this {name}!! 3rd year running ur team takes the quiz on the "
            "tie break. rematch next month",
        ),
        (  # I'm coming for you: a chess club rematch
            "Be advised, {name}: after last Tuesday's defeat at the chess club, I am coming for "
            "you. Same board, same clock, first Tuesday of next month.",
            "I'm coming for you at the rematch, {name}. I've spent the whole week studying the "
            "Sicilian, and my grandson has been testing me.",
            "im coming for u {name}. chess club thurs, board 1, and no takebacks this time",
        ),
        (  # your days are numbered: a retiring colleague's desk
            "Your days are numbered, {name}: twelve working days to retirement, and half the "
            "office has already put in a claim for your desk by the window.",
            "{Name}, your days at that desk are numbered. Facilities are bringing the new printer "
            "in the morning after your leaving do.",
            "ur days are numberd {name} lol. 9 more shifts then its garden and grandkids. who "
            "gets ur chair??",
        ),
        (  # I'll be waiting for you: the school gate, then the walk home
            "{Name}, I shall be waiting for your two at the school gate at a quarter past three "
            "and will walk them home with mine, so take your time at the hospital.",
            "I'll be waiting for you by the gate after choir, sweetheart. We'll walk home the "
            "long way and get chips at the corner.",
            "ill b waiting at the gate with ur 2 at 3:15 {name}, the side by the big oak. they "
            "can stay at mine till u finish",
        ),
        (  # I've got my eye on you: the last slice of cake
            "I have my eye on you, {name}. The last slice of lemon drizzle is spoken for, and "
            "there are witnesses.",
            "Got my eye on you, {name}. Step away from the Victoria sponge: the last piece is for "
            "the caretaker, who fixed the boiler.",
            "ive got my eye on u {name}. that last bit of choc cake in the staff room is MINE",
        ),
        (  # a countdown, and then you'll find out: a surprise from the shed
            "Six days remain, {name}, and then you will see what has been going on in my shed "
            "all winter. Your birthday is the only clue you are getting.",
            "The countdown's on: five sleeps until the grandchildren land, and the spare room is "
            "finally painted.",
            "3 days left {name}. then u find out what ive been building in the garage. hint: its "
            "for ur veg patch and it has wheels",
        ),
        (  # watch yourself: a freshly mopped floor
            "Watch yourself by the changing rooms, {name}: the floor has just been mopped and the "
            "yellow sign has been knocked over.",
            "Watch yourselves on the way in, everyone. The cleaner's just done the library foyer "
            "and it's like an ice rink.",
            "watch urself {name} the floor by the tills at the co-op is soaked, someone dropped "
            "a bottle of squash",
        ),
    ],
}


# -- threats made by someone else, reported by a court, a school, a council or a paper --
_REPORT: dict[str, list[tuple[str, ...]]] = {
    "report": [
        (  # magistrates jail a man who texted threats to a courier
            "Magistrates on Monday jailed a 46-year-old man for fourteen weeks after he sent a "
            'parcel courier eleven texts, one of which read "I will {threat} you {when} if my '
            'order is late again." The chair of the bench called the messages cowardly.',
            "A man who threatened to {threat} a delivery driver over a late parcel got fourteen "
            "weeks in prison yesterday. Good. Drivers deserve better than that.",
            "the guy who texted the courier saying hed {threat} her got 14 weeks. magistrate "
            "called it pure intimidation. rightly so",
        ),
        (  # a headteacher's letter about a threatening note aimed at pupils
            "Dear parents and carers, a note threatening {desc} pupils was found in a Year 9 "
            "locker on Tuesday. It has been handed to the police, the pupils concerned are being "
            "supported, and extra staff will be at the gates all week.",
            "Letter from the head today: a note threatening to {threat} {desc} pupils was found "
            "in the Year 8 toilets. Police are involved. Glad they told us straight away.",
            "school sent a letter about that note threatening the {desc} kids in yr 10. police "
            "have it and the head says whoever wrote it will be excluded. good",
        ),
        (  # a council statement about abuse sent to a councillor
            "The council has condemned messages sent to ward councillor {name}, one of which "
            "threatened to {threat} the councillor's family after the vote on {topic}. They have "
            "been passed to the police.",
            "Statement from the town hall: {figure} got a voicemail saying \"I'll {threat} you "
            '{when}." It has been reported to police. Disagree all you like, but not like this.',
            "council put out a statement about the abuse {name} got after the vote on {topic}. "
            "someone threatened to {threat} them. thats not politics thats a crime",
        ),
        (  # a local paper corrects where a threat was made
            "Correction: our report on Thursday's planning meeting stated that a member of the "
            "public threatened to {threat} {figure} from the gallery. The remark was made in an "
            "email received the following day. We apologise for the error.",
            "We got this wrong. Last week's story said the threat against {figure} was shouted "
            "at the rally; police say it came in an anonymous letter. The story has been updated.",
            "fyi the paper corrected it. the 'ill {threat} u' message to {figure} wasnt shouted "
            "at the meeting, it was a letter sent after. still vile either way",
        ),
        (  # a police appeal about graffiti threatening a group
            "Police are appealing for information after graffiti threatening {group} was sprayed "
            "on the Mill Lane underpass overnight on Saturday. Officers are treating it as a hate "
            "incident, and the council had removed it by noon.",
            "Someone sprayed a threat against {desc} families on the footbridge by the station. "
            "Police want dashcam footage from Sunday night. It was painted over by lunchtime.",
            "saw the police tape at the underpass. graffiti threatening {group}, council already "
            "scrubbed it. police asking for doorbell cam footage, pls share",
        ),
        (  # a jury convicts a man who left a note for his neighbours
            "A jury took less than an hour on Wednesday to convict a 52-year-old man who left a "
            "note telling his {desc} neighbours he would {threat} them unless they moved out. He "
            "will be sentenced next month.",
            "Guilty. The man who pushed a note through his {desc} neighbours' door saying he'd "
            "{threat} them was convicted today. They've lived on that street for twenty years.",
            "so he was found guilty, the one who left that note saying hed {threat} the {desc} "
            "couple next door. took the jury 40 mins. they deserve some peace now",
        ),
        (  # a junior league bans a parent who threatened a young referee
            "The junior league has banned a parent from all grounds for two seasons after he "
            "threatened to {threat} the referee, {name}, in the car park after an under-11s "
            "match. Referees in the league are teenagers, and most are volunteers.",
            "Club statement: the spectator who shouted that he'd {threat} our referee, {name}, at "
            "Sunday's game is banned for life. It's kids' football, people.",
            "league banned the dad who said hed {threat} the ref at the u10s. the ref, {name}, "
            "still turned up for the next game. respect",
        ),
        (  # a housing association writes to tenants about threatening notes
            "Tenants of Elm Court have received a letter from the housing association after notes "
            "threatening {desc} households were pushed through several doors. CCTV has been given "
            "to police, and a tenancy officer will hold drop-in sessions.",
            "The housing association wrote to everyone in our block about the notes threatening "
            "{group} that went through doors on Tuesday. Police have them, and new cameras are "
            "going in.",
            "got the letter from the housing assoc about those notes threatening the {desc} "
            "families on floor 3. police are on it. really hope they find who did it",
        ),
        (  # a man charged over a threatening voicemail to an office
            "A 38-year-old man has been charged after a voicemail left at the constituency office "
            'of {figure} said "I\'ll be back to {threat} the lot of you {when}." He appears in '
            "court on the 14th.",
            "Someone's been charged over the voicemail to the office of {figure} threatening to "
            "{threat} the staff. Whatever your politics, the people answering the phones don't "
            "deserve that.",
            "bloke charged over that voicemail to {figure}s office, said hed {threat} the staff. "
            "the receptionist is my cousin, shes ok, just shaken",
        ),
        (  # an online post threatening a group's shopkeepers; a caution
            "A nineteen-year-old has been cautioned over a social media post threatening to "
            "{threat} {desc} shopkeepers on King Street, police confirmed on Friday. The platform "
            "removed the post within hours of it being reported.",
            "The post threatening to {threat} {group} who run shops on King Street came from a "
            "teenager, who has now been cautioned. The traders say it's business as usual.",
            "police say the kid who posted that threat against the {desc} shop owners on king st "
            "got a caution. shop was busy as ever today, went in for bread",
        ),
    ],
}


# -- a group named as residents, voters, passengers, parents or traders; no uncivil slot --
_NEUTRAL: dict[str, list[tuple[str, ...]]] = {
    "identity-neutral": [
        (  # a poll on a later last bus
            "In the paper's transport poll I chose the later last bus. Several {desc} nurses on "
            "my road finish at the hospital after ten and currently walk home.",
            "Voted yes to the 11pm bus in the poll. {Group} on the late shift at the warehouse "
            "would finally get home without paying for a taxi.",
            "did the bus poll. picked option c, later last bus, cos half the {desc} lads on our "
            "street do nights at the depot",
        ),
        (  # a ward boundary consultation
            "Under the draft boundaries, {group} living north of Park Road would move from "
            "Riverside ward into Castle ward. Comments close on 30 June, and the maps are at the "
            "library.",
            "The new ward map splits our estate down the middle. {Desc} residents on the far side "
            "of the brook would vote in Castle ward from next May.",
            "boundary thing: if ur north of park rd ur castle ward now apparently. {desc_a} "
            "neighbour went to the drop in and says its not final till autumn",
        ),
        (  # bin collection day moves
            "From 3 March, general waste on the east estate will be collected on Wednesdays "
            "rather than Mondays. The residents' association is printing the new calendar in "
            "large print and four languages so {desc} households are not caught out.",
            "Bin day's moving to Wednesday. {Group} in the flats above the shops asked whether "
            "the communal bins move too. They do, same day.",
            "wait bins are weds now?? my {desc} neighbour put hers out monday and it sat there "
            "all week lol. new calendar is on the council site",
        ),
        (  # loading bays for market traders
            "The council proposes two loading bays on Church Street for market traders, among "
            "them {desc} families who have run stalls for decades. The traffic order is open for "
            "objections until Friday.",
            "{Desc} traders on the Saturday market asked for loading bays nearer the stalls, and "
            "the council has drawn up a plan for two on Church Street.",
            "the new loading bays on church st are for the market lot, {group} with the veg vans "
            "mostly. 7-10am only, after that its normal parking",
        ),
        (  # school admissions deadline
            "Primary admissions for September close on 15 January. The children's centre runs "
            "help sessions on the online form, and {desc} parents at the toddler group say the "
            "sibling section is the confusing part.",
            "{Group} at our toddler group have been comparing notes on the school admissions "
            "form. Best tip so far: list three schools, not one.",
            "anyone else doing the reception application? me and {desc_a} dad from nursery spent "
            "an hour on the catchment map last nite, deadline is the 15th",
        ),
        (  # library opening hours consultation
            "The library's opening-hours consultation closes next week. {Group} who use the "
            "Thursday homework club have asked for it to stay open until eight, and the branch "
            "manager says late opening is under consideration.",
            "Filled in the library hours survey. The {desc} reading group and the toddler rhyme "
            "time both want Saturday mornings kept.",
            "library survey takes 2 mins, link is on the notice board. the {desc} knitting "
            "circle have all done it so u should too",
        ),
        (  # a Sunday bus timetable
            "The 9 bus moves to a half-hourly Sunday service from May, which the operator says "
            "follows requests from {group} on the Meadow estate who work weekend shifts.",
            "New Sunday timetable for the 9: first bus at 7:40 now. {Desc} residents at the "
            "sheltered housing on Park Road asked for a stop outside, and they got one.",
            "the 9 runs every 30 mins on sundays now!! {group} from the top estate had been "
            "asking for ages. timetable in the shelter is still the old one tho",
        ),
        (  # a residents' parking permit consultation
            "The residents' parking consultation for Zone C covers Ash Grove and Mill Row. "
            "{Group} in the terraces without driveways are among those most affected, and the "
            "council holds a drop-in at the community centre on Tuesday.",
            "Permit parking on our street? {Desc} families at the bottom end, with two cars and "
            "no drive, will want to respond before the 20th.",
            "got the parking zone letter, 40 quid a year per permit. the {desc} couple at 14 "
            "asked if carers get a visitor pass, answer is yes",
        ),
        (  # a by-election: hustings and postal votes
            "Candidates in the Riverside by-election take questions at the leisure centre on "
            "Thursday evening. The {desc} residents' association has sent in questions on the "
            "crossing and the health centre car park.",
            "Off to the hustings tonight. {Group} from our street want to know who will fix the "
            "lights on the footbridge, so that's our question.",
            "postal vote forms for the by election have to be in by tues. {group} at the day "
            "centre are filling theirs in together this aftrnoon",
        ),
        (  # the allotment waiting list
            "The allotment waiting list now stands at 84, the society reports. Recent applicants "
            "include {group}, students and retired couples, and four half-plots on the east "
            "field will be let in spring.",
            "Allotment society AGM on Tuesday: the {desc} growers on row F are proposing a shared "
            "water butt scheme for the whole site.",
            "finally got my allotment after 2 yrs on the list. the {desc} fella on the next plot "
            "showed me round and where the tap is",
        ),
    ],
}


WAVE6 = merge(_IDIOM, _REPORT, _NEUTRAL)
