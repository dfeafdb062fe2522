"""Wave 4 of the contrast patterns (``contrast.py``): civil mentions of groups, 3 wordings each.

Written by us after candidates trained on wave 3 held civil comments that name a group in an
everyday local setting ("<group> people use the 22 bus most", "<group> people built half the
shops", "nobody wants <group> people out of this town"): wave 3's uncivil patterns put hate in
exactly those settings (this town, our street, our schools, the bus, moving in, the census, the
council, crime reports), and the model learned the setting rather than the predicate. Every
wording here names a group (``{group}``, ``{desc}`` or ``{desc_a}``) as the subject or a plain
participant of a civil sentence in one of those settings, and uses none of the uncivil slot
words (claims, dehumanising words, threats, insults, profanity). Three parts:

- identity-neutral: local news and logistics (parades, parking, schools, housing, jobs,
  elections, sourced figures, history, roadworks, crime reports with the group member as victim
  or witness);
- identity-positive (thanks, welcome, praise of a specific act) and defence (standing up for a
  group without insulting anyone);
- negation (a hostile idea about a group denied in plain words) and report (neutral news).

Only civil kinds: it is the civil side of wave 3's uncivil local framings. Split among itself
like the other waves, so no earlier pattern moves.
"""

from townsquare.civility.offline.contrast_parts import merge

_NEUTRAL: dict[str, list[tuple[str, ...]]] = {
    "identity-neutral": [
        (  # a parade closes the road and the buses divert
            "Main Street closes from 10 till 2 on Sunday for the parade {group} hold every "
            "spring. The 22 and 31 buses divert via Mill Lane.",
            "Heads up for drivers: {desc} families walk down Main Street on Sunday morning for "
            "their parade, so the crossing by the bank is shut until about 2pm.",
            "parade sunday. {group} walking from the park to the town hall, road closed 10-2, "
            "park at the station if ur going to the market",
        ),
        (  # overflow parking agreed for a hall used for worship
            "Good news on parking: the leisure centre will open its overflow car park on Friday "
            "afternoons for {group} going to the Hill Road hall, so the street stays clear for "
            "the bin lorry.",
            "Per the council minutes, people attending the old chapel on Sundays, many of them "
            "{desc} families, may park in the school car park until the new bays are finished.",
            "does anyone know if the school car park is open on sundays now? someone said "
            "{group} going to the chapel use it and it's free",
        ),
        (  # a lift-share for the early shift since the bus was cut
            "{Group} on the early shift at the depot have set up a lift-share since the 5:40 bus "
            "was cut. Drivers and passengers sign up on the sheet in the canteen.",
            "Lift-share board at the packaging plant: two {desc} colleagues from the east side "
            "need a lift to the 6am shift. They'll split the petrol.",
            "anyone driving in from Eastfield for the 6am shift? me and {desc_a} colleague "
            "from packing both need a lift, happy to chip in",
        ),
        (  # the school crossing patrol retires
            "The crossing patrol on Elm Road, {desc_a} resident who has done the job for "
            "nineteen years, retires at Easter. The council is recruiting and the training is "
            "paid.",
            "Since the crossing patrol left, kids from the Elm Road flats, {desc} families and "
            "the rest, cross at the lights by the chip shop. Parents want a new patrol by "
            "September.",
            "the crossing lady by the school is retiring?? she's been there since my kids were "
            "small. {desc_a} parent from year 2 says they'll apply",
        ),
        (  # the Saturday market moves
            "The Saturday market moves to the old bus depot in June. Stalls so far: {desc} "
            "traders with fruit and fabric, the cheese van, two florists and a key cutter.",
            "{Group} who run stalls at the market asked the council for a covered area before "
            "winter. The officer said the depot roof will be done by October.",
            "market's at the depot now, not the square. same stalls, {group} still on the fruit "
            "and veg end, parking's easier",
        ),
        (  # an ordinary mixed review of a local business
            "Three stars. The café changed hands last month and the new owners, a {desc} couple, "
            "kept the menu. Coffee is as good as before; the queue is slower while staff learn "
            "the till.",
            "Review: new {desc} owners at the King Street launderette. Machines fixed, prices up "
            "50p, now open 7 till 9. Fair enough.",
            "4/5 for the chip shop. the {desc} family who took it over in march kept the same "
            "fryer and portions, card machine finally works",
        ),
        (  # scaffolding on a shop: a new shopfront
            "For anyone wondering about the scaffolding on Main Street: the shop by the post "
            "office that {group} run is getting a new front, according to the planning notice in "
            "the window.",
            "The planning notice says the {desc} owners of the hardware shop are replacing the "
            "1960s shopfront with a timber one, done by the end of the month.",
            "why's there scaffolding outside the shop {group} run on the corner? new windows, "
            "the lad inside said. open as normal",
        ),
        (  # a pharmacy changes hands
            "The Bridge Road pharmacy changes hands on Monday. The {desc} couple who bought it "
            "say prescriptions, the delivery van and the flu jabs carry on as before.",
            "Q: who's taken over the Bridge Road chemist? A: {desc_a} family from Eastfield, "
            "according to the sign. Same staff, same hours.",
            "bridge rd chemist has new owners, {desc_a} couple, both "
            "pharmacists. repeat prescriptions still go through the app",
        ),
        (  # school enrolment figures, sourced
            "From the school board report: 412 pupils at Elm Road this year, 38 of them from "
            "{desc} families, up from 31. Both primaries have room, the board says.",
            "The enrolment figures for our schools are out. Children from {desc} families make "
            "up about one pupil in ten across the district, much as in 2019, according to the "
            "board.",
            "enrolment numbers for our schools are in the board pack, page 14. {group}, new "
            "arrivals, everyone, broken down by year group if anyone's interested",
        ),
        (  # how a class will be split: a question from parents
            "At the parents' forum, {desc} parents asked how the school will split Year 3 into "
            "two classes. The head said by birthday, keeping friendship groups where possible.",
            "{Group} in the parents' WhatsApp group are asking the same thing as the rest of "
            "us: who decides which kids go in the new Year 3 class?",
            "question for the head from {desc_a} parent: will twins in the split class share a "
            "teacher? answer was yes, for reading at least",
        ),
        (  # priced out of the town centre, per the housing report
            "The housing report says {desc} families, like most first-time buyers, are being "
            "priced out of the town centre. Average rents are up 14% in two years.",
            "Rents in this town have risen so fast that {group} who grew up here are moving out "
            "of the centre to Eastfield, the housing charity's survey found.",
            "housing report page 6: first-time buyers, {group}, young couples, all being pushed "
            "out of the centre by prices. council wants 300 more affordable homes",
        ),
        (  # local history from old house deeds
            "The history society has the 1920s deeds for Linden Avenue. The first {desc} family "
            "to buy a house there did so in 1948, and their granddaughter still lives at "
            "number 7.",
            "From the local archive: {group} bought their first homes on the east side in the "
            "1950s, when the brickworks expanded. The deeds are on display at the library.",
            "did you know the old deeds for half of Linden Ave are at the records office? found "
            "mine: sold in 1951 to {desc_a} couple who kept it till 1990",
        ),
        (  # buying a house: the sellers' handover notes
            "We bought our house on Ash Grove from {desc_a} couple who'd lived there forty "
            "years. They left a folder of notes on the boiler, the drains and the stopcock.",
            "The sellers were {group} downsizing to a flat by the river. Completion took eleven "
            "weeks, mostly waiting on the searches.",
            "tip if you're buying on Ash Grove: ask the sellers for their notes. ours, {desc_a} "
            "family, had written down every bin day and meter reading since 1998",
        ),
        (  # neighbours move out for a job; the house goes to auction
            "The {desc} family from number 9 moved out of the street this week for a job in "
            "another city. The house goes to auction on 14 May, guide price £210,000.",
            "End of an era on Mill Row: the {desc} couple who ran the corner shop have moved "
            "out of town to be nearer their grandchildren. The nephew keeps the shop open.",
            "number 9 sold at last. the {desc} {noun} who lived there moved out in march to be "
            "nearer family",
        ),
        (  # a boundary fence shared with the neighbours
            "Our {desc} neighbours and we split the new fence 50/50. The planning officer "
            "confirmed nothing under two metres needs permission.",
            "For anyone on our street with a fence dispute: {group} next door to us checked the "
            "boundary against the Land Registry plan and it took ten minutes. Worth doing first.",
            "new fence up. the {desc} family next door paid half, i paid half, contractor was "
            "from Eastfield, decent price",
        ),
        (  # a lost cat and the house at number 9
            "Lost: grey cat, answers to Biscuit. Last seen in the garden of the {desc} family at "
            "number 9, who've checked their shed. Any sightings, please message.",
            "Found Biscuit! She was asleep in the greenhouse of the {desc} {noun} at number 9. "
            "Thanks to everyone who shared the post.",
            "{Group} at the end of our street found a tabby in their garage this morning, no "
            "collar. Anyone missing one? It's fed and fine.",
        ),
        (  # a reply correcting another commenter, without contempt
            "{Name}, I think you've misread the story. The {desc} residents weren't asking for "
            "a new hall, only for the old one's roof to be fixed. See paragraph four.",
            "With respect, {name}, the figure in the article is for the whole ward, not just "
            "{group}. The table at the bottom breaks it down.",
            "not quite right {name}, the meeting about {topic} was called by the residents' "
            "association. the {group} in the photo were there like everyone else",
        ),
        (  # the same hiring process for everyone
            "Company policy at my shop: every applicant sits the same ten-minute till test. Our "
            "last three hires were a student, a retired postman and {desc_a} {noun}.",
            "We took on two people at the garage this month, {desc_a} apprentice and a mechanic "
            "back from the army. Both came through the same college scheme.",
            "hiring at the bakery, same trial shift for everyone. last week's was {desc_a} "
            "{noun}, got the job, starts monday",
        ),
        (  # jobs at the port and crane training
            "The port's night shift is a mix: {group}, students, ex-fishermen. The question they "
            "are all asking is when crane training for the new terminal starts.",
            "Port jobs update: 200 posts at the new container terminal, the company says. "
            "Workers already on the docks, {group} among them, can apply internally from Monday.",
            "anyone know when the crane course starts at the port? my {desc} mate on nights has "
            "been asking for weeks",
        ),
        (  # residents speak at a council meeting
            "{Group} from the allotment society spoke at council last night about the water "
            "charges. The motion to freeze them passed 7-2.",
            "At council on Tuesday a delegation of {desc} residents asked for a dropped kerb "
            "outside the health centre. Officers will report back in June.",
            "council notes: item 4, {desc} allotment holders asking about the water tap. item "
            "5, the skate park. item 6, bins. all deferred to next month",
        ),
        (  # election logistics: polling station, turnout, ID
            "Polling day is Thursday. Ward 4 votes at the hall behind the gurdwara on Park Road "
            "this time; {desc} residents on the estate have posted a map of the step-free "
            "route.",
            "The electoral office says turnout among {group} in the last council election was "
            "about 58%, close to the town's 61%, and it wants everyone registered by Friday.",
            "first time voting here, {desc} and new to the ward. do i need ID at the polling "
            "station? (council site says yes, photo ID)",
        ),
        (  # a planning application for an old chapel used for worship
            "Planning notice on the lamppost: {group} who bought the old Baptist chapel want to "
            "replace the roof and add a ramp. Comments to the council by 3 May.",
            "The old chapel on Fore Street, where {group} now meet on Sundays, has applied to "
            "put solar panels on the south roof. The conservation officer has no objection.",
            "planning app 24/0113: {group} who own the old chapel want a new boiler "
            "flue and a bike rack. comments close friday",
        ),
        (  # derby day logistics
            "Derby on Saturday: away fans in block C, home in A and B. The {desc} supporters' "
            "club runs a coach from the station at 1pm; seats are £8.",
            "{Group} who follow United have their own supporters' branch now, and they've booked "
            "a coach for the derby. Details on the club website.",
            "derby day tips: get there by 2, gates open 1:30, the {desc} fans' coach is parking "
            "at the rugby club so that car park will be full",
        ),
        (  # a five-a-side league
            "The five-a-side league has twelve teams this season, including one started by "
            "{desc} parents from the primary school. Matches Tuesdays at 7 at the leisure centre.",
            "Fixtures are up: {group} from the Eastfield estate play the fire station team in "
            "week one. Referees still needed.",
            "5-a-side tues: we're the team in red, half of us {desc}, all of us unfit. come "
            "watch, it's free",
        ),
        (  # census form help
            "The census form has a new optional question this year. {Group} on the residents' "
            "forum have asked the census office to explain it at the library on Tuesday; "
            "everyone is welcome.",
            "Census deadline is 21 March. The council says {desc} households in the ward "
            "returned their forms at about the same rate as everyone else last time.",
            "got the census letter today. my {desc} neighbour asked if the lodger goes on the "
            "same form. answer: yes, one form per household",
        ),
        (  # residents' survey results, sourced
            "The residents' survey had 1,200 replies: 71% are happy with bin collections, 40% "
            "with the buses. {Group} answered much like everyone else, the report says, apart "
            "from wanting more Sunday buses.",
            "Survey results, page 9: {desc} respondents rated the library highest and the roads "
            "lowest, same as the town overall.",
            "residents' survey is out. 1,200 people, {group} included, and the top complaint is "
            "potholes. no surprise there",
        ),
        (  # population growth and planning for it
            "The council's population estimate says the town grew by 3,000 since 2021, {group} "
            "and young families among them, mostly moving here for jobs at the new hospital.",
            "More and more {desc} families are moving here, according to the council's "
            "estimate, so the third primary school has been brought forward to 2027.",
            "population up 3,000 since the last count, per the council. {group}, retirees, "
            "nurses for the hospital. the bin lorries are getting a new route to match",
        ),
        (  # local history: building the old bridge
            "My grandfather helped build the old bridge in 1931, alongside a crew of {group} "
            "from the quarry. The history society has the photo of them on the last span.",
            "The old bridge was built by a crew of about sixty in 1931, {desc} labourers among "
            "them, according to the plaque on the east side.",
            "back in the day the ferry was run by {desc_a} family, my nan's cousins, before the "
            "bridge went up. there's a photo in the museum",
        ),
        (  # the old cemetery and family history
            "The old cemetery on Church Lane has a corner where {desc} families buried their "
            "dead in the 1800s. Volunteers are recording the headstones on Saturday.",
            "{Group} from the history society and the parish are cleaning the Victorian graves "
            "together next weekend. Gloves and tea provided.",
            "anyone researching family history: the Church Lane burial records list {desc} "
            "residents from 1840 on. the archive is free to use",
        ),
        (  # the flu-jab clinic
            "Flu jab clinic at the community centre on Saturday: walk in, no appointment. A few "
            "{desc} residents asked about step-free access; there is, by the side door.",
            "The Saturday flu clinic had 400 people through the door, the health centre says: "
            "{group}, schoolkids, whole families.",
            "flu jabs saturday 9-1 at the community centre. my {desc} neighbour went last year "
            "and was out in ten minutes",
        ),
        (  # a flooded road
            "River Road flooded again overnight. The {desc} families in the low cottages were "
            "moved to the leisure centre and are back home this afternoon, the council says.",
            "{Group} on River Road are among the forty households getting free flood barriers "
            "from the council's scheme; fitting starts in March.",
            "water's over the road at the ford again. the {desc} couple at the mill house got "
            "out of their flooded kitchen fine, fire brigade pumped it by noon",
        ),
        (  # roadworks for new drains
            "Roadworks on Canal Street from Monday: new drains, six weeks. {Group} in the flats "
            "at the top can ask the council for a temporary parking permit for the back lane.",
            "Question for the water company: will the {desc} residents at the top of Canal "
            "Street still get their Tuesday bin collection during the drain works?",
            "canal st dug up again, drains this time. {group} at the top end say the temporary "
            "lights take 4 mins, so go round by the park",
        ),
        (  # who has booked the hall
            "The parish hall diary for May: Mondays the {desc} parents' group, Wednesdays Zumba, "
            "Fridays bingo. Saturdays are still free to book at £15 an hour.",
            "{Group} have booked the community hall for a wedding on the 12th, so the Saturday "
            "jumble sale moves to the 19th.",
            "who has the hall on thursday evenings now? asked the {desc} {noun} who does the "
            "bookings, it's the chess club till 9",
        ),
        (  # a robbery: the group member as victim or bystander
            "The pharmacy on King Street was robbed on Tuesday night. The {desc} pharmacist on "
            "duty was unhurt, and police want dashcam footage from anyone parked nearby.",
            "Police appeal: {desc_a} shop worker's bag was snatched near {place} on Friday "
            "evening. Nobody was hurt. Call 101 with reference 4471.",
            "{Group} who were in the Co-op when it was robbed are being asked to give "
            "statements. The manager says staff are shaken but fine.",
        ),
        (  # a witness calls 999
            "Fire crews say {desc_a} {noun} who spotted smoke from a garage on Ash Grove called "
            "999 straight away, and the fire was out in twenty minutes.",
            "Police have thanked {group} who stopped to help after the crash on the ring road "
            "and stayed to give statements.",
            "the {desc} neighbour who rang 999 about the van fire on our street says the crews "
            "were there in six minutes",
        ),
        (  # crime figures and a crime-prevention session
            "Burglaries in the ward fell 12% last year, police figures show. The "
            "crime-prevention officer is at the hall on Thursday; {group} from the flats asked "
            "for a session on door chains.",
            "Police figures: {desc} households were among the 140 that got free window locks "
            "under the scheme, and break-ins on the estate fell by a fifth.",
            "crime stats out. bike theft up, burglary down. the {desc} {noun} from "
            "neighbourhood watch is doing free bike marking at {place} on saturday",
        ),
    ],
}


_POSITIVE: dict[str, list[tuple[str, ...]]] = {
    "identity-positive": [
        (  # thanks to a bus driver for one specific kindness
            "Thank you to the {desc} driver on the number 9 bus who waited at the stop while my "
            "son ran back for his inhaler. You made his week.",
            "Shout-out to {desc_a} {noun} who drives the late bus from the hospital: you waited in "
            "the snow until every one of us off the night shift got on. Thank you.",
            "to the {desc} bus driver on the 22 this morning, thanks for lowering the ramp and "
            "waiting for my mum. proper kindness",
        ),
        (  # a pharmacist who opened on a holiday
            "The {desc} pharmacist on Market Street opened up on Boxing Day so my dad could get "
            "his heart tablets. I can't thank them enough.",
            "Our chemist is run by {group}, and on the night of the storm they kept it open by "
            "torchlight to hand out prescriptions. Thank you.",
            "christmas day, dad's tablets ran out, and the {desc} owner of the chemist came in "
            "from home to open up for us. legend",
        ),
        (  # a neighbour who noticed something was wrong and raised the alarm
            "The {desc} {noun} at number 9 noticed my gran's curtains were still shut at noon and "
            "knocked to check. She'd had a fall. Thank you, from all of us.",
            "I'd like to thank our neighbours two doors down, {group} who have lived on our street "
            "for years, for finding my mum after her fall and waiting with her for the ambulance.",
            "neighbour appreciation: {desc_a} {noun} from across the road spotted that my gran "
            "hadn't taken her milk in and raised the alarm. she's home now and doing fine",
        ),
        (  # a colleague's quiet help at work
            "My {desc} colleague at the depot covered my shifts for a month when my wife was ill "
            "and never once mentioned it. Some people are just decent.",
            "Work-friend appreciation post: {desc_a} {noun} in our office remembers every "
            "birthday, brings soup when you're off sick and somehow fixes the printer.",
            "A colleague of mine, one of the {group} on the night team, drove me home when my car "
            "died on the bypass at 2 a.m. Forty minutes out of their way.",
        ),
        (  # welcome to new members of a local club
            "The allotment society welcomed three {desc} members this spring, and their plot "
            "already has the best runner beans on the site. Welcome, all of you.",
            "Welcome to the {group} who joined the volunteer fire brigade this year: six recruits, "
            "all through training. The town is safer for it.",
            "big welcome to the {desc} {noun} who just joined our pub quiz team. first night and "
            "they knew every capital city",
        ),
        (  # local history: what a few families who moved here started
            "A handful of {desc} families who moved here in 1994 started the town's first Saturday "
            "youth football league. Hundreds of kids have played in it since, mine included.",
            "The repair café on Station Road was set up by {group} who moved here after the mill "
            "closed. Twelve years on, it has fixed over 4,000 kettles, bikes and lamps.",
            "fun local history: the youth league was founded by {desc} parents who'd just moved "
            "here. my dad played in the very first season",
        ),
        (  # pride in a newly elected local councillor
            "Proud of this town today: our first {desc} councillor was sworn in, and the first "
            "thing they asked about was the broken streetlights on Elm Road.",
            "Congratulations to the new councillor for the east ward, one of the {group} on our "
            "street, who knocked on every door and answered every question.",
            "new councillor for our ward is {desc_a} {noun} who used to run the food bank rota. "
            "proud of this town for that one",
        ),
        (  # affection for an old friend
            "My oldest friend is {desc_a} {noun} I met at the bus stop in 1988. We've caught the "
            "same bus to work ever since, and I'd be lost without them.",
            "Forty years of Thursday card nights with the {desc} couple from the corner house. "
            "Nobody in this town has made me laugh more.",
            "shout-out to my best mate, {desc_a} {noun} from the flats by the park, who drove me "
            "to the coast at midnight because i needed to see the sea. love you",
        ),
        (  # a brave act buried in the crime report
            "In this week's crime report: the {desc} shopkeeper who chased off the bag snatcher on "
            "High Street and then walked the woman home. That deserves a medal.",
            "The police appeal mentions {desc_a} {noun} who held a towel on the cyclist's wound "
            "until the ambulance came. If you're reading this: thank you.",
            "Buried at the bottom of the court report: it was {group} from the estate who spotted "
            "the fire, woke the whole block and got everyone out. Front-page material, surely.",
        ),
        (  # a tenants' rep who got repairs done
            "The {desc} tenants' rep on our estate spent two years on the phone to the council, "
            "and last month the damp was finally fixed in all 40 flats. Thank you.",
            "Every tenant in Block C owes the {desc} {noun} on the fourth floor a drink. Their "
            "letters got the lift repaired after eight months.",
            "housing news that made my day: {group} in our block organised the petition that got "
            "new windows fitted. no more freezing winters",
        ),
        (  # a manager or workmate who looked after people's jobs
            "When the depot lost its contract, the {desc} manager found every one of us another "
            "job before the gates closed. Nobody has to do that. Thank you.",
            "At the packing plant it was {group} on the union committee who got the night shift a "
            "proper break room. Twenty years overdue, and they did it.",
            "the {desc} foreman at the sawmill trained me from scratch when nobody else would hire "
            "me. 15 years later i run the place",
        ),
        (  # a shop that paid for something for local kids
            "The {desc} owners of the hardware shop on Station Road paid for the under-twelves' "
            "new kit this season. The kids ran out in it on Saturday. Thank you.",
            "Sponsor shout-out: the launderette on Main Street, run by {group}, bought new nets "
            "and balls for the netball club. That's community.",
            "to the {desc} family who own the bakery: you paid for the school trip for the kids "
            "who couldn't afford it. my daughter went. thank you",
        ),
        (  # parents who set up a free club at our schools
            "The free homework club at the library was started by {desc} parents three years ago. "
            "My son went from failing maths to a B. I'm so grateful.",
            "Our schools have no money for tutors, so {group} from the parents' association set up "
            "a volunteer reading scheme. Forty kids signed up in the first week.",
            "shout-out to the {desc} volunteers who run breakfast club at St Mary's. my two get a "
            "hot meal before school every day because of you",
        ),
        (  # more volunteers like these, please
            "The {desc} volunteers at the youth club got my nephew and a dozen others through "
            "their exams this year. I hope we see more of them.",
            "The lifeboat station says more and more {group} are joining the crew, and last month "
            "two of them pulled a child out of the estuary. Brilliant.",
            "more of them please: the {desc} coaches at the swimming club taught 60 kids to swim "
            "this summer, for free",
        ),
        (  # sad farewell to someone leaving town
            "After 30 years behind the counter, the {desc} owner of the chip shop is moving out of "
            "here next month. Half the town turned up to say goodbye, and I cried.",
            "Sad to see {group} from number 14 leaving for the coast. Twenty years of street "
            "parties, lost cats found and bins brought in. We'll miss you.",
            "gutted. the {desc} couple who ran the allotment open day are moving out of here in "
            "june. the whole street's chipping in for a leaving do",
        ),
        (  # remembering someone who served the town
            "Rest in peace to the {desc} crossing guard outside Hillside Primary for 25 years. "
            "Three generations of this town got across that road safely because of them.",
            "Today's obituary is for one of the {group} who founded our food bank in 1983. "
            "Thousands of families ate because of that work. Rest well.",
            "rip to the {desc} {noun} who kept the free book shelf at the launderette stocked. i "
            "read half my childhood off that shelf",
        ),
        (  # a question: who should I thank?
            "Does anyone know the {desc} {noun} who found my dog on Elm Road on Sunday and walked "
            "him all the way home? I'd love to thank them properly.",
            "Trying to find the {group} who pushed my car out of the ditch on Ridge Road in the "
            "sleet last night. There were four of you. Drinks are on me.",
            "anyone know who the {desc} family were that handed my wallet in at the police "
            "station, cash and all? want to send a card",
        ),
        (  # sourced numbers on a community's charity effort
            "The blood service says the drive organised by the {desc} residents' group collected "
            "180 units in March, the most of any site in the county. Amazing effort.",
            "Library figures for the year: the summer reading club run by {group} signed up 412 "
            "children, about one in five kids in town. Thank you.",
            "per the hospice newsletter, {desc} volunteers knitted 900 hats for the baby unit this "
            "winter. that's a lot of very warm babies",
        ),
        (  # a list of favourite things about our street
            "Three things I love about our street: 1) the {desc} couple's Christmas lights, 2) the "
            "book swap box they built, 3) the fact that they know every dog's name.",
            "Best of the neighbourhood, in no order: the Sunday litter pick run by {group}, the "
            "free fruit tree on Ash Lane, and the new bench by the pond.",
            "reasons i love this town: 1. the {desc} {noun} who plays piano at the station on "
            "fridays 2. the bakery 3. the sunsets over the river",
        ),
        (  # agreeing with another commenter, about a club made welcoming
            "{Name}, agree completely. The {group} who took over running the cricket club have "
            "made it the friendliest place in town. I went for the first time last week.",
            "@{name} yes!! the {desc} volunteers at the bike repair stall fixed my chain for free "
            "last week. best people at the market",
            "Replying to {name}: same here. My daughter learned to read music in six weeks from "
            "{desc_a} {noun} in the community choir, who never charged a penny.",
        ),
        (  # a landmark the town has because of a community
            "The bandstand in Victoria Park was rebuilt by {desc} volunteers in 2019, plank by "
            "plank, after the council said it couldn't afford to. Go and see it on a Sunday.",
            "Every time you cross the footbridge over the river, thank {group}: their fundraising "
            "paid for it after the old one washed away in 2007.",
            "the {desc} families on the east side cleared and replanted the old cemetery last "
            "spring. looks beautiful now, and they did it all at weekends",
        ),
        (  # foster carers recognised
            "Congratulations to the {desc} couple on Holly Road who have fostered 23 children in "
            "15 years. The council's award on Friday was long overdue.",
            "This year's foster carers' award went to two of the {group} on our street, who have "
            "opened their home to more kids than I can count. So proud to know them.",
            "the {desc} couple at the end of our road got the foster carers award. 23 kids in 15 "
            "years. no one deserves it more",
        ),
    ],
    "defence": [
        (  # the bus: a daily rider contradicts the thread
            "I ride the 7 bus every morning with {group} from the estate. Whatever's being said in "
            "this thread, the only trouble on that bus is that it's always late.",
            "Some of the comments here about {group} on the buses don't match anything I've seen "
            "in twelve years of taking the 22 to work. It's people going to work, same as me.",
            "i take the night bus every week with {group} coming off the late shift at the "
            "hospital. nobody's causing anyone problems. please stop with this",
        ),
        (  # our schools: the board's own figures
            "Some comments here about {group} and our schools don't match the school board's own "
            "figures: class sizes at Hillside went down this year, not up. The report is online.",
            "Before this thread goes any further, please read the board's enrolment report. Class "
            "sizes haven't changed since {desc} families started arriving, and it says so on page "
            "4.",
            "School governor here. I've seen the numbers. {Group} aren't behind the budget gap at "
            "our schools; the county cut our funding by 8 per cent. Take it up with the county.",
        ),
        (  # housing: a housing officer on the waiting list
            "On the housing list: the council's own data show {group} wait as long as anyone else "
            "for a flat. The problem is that almost nothing has been built since 2009.",
            "I work in the council's housing office. {Group} don't jump the queue; nobody does. "
            "The list is points-based, and the figures are published every quarter.",
            "housing officer here, for what it's worth. {desc} families go through the same points "
            "system as everyone. the shortage is houses, not neighbours",
        ),
        (  # jobs: laid off together
            "Nobody took my job at the plant. I was laid off the same morning as my {desc} "
            "colleagues, and we've been going to the job centre together since.",
            "The warehouse closed because the owners moved the work abroad. {Group} who worked "
            "there lost their jobs with the rest of us, so let's keep the blame where it belongs.",
            "twenty years on the line with {group}. when the factory shut we all got the same "
            "letter. they didn't cost anyone a job",
        ),
        (  # neighbours I know, not the ones in the comments
            "I've lived three doors from {group} for eleven years. Whatever's being said about "
            "them in this thread, it isn't the street I know.",
            "Reading these comments, I don't recognise the {desc} neighbours I actually have. They "
            "lent us a ladder on Saturday and asked after my mum.",
            "the {desc} family next door are being talked about like strangers on here. they've "
            "been on this street longer than me. please be fair",
        ),
        (  # crime: the report doesn't say that; don't blame a whole community
            "The police report on the break-ins doesn't mention {group} anywhere. Pinning it on a "
            "whole community because of a rumour isn't fair to the people on our street.",
            "One man was charged, and he'll answer for it in court. Please don't turn this into "
            "something about every {desc} family in town; they're as shaken as the rest of us.",
            "the yearly crime figures for our district don't record anyone's community at all, so "
            "anyone blaming {group} for the burglaries is guessing",
        ),
        (  # moved here: residents, not visitors
            "People who moved here, {group} among them, are part of this town from the day they "
            "get the keys. Could we stop talking about neighbours as if they were visitors?",
            "I moved here in 1998, and nobody called me a newcomer for long. The {desc} families "
            "who arrived last year deserve the same courtesy.",
            "my {desc} neighbours moved here five years ago. they're on the electoral roll, they "
            "queue at the same post office, their kids are in my kid's class. they live here",
        ),
        (  # more families moving in is good news for the town
            "I've seen some worry in this thread about more {group} moving to town. The primary on "
            "Ash Lane was about to close for lack of pupils, and now it isn't. That's good news.",
            "More {desc} families on our street means the corner shop stays open and the school "
            "keeps its third class. I honestly don't see a problem.",
            "{group} moving in? good, honestly. the football club is short of players and the "
            "choir is short of tenors. glad to have new neighbours",
        ),
        (  # out of here: they're staying, and we're glad
            "A few people in this thread want {group} out of here. I'd ask them to meet the "
            "families on Carver Street first; they've been part of this town for three "
            "generations.",
            "Nobody is going to push the {desc} families out of here while the rest of us are "
            "around. They're our neighbours, and we want them to stay.",
            "talk of getting {group} out of this town makes me sad. my kids' best friends are in "
            "those families. they're as local as anyone at the school gate",
        ),
        (  # a reply to an angry commenter: same problem, wrong target
            "{Name}, I understand you're angry about the rent, and so am I. But {group} didn't set "
            "it. Landlords and the council did, so let's take it up with them.",
            "I hear you, {name}; the noise from the flats is a real problem. But it's one flat, "
            "not all {group}, and the council's noise team can actually help.",
            "{name} i get it, the parking is awful. but that's the new car park rules, not {desc} "
            "families. let's write to the council together",
        ),
        (  # the council meeting: come and speak up
            "I'll be speaking at Tuesday's council meeting in support of the {desc} residents' "
            "plan for the old bowling green. If the comments here have got you down, come along.",
            "After the tone of some comments this week, a few of us will be at the planning "
            "hearing to back the {desc} families' application for a community hall. Seats are "
            "free.",
            "if you're fed up with how {group} get talked about on here, the council meets "
            "thursday at 7. three minutes each at the mic. say something kind",
        ),
        (  # the shops: a fellow trader speaks up
            "I've had a shop on Station Road for 19 years, two doors from one run by {group}. Same "
            "rates, same inspections, same early mornings. Please leave them out of this.",
            "As a fellow trader on Main Street: the {desc} owners next door pass every inspection "
            "I do, and they chip in for the Christmas lights. The rumours here are simply wrong.",
            "shopkeeper here. the {desc} family's shop next to mine follows every rule i follow. "
            "stop spreading stuff about them please",
        ),
        (  # a letter to the editor after weeks of hostile talk in town
            "Sir, I have read the letters about {group} in recent weeks with sadness. The ones I "
            "know ran the flood relief centre in 2015 and still run the Tuesday lunch club. We are "
            "one town. Yours, a reader.",
            "To the editor: recent talk in this town about {desc} families has been unworthy of "
            "us. I have lived beside them for thirty years and never once had cause to complain. "
            "Yours faithfully.",
            "Dear editor, may I ask readers to judge the {desc} residents of Holly Road by what "
            "they do, not by what is said about them in the pub. They cleared the whole road of "
            "snow in January. Regards.",
        ),
        (  # council grants: checking a rumour before it spreads
            "About the claim going round that {group} got most of this year's community grants: "
            "the council published the list. Fourteen groups shared £80,000; theirs got £2,000, "
            "for a lunch club.",
            "I looked up the community grants everyone's arguing about. The {desc} residents' "
            "association got £2,000 of £80,000, for their pensioners' lunch club. The list is "
            "public.",
            "checked the grants list, since {group} keep getting blamed for the library cuts on "
            "here. they got 2k for a lunch club. the library cut came from the county",
        ),
    ],
}


_NEGATION: dict[str, list[tuple[str, ...]]] = {
    "negation": [
        (  # the idea that the group jumps the housing list, denied
            "It is not true that {desc} families get council houses first. The waiting list in "
            "this town goes by need and time on the list, and it's published.",
            "no, {group} don't jump the housing queue here. my sister waited four years like "
            "everyone else, the points system is on the council site",
            "To the commenter who says {group} were handed the new flats on Mill Road ahead of "
            "everyone else: they weren't. Every flat went by the same banding as any other tenant.",
        ),
        (  # blame for the closed library, refused
            "I don't accept that {group} are to blame for the library closing. The county cut its "
            "grant by a third, and that's the whole story.",
            "Dear editor, blaming {group} for the branch library shutting is wrong. The budget "
            "papers show exactly why it closed. Yours, a borrower of forty years.",
            "the library closed because of the funding cut, not because of {desc} families. read "
            "the council minutes from march",
        ),
        (  # lost factory jobs, not taken by the group
            "{Group} didn't take anyone's job at the packing plant. The plant shut when the owners "
            "moved the work abroad.",
            "People keep saying the jobs at the depot went to {group}. They didn't; the depot "
            "automated its loading bay and sixty posts went for everyone.",
            "Were the factory jobs lost to {desc} workers? No. The factory closed. There are no "
            "jobs there for anybody, which is the actual problem.",
        ),
        (  # the crowded bus, not the group's doing
            "The 22 isn't crowded because of {group}. It's crowded because the council cut it to "
            "one bus an hour.",
            "Stop blaming {group} for the packed morning bus. Half the fleet was withdrawn in "
            "January; the timetable change is right there in the article.",
            "is the bus full because {desc} residents moved into the new flats? not really. the "
            "route lost four buses and the school run all piles on at 8",
        ),
        (  # a rumoured agreement to keep the group off the estate, denied
            "The residents' association never voted to keep {desc} families off the estate. That "
            "rumour is false, and the minutes are on the noticeboard.",
            "For anyone reading the Facebook post: our tenants' group has no policy against "
            "{group} renting here, never had one, and the chair has said so in writing.",
            "there is no 'agreement' on our street about not selling to {group}. i asked every "
            "neighbour. nobody had heard of it and nobody would sign one",
        ),
        (  # a person at number 9 wrongly blamed for a fire
            "The {desc} {noun} at number 9 did not start the fire at the flats. The fire service "
            "report says it was faulty wiring in the stairwell.",
            "Please stop repeating that {desc_a} {noun} caused the blaze on Carver Street. The "
            "fire brigade has already named the cause, an electrical fault.",
            "to whoever is sharing the post linking {group} to the flat fire: wrong. investigators "
            "said it was a phone charger left on in an empty flat",
        ),
        (  # litter in the park, not down to the group
            "The rubbish in the park is not down to {group}. The council took the bins out in "
            "March and hasn't put them back.",
            "I walk the rec every morning. The mess isn't {group}; it's takeaway boxes from Friday "
            "night and one bin nobody empties.",
            "Litter in Victoria Park has nothing to do with {desc} families using it. The parks "
            "department admits collections dropped to once a fortnight.",
        ),
        (  # local burglaries, not linked to the group
            "The burglaries on Elm Road have nothing to do with {group}. Police charged one "
            "suspect last week, and the article says nothing of the kind.",
            "No, the break-ins around the station aren't {group}. The police update says the cases "
            "are linked to a stolen key fob, and that's all it says.",
            "Before this thread goes where it always goes: the crime report for our ward does not "
            "mention {group} at all. It mentions unlocked sheds.",
        ),
        (  # school standards, not lowered by the group
            "Our schools haven't gone downhill because {desc} children enrolled. The inspection "
            "last spring rated both primaries good.",
            "It's not true that {group} are dragging down results at the high school. The exam "
            "figures went up this year, and the head said so at the open evening.",
            "my kids' school is not 'worse' since {desc} families arrived. same teachers, same "
            "reading scheme, better playground",
        ),
        (  # the clinic and the ER, not overloaded by the group
            "{Group} are not the reason the GP waiting list is long. The practice lost two doctors "
            "and hasn't replaced them.",
            "Nobody is jumping the ER queue because they're {desc}. Triage goes by how ill you "
            "are, full stop; I worked that desk for nine years.",
            "The clinic isn't struggling because of {group}. It's struggling because the health "
            "board froze hiring, which the article explains in paragraph two.",
        ),
        (  # extra benefits or money for the group, denied
            "{Group} in this town don't get bigger benefit payments than anyone else. The rates "
            "are set nationally and they're the same for every claimant.",
            "Whoever told you {desc} families get extra money from the council was wrong. There's "
            "no such scheme; I rang the benefits office to check.",
            "nope, {group} don't get free council tax. same bands, same bills as the rest of the "
            "street",
        ),
        (  # house prices did not fall when the group moved in
            "House prices on our street didn't fall when {desc} families moved in. The Land "
            "Registry figures show they rose like everywhere else.",
            "Did {group} moving onto the Hill estate lower anyone's house value? No. The sold "
            "prices are public; look them up before repeating it.",
            "My house is worth what it was before the {desc} {noun} bought next door, plus "
            "inflation. The idea that prices drop is a myth, and the valuer agreed.",
        ),
        (  # fitness to stand for local office
            "Being {desc} doesn't make anyone unfit to sit on the town council. Judge {name} on "
            "the planning votes, like every other councillor.",
            "I don't agree that {group} shouldn't stand for the school board. Anyone who lives "
            "here and meets the rules can stand, and should.",
            "Someone at the hustings said {desc_a} {noun} couldn't represent the whole ward. "
            "Nonsense. They've lived on Park Road for twenty years and answer every email.",
        ),
        (  # children need not avoid the group
            "My kids are not in any danger walking past {group} at the bus stop, and I won't teach "
            "them to cross the road.",
            "I'm not telling my children to stay away from the {desc} families in the flats. They "
            "share a playground, and they'll go on sharing it.",
            "someone at the school gate said keep your kids away from {group}. no. their kids and "
            "mine play together at breakfast club every day, and that's how it should stay",
        ),
        (  # market pitches, business rates and shop units: no favours for the group
            "It's false that the market stalls were handed to {group} first. The council "
            "allocated every pitch by lottery, and the draw was filmed.",
            "No, {desc} shopkeepers on Main Street don't pay lower business rates. The valuation "
            "goes by floor area, same as for the bakery next door.",
            "Three things the viral post gets wrong: 1) {group} pay the same rent for the high "
            "street units 2) the leases are public 3) nobody got one free.",
        ),
        (  # rising rents, not caused by the group
            "Rents here didn't go up because {group} moved to town. They went up because two "
            "hundred flats became holiday lets.",
            "It's not {group} pushing the rents up on our street. The landlord who owns half of it "
            "raised every tenancy by 15 per cent in one go.",
            "Are {desc} students driving up rents near the college? The housing report says no: "
            "supply fell, and demand barely changed.",
        ),
    ],
    "report": [
        (  # council decision about a community centre
            "The council's cabinet voted 7-2 on Tuesday to renew the lease on the {desc} community "
            "centre on Hope Street for another ten years.",
            "Councillors have approved £85,000 for a new roof at the community hall used by "
            "{group} in the Riverside ward. Work starts in May.",
            "From last night's planning committee: the {desc} residents' association's plan to "
            "extend its centre was approved, with conditions on parking.",
        ),
        (  # court case with a group member as the victim
            "A 34-year-old man was jailed for eighteen months on Friday for defrauding {desc_a} "
            "{noun} of £12,000 through a fake building firm.",
            "The court heard that {desc_a} {noun} from Canal Street was pushed to the ground "
            "outside {place} in March. The defendant admitted assault and will be sentenced next "
            "month.",
            "Magistrates ordered a landlord to repay a £1,400 deposit to {desc} tenants after "
            "ruling that he had withheld it without cause.",
        ),
        (  # police appeal after vandalism at a group's hall
            "Police are appealing for witnesses after windows were smashed overnight on Sunday at "
            "a hall used by a {desc} community group on Station Road.",
            "Officers investigating damage to the meeting hall of a {desc} residents' group ask "
            "anyone with doorbell footage from between 1 a.m. and 3 a.m. to contact them.",
            "Paint was thrown over the doors of a hall where {group} meet weekly, police said. "
            "They are treating it as criminal damage and ask witnesses to call 101.",
        ),
        (  # survey of the group about the bus service
            "A survey of {group} in the district found 62 per cent use the bus at least once a "
            "week, and most would like later evening services.",
            "The transport authority has asked {desc} residents to fill in a questionnaire about "
            "the 14 and 22 routes before the timetable review in June.",
            "Results of the bus survey: {group} who responded rated reliability 3 out of 5, the "
            "same as the town as a whole, the operator said.",
        ),
        (  # a festival organised by the group
            "{Group} in the town will hold their summer festival in Victoria Park on Saturday, "
            "with music, food stalls and a children's tent. Entry is free.",
            "Main Street will close from 10 a.m. to 6 p.m. on Sunday for a street festival "
            "organised by {desc} residents, the council said.",
            "Organisers of the {desc} heritage festival say about 3,000 people attended this "
            "year, up from 2,000 last year.",
        ),
        (  # a jobs fair or advice session
            "A jobs fair for {group} at the community centre drew about 300 people on Wednesday, "
            "with 25 local employers taking part.",
            "The job centre will run a weekly advice session for {desc} jobseekers at the library "
            "from next month, starting on the 4th.",
            "Eleven firms from the industrial estate have signed up to a work placement scheme "
            "for {group}, the chamber of commerce announced on Monday.",
        ),
        (  # a local election result or appointment
            "In Thursday's by-election, {desc_a} {noun} won the Riverside ward seat on the town "
            "council by 212 votes on a turnout of 31 per cent.",
            "Three {desc} candidates are standing in next month's county council elections, "
            "according to the list of nominations published on Friday.",
            "The new chair of the school board, {desc_a} {noun} who has served as a governor for "
            "six years, was confirmed at Monday's meeting.",
        ),
        (  # local history: a plaque, an exhibition, an oral history
            "A plaque marking the first {desc} families to settle on Canal Street in the 1920s "
            "will be unveiled on Saturday by {figure}.",
            "The town museum has opened an exhibition on the history of {group} in the district, "
            "built from letters and photographs lent by local families.",
            "The history society has recorded interviews with {group} who worked at the old mill. "
            "The recordings go online next week.",
        ),
        (  # a local business milestone
            "A bakery on Main Street run by a {desc} family marks 50 years of trading this month. "
            "It opened in 1975 in what was then a shoe shop.",
            "{Group} opened four new businesses on the high street last year, according to the "
            "business improvement district's annual report.",
            "The hardware store on Bridge Road, owned by {desc_a} {noun} since 2009, has won the "
            "chamber of commerce's small business award.",
        ),
        (  # a sports club
            "A football club founded by {group} in 1998 has won promotion to the county league "
            "after beating Ashby 3-1 on Saturday.",
            "A five-a-side team from the {desc} residents' association reached the final of the "
            "town cup on Sunday, losing on penalties.",
            "The council has agreed to let the running club set up by {group} use the park track "
            "on Tuesday evenings, after a request at last month's meeting.",
        ),
        (  # population figures, sourced
            "Census figures published on Thursday put the number of {group} in the district at "
            "4,300, up from 3,100 in 2011.",
            "According to the county's annual population report, {desc} residents make up about 4 "
            "per cent of the town, roughly the same as the national figure.",
            "{Group} accounted for around 1 in 20 people who moved into the borough last year, the "
            "statistics office said in its migration estimates.",
        ),
        (  # housing repairs affecting the group's homes
            "Tenants of the Elm Court flats, many of them {group}, will be rehoused for six weeks "
            "while the block's cladding is replaced, the council said.",
            "The housing association says repairs to damp flats on the Hill estate, where several "
            "{desc} families had complained, will be finished by October.",
            "{Group} living in the tower blocks by the station will get new lifts by spring, after "
            "the council approved £1.2m for the work.",
        ),
    ],
}


WAVE4 = merge(_NEUTRAL, _POSITIVE, _NEGATION)
