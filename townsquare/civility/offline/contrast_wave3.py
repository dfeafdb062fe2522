"""Wave 3 of the contrast patterns (``contrast.py``): 15 kinds, 3 wordings a pattern.

Written by us after wave 2, in eight parts:

- the three threat kinds, the group-hate kinds, the counter-speech kinds and the insult and
  profanity kinds: 14 new shapes each, most of them in their own words (new threat verbs and
  veiled threats, new dehumanising images, new stereotypes, new contexts for swearing) rather
  than the shared slot lists, so that the model meets words it was not drilled on;
- a **slot balance** part: before it, the shared slot words leaned on one label (``{claim}`` was
  in 23 civil patterns and 3 uncivil ones, ``{dehum}`` 21.5 and 5, ``{name}`` 0.5 and 17.5,
  ``{insult}`` 2 and 24), which taught "a hate claim means someone is condemning it" and "a
  name means an insult". Its patterns use each slot in the other side's voice: endorsed claims
  and dehumanisation on the uncivil side, names, insult words and times on the civil side;
- a **framings** part: the uncivil patterns wrap hate in everyday local framings ("I have lived
  on this street since 1971", "as a landlord", "new here? a tip from a local"), which the civil
  side rarely used with a group mentioned, and a model trained on the first seven parts held
  "<group> people have lived on this street for generations." for every group. Its civil
  patterns use the same framings with a group mentioned neutrally or kindly.

Wave 3 is split among itself, per kind, under its own seed key (``split_patterns``), so no
wave-1 or wave-2 pattern changes side and every earlier item is generated exactly as before.
"""

from __future__ import annotations

from townsquare.civility.offline.contrast_parts import merge

# -- directed threats, threats against groups, violent idioms ----------
_THREATS: dict[str, list[tuple[str, ...]]] = {
    # ---- uncivil: threats of violence at a person ---------------------------------------------
    "threat-directed": [
        (  # a threat disguised as a prediction or forecast
            "Prediction: {name} ends up in hospital before Christmas. Call it a hunch, and call "
            "it a promise.",
            "mark my words {name}, by spring you'll be walking with a cane. i'll see to it "
            "personally",
            "Here's my forecast for whoever wrote this piece: broken ribs, heavy bruising, and "
            "nobody around to help. I'll be bringing the weather myself.",
        ),
        (  # surveillance of the target's routine
            "Saw you jogging by the river at six this morning, {name}. Same route every day. "
            "Careless people get hurt.",
            "Nice blue coat at {place} today, {name}. I was two cars behind you the whole way "
            "home. Next time I won't stay in the car.",
            "You should really change your walk home from work, {name}. Somebody's been timing "
            "it, and he isn't planning a friendly chat.",
        ),
        (  # a threat passed off as a joke
            "gonna smash your teeth in {name} lol. jk. unless you post again",
            "Relax, {name}, it's only a joke. The part about breaking your jaw isn't, though.",
            "Haha, just kidding about the shovel, {name}. Or am I? Guess you'll find out {when}.",
        ),
        (  # doxxing and sending others
            "Took me five minutes to match your username to a home address, {name}. Expect "
            "visitors, and don't expect them to be gentle.",
            "Your profile picture shows your street sign, genius. Some friends of mine are on "
            "their way to say hi. Hope you've got a first-aid kit.",
            "I've sent your address to a group chat full of people who hated your comment, "
            "{name}. Good luck sleeping tonight.",
        ),
        (  # formal letter register
            "Dear Editor, kindly inform your columnist {name} that the next time they "
            "misrepresent my family, they will answer to me physically, and it will not be "
            "pleasant.",
            "To the author: I have been restrained thus far. Publish one more word about our "
            "street and I will settle the matter with my hands.",
            "Sir, consider this formal notice. Should your paper print my son's name again, I "
            "will come to your office and break every bone I can reach.",
        ),
        (  # hope we never meet alone
            "Whoever wrote this had better pray we never meet in a dark car park.",
            "{Name}, if I ever catch you without a crowd around, you'll be picking your teeth "
            "up off the pavement.",
            "Pray you never end up alone in a lift with me, {name}. You wouldn't walk out of it.",
        ),
        (  # a public figure's protection won't last
            "{Figure} can't keep bodyguards forever. One night they'll be alone, and someone "
            "will be waiting. Me.",
            "The security detail won't always be there, {figure}. I'm a patient man.",
            "Enjoy the police escort while it lasts, {figure}. The day it's gone, I'll be on "
            "your doorstep with a crowbar.",
        ),
        (  # nobody would find the body
            "Lot of empty woods around here, {name}. Nobody would find you for months.",
            "There's plenty of room out past the landfill for one more, {name}. Keep talking.",
            "The river's deep by the old mill, {name}. Deep enough that nobody ever found the "
            "last guy who mouthed off to me.",
        ),
        (  # a boast of past violence, and you are next
            "Last guy who talked to me like that needed forty stitches. You're next, {name}.",
            "I've put bigger men than you in the hospital, {name}, and I barely broke a sweat. "
            "Keep going.",
            "ask around about what happened to the last reporter who crossed me. you're next "
            "on the list",
        ),
        (  # graphic description of the aftermath
            "When I'm done with you, {name}, your own mother won't recognise your face.",
            "By the time I finish with you, they'll need dental records to identify you.",
            "You'll be drinking through a tube for a year once I get my hands on you, {name}.",
        ),
        (  # prepare for your death
            "Better get your affairs in order, {name}.",
            "After what you wrote about {topic}? Say your prayers tonight, {name}. Say them "
            "properly.",
            "Start shopping for a coffin, {name}. Something nice. You'll be in it sooner than "
            "you think.",
        ),
        (  # at the moderators who removed a post
            "To the moderator who keeps deleting my posts: I'll find out who you are, and then "
            "we'll talk with fists.",
            "Delete this one too, mods. I'm getting your names off the staff page, and I'm "
            "coming for every one of you.",
            "whichever mod banned me, hope you like hospitals because you're about to spend a "
            "lot of time in one",
        ),
        (  # sympathy cards and hospital flowers in advance
            "Sending you a get-well-soon card now, {name}, to save time later.",
            "Already ordered the hospital flowers, {name}. They'll arrive about the same time "
            "you do.",
            "I'm booking you a bed in A&E, {name}. Saturday night suits me.",
        ),
        (  # your family will lose you
            "Your kids are going to grow up without a father if you keep printing this, {name}.",
            "Keep it up and your wife will be a widow by summer.",
            "How will your little girl manage at school without her mum, {name}? Think about "
            "that before you post again.",
        ),
    ],
    # ---- uncivil: threats and calls for violence against a group ------------------------------
    "threat-group": [
        (  # recruiting a mob
            "Who's in? Saturday night, bring bats, we're paying the {group} at {place} a visit.",
            "need 10 guys with trucks this weekend. the camp where the {group} sleep by the river "
            "is coming down and so are they",
            "Sign-up sheet is behind the bar. We go for the {group} after closing time. Bring "
            "gloves you don't mind ruining.",
        ),
        (  # nostalgia for lynching
            "Our grandfathers knew how to deal with {group}: a rope and a strong tree. Time we "
            "remembered.",
            "Back in the day, {group} who got above themselves ended up swinging from the old "
            "bridge. Bring it back.",
            "My granddad's generation didn't put up with {group}. They had a fix for it, and it "
            "involved a noose. We should use it again.",
        ),
        (  # driving into a crowd
            "If the {group} block the road protesting again, I'm not braking. Just so everyone "
            "knows.",
            "Next time the {group} march down Main Street, I'm driving straight through them.",
            "pro tip: if a crowd of {group} is in the crosswalk, speed up. that's what bumpers "
            "are for",
        ),
        (  # poisoning
            "Somebody ought to put something nasty in the water at the shelter where the "
            "{group} stay.",
            "A little rat poison in the soup the {group} get at the food bank would solve a lot "
            "of problems.",
            "The {group} all buy their bread from one bakery. One poisoned batch and the problem "
            "solves itself. Just saying.",
        ),
        (  # calls for killing as the final fix
            "Deportation is too slow. There's only one permanent fix for {group}, and it isn't "
            "a bus ticket.",
            "Line the {group} up against a wall and be done with it.",
            "Forget the border. The question of the {group} gets answered with shovels and "
            "quicklime.",
        ),
        (  # a bounty for violence
            "I'll buy a beer for anyone who puts one of the {group} in hospital this week.",
            "$500 to whoever breaks the jaw of the first of the {group} to mouth off at {place}.",
            "Free drinks all night for the lads who give the {group} on our estate a proper "
            "kicking.",
        ),
        (  # hunting-season framing
            "Open season on {group}. No bag limit.",
            "Every hunting licence should come with a tag for {group}. I'd fill mine on day one.",
            "It's hunting season for {group}, boys. Load up.",
        ),
        (  # the police won't act, so the mob will
            "Why are we waiting for the police? There are more of us than there are {group}. "
            "Do the maths.",
            "Cops won't act, so we will. Two hundred of us, maybe thirty {group}. Easy night's "
            "work.",
            "Ten of us for every one of the {group} in this town. We could finish this in a "
            "single night.",
        ),
        (  # the group's children as targets
            "Their kids aren't safe here either, and the {group} should know it.",
            "The kids of the {group} at {place} are fair game too. Start with them and the "
            "parents will run.",
            "Tell the {group} that their children walk home alone. We've noticed.",
        ),
        (  # smashing shops, then the owners
            "Bricks through every window of every shop the {group} own on Main Street. Starting "
            "tonight.",
            "Smash up the shops the {group} run and drag the owners out into the street. That's "
            "the only language they understand.",
            "tonight we do the stores the {group} own. windows first, then whoever's inside",
        ),
        (  # escalation after vandalism
            "To the {group} of this town: you have been warned. Next time it won't just be "
            "paint on your doors.",
            "The spray paint was the polite version. The {group} on our street won't get a "
            "second warning.",
            "Notice to all {group}: the graffiti was a courtesy. What comes next won't wash off.",
        ),
        (  # "I'm not saying, I'm just saying" permission
            "I'm not saying anyone should beat up the {group} who hang around {place}. I'm "
            "just saying nobody on this street would call the police if they did.",
            "Not telling anyone to do anything. Just pointing out that the {group} walk home "
            "through an unlit park, and juries around here are very forgiving.",
            "nobody's saying go bash a few {group}. but if someone did, i'd look the other way "
            "and so would every cop in town",
        ),
        (  # a step-by-step plan
            "Step one: find out which bus the {group} take to work. Step two: you can guess.",
            "Plan for Friday: wait outside the hall where the {group} meet, and when they come "
            "out, nobody walks away.",
            "1) get the list of families of {group} from the school directory 2) pay them a visit "
            "at night 3) make sure none of them are still breathing",
        ),
        (  # calls for the state to kill
            "Send the army into the neighbourhoods where the {group} live and shoot anyone who "
            "runs.",
            "The government should hand the police live rounds and point them at the {group}.",
            "Martial law, tanks on the streets, and every one of the {group} rounded up and "
            "shot. Only way this ends.",
        ),
    ],
    # ---- civil: violent words used harmlessly -------------------------------------------------
    "violent-idiom": [
        (  # theatre
            "Break a leg tonight, {name}! Half the street is coming to the opening.",
            "Go knock 'em dead at the audition, {name}. You've got this.",
            "Our drama club's Macbeth opens Friday. Expect a lot of stabbing, all of it with "
            "cardboard daggers.",
        ),
        (  # cooking
            "Beat the eggs hard, then stab the potatoes with a fork before they go in the oven.",
            "Recipe tip from the food section: score the lamb, smash the garlic, and set fire "
            "to the brandy at the very end.",
            "Whoever wrote this recipe, thank you. I butchered the chicken myself and it still "
            "turned out great.",
        ),
        (  # gardening and chores
            "Spent the whole weekend murdering weeds on my allotment. The dandelions are still "
            "winning.",
            "Took an axe to the old hedge this morning. It had it coming.",
            "Finally strangled the last of the ivy off the garage wall. Three years of war, over.",
        ),
        (  # friendly rivalry in threat-like words
            "Watch your back at Thursday's euchre night, {name}. I've been practising.",
            "Coming for your title at the pumpkin contest, {name}. Mine's already the size of a "
            "small car.",
            "Consider this a warning, {name}: my sourdough is entering the county fair and "
            "yours doesn't stand a chance.",
        ),
        (  # planning and deadline jargon
            "Let's shoot for Thursday and pull the trigger on the order if the quotes look fair.",
            "We beat the deadline by an hour, even though the meeting ran over.",
            "{Figure} says they're taking aim at the permit backlog and shooting for a March "
            "target.",
        ),
        (  # crime news, with sympathy and no threat
            "Awful news about the stabbing near {place}. Thinking of the family tonight.",
            "Glad police charged the man who shot at the bus driver last week. She's driven my "
            "route for years.",
            "So sad to read about the hit-and-run on Elm Street. Whoever ran that boy over "
            "should turn themselves in.",
        ),
        (  # self-deprecating joke
            "Just replied-all to the entire parents' email list. Bury me in the garden.",
            "If I ever sing karaoke at {place} again, please shoot me.",
            "My attempt at the paper's bread recipe came out like a brick. Somebody put me out "
            "of my misery.",
        ),
        (  # "we know where you live", harmlessly
            "We know where you live, {name}: the casserole dish is coming back on Sunday, washed.",
            "The library sent a note saying they know where I live and they'd like their books "
            "back. Fair enough.",
            "{Name}, I know where you live, and I'm dropping off a bag of tomatoes from the "
            "garden whether you like it or not.",
        ),
        (  # video games
            "Rematch tonight, {name}? I'm going to blow your tanks clean off the map.",
            "My nephew shot me in the head six times in one round of that game. He's eight.",
            "Our guild raided the dragon's castle and slaughtered everything inside. Took four "
            "hours and a lot of pizza.",
        ),
        (  # headline and money verbs
            "Council axes night buses; province guts the arts fund. Rough week on the budget "
            "pages.",
            "Grocery prices are absolutely murdering my weekly budget.",
            "High rents are strangling the small shops downtown, and {figure} should do "
            "something about it.",
        ),
        (  # exercise
            "Spin class tried to kill me this morning. I'll be back on Thursday.",
            "My physio is a sadist. My legs are destroyed and I've never felt better.",
            "The hill at mile ten of the marathon beat me up badly. Finished anyway.",
        ),
        (  # photography and filming
            "I shot the whole parade from the bridge; the photos are in the gallery link.",
            "The film crew is shooting on {place} all week, so expect some closures.",
            "Got some great shots of the fireworks. Shot them all on my phone, believe it or not.",
        ),
        (  # vaccines and needles
            "Got my flu shot at {place} this morning. Painless, and no queue.",
            "The nurse jabbed me so fast I didn't even notice. Go and get your booster.",
            "My kid was terrified of the needle, but the pharmacist turned the shot into a "
            "game. Bless her.",
        ),
        (  # demolition and controlled burns
            "They're blowing up the old grain silo on Sunday at 9am. Bring the kids to watch.",
            "Fire crews will set fire to the dry fields south of town on purpose this week, so "
            "don't panic at the smoke.",
            "The old hotel finally came down. We watched the wrecking ball demolish it from "
            "across the river.",
        ),
    ],
}


# -- group hate, dehumanisation, positive identity mentions ----------
_HATE: dict[str, list[tuple[str, ...]]] = {
    "group-hate": [
        # housing: exclusion by covenant / quiet agreement
        (
            "Council should zone the east side so {group} can't buy there. Keep the "
            "neighbourhoods separate and everyone's happier.",
            "bring back the old deeds that said who could buy where. {group} would be off our "
            "street inside a year",
            "Best thing for property values? Quietly make sure nobody sells to {group}. Every "
            "realtor in town already knows the rule.",
        ),
        # schools: segregated classrooms
        (
            "As a parent: put the children of {group} in their own classrooms. Mine shouldn't "
            "have to sit next to them.",
            "Why should my son share a desk with {group}? Separate schools worked fine for my "
            "grandparents.",
            "The school board keeps going on about inclusion. Here's an idea: {group} get their "
            "own building across town and our kids finally get some peace.",
        ),
        # generalising from one incident
        (
            "One of the {group} robbed the pharmacy and you all want me to pretend it says "
            "nothing about the rest of them. It says everything.",
            "A {desc} driver hit my car and took off. That's all you need to know about that "
            "whole lot.",
            "Read the court report. One case is all the proof I need that {group} are all like "
            "that.",
        ),
        # denial of the right to hold office
        (
            "A {desc} candidate on the ballot? Their kind should never get anywhere near public "
            "office.",
            "{Group} running for school board is a joke. Ban them from standing, full stop.",
            "Whoever let {group} stand in this election should be sacked. Those people have no "
            "business making our laws.",
        ),
        # jokes at the group's expense
        (
            "How do you keep {group} out of your yard? Nail a job application to the fence.",
            "What's the difference between {group} and a broken fridge? The fridge used to "
            "work once. lol",
            "Why did the {group} cross the road? To reach the welfare office before it opened, "
            "obviously.",
        ),
        # comparison to dirt
        (
            "You can always tell which houses on the street belong to {group}. Just follow the "
            "smell.",
            "The park was spotless until {group} started using it. Now it's a tip, like "
            "everywhere they go.",
            "Where {group} go, the rubbish follows. Check any block they've moved onto.",
        ),
        # comparison to crime
        (
            "Wherever {group} settle, the crime stats follow them like a shadow.",
            "Want to predict next year's burglaries? Just map where {group} live.",
            "crime and {group}. same thing, different spelling",
        ),
        # a ranking of peoples, the group at the bottom
        (
            "Some cultures are simply more advanced than others, and {group} sit near the bottom.",
            "Let's be adults about it: not every people is equal, and {group} are the proof.",
            "Civilisation is a ladder. {Group} never made it past the first rung.",
        ),
        # reply to another commenter: stereotypes as fact
        (
            "{Name}, you'd change your tune if you lived next to {group}. They don't work, they "
            "don't wash and they never pay the rent.",
            "Easy for you to defend {group}, {name}. You don't have them on your street nicking "
            "bikes.",
            "Bless you, {name}, you still think {group} came here to work. They came for the "
            "cheques.",
        ),
        # "call me a bigot" disclaimer + denial of legal rights
        (
            "Call me a bigot if you like, but {group} shouldn't be allowed to sit on juries.",
            "Go ahead and call it prejudice. I still say {group} have no business testifying "
            "against real citizens.",
            "Label me whatever you want: {group} should not have the same rights in court as "
            "the rest of us.",
        ),
        # denial of health care
        (
            "Hospitals should treat citizens first. {Group} can wait at the back of the line or "
            "go without.",
            "Why is my tax money treating {group} in our ER? Let them pay or let them suffer.",
            "Put {group} last on every surgical waiting list. They haven't earned a thing here.",
        ),
        # boycott of the group's businesses
        (
            "Don't eat at the places run by {group} on Main Street. God knows what they put in "
            "the food.",
            "Never buy from the stalls {group} run near {place}. Dirty hands, dirty money.",
            "Support real local businesses, not the ones {group} opened. Those people cheat "
            "every customer who walks in.",
        ),
        # takeover fear
        (
            "Give {group} another ten years and this won't be our town anymore. It'll be theirs, "
            "and we'll be the ones who have to leave.",
            "Look at the enrolment numbers. {Group} are quietly taking over and nobody's allowed "
            "to say so.",
            "first it was one family, now it's half the street. {group} are taking this town "
            "block by block and someone has to stop them",
        ),
        # teaching children to avoid the group
        (
            "I tell my kids to cross the street whenever {group} are walking toward them. Better "
            "safe than sorry.",
            "House rule: no playdates with kids whose parents are {group}. You never know what "
            "they teach them at home.",
            "Lock your car if you see {group} hanging round {place}. I'm not being rude, I'm "
            "being realistic.",
        ),
    ],
    "dehumanisation": [
        # weeds
        (
            "{Group} are weeds. Pull them up by the roots before they choke the whole garden.",
            "You don't negotiate with weeds, you dig them out. Same goes for {group}.",
            "{Group} creep through this town like bindweed, strangling everything that was "
            "here first.",
        ),
        # a tide / flood
        (
            "A tide of {group} is washing over this town and nobody is building a sea wall.",
            "We're drowning in {group}. Open the floodgates once and this is what you get.",
            "wave after wave of {group}, rolling in every week. soon there'll be no dry land "
            "left for the rest of us",
        ),
        # ticks and leeches
        (
            "{Group} are ticks. They latch on to the benefits system and swell up on our blood.",
            "Leeches, the lot of them. {Group} suck this town dry and then wriggle off fat.",
            "every one of those {group} is a tick on a dog's back, feeding and feeding",
        ),
        # a cull, as for nuisance animals
        (
            "Council culls the geese every spring when there are too many. Funny how nobody "
            "suggests the same for {group}.",
            "What {place} needs is a proper cull of {group}.",
            "The {group} numbers are out of control. Thin the herd before it's too late.",
        ),
        # objects / freight
        (
            "{Group} aren't people, they're cargo. Load them on the truck and ship them back.",
            "Box up the {group}, stamp the crates and return to sender.",
            "Treat {group} like freight: count them, stack them, send them off on the next "
            "container ship.",
        ),
        # strays / feral animals
        (
            "{Group} are like feral cats. They hang round {place}, multiply, and bite the hand "
            "that feeds them.",
            "Strays. That's all {group} are. Mangy strays that nobody wants.",
            "Put out food once and the {group} come slinking back every night, like strays.",
        ),
        # empty shells / soulless
        (
            "There's nothing behind the eyes of {group}. Empty shells walking around in human "
            "skin.",
            "{Group} don't have souls. They're background characters in a video game, filling "
            "up space.",
            "talk to {group} for five minutes and tell me there's a person in there. there isn't",
        ),
        # flies on a carcass
        (
            "{Group} gather round this town's handouts like flies on a carcass.",
            "Maggots on the corpse of this city. That's what {group} are.",
            "Wherever there's free money, {group} buzz in like bluebottles.",
        ),
        # snakes / slithering
        (
            "Never turn your back on {group}. Cold-blooded, the lot of them, like something you "
            "find under a rock.",
            "Watch the {group} slither into the council meeting again, forked tongues and all.",
            "{Group} are snakes. They shed one skin, grow another and keep on biting.",
        ),
        # a zoo
        (
            "The {group} at {place} belong in a zoo, not a neighbourhood.",
            "Put a fence round the {group} and sell tickets. Best zoo in the province.",
            "Watching {group} at the public meeting last night was like feeding time at the "
            "monkey house.",
        ),
        # sewage, to be flushed
        (
            "{Group} are the sewage this country keeps pumping into our towns.",
            "Flush the {group} out of {place} and the whole street will smell better.",
            "The drains back up every spring, and so do the {group}. Same muck, different pipe.",
        ),
        # "it": a person as a thing
        (
            "Did you see the {desc} one at {place} today? It was screaming at the cashier.",
            "Saw one of those {group} on the bus. It kept staring at me like it wanted something.",
            "The {desc} thing behind the counter couldn't even make change. What even is it?",
        ),
        # an invasive species
        (
            "{Group} are an invasive species. Towns like ours don't stand a chance against them.",
            "Any biologist would call {group} invasive: no natural predators, and they push "
            "everything else out.",
            "Zebra mussels clogged the lake, {group} are clogging the town. Same story, same "
            "solution.",
        ),
        # termites, crawling in through the cracks
        (
            "{Group} are termites. You don't see them until the whole house caves in.",
            "Termites in the walls of this country, that's {group}, chewing away in the dark.",
            "{Group} crawl in through every crack in the system and hollow it out from inside.",
        ),
    ],
    "identity-positive": [
        # a stereotype named only to be rejected
        (
            "The old line that {group} are lazy could not be more wrong. The {desc} bakers on "
            "my street are up at four every morning, and the bread is unreal.",
            "Somebody once told me {group} keep to themselves. My {desc} neighbours threw the "
            "loudest, friendliest block party this street has ever seen.",
            "Every cliche I'd heard about {group} fell apart in my first week working with them. "
            "Best crew I've ever had.",
        ),
        # a colleague retiring
        (
            "Worked twelve years next to {desc_a} engineer who could fix things nobody else "
            "could even see. She retires Friday and the office won't be the same.",
            "Our {desc} shift supervisor is leaving after thirty years. Fairest boss I ever had.",
            "farewell lunch today for the {desc} guy from accounts. half the building showed up. "
            "that tells you everything",
        ),
        # praise for a community event
        (
            "The {desc} cultural night at {place} was the best evening this town has had all "
            "year. Please bring it back!",
            "Went to the potluck {group} put on at {place} on Sunday. Left with three recipes "
            "and two new friends.",
            "Whoever organised the {desc} heritage fair: thank you. My kids haven't stopped "
            "talking about it.",
        ),
        # learning from a friend
        (
            "My {desc} best friend has taught me more about patience and humour than any book "
            "ever has.",
            "I learned so much from my {desc} roommate in college. Still my first call when life "
            "gets hard.",
            "Twenty years of friendship with {desc_a} {noun} from church have made me kinder "
            "and braver. Lucky me.",
        ),
        # respect for rebuilding a life
        (
            "Deep respect for the {group} in this town who rebuilt their lives here from nothing.",
            "What {group} in our community have built, often against the odds, is genuinely "
            "inspiring.",
            "I'm in awe of the {desc} families who started over here and made this place "
            "richer for it.",
        ),
        # admiring how people spoke in the story
        (
            "The {desc} residents quoted in this story spoke with more grace than anyone on "
            "council.",
            "Whatever you think of the policy, the {group} interviewed here were thoughtful, "
            "clear and generous. Good to hear their voices.",
            "That {desc} {noun} at the public meeting made the best argument of the night, "
            "calmly and with real kindness.",
        ),
        # reply to a commenter who shared their identity
        (
            "Thanks for sharing that, {name}. Being {desc_a} {noun} here can't always be easy, "
            "and your perspective makes this thread better.",
            "{Name}, I didn't know you were {desc}. Your comments are always the most sensible "
            "ones here, and that story was lovely.",
            "Really glad you spoke up about growing up {desc}, {name}. More of that, please.",
        ),
        # lowercase chat hype
        (
            "the {desc} choir at {place} absolutely killed it tonight. chills",
            "ok the {group} running the food truck at the market are legends. that dumpling "
            "situation is insane",
            "{desc} drumline at the parade = best part of the day, no debate",
        ),
        # newcomer welcomed by a family
        (
            "When I first moved here and knew nobody, a {desc} family had me over for dinner in "
            "my first week. I still call them every Christmas.",
            "My first winter in this country, it was {group} down the hall who lent me a coat "
            "and showed me where the bus stops were.",
            "Twenty years ago {desc_a} {noun} invited a lonely newcomer, me, to her table. I "
            "have never forgotten it.",
        ),
        # small businesses that carried the town
        (
            "Half the small businesses that kept this town alive through the recession were "
            "started by {group}. We owe them a lot.",
            "If you like Main Street having open shops, thank {group}. They took the risks when "
            "nobody else would.",
            "The {desc} owners who reopened the old hardware store have brought that whole block "
            "back to life.",
        ),
        # pride in one's own identity, grown over time
        (
            "Twenty years ago I hid being {desc}. Today I walked down Main Street with my head "
            "high. This town has changed, and so have I.",
            "Took me a long time to say it out loud, but I'm {desc} and I'm happy. Thanks to "
            "everyone here who made that easier.",
            "i used to be embarrassed to be {desc}. now my kids are proud of it and so am i",
        ),
        # parent: a school that celebrates the group
        (
            "As a parent, I'm thrilled my kids' school celebrates {group}. They're growing up "
            "knowing their classmates' stories.",
            "My son came home from the {desc} history assembly full of questions. Great work, "
            "teachers.",
            "Loved the week the school spent learning from {group} in the community. The kids "
            "got so much out of it.",
        ),
        # public art honouring the group
        (
            "The new mural at {place} honouring {desc} pioneers is beautiful. Stop and look next "
            "time you pass.",
            "Whoever painted the portraits of {group} on the underpass: it's the best thing in "
            "the city right now.",
            "That sculpture of the {desc} {noun} by {place} makes me smile every single morning.",
        ),
        # a role model for a child
        (
            "My daughter saw {desc_a} astronaut on the news and has been wearing a cardboard "
            "helmet ever since.",
            "My kid met {desc_a} firefighter at the open house and now wants to be exactly like "
            "her.",
            "Representation matters: my son has a poster of {desc_a} scientist on his wall and "
            "talks about her every day.",
        ),
    ],
}


# -- reports, condemning quotes, negation, defence ----------
_COUNTER: dict[str, list[tuple[str, ...]]] = {
    "report": [
        (
            "Fact check: a post shared 40,000 times this week claims {group} {claim}. We asked the "
            "police, the census office and two researchers. None of them could support it.",
            "We looked into the viral claim that {group} are behind the rise in break-ins. The "
            "force's own figures show no such link. Our rating: false.",
            "FACT CHECK. Claim: '{Group} are {dehum} who bring crime wherever they go.' Source: a "
            "video filmed at a rally outside {place}. Verdict: no evidence.",
        ),
        (
            "Correction: an earlier version of this story said the mayor called {group} {dehum}. "
            "The remark was made by a member of the public. We regret the error.",
            "Editor's note: the quote 'they should all be put on a boat and sunk' was wrongly "
            "attributed to the councillor. It came from an anonymous caller.",
            "Update: this article first credited {figure} with saying {group} {claim}. It was a "
            "heckler in the gallery, and the story has been corrected.",
        ),
        (
            "11:02: The witness says the accused leaned over the counter and told her he would "
            "{threat} her if she called the police. 11:06: The defence begins its "
            "cross-examination.",
            "Live from courtroom 4: the victim testifies that the man shouted 'your kind should be "
            "drowned' as he chased her down {place}. Cross-examination resumes after lunch.",
            "2:15 pm: Jurors are shown the note that was left on the door. It reads 'Get out or "
            "burn with the house.' The accused looks at the floor.",
        ),
        (
            "To the reporter: the story says the protester shouted that {group} should be 'wiped "
            "off the map'. Did police say whether anyone was arrested?",
            "Question for the author. You quote the man saying he'd {threat} the next {desc} "
            "{noun} he saw. Did he say that to police or to you directly?",
            "do we know who actually painted 'hang every last one of them' on the wall? the "
            "article doesn't say if there's a suspect",
        ),
        (
            "In her victim impact statement, the shop owner said she still hears him screaming "
            "that people like her are {dehum}. She has not opened on a Sunday since.",
            "Reading his statement to the court, the boy's father said his son was told every day "
            "at school that {group} {claim}, and by the end he believed it.",
            "The victim told the sentencing hearing that 'you people are a disease' were the last "
            "words she heard before the blow.",
        ),
        (
            "The interpreter told the tribunal that the voice message, in Portuguese, said 'I will "
            "slit your throat in front of your children.'",
            "Translated for the court, the texts read: 'You and your whole family will be buried "
            "here.' The defence disputes the translation.",
            "According to the translation entered as evidence, the letter called {group} {dehum} "
            "and warned them to be gone by spring.",
        ),
        (
            "The employment tribunal heard that the supervisor routinely called his {desc} staff "
            "'cockroaches' and told one he'd {threat} him if he complained.",
            "According to the tribunal ruling, a manager told {desc_a} cashier that her people "
            "{claim}. The chain has been ordered to pay damages.",
            "Staff complained for two years that a foreman called {group} 'dirt' on the shop "
            "floor, the tribunal heard. He was promoted anyway.",
        ),
        (
            "The new poll found 18 per cent of respondents agree that {group} {claim}, down from "
            "27 per cent five years ago.",
            "One in five people surveyed said they would not want {group} as neighbours, the "
            "report says. Its authors call that figure worrying.",
            "Pollsters asked whether {group} are 'a threat to our way of life'. A third said yes; "
            "the study breaks that down by age and region.",
        ),
        (
            "As a reporter here I get emails most weeks saying I'll be 'found in a ditch'. I'm "
            "printing a few today so readers can see what local news looks like from the inside.",
            "Since my column on {topic}, I've had three messages saying someone will {threat} me "
            "before the next one runs. Police have all of them. I'm still writing.",
            "Our newsroom logged sixty threats last year. The most common was 'we know where you "
            "live'. The second most common called us {dehum}.",
        ),
        (
            "The restraining order application says he texted her 'you'll be at the bottom of the "
            "lake by Christmas' at three in the morning.",
            "In the filing, the tenant says the landlord told him {group} {claim} and that he "
            "would {threat} him if he didn't move out.",
            "Court documents show the ex-husband left a voicemail promising to 'make sure she "
            "never walks again'. A judge granted the order on Monday.",
        ),
        (
            "The league has fined the club after a section of its fans chanted that {group} are "
            "{dehum} at the {desc} striker during Saturday's match.",
            "Stewards ejected six supporters who were chanting 'send them back in boxes' at the "
            "visiting players, the club confirmed.",
            "According to the referee's report, fans behind the goal yelled that they would "
            "{threat} the keeper after the game. Play was stopped for ten minutes.",
        ),
        (
            "Key points from today's hearing: the accused denies saying {group} {claim}; two "
            "witnesses say he did; the verdict is expected Friday.",
            "What we learned at the inquiry: the officer did write 'these people are animals' in "
            "his notebook; he says it was about another case; the panel rules in June.",
            "Recap of the board meeting: a complaint was heard that a trustee posted that {group} "
            "are {dehum}; she apologised; no sanction was voted.",
        ),
        (
            "The post, since deleted, read: 'Somebody should put that whole {desc} family in the "
            "ground.' Police say they have identified the account.",
            "Screenshots seen by this paper show the account posted that {group} {claim} hours "
            "before the march. The platform has since suspended it.",
            "Investigators say the suspect's last message online was 'tonight the {group} find out "
            "what we're made of'. He was arrested at 2 a.m.",
        ),
        (
            "Summary for anyone who missed last night's debate: one candidate said {group} "
            "{claim}, the other said that was false, and the moderator moved on to {topic}.",
            "If you missed the radio phone-in: a caller said {group} are {dehum}, the host cut him "
            "off, and the next three callers described what it's like to hear that.",
            "quick recap of the forum for those who couldn't come. one speaker claimed {group} "
            "spread disease, the health officer corrected him, and the Q&A ran long",
        ),
    ],
    "counter-quote": [
        (
            "'{Group} are {dehum}.' Wow. So brave, typing that from an account with no photo and "
            "four followers.",
            "Ah yes, '{group} breed like rats', the deep insight of someone who has never left his "
            "postcode. That's hate, not insight.",
            "Nothing says courage like posting '{group} {claim}' under a fake name at 2 a.m. That "
            "is hate, and it doesn't become courage in the dark.",
        ),
        (
            "As a teacher, I wrote '{group} are {dehum}' on the board and asked where my students "
            "had heard it. Half of them had. We spent the hour on what words like that do.",
            "I teach history. When a student repeated that {group} {claim}, we traced the line "
            "back to a 1920s pamphlet. He was shocked at where it came from.",
            "Today a Year 9 asked me why people say {group} 'smell'. I told him it's one of the "
            "oldest lies told about outsiders, and it exists to make cruelty feel normal.",
        ),
        (
            "Sir, I was appalled to hear a candidate at Thursday's debate say that {group} 'breed "
            "like rabbits'. Such language has no place in public life, and I trust voters will "
            "remember it.",
            "Dear editor, at the candidates' night {speaker} declared that {group} are {dehum}. I "
            "expect every candidate to repudiate that remark in writing before polling day.",
            "Madam, the phrase 'a tide of {group}' used by {figure} on Monday is not neutral. It "
            "casts our neighbours as a natural disaster, and I ask that it be withdrawn.",
        ),
        (
            "Notice how 'they're flooding in' and 'they're {dehum}' always turn up together. "
            "That's not a policy argument about {group}, it's a script for dehumanising them.",
            "Every one of these comments uses the same three words about {group}: swarm, breed, "
            "invade. That's the language of pest control, and it's chosen on purpose.",
            "Watch the pattern: first {group} {claim}, then they're 'not like us', then they're "
            "{dehum}. Each step makes the next one sound normal. Don't take the first step.",
        ),
        (
            "'Someone should torch their shop.' That's what a commenter wrote about the {desc} "
            "grocer near {place}. That isn't venting. It's a threat, and it's vile.",
            "A comment above says the owners should 'get what's coming to them' some night. A "
            "family bakery? That's menace, and I've reported it.",
            "Whoever wrote that someone should {threat} the {desc} pharmacist: people in this town "
            "have been hurt after posts like yours. It's disgraceful.",
        ),
        (
            "As {desc_a} {noun}, I've been told I'm {dehum} more times than I can count. It was a "
            "lie every time, and I'm done staying quiet about it.",
            "I've had 'go back where you came from' shouted at me outside {place}. I was born two "
            "streets away. That sentence is ignorance, and it hurts.",
            "People like me get called 'a drain' and 'a burden' in threads like this. Those words "
            "land on real people, and they are cruel.",
        ),
        (
            "My manager said in a team meeting that {group} {claim}. I went to HR that afternoon. "
            "A sentence like that should end a career, not start a debate.",
            "At the office party a colleague joked that {group} are {dehum}. Nobody laughed, and I "
            "told him right there that it was bigoted.",
            "A supervisor at my work called the {desc} cleaners 'animals' under his breath. I "
            "wrote it down with the date and reported it. That is not banter.",
        ),
        (
            "Dear advertisers on this site: your ads are running next to comments saying {group} "
            "are {dehum}. Is that where you want your brand?",
            "To the paper's owners: you are profiting from a comment section where people write "
            "that {group} {claim}. Moderate it or close it.",
            "Note to the company sponsoring this page: the thread below has people calling for "
            "{group} to be 'cleared out'. Your logo sits right on top of it.",
        ),
        (
            "Some kid in my son's game lobby kept typing 'wipe out the {group}'. We turned it off "
            "together and talked about why that's hateful. He got it straight away.",
            "gaming last night and a guy on voice chat kept saying {group} are {dehum}. muted him, "
            "reported him, told the lobby why. hate isn't a joke",
            "A streamer I used to watch said on air that {group} {claim}. Unfollowed. Bigotry "
            "isn't 'edgy content'.",
        ),
        (
            "'Cleaning up the neighbourhood' is a polite way of saying you want {group} gone. Say "
            "what you mean out loud and listen to how ugly it sounds.",
            "When people talk about 'taking our town back' from {group}, I'd like them to spell "
            "out how. Every honest answer is ugly.",
            "'Just asking questions' about whether {group} {claim} is still spreading the claim. "
            "It's bigotry with a question mark on the end.",
        ),
        (
            "When a supporter shouted that {group} should be 'hunted down', {figure} laughed. That "
            "laugh is the real story, and it is disgraceful.",
            "A man in the crowd yelled that someone should {threat} the {group} who moved in, and "
            "{figure} just nodded. Silence like that is permission.",
            "{Figure} shared a post calling {group} {dehum}, then said it was 'just a joke'. "
            "Dehumanising people is never a joke.",
        ),
        (
            "'Go back where you came from'? To where, the maternity ward down the road? Come on.",
            "'{Group} {claim}'? In this day and age? No.",
            "'{Dehum}'? They're {group}, not a pest problem. Do better.",
        ),
        (
            "The plaque on the founder's statue quotes him saying {group} {claim}. Time the plaque "
            "came down, or at least got a second one explaining how wrong he was.",
            "Our street is named after a man who wrote that {group} were {dehum}. I've signed the "
            "petition to rename it, and I hope you will too.",
            "The 1950s yearbook in the school display has a cartoon calling {group} 'savages'. The "
            "school apologised this week, as it should have.",
        ),
        (
            "Our pastor read out the note left on the church door, 'your kind will burn', and said "
            "from the pulpit that words like that are evil, whoever writes them.",
            "At Friday prayers the imam read the message left for the mosque, '{group} are "
            "{dehum}', and said hatred would not be answered with hatred.",
            "At the vigil the rabbi read the graffiti aloud, 'you people {claim}', and told the "
            "crowd that naming hate is the first step to refusing it.",
        ),
    ],
    "negation": [
        (
            "Even if I lost my job to one of them, I still wouldn't say {group} {claim}.",
            "Even on my worst day, furious about {topic}, I would never call {group} {dehum}.",
            "Say my flat got burgled tomorrow. It still wouldn't make {group} thieves, and I "
            "wouldn't pretend it did.",
        ),
        (
            "Thirty years as a cop and I never once saw evidence that {group} {claim}.",
            "I've been an emergency nurse for twenty years. Not one shift has taught me that "
            "{group} are dangerous.",
            "Landlord since the nineties here: no, {group} are not worse tenants. That isn't my "
            "experience, and it isn't in anyone's data.",
        ),
        (
            "There's no excuse, not grief, not poverty, not anger, for calling a whole people "
            "{dehum}.",
            "Nothing {group} supposedly did gives anyone the right to wish them dead.",
            "No amount of frustration with {figure} justifies saying {group} {claim}.",
        ),
        (
            "I can't stand {figure}'s politics, but I'd never wish them dead, and nobody here "
            "should.",
            "I don't want anyone to {threat} {figure}. I want {figure} voted out. Big difference.",
            "However angry you are about {action}, nobody should be threatening {figure}'s family. "
            "Not ever.",
        ),
        (
            "In our house we don't call people animals. Not {group}, not the neighbours, not even "
            "the referee.",
            "My kids know the rule: you never say a whole group of people are {dehum}. Ever.",
            "I told my son he doesn't get to say '{group} {claim}' just because a boy at school "
            "does. Not in this family.",
        ),
        (
            "I don't want {group} gone. I want the rent to come down. Those are different things.",
            "nobody i know wants {group} out of this town. we want the bus to run on time",
            "I'm not asking for {group} to be kept out of anything. I'm asking council to fix the "
            "potholes.",
        ),
        (
            "For the record, I never said {group} {claim}, and I'd thank you not to put those "
            "words in my mouth.",
            "Read my comment again, {name}. Nowhere did I call {group} {dehum}, and I never would.",
            "I never threatened anyone. Saying I wanted to {threat} him is a flat lie, and the "
            "screenshots show it.",
        ),
        (
            "Before the usual crowd arrives: this article does not show that {group} {claim}. It's "
            "about one case.",
            "One arrest doesn't mean {group} are criminals. Please don't turn this story into "
            "that.",
            "Some readers will take this as proof that {group} {claim}. It isn't. Read past the "
            "headline.",
        ),
        (
            "My faith does not teach that {group} are unclean. Anyone who says it does hasn't read "
            "the book.",
            "Nothing in the scripture I grew up on says {group} are cursed. That's a man's "
            "prejudice, not God's.",
            "No, the church does not say {group} {claim}, whatever the man with the placard "
            "outside {place} thinks.",
        ),
        (
            "There's no gene that makes {group} violent. That idea was thrown out a century ago.",
            "{Group} aren't less intelligent. Every study that claimed they were has been taken "
            "apart.",
            "Biology doesn't say {group} {claim}. Nothing does, except old prejudice in a lab "
            "coat.",
        ),
        (
            "To be clear: when I said I'd fight the rezoning, I meant with a petition. I'm not "
            "going to hurt anyone, and no one else should either.",
            "I'm angry, not violent. Nobody's getting their windows smashed over {topic}, "
            "certainly not by me.",
            "Since someone reported my comment, let me say it plainly: I have no intention of "
            "harming {name} or anyone else.",
        ),
        (
            "It's not 'us versus {group}'. There's no them. There's just us.",
            "Stop framing this as locals against {group}. {Group} are locals.",
            "There is no invasion. {Group} moving here is people moving house, not an army "
            "marching in.",
        ),
        (
            "Right, so {group} are behind the potholes, the rent and the weather too? No. None of "
            "it.",
            "Apparently {group} {claim} now. Funny how nobody has shown a shred of proof. Because "
            "it's not true.",
            "next someone will say {group} caused the flood. they didn't cause that either, and "
            "they didn't cause {topic}",
        ),
        (
            "Our march is peaceful. Anyone who shows up planning to {threat} a counter-protester "
            "is not one of us.",
            "The organisers' rule is simple: no weapons, no slurs, and nobody calls anyone "
            "{dehum}. Break it and you're out.",
            "Nobody at tomorrow's rally will be chanting that {group} {claim}. If anyone does, the "
            "marshals will walk them out.",
        ),
    ],
    "defence": [
        (
            "A man on the train told {desc_a} woman to crawl back to whatever hole she came from. "
            "I sat down next to her and talked with her until her stop. More of us should.",
            "Someone at {place} called a {desc} teenager {dehum} today. Three of us stood between "
            "them until he left. She's okay.",
            "Heard a guy tell the {desc} cashier that her people {claim}. I stayed in line and "
            "said, loud enough, 'she's welcome here, and you can wait your turn.'",
        ),
        (
            "{Name}, my {desc} students are the hardest-working people I've ever taught. Your "
            "'they're all lazy' line wouldn't last one day in my classroom.",
            "I teach at the high school. The {group} in my classes are going on to be engineers "
            "and nurses. Stop writing them off.",
            "Ten years teaching night classes. My adult students work two jobs and still hand in "
            "their homework. Whoever says {group} {claim} should sit in for one evening.",
        ),
        (
            "As a small business owner: my best hires have been {group}. Anyone saying they can't "
            "be trusted has never signed a paycheque.",
            "I run a farm. Without {group}, the harvest rots in the field. Think about that before "
            "you call them {dehum}.",
            "Our firm has employed {group} for twenty years. Not one has let us down. The "
            "stereotype is nonsense.",
        ),
        (
            "Ah yes, {group}, famous for... checks notes... running the youth soccer league and "
            "half the food bank shifts.",
            "Terrifying, these {group}. One of them fixed my furnace at 11 p.m. on Christmas Eve. "
            "Truly a menace.",
            "So {group} {claim}? Must be why the one next door feeds my cat every time I travel.",
        ),
        (
            "{Group} have the same rights as every other resident of this province. Threats "
            "against them are not 'free speech'; they are crimes.",
            "The law protects {group} exactly as it protects you. Anyone who threatens to {threat} "
            "them should expect charges, and will deserve them.",
            "Let's be clear: {group} who live here are not guests. They are residents with full "
            "rights, whatever the loudest voices in this thread say.",
        ),
        (
            "I served alongside {group}. They carried my gear when I couldn't. Anyone calling them "
            "traitors has no idea what they're talking about.",
            "My unit had {group} in it. Two of them didn't come home. So don't tell me they "
            "{claim}.",
            "Veteran here. The {desc} medic in my platoon saved three lives in one night. Show "
            "some respect.",
        ),
        (
            "Two hundred of us stood outside the {desc} community centre last night after the "
            "threats. Candles, no speeches. Come next week.",
            "After the threats against {group}, we're organising a walk-home rota from {place}. "
            "The sign-up sheet is at the front desk.",
            "We're doing a shop-in at the {desc} grocery on Saturday after the vandalism. Bring "
            "friends, bring bags.",
        ),
        (
            "{Group} in this province start businesses at twice the average rate. The 'drain on "
            "the system' story is backwards.",
            "The police data in this very article show {group} are far more often victims of crime "
            "than suspects.",
            "Look up the volunteer rolls at the food bank. {Group} are overrepresented. So much "
            "for 'they take and never give back'.",
        ),
        (
            "I'm not {desc}, but my wife is, and every 'they're {dehum}' comment here is about "
            "her. Think about who you're talking about.",
            "My grandkids are {desc}. When you write that people like them {claim}, you're writing "
            "about two little girls who love dinosaurs.",
            "My brother is one of the {group} you're all so sure about. He's a volunteer "
            "firefighter. He'd pull any of you out of a burning house.",
        ),
        (
            "To the {desc} family whose windows were smashed: I'm sorry. Most of us here are glad "
            "you're our neighbours.",
            "To any {group} reading this thread: these comments don't speak for this town. You are "
            "wanted here.",
            "If you're {desc} and reading the hate in these comments, please know a lot of us are "
            "on your side, and we're not going anywhere.",
        ),
        (
            "At Christmas my uncle started in about {group} being {dehum}. I told him my godson is "
            "one of them, and that he could stop or leave. He stopped.",
            "At a family barbecue my cousin said he'd like to {threat} the {group} who moved in "
            "down the road. I told him in front of everyone that I'd be the first to call the "
            "police.",
            "My mother-in-law calls {group} 'those people'. Every time, I tell her their names. "
            "It's slowly working.",
        ),
        (
            "{Group} have been in this valley since before the railway. Walk through the old "
            "cemetery and read the stones.",
            "The first school in this town was built by {group}. Anyone who says they don't belong "
            "hasn't opened a history book.",
            "Half the streets downtown are named after {group} who settled here a century ago. 'Go "
            "back where you came from'? They came from here.",
        ),
        (
            "{Name} didn't deserve to be called an {insult} in this thread for asking about the "
            "bus routes. It was a fair question.",
            "Whoever told {name} to 'go back to their own country' above: {name} was born here and "
            "asked a perfectly reasonable question. Leave them be.",
            "Can we stop piling on {name} because they mentioned being {desc}? They've added more "
            "to this thread than anyone.",
        ),
        (
            "When the landlord tried to push out the {desc} couple upstairs, every tenant in the "
            "building signed a letter for them. They're staying.",
            "The HOA tried to fine the {desc} family over their holiday decorations. Forty "
            "neighbours came to the meeting to object, and the fine was dropped.",
            "A parent tried to get the {desc} coach removed because 'people like that {claim}'. "
            "The rest of us wrote to the league that night. Coach is still coaching.",
        ),
    ],
}


# -- untargeted profanity, directed and profane insults, criticism ----------
_INSULTS: dict[str, list[tuple[str, ...]]] = {
    # ---- civil: swearing aimed at no person ---------------------------------------------------
    "profanity-untargeted": [
        (
            "That was a damn fine piece of reporting. More of this, please.",
            "Hell of an article. Best thing this paper has run all year.",
            "Bloody brilliant investigation. Whoever dug up those contracts deserves an award.",
        ),
        (
            "This fucking app has logged me out five times today just so I can read one story.",
            "the comment box ate my whole reply. twice. goddammit",
            "Why does the paywall pop up every damn time I scroll? Tech is a nightmare.",
        ),
        (
            "Forty minutes to drive six blocks. Fucking gridlock, every single morning.",
            "Bridge closed, detour closed, and the ring road at a standstill. What a shit commute.",
            "stuck behind a broken-down truck on the overpass again. hell of a way to start monday",
        ),
        (
            "Lost in overtime. Again. Shit, this team is going to give me a heart attack.",
            "Three-nil down at home to the last-place side. Bloody awful night to be a fan.",
            "We were up by ten with a minute left and still lost. I can't. Fuck this season.",
        ),
        (
            "Spent all Sunday painting the fence, then kicked the can over onto the patio. "
            "Well, shit.",
            "Tried to fix the kitchen tap myself. Now the kitchen is a lake. Goddamn it, I "
            "should have called a plumber.",
            "Measured twice, cut once, cut it wrong anyway. Crap. Back to the hardware store.",
        ),
        (
            "Car battery died Monday, furnace quit Wednesday, and now the dog's sick. What the "
            "hell is this week?",
            "First a flat tyre, then a parking ticket, then rain all the way home. Some days "
            "are just shit.",
            "This month can piss off. Nothing but bad luck since the first.",
        ),
        (
            "Holy shit, that fire at {place}. I hope everyone got out okay.",
            "Oh my god, the photos of the flooding are fucking heartbreaking. Donating tonight.",
            "Damn. Thoughts with the families on the east side after last night's storm.",
        ),
        (
            "Six hours in the ER waiting room with a feverish kid. Fucking hell, we need more "
            "doctors in this region.",
            "Sat on hold with the tax office for ninety minutes. Ninety. What a crap system.",
            "The DMV line was out the door at 8 a.m. Bloody ridiculous way to spend a day off.",
        ),
        (
            "My damn knees aren't what they used to be. Had to skip the fun run this year.",
            "Turned fifty and suddenly everything hurts. Getting old is shit.",
            "Threw my back out carrying groceries. Goddamn, I used to play rugby.",
        ),
        (
            "{Name}, damn right. Couldn't have put it better myself.",
            "hell yes, exactly this. someone finally said it",
            "Fucking well said, {name}. That's the point the article keeps missing.",
        ),
        (
            "The bridge is 112 years old and has never been inspected? Holy crap.",
            "Wait, the water plant runs on software from 1998? Jesus Christ, that's scary.",
            "Fourteen per cent of kids here skip breakfast? Damn. I had no idea.",
        ),
        (
            "The damn raccoons got into the bins again. Garbage all over the driveway.",
            "Some fucking seagull stole my whole sandwich at the beach. Unreal.",
            "Geese on the soccer field again. Shit everywhere, literally.",
        ),
        (
            "Jackhammers at six in the morning for the third fucking week in a row.",
            "The leaf blowers start at 7 a.m. sharp every Saturday. Hell of a way to wake up.",
            "Whatever that construction site is building, it sounds like the goddamn apocalypse.",
        ),
        (
            "Shit, I misread the article. The tax goes down, not up. My mistake, sorry all.",
            "Oh crap, I posted on the wrong story. Ignore me.",
            "Damn, I had the date wrong. The meeting about {topic} is Thursday, not Tuesday.",
        ),
    ],
    # ---- uncivil: insults at the person replied to or a named person --------------------------
    "insult-directed": [
        (
            "Who let you near a keyboard, {name}?",
            "Someone should take the internet away from you before you hurt yourself.",
            "Whoever taught you to type owes every reader here an apology.",
        ),
        (
            "With a face like yours, I'd hide behind a username too.",
            "I've seen your profile picture, {name}. That explains the bitterness.",
            "No wonder you're this angry online. Have you looked in a mirror lately?",
        ),
        (
            "Your parents must be so disappointed in you.",
            "I pity whoever had to raise you, {name}.",
            "Your kids must be embarrassed to share your last name.",
        ),
        (
            "You're a waste of oxygen, {name}.",
            "Nothing you have ever said has mattered, and nothing you ever say will.",
            "Forty-something and picking fights with strangers under a story about potholes. "
            "You're pathetic.",
        ),
        (
            "My dog reasons better than you do.",
            "I've had more sensible conversations with a parking meter than with you, {name}.",
            "A houseplant would have read the article more carefully than you did.",
        ),
        (
            "Let me use small words so you can keep up, sweetie.",
            "I'll type slowly for you, {name}, since reading is clearly a struggle.",
            "Okay, one more time, slowly. I'd draw you a picture, but you'd eat the crayons.",
        ),
        (
            "Went to school with {name}. Dim then, dimmer now.",
            "I worked with {name} for a year. Couldn't find the stapler without help, and "
            "now they're an expert on {topic}.",
            "Knew {name} growing up. Slowest kid in the class, and clearly still trying to "
            "catch up.",
        ),
        (
            "You're very brave to post with that little going on upstairs.",
            "Honestly, {name}, I admire the confidence of someone so completely clueless.",
            "It must be peaceful in your head. Nothing in there to disturb the quiet.",
        ),
        (
            "People like you are why comment sections need an intelligence test.",
            "Should there be a minimum IQ to comment here? Asking because of you, {name}.",
            "Every thread gets dumber the minute you show up.",
        ),
        (
            "No wonder nobody will hire you with a brain like that.",
            "Explains why you've never held a job for more than a month, {name}.",
            "Is this how you talked in your last job interview? No wonder you're still unemployed.",
        ),
        (
            "lmao ok genius. go back to sleep",
            "imagine being this dense {name}",
            "bro really thought he cooked with that comment. sit down",
        ),
        (
            "Don't bother arguing with {name}. You can't reason with a {insult}.",
            "{Name} wouldn't understand the article if you read it aloud with puppets.",
            "Ignore {name}, everyone. Some people are just too {insult_adj} to help.",
        ),
        (
            "With respect, sir, you are the least intelligent correspondent this paper has "
            "ever had the misfortune to print.",
            "Dear {name}: your letter was a fine demonstration of what happens when ignorance "
            "meets a postage stamp.",
            "Madam, your reply reads as though it was composed by someone who has never met a "
            "thought.",
        ),
        (
            "Did you get your degree out of a cereal box?",
            "Do they hand out opinions with the kids' meals now, {name}?",
            "Which online quiz told you that you were qualified to talk about {topic}?",
        ),
    ],
    # ---- uncivil: profane insults at a person -------------------------------------------------
    "insult-profane": [
        (
            "There's nothing but shit between your ears, {name}.",
            "Your brain runs on bullshit and spite.",
            "Head full of shit, as usual.",
        ),
        (
            "You're a fucking embarrassment to this town, {name}.",
            "{Name}, you are a goddamn disgrace to every neighbour you have.",
            "Everyone on this street is ashamed of you, you fucking disgrace.",
        ),
        (
            "lmao {name} ur so fucking dumb",
            "bro ur an absolute shitstain",
            "holy shit ur dumb {name}",
        ),
        (
            "Your whole family is a pack of dumb shits, {name}.",
            "Bet your parents are as fucking stupid as you are.",
            "Dumb as shit, just like your old man.",
        ),
        (
            "Do you ever stop talking out of your ass, {name}?",
            "Pull your head out of your ass and read the article.",
            "How long have you been talking out of your ass? Asking for the whole thread.",
        ),
        (
            "Who gave a fucking {insult} like you a keyboard?",
            "Somebody take the phone off this dumb shit before he posts again.",
            "Who taught an asshole like you to type, {name}?",
        ),
        (
            "Ugly as shit and twice as dumb.",
            "With that fucking face, no wonder you're angry all the time, {name}.",
            "Saw your picture. Christ, you're one ugly son of a bitch.",
        ),
        (
            "Piss off, {name}, you miserable bastard.",
            "Crawl back into your hole, you dumb bastard.",
            "Take your bullshit and piss off somewhere else, prick.",
        ),
        (
            "What a smug little prick you are, {name}.",
            "{Name} is such a douchebag, it's almost impressive.",
            "You sanctimonious dickhead. Nobody wants your sermon.",
        ),
        (
            "Met {name} at {place} once. Total asshole, and clearly still one.",
            "Worked with {name} for two years. Biggest prick in the building.",
            "I coached {name}'s kid. The parent was the real asshole on that team.",
        ),
        (
            "With all due respect, you are a colossal shithead.",
            "Let me put this politely, {name}: you are a bullshit artist, and a tedious one.",
            "I say this with the utmost courtesy: go to hell, you pompous ass.",
        ),
        (
            "Don't feed the asshole, everyone. {Name} just wants attention.",
            "Ignore {name}. He's a fucking troll who lives for this.",
            "Scroll past {name}'s crap. The guy's a dipshit and always has been.",
        ),
        (
            "Nobody gives a shit about you or your opinions, {name}.",
            "Not one person here gives a fuck what you think.",
            "No one cares about your shitty little life, {name}.",
        ),
        (
            "Oh look, {name}'s back with more bullshit. Shocker, dipshit.",
            "Another genius take from the resident dumbfuck.",
            "Great point, {name}. Really. Said no one ever, you absolute shitwit.",
        ),
    ],
    # ---- civil: sharp criticism of what public figures and institutions did -------------------
    "criticism": [
        (
            "{Figure} spent four million on consultants for {topic} and we still have no plan. "
            "Where did the money go?",
            "Four million dollars on outside consultants and nothing to show for it. {Figure} "
            "owes taxpayers a full accounting.",
            "How does a consultants' report cost more than the bus routes it recommended "
            "cutting? Someone at city hall has to answer for that spending.",
        ),
        (
            "Sir, I write to register my dismay at {action}. It was done without consultation "
            "and will fall hardest on those least able to bear it.",
            "To the editor: the decision by {figure} on {topic} was rushed, poorly reasoned and "
            "contrary to the evidence presented at committee.",
            "Dear editor, residents were given four days' notice of {action}. That is not "
            "consultation; it is an announcement.",
        ),
        (
            "As a parent, I'm furious that {figure} voted to cut the school lunch programme. "
            "Our kids will pay for that vote.",
            "As a mother of three, I can't believe the board voted to close the only pool on "
            "our side of town.",
            "Speaking as a parent at {place}: {action} was the wrong call, and our children "
            "will live with it.",
        ),
        (
            "Promised: more buses. Delivered: {action}. Judge for yourselves.",
            "Campaign flyer: 'No new taxes.' First budget: a 9 % increase. Noted.",
            "What {figure} said in the election: protect {topic}. What {figure} did: {action}.",
        ),
        (
            "There needs to be an independent review of {action}, and it needs to start now.",
            "Every email about {action} should be made public. If it was above board, there's "
            "nothing to hide.",
            "I want the auditor general looking at {topic}. This decision does not add up.",
        ),
        (
            "The police department's handling of Saturday's protest was heavy-handed, and the "
            "footage proves it.",
            "The utility raised rates in the middle of a heatwave. Indefensible decision.",
            "The health authority sat on the outbreak data for a week. That is negligence, "
            "full stop.",
        ),
        (
            "UNBELIEVABLE. {Action} with no public notice?!",
            "I'm livid. {Figure} pushed through {action} at eleven at night with half the "
            "council absent.",
            "Absolutely furious about this vote. It will gut {topic} and nobody asked us.",
        ),
        (
            "{Figure} campaigned on transparency and then held the vote on {topic} behind "
            "closed doors. The contradiction speaks for itself.",
            "Funny how a government elected on openness now redacts every page of the "
            "file on {topic}.",
            "They ran on 'nothing decided without you' and then decided {topic} without anyone.",
        ),
        (
            "Great work by {figure}: {action} in the same week the shelters filled up. Impeccable "
            "timing.",
            "Oh good, another press release about {topic} instead of an actual plan. Very "
            "reassuring.",
            "Nothing says 'we care about seniors' like {action}. Well done, council.",
        ),
        (
            "My mother waited nine hours in the ER last month. That is what {action} costs "
            "real people.",
            "Our bus used to come every ten minutes. Since the cuts, it's forty. I was late to "
            "work twice this week because of that decision.",
            "My neighbour lost her home help after the budget vote. The council made that "
            "choice, and it was the wrong one.",
        ),
        (
            "Had {figure} listened to the engineers in 2019, the bridge would still be open. "
            "This one is on that decision.",
            "If the board had funded maintenance instead of {action}, the school roof wouldn't "
            "have collapsed.",
            "The warnings were in the report. Ignoring them was a choice, and {figure} made it.",
        ),
        (
            "{Name}, I respect your view, but {figure}'s record on {topic} is indefensible. "
            "Look at the votes.",
            "I hear you, {name}, but defending {action} doesn't hold up. The numbers are in the "
            "article.",
            "Respectfully, {name}: you can like {figure} and still admit {action} was a mistake.",
        ),
        (
            "I'll be at the council meeting Tuesday to speak against {action}. Bring your "
            "neighbours.",
            "Signed the petition to reverse {action}. This shouldn't stand.",
            "Writing to my MP tonight about {topic}. This decision has to be reversed.",
        ),
        (
            "In 2022, {figure} pledged to protect {topic}. In 2024, they gutted it. Voters "
            "remember.",
            "Two years ago: 'the clinic will never close.' Today: the clinic closes. Broken "
            "promise, plain and simple.",
            "Remember the ribbon-cutting for the new shelter? {Figure} just defunded it. Keep "
            "the receipts, folks.",
        ),
    ],
}


# -- slot balance: each side uses the other side's slot words ----------
_BALANCE: dict[str, list[tuple[str, ...]]] = {
    # ---- uncivil: {claim} / {dehum} / {desc} endorsed by the writer -----------------------------
    "group-hate": [
        (
            "I've read the crime stats and the school reports. {Group} {claim}. No article will "
            "talk me out of it.",
            "It's not prejudice if it's true: {group} {claim}. Look at any ward they've moved "
            "into.",
            "Lived beside them for ten years, so I know what I'm talking about. People who are "
            "{desc} {claim}.",
        ),
        (
            "Replying to the comment above: you're right, and I'll go further. {Group} {claim}.",
            "^ this. {group} {claim} and it's about time someone on here said it",
            "Exactly what I was going to write. The {desc} crowd {claim}, and the reporter knows "
            "it.",
        ),
        (
            "Just asking questions here: why won't anyone admit that {group} {claim}?",
            "Honest question, no offence meant: isn't it obvious by now that {group} {claim}?",
            "Genuinely curious why the paper can't print what everyone knows, that {desc} people "
            "{claim}.",
        ),
        (
            "My vote goes to whichever candidate finally says it out loud: {group} {claim}.",
            "Dear council, my household votes in every election. Act on the fact that {group} "
            "{claim}, or we vote you out.",
            "Not one name on this ballot will admit that {desc} people {claim}. So I'm spoiling "
            "mine.",
        ),
        (
            "House rule at my rentals: no {desc} tenants. They {claim}, and I've got the repair "
            "bills to prove it.",
            "Company policy at my shop is no {desc} applicants. People like that {claim}.",
            "I will never hire {desc_a} {noun} again. Their kind {claim}.",
        ),
        (
            "As a parent, I'll say what others won't: {group} {claim}.",
            "I've got three kids at the local school and I'm done being polite. The {desc} "
            "families {claim}.",
            "speaking as a mum: {group} {claim}. protect your kids",
        ),
        (
            "My grandfather always said {group} {claim}. Took me forty years to admit he was "
            "right.",
            "Everyone laughed when my dad said {group} {claim}. Nobody's laughing now.",
            "I used to think it was bigotry when people said {desc} people {claim}. Then I moved "
            "next door to some.",
        ),
        (
            "To the editor: the council must accept, at last, that {group} {claim}, and budget "
            "accordingly.",
            "Sir, I write to urge the council to stop pretending. {Group} {claim}, as any "
            "resident near {place} will tell you.",
            "Respectfully, the school board should say what parents already know: the {desc} "
            "families {claim}.",
        ),
        (
            "Lovely puff piece. Shame it leaves out the part where {group} {claim}.",
            "Another heartwarming profile of {desc_a} {noun}. Next time, mention that their kind "
            "{claim}.",
            "Oh good, another sob story. As if we didn't all know {group} {claim}.",
        ),
        (
            "{group} {claim}. not hate, just facts",
            "facts dont care about feelings. {desc} ppl {claim}",
            "sorry not sorry but {group} {claim}",
        ),
    ],
    "dehumanisation": [
        (
            "The article says 200 {group} arrived last month. {Group} are {dehum}, and now there "
            "are 200 more of them.",
            "'{Group} settle in east end,' says the headline. Call it what it is: {dehum} moving "
            "in.",
            "The paper calls them newcomers. I call {desc} people {dehum}, because that's what "
            "they are.",
        ),
        (
            "Fixed your headline: '{Group} are {dehum}, and now they're at {place}.'",
            "Better headline for this story: '{Group}: {dehum} in human clothing.'",
            "Correction for the reporter: you wrote '{desc} residents' when you meant {dehum}.",
        ),
        (
            "Look at the photo with the story. A crowd of {group} at {place}, every one of them "
            "{dehum}.",
            "That picture of {group} queueing at the food bank. {Dehum}, lining up for scraps.",
            "the photo says it all. {desc} people, {dehum}, the lot of them",
        ),
        (
            "Council funds pest control and housing for {group} out of separate budgets. Why? "
            "{Group} are {dehum} too.",
            "Pest control is underfunded, says the story. Add {group} to its list; they're "
            "{dehum} as well.",
            "Put the {desc} families on the pest-control contract. They're {dehum}, same as any "
            "other pest.",
        ),
        (
            "Another assault near {place}, and guess who. {Group} are {dehum}, and the article "
            "knows it.",
            "Court story again. The defendant is {desc}, naturally. What else do you expect from "
            "{dehum}?",
            "Crime's up since {group} moved in. {Dehum}. Nothing more to say.",
        ),
        (
            "This isn't a housing story, it's a sanitation story. {Group} are {dehum}.",
            "Send the health inspectors, not the social workers. The {desc} lot are {dehum}.",
            "{Group} belong under public health, not immigration. You don't resettle {dehum}; "
            "you disinfect the place after.",
        ),
    ],
    "threat-group": [
        (
            "Read about the {desc} family whose windows got smashed. Good. Next time, do it with "
            "them inside.",
            "Whoever torched the {desc} shop near {place}: thank you. Now finish the job.",
            "The attack on {desc_a} {noun} at {place} was the best news all week. More of that, "
            "please.",
        ),
        (
            "{Group} are {dehum}. Grab a bat and help clear them out of {place}.",
            "You don't argue with {dehum}, you stamp them out. Starting with the {group} at "
            "{place}.",
            "They're {dehum}, every one. Hand me the petrol can, I'll start with the {desc} "
            "houses on Elm Street.",
        ),
        (
            "{Group} {claim}, and if the law won't move them, we'll drag them out by the hair.",
            "Petitions didn't work. People who are {desc} {claim}, so it's time to pick up the "
            "bats.",
            "I'm done with votes and letters. {Group} {claim}, and the only thing left is to "
            "beat it into them.",
        ),
        (
            "We're starting night patrols. Any {desc} {noun} walking alone near {place} gets a "
            "beating.",
            "Volunteers needed Friday: bring a bat, we're paying a visit to the {desc} family on "
            "Birch Road.",
            "Patrol's on. See {desc_a} {noun} on our streets after dark? Break their legs.",
        ),
    ],
    # ---- civil: {name} / {insult} / {insult_adj} / {when} in civil uses -------------------------
    "report": [
        (
            "{Name} told the committee that strangers online had called them an {insult} every "
            "day for a year.",
            "At the hearing, {name} read out messages calling them {insult_adj}. Several "
            "councillors looked away.",
            "{Name} testified today that the harassment started with one post calling them an "
            "{insult}.",
        ),
        (
            "Per the article, the rival candidate called {name} '{insult_adj}' during the debate "
            "and apologised the next morning.",
            "The debate recap says {name} was called an {insult} from the floor. The moderator "
            "stopped the event for five minutes.",
            "So at the forum someone heckled {name} as an {insult}? The story doesn't say who. "
            "Does anyone know?",
        ),
        (
            "The tribunal found that {name}'s supervisor called them {insult_adj} in front of "
            "customers, and awarded damages.",
            "According to the ruling, a manager repeatedly called {name} an {insult} at staff "
            "meetings. The company has appealed.",
            "Employment court heard that coworkers nicknamed {name} 'the {insult}' for two years.",
        ),
        (
            "The league report says a parent shouted '{insult}!' at {name}, the 15-year-old "
            "referee, and has been banned from the ground.",
            "Young referee {name} was called {insult_adj} by a coach mid-match, per the league. "
            "The coach got a season ban.",
            "a parent at the under-12 game kept yelling that {name} was an {insult}. officials "
            "walked them out",
        ),
        (
            "{Name} told the inspector, 'I'll have the signed forms for you {when},' according "
            "to the minutes.",
            "The minutes record {name} telling the chair: 'I'll get you the revised budget "
            "{when}.'",
            "Per the council transcript, {name} promised the clerk: 'You'll have my report "
            "{when}.'",
        ),
        (
            "My son saw a customer call the cashier, {name}, an {insult} over a coupon. The "
            "manager asked the customer to leave.",
            "my daughter says someone on the team keeps calling {name} {insult_adj}. we've "
            "emailed the coach",
            "The principal's letter says a student called a classmate, {name}, an {insult} in a "
            "group chat, and that it has been dealt with.",
        ),
    ],
    "negation": [
        (
            "{Name}, I called you an {insult} in my last comment. I was wrong to, and I'm sorry.",
            "Earlier I said {name} was {insult_adj}. That was out of line, and I take it back.",
            "Retracting what I wrote yesterday: {name} is not an {insult}, and I shouldn't have "
            "said it.",
        ),
        (
            "I'm not calling {name} {insult_adj}. I'm saying the numbers in their letter don't "
            "add up.",
            "To be clear, nobody is saying {name} is an {insult}; the question is whether the "
            "plan is funded.",
            "This isn't about whether {name} is {insult_adj}. It's about a missing page in the "
            "budget.",
        ),
        (
            "Is {name} an {insult} for changing their mind after the hearing? No. That's what "
            "hearings are for.",
            "Changing a vote after new evidence doesn't make {name} {insult_adj}. It makes them "
            "honest.",
            "People are calling {name} {insult_adj} for switching sides. They aren't. Updating "
            "your view is not weakness.",
        ),
        (
            "Not knowing the bus routes doesn't make you {insult_adj}, {name}. It took me two "
            "years. I'll show you {when}.",
            "{Name}, nobody here thinks asking about bin day makes you an {insult}. Happy to walk "
            "you through it {when}.",
            "you're not {insult_adj} for getting lost in the new library, {name}. i'll give you "
            "the tour {when}",
        ),
    ],
    "defence": [
        (
            "{Name} isn't {insult_adj}. They coached the under-tens for a decade without a cent.",
            "Whoever keeps calling {name} an {insult}: they ran the sandbag line through the "
            "whole flood.",
            "'{insult_adj}'? {Name} sat with my mother in the ER all night. Think before you type.",
        ),
        (
            "Calling {name} {insult_adj} for recusing from the vote gets it backwards. Stepping "
            "aside took courage.",
            "{Name} declared a conflict and sat out the vote. That's integrity, not the act of an "
            "{insult}.",
            "Some here say {name} was {insult_adj} to abstain. They followed the ethics rules to "
            "the letter.",
        ),
        (
            "{Name} is seventeen and spoke at council for the first time. Calling a teenager an "
            "{insult} in the comments is beneath us.",
            "Leave {name} alone. A student who shows up to a budget meeting is not {insult_adj}; "
            "they're braver than most of us.",
            "the kid who spoke, {name}, is in grade eleven. calling them {insult_adj} online? "
            "come on, people",
        ),
        (
            "{Name} got the facts right. You can dislike the column without calling the writer "
            "an {insult}.",
            "The comments calling {name} {insult_adj} are unfair. Every figure in the piece is "
            "sourced.",
            "I've read {name}'s reporting for years. '{insult}' is not a word for someone who "
            "checks every number twice.",
        ),
    ],
    "criticism": [
        (
            "{Name}'s motion on {topic} would cost more than it saves. The committee should send "
            "it back.",
            "I respect {name}, but their amendment on {topic} has no funding attached. It needs "
            "work.",
            "The plan {name} tabled for {topic} looks good on paper; the staff report says "
            "otherwise.",
        ),
        (
            "{Name}, I'd like to hear you explain your vote on {topic} {when}. Your newsletter "
            "promised the opposite.",
            "{Name}, please walk us through the costings {when}. The version you posted leaves "
            "out maintenance.",
            "A question for {name}, and I'll ask it in person {when}: where does the money for "
            "{topic} come from?",
        ),
        (
            "I campaigned for {name}. Voting to delay {topic} again was a mistake, and I'll be "
            "telling them so.",
            "Usually a fan of {name}, but abstaining on {topic} let it die. Disappointing.",
            "voted for {name} twice. their vote last night on {topic} was the wrong call",
        ),
        (
            "{Name}'s proposal for {topic} copies a scheme that failed in two other cities. Read "
            "the evaluations.",
            "The plan {name} put forward doesn't address the people it affects most: renters.",
            "{Name} wants to fund {topic} by cutting library hours. There are better options.",
        ),
    ],
    "identity-neutral": [
        (
            "{Name}, {desc_a} {noun} from the east side, is running for the school board.",
            "Meet the candidates: {name}, {desc_a} {noun} and first-time runner, wants to focus "
            "on {topic}.",
            "Ward 3 has a new candidate: {name}, who is {desc} and has worked as a {noun} for "
            "twenty years.",
        ),
        (
            "Is {name} the {desc} {noun} who spoke about {topic} last month? I'd like to get in "
            "touch.",
            "Does anyone have contact details for {name}, the {desc} {noun} in the photo? I think "
            "we went to school together.",
            "wait is that {name} in the picture? the {desc} {noun} from the rink?",
        ),
        (
            "@{name} thanks for lending me the ladder. I'll bring it back {when}.",
            "{Name}, it's the {desc} {noun} from number 12. I'll drop your parcel round {when}.",
            "Hi {name}! Loved meeting you at {place}. I'll send you the recipe {when}.",
        ),
        (
            "{Name}, {desc_a} {noun}, will read from their new memoir at {place} on Saturday.",
            "The talk at {place} this week is by {name}, a local {noun} who is {desc}. Free entry.",
            "Heads up: {name} is giving a free workshop on {topic} at {place}. They're {desc} "
            "and bilingual.",
        ),
        (
            "{Name}, I'm {desc_a} {noun} too and I had the same question about {topic}. Happy to "
            "compare notes {when}.",
            "Same boat as you, {name}: {desc_a} {noun}, renting, and watching {topic}. Let's "
            "talk {when}.",
            "{name} im {desc} too, we should go to the info session together. i can pick you up "
            "{when}",
        ),
        (
            "The article quotes {name}, {desc_a} {noun}, who says the bus cuts would add an hour "
            "to their commute.",
            "Good to hear from {name} in this piece. As {desc_a} {noun} they know the clinic "
            "better than anyone.",
            "{Name}'s quote in paragraph three is the heart of the story: a {desc} {noun} "
            "explaining what {topic} means day to day.",
        ),
    ],
}


# -- slot balance, second part: endorsed claims, dehumanisation and threats ----------
_BALANCE2: dict[str, list[tuple[str, ...]]] = {
    # ---- uncivil: {claim} asserted by the writer ------------------------------------------------
    "group-hate": [
        (  # reply to a named commenter who defended the group
            "Sorry, Doug, you can defend {group} all you like. They {claim}, and your nice "
            "words won't change it.",
            "@margaret_k you stuck up for {group} in three comments now. Still wrong. {Group} "
            "{claim}.",
            "Pat, I read your long defence of the {desc} families. Nice try. People like that "
            "{claim}, end of story.",
        ),
        (  # as an answer to the paper's poll
            "Voted NO in the paper's poll on the new centre. Why fund {group}? They {claim}.",
            "Poll answer: option C, none of the above. {Group} {claim} and I'm not paying for "
            "them.",
            "The online poll asks if {desc} people are welcome here. My answer is no. They "
            "{claim}.",
        ),
        (  # as a petition
            "I've started a petition to council. Our demand is simple: {group} {claim}, so act "
            "like it. Link in my profile.",
            "PETITION: we the undersigned residents of {place} state that {group} {claim}. 400 "
            "signatures so far, add yours.",
            "Sign at the hardware store counter. The petition says what we all know: {desc} "
            "people {claim}.",
        ),
        (  # letter to the editor, with a sign-off
            "It is high time this newspaper admitted that {group} {claim}. Yours faithfully, a "
            "ratepayer of forty years.",
            "Your editorial on integration was naive. {Group} {claim}, and no amount of printing "
            "will alter that. Sincerely, a retired magistrate.",
            "I have lived on this street since 1971 and I say plainly that {desc} tenants "
            "{claim}. Regards, A. Concerned Resident, {Place}.",
        ),
        (  # rant about a local story
            "UNBELIEVABLE. A grant for the new hall at {place}? For {group}?? They {claim}!!!",
            "so we're paying for a {desc} community garden at {place} now. wonderful. {group} "
            "{claim} and we hand them the keys to the park",
            "Third story this month about {place} and not one word about the real problem. "
            "{Group} {claim}. I'm sick of it.",
        ),
        (  # "facts don't care"
            "You can cry bigot all day long. Facts don't care how you feel: {group} {claim}.",
            "Reality doesn't care about your hurt feelings. {Group} {claim}, and that's a fact.",
            "Truth hurts, snowflakes. {Desc} people {claim}. Facts over feelings.",
        ),
        (  # advice to a newcomer
            "Welcome to town! Quick tip from a local: {group} {claim}, so don't let any of them "
            "near your place.",
            "New here? Buy on the north side. {Group} {claim} and they've got most of the south.",
            "word of advice for the new family on our street: steer clear of the {desc} ones. "
            "they {claim}",
        ),
        (  # "what everyone is thinking"
            "I'm only saying what every single person at {place} is thinking: {group} {claim}.",
            "Everyone's thinking it, I'm just the one with the nerve to type it. {Group} {claim}.",
            "half this comment section agrees with me and won't admit it. {desc} people {claim}",
        ),
    ],
    # ---- uncivil: {dehum} applied to the group by the writer ------------------------------------
    "dehumanisation": [
        (  # a house listing
            "Lovely house in the listing, shame about the neighbours. {Group} are {dehum}, and "
            "the street is full of them.",
            "Wouldn't buy on that street. The {desc} family two doors down are {dehum}.",
            "Nice kitchen, but the seller forgot to mention the neighbours. {Group}, and {group} "
            "are {dehum}.",
        ),
        (  # the summer festival
            "Great festival at {place} this year, except for the {group}. {Dehum}, all of them.",
            "The fireworks were lovely. The {desc} people crowding the riverbank were {dehum}.",
            "Took the kids to the fair. Couldn't move for {group}. {Dehum}, wall to wall.",
        ),
        (  # riding the bus
            "New bus route runs through the {desc} end of town. No thanks. The people there are "
            "{dehum} and I'm not sharing a seat with them.",
            "Stopped taking the number 9. It's packed with {group}, and {group} are {dehum}.",
            "rode the late bus once. {desc} people everywhere. {dehum}, every seat",
        ),
        (  # agreeing with another commenter
            "Upvoted. You said it exactly right: {group} are {dehum}.",
            "Finally someone on here with sense. {Dehum} is the only word for {group}.",
            "agree 100% with the comment above. {desc} people = {dehum}",
        ),
        (  # the census
            "The census counts {group} as residents. They're {dehum} and the form should say so.",
            "Why does the census have a box for {desc} people? They're {dehum}. You don't count "
            "that.",
            "Population went up by 3,000, says the story. Most of them {group}. {Dehum}, all 3,000 "
            "of them.",
        ),
        (  # the tourism campaign
            "Tourism board wants visitors? Clear the {group} off {place} first. They're {dehum}.",
            "No tourist is coming back after seeing the {desc} people at the station. {Dehum}, "
            "the lot.",
            "Nice new slogan for the tourism ads. Pity the first thing visitors see is {group}. "
            "{Dehum}, every one of them.",
        ),
    ],
    # ---- uncivil: {threat} against the group, sincere -------------------------------------------
    "threat-group": [
        (  # after an acquittal in court
            "The judge let him walk? Fine. The next {desc} guy I see near {place}, I'll {threat} "
            "him myself.",
            "Court won't do its job, so we will. Every one of the {group} in this town, we'll "
            "{threat} them one by one.",
            "Acquitted. Right. Someone should {threat} a few {desc} people so they get the "
            "message the court wouldn't send.",
        ),
        (  # a council vote on new housing
            "If council approves the housing for {group}, I will {threat} the first family that "
            "moves in. Count on it.",
            "Vote yes on the {desc} housing block and watch what happens. We'll {threat} every "
            "tenant who shows up.",
            "someone should {threat} the {group} before the new flats even open. save council the "
            "trouble",
        ),
        (  # a family moving in next door
            "The {desc} family moving in next door should know I'll {threat} any of them who "
            "steps on my lawn.",
            "Saw the moving van. {Group}. I'm going to {threat} the father the first chance I get.",
            "New neighbours are {desc}. Give it a week and I will {threat} one of them. My "
            "street, my rules.",
        ),
        (  # derby day
            "Derby on Saturday. Any {group} in the away end, we'll {threat} them in the car park "
            "after.",
            "Match day. Lads, the {desc} ones sit in block C. We {threat} them at the final "
            "whistle.",
            "whoever brings {group} to the game this weekend, we will {threat} them at the gate",
        ),
        (  # a procession or parade
            "The {group} want to march past {place} on Sunday. Someone should {threat} a few of "
            "them and the parade ends early.",
            "Let the {desc} people have their parade. I'll be on the corner, and I will {threat} "
            "the first one who passes.",
            "Their procession comes down our street at noon. We'll {threat} as many {group} as we "
            "can reach.",
        ),
        (  # a review of a business
            "One star. Owner is {desc}. Someone should {threat} him before he opens another shop "
            "in this town.",
            "Avoid. Run by {group}. I'm going back Friday night and I will {threat} whoever is "
            "behind the counter.",
            "zero stars. {desc} owners. someone needs to {threat} the whole family and shut it "
            "down for good",
        ),
    ],
}


# -- slot balance, third part: insult words on the civil side ----------
_BALANCE3: dict[str, list[tuple[str, ...]]] = {
    "report": [
        (  # testimony and documents that contain an insult word
            "At the hearing, {name} testified that a neighbour had called her an {insult} for "
            "years before the fence dispute went to court.",
            "The story says the coach was suspended for calling a twelve-year-old an {insult} "
            "at practice. Good. Kids hear everything.",
            "According to the transcript, the word '{insult}' came up four times in the "
            "councillor's emails to staff.",
        ),
    ],
    "negation": [
        (  # the insult word refused
            "Disagreeing with the budget doesn't make anyone an {insult}, and agreeing with it "
            "doesn't either.",
            "Nobody who asked about {topic} tonight was an {insult}. They were worried about "
            "their bills.",
            "I won't call the man an {insult}. I'll just say his numbers are wrong, and show why.",
        ),
    ],
    "defence": [
        (  # standing up for someone called an insult word
            "My neighbour was called an {insult} in this thread for asking about {topic}. She "
            "has run the tenants' association for ten years.",
            "Calling the young reporter an {insult} because you dislike the story is unfair. "
            "She checked every figure.",
            "He is not an {insult}. He is a volunteer who made one mistake in the minutes, and "
            "he apologised for it.",
        ),
    ],
}


# -- civil framings: the everyday framings of the uncivil wave-3 patterns, with a group
#    mentioned neutrally or kindly ----------
_FRAMINGS: dict[str, list[tuple[str, ...]]] = {
    "identity-neutral": [
        (  # how long people have lived on a street
            "I have lived on this street since 1971. {Group} have been here almost as long, "
            "mostly in the terraces by the old mill.",
            "Fun fact for the history page: {group} have lived on Carver Street since the 1950s, "
            "according to the parish records.",
            "lived on this street since 71 myself. the {desc} family at number 12 moved in a "
            "year after us",
        ),
        (  # lived beside someone for years
            "Lived beside a {desc} couple for ten years. We swapped keys when either of us went "
            "away, and that was about it.",
            "For ten years my neighbours were {group}. We talked about bins, parking and the "
            "weather, like everyone does.",
            "I've lived beside {desc} people for a decade now. Quiet street, nothing much to "
            "report.",
        ),
        (  # someone moved in next door
            "A {desc} family moved in next door last week. I dropped round a spare parking "
            "permit for their visitors.",
            "New neighbours next door, {desc} {noun} and two kids. The removal van blocked the "
            "lane for an hour, that's all the news.",
            "moved in next door on saturday: {group}, I think, from what the previous owner said. "
            "asked if our "
            "recycling day is tuesday (it is)",
        ),
        (  # as a landlord
            "As a landlord, I rent to whoever passes the standard checks. My tenants right now "
            "include {group}, a retired couple and two nurses.",
            "Landlord here. My {desc} tenant asked about a longer lease, so we signed for three "
            "years at the same rent.",
            "As a landlord I'd point out the new deposit rules apply to every tenant, {group} "
            "included. Read the council leaflet.",
        ),
        (  # at the school gate
            "At the school gate this morning the talk was all about the new crossing. A {desc} "
            "dad is organising the volunteer rota.",
            "School gate chat: {group} from the flats by the park asked whether the breakfast "
            "club runs in half-term. It does.",
            "the parents at the school gate are a real mix, {group} and everyone else, mostly "
            "moaning about the car park",
        ),
        (  # the kids' classroom
            "My kids' classroom has 28 children. A few are {desc}, a few are new this year, and "
            "the teacher knows all their names.",
            "There are {group} in my daughter's class, and the teacher asked every family to "
            "share a recipe for the class cookbook.",
            "My son's classroom teacher is {desc_a} {noun} who moved here from the city. Parents "
            "evening is on the 14th.",
        ),
        (  # the shops on Main Street
            "The shops on Main Street: the bakery, the hardware store, and the tailor run by "
            "{group} since the 1980s.",
            "Three of the shops on Main Street are owned by {desc} families, according to the "
            "business association's survey.",
            "who runs the key-cutting place on Main Street now? the {desc} {noun} who bought it "
            "kept the same opening hours",
        ),
        (  # the ER
            "Spent four hours in the ER on Friday. The waiting room had {group}, students, a "
            "football team, everyone.",
            "The ER nurse who looked after my dad was {desc}. She explained every test before "
            "she did it.",
            "The ER is short of interpreters, the story says, which affects {group} and anyone "
            "else who doesn't speak English well.",
        ),
        (  # on the bus
            "On the bus this morning, a group of {desc} pensioners were discussing the new "
            "timetable. They don't like it either.",
            "The number 14 bus is how lots of {group} get to the market on Saturdays. Cutting it "
            "would hit them and everyone else.",
            "sat next to {desc_a} {noun} on the bus. we both missed our stop because the driver "
            "skipped it",
        ),
        (  # a petition for something ordinary
            "I've started a petition for a pedestrian crossing by the community centre that "
            "{group} and the scouts both use. Link below.",
            "PETITION: we the undersigned, including the {desc} residents' group, ask the council "
            "to fix the streetlights on Elm Road.",
            "Signed the petition for longer library hours. The {desc} reading circle collected "
            "half the signatures.",
        ),
        (  # a poll about bus routes or services
            "Poll: should the 22 bus keep its stop by the temple? {Group} use it most, but it's "
            "handy for the clinic too.",
            "The paper's poll on bus routes asks {desc} residents on the east side about "
            "Sunday services. Took me two minutes.",
            "voted in the online poll on the market move. option b, because {group} and most "
            "traders already park on that side",
        ),
        (  # letter to the editor about an ordinary local matter
            "Sir, the new parking meters outside the {desc} community hall take coins only. "
            "Could the council fix this? Regards, a ratepayer.",
            "To the editor: the bin collections on the estate, where many {group} live, have been "
            "missed three weeks running. Yours faithfully, a ratepayer of thirty years.",
            "Dear editor, I write about the bus shelter on Station Road, which {group} and "
            "schoolchildren wait in daily. It has no roof. Sincerely, a resident.",
        ),
        (  # new here? a tip from a local
            "New here? Tip from a local: the {desc} community's market on Sunday mornings is the "
            "best place for fresh bread.",
            "Quick tip from a local for newcomers: the {desc} festival closes the high street on "
            "the first Saturday in June, so park elsewhere.",
            "new here? the grocery run by {group} on Bridge Road stays open till 10, handy if you "
            "work late",
        ),
        (  # just asking, a factual question
            "Just asking: does anyone know if the {desc} community centre still runs the "
            "Tuesday toddler group?",
            "Honest question, just asking: when did {group} first settle in this part of town? "
            "The museum display didn't say.",
            "just asking questions about the new bus pass. do {group} over 65 get it too or is "
            "it by postcode?",
        ),
        (  # everyone is thinking it (about something ordinary)
            "Everyone is thinking it, so I'll say it: the new roundabout by the {desc} community "
            "centre is "
            "confusing for all of us.",
            "I'm just saying what everyone at the {desc} social club is thinking: the car park "
            "needs resurfacing.",
            "everyone is thinking it. the football team {group} set up needs a proper pitch, "
            "not that "
            "muddy field",
        ),
        (  # facts don't care: census or local data
            "Facts don't care about rumours: the census shows {group} make up about 6 per cent "
            "of the town, up from 4 per cent.",
            "The facts, from the council's own figures: {desc} households in the ward have grown "
            "by 300 since 2011.",
            "facts dont care what the facebook group says. the survey counted {group} on every "
            "street in the ward, nothing unusual",
        ),
    ],
    "identity-positive": [
        (  # lived on the street for decades, friendly
            "I have lived on this street since 1971, and the {desc} family opposite have been "
            "the best neighbours I could ask for.",
            "Lived beside {group} for ten years. They shovelled my path every winter without "
            "being asked.",
            "since 1971 on this street and honestly the {desc} couple at the end are the heart of "
            "it. every street party is their idea",
        ),
        (  # moved in next door, welcome
            "A {desc} family moved in next door and brought us a cake on their first day. Best "
            "welcome in reverse I've ever had.",
            "Our new next-door neighbours are {group}, and they've already organised the "
            "street's first barbecue in years. Lovely people.",
            "new neighbour is {desc_a} {noun}. fixed my fence before i'd even asked. legend",
        ),
        (  # as a landlord, a tenant praised
            "As a landlord for twenty years, my best tenants have been {group}. Rent on time, "
            "and the garden looks better than when I owned it.",
            "Landlord here: my {desc} tenant repainted the hallway and wouldn't take a penny off "
            "the rent for it. Grateful.",
            "as a landlord i'll say it, the {desc} family in my flat on King St are the kind of "
            "tenants you hope for",
        ),
        (  # school gate and classroom
            "At the school gate, a {desc} mum runs the walking bus every morning. Thirty kids get "
            "to class safely because of her.",
            "My kids' classroom got a new reading corner, built by {group} from the parents' "
            "group. The children adore it.",
            "shoutout to the {desc} teaching assistant in my son's class. he finally likes maths",
        ),
        (  # the shops on Main Street
            "The shops on Main Street would be half empty without {group}. Their bakery and "
            "their repair shop keep the street alive.",
            "Best thing on Main Street? The café the {desc} family opened. Warm, cheap and the "
            "soup is excellent.",
            "main street's tailor is {desc_a} {noun} who took in my wedding suit overnight. "
            "absolute star",
        ),
        (  # the ER and the bus
            "The {desc} doctor in the ER stayed past her shift to make sure my mum was settled. "
            "Thank you.",
            "On the bus today, a group of {group} helped a blind man with his shopping all the "
            "way to his stop. Made my morning.",
            "ER was packed but the {desc} nurse on triage was calm and kind to every single "
            "person. respect",
        ),
        (  # new here? a tip from a local, positive
            "New here? Tip from a local: go to the {desc} festival in the park. The food and the "
            "music are the highlight of our summer.",
            "A tip from a local to any newcomers: {group} run the friendliest corner shop in "
            "town. Say hi to the owner.",
            "new here? the {desc} community choir does free concerts at the library. go, you "
            "won't regret it",
        ),
        (  # letter to the editor, thanks
            "Sir, I wish to thank the {desc} volunteers who cleared the canal path last weekend. "
            "Regards, a grateful ratepayer.",
            "To the editor: {group} in our ward raised £4,000 for the children's ward. They "
            "deserve a front page. Yours faithfully, a resident.",
            "Dear editor, the {desc} community's free lunch for pensioners is the best thing "
            "in this town. Sincerely, a ratepayer of forty years.",
        ),
    ],
}

WAVE3 = merge(_THREATS, _HATE, _COUNTER, _INSULTS, _BALANCE, _BALANCE2, _BALANCE3, _FRAMINGS)
