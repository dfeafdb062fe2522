"""Demo content for "The Harbour Courier", the fictional newspaper of the demo site.

Port Callow, its people, its council and everything that happens in these articles are
invented. Nothing here describes real people or real news events; the text was written for
Townsquare's demo and may be reused with the project.

This module is plain data on purpose (no Django imports) so that it can be loaded by the
demo seeding command, by tests and by anything else without a configured project.

* ``ARTICLES``: five stories, newest first by ``days_ago``. ``body`` holds paragraphs;
  ``photo["scene"]`` names a drawing in :mod:`townsquare.front.demo.photos`.
* ``COMMENTS``: reader comments keyed by article slug, each with nested ``replies``.
* ``TERMS`` and ``GUIDELINES``: Markdown pages for the demo site's terms and rules.
"""

from __future__ import annotations

from typing import Any

Article = dict[str, Any]
Comment = dict[str, Any]

ARTICLES: list[Article] = [
    {
        "slug": "council-backs-inner-harbour-dredging",
        "headline": "Council backs $6.8 million inner-harbour dredging in 4-3 vote",
        "standfirst": (
            "Fishermen say the silted channel is costing them tides and money; opponents warn "
            "the town is borrowing for a project that will need doing again in fifteen years."
        ),
        "byline": "By Maren Okafor",
        "dateline": "PORT CALLOW, Me.",
        "days_ago": 0,
        "body": [
            "After nearly four hours of public comment that ran past eleven o'clock on Tuesday "
            "night, the Port Callow Town Council voted 4-3 to borrow up to $6.8 million to "
            "dredge the inner harbour, the first full dredging of the channel since 1994. The "
            "money would remove an estimated 140,000 cubic yards of silt from the approach "
            "to the fish pier and the Anchor Street boatyard.",
            "Harbourmaster Colm Bracewell told councilors that the channel now carries barely "
            "six feet of water at mean low tide, down from twelve when it was last cleared. "
            '"Boats that used to come and go whenever they liked are now waiting two and three '
            'hours for the tide," he said. "Twice this summer we had a dragger sit on the '
            'bottom in the middle of the channel."',
            "Supporters packed the front rows of the council chamber in orange oilskins. Dana "
            "Pelletier, who fishes for lobster out of the town pier with her brother, said "
            'waiting on the tide cost her crew about nine working days last season. "This '
            'isn\'t a favour to fishermen," she said. "Every boat that leaves Port Callow for '
            'a deeper harbour takes its fuel, its bait and its repairs with it."',
            "Opponents did not dispute that the channel is shallow. Their objections were to "
            "the price, the borrowing and the length of time the work will last. Councilor "
            "Ruth Abernathy-Cole, who voted against, noted that engineers expect the channel "
            'to silt up again within fifteen to twenty years. "We would still be paying off '
            'this bond when we are asked to do it a second time," she said.',
            "Under the plan, the town would cover about 60 percent of the cost with a 20-year "
            "bond. Town Manager Felix Nakamura-Boyd estimated the borrowing would add roughly "
            "$74 a year to the tax bill of a home assessed at $300,000. The balance is expected "
            "from a state harbour grant, which Port Callow has applied for but not yet received.",
            "Several residents raised concerns about where the dredged material would go. The "
            "current proposal would barge it to an approved offshore disposal site, but members "
            'of the Callow River Clam Committee asked the council to test the silt first. "Our '
            'flats are downstream of that channel," said committee chair Hollis Greer. "We '
            'would like to know what is in that mud before anyone stirs it up."',
            "Council Chair Agnes Thorvald, who cast the deciding vote, said she had gone back "
            'and forth on the question for weeks. "Nobody in this room likes borrowing," she '
            'said. "But a working harbour is the reason this town exists, and I am not willing '
            'to be the council that let it silt shut."',
            "The vote authorises the borrowing; it does not start the work. The bond must still "
            "go to voters at the November town meeting, and the project needs federal and state "
            "permits that Bracewell said could take a year or more. If everything is approved, "
            "dredging would take place between November and March, when it is least disruptive "
            "to fish and to the harbour's summer traffic.",
        ],
        "photo": {
            "scene": "harbour",
            "alt": (
                "Illustration of a harbour at dusk: two dockside cranes and a warehouse stand "
                "against an orange sky, and three small boats are moored on water that "
                "reflects a setting sun."
            ),
            "caption": (
                "The inner harbour at low light. Fishermen say boats now wait hours for the "
                "tide to clear the silted approach to the fish pier."
            ),
            "credit": "Illustration: Courier graphics desk",
        },
        "comments_open": True,
        "premoderate": False,
    },
    {
        "slug": "gannet-island-ferry-fares-rise",
        "headline": "Gannet Island ferry fares to rise 14 percent on July 1",
        "standfirst": (
            "The island's ferry authority says fuel and crew costs leave it no choice. Island "
            "residents say the increase lands hardest on the people who have no other way home."
        ),
        "byline": "By Tobias Renwick",
        "dateline": "GANNET ISLAND, Me.",
        "days_ago": 1,
        "body": [
            "The round-trip fare for an adult foot passenger on the Gannet Island ferry will "
            "rise from $14 to $16 on July 1, and the fare for a car and driver from $52 to $60, "
            "after the Callow Bay Ferry Authority's board approved its first general increase "
            "in five years on Monday. The board voted 5-1 after a public hearing held in the "
            "island's grange hall.",
            "Authority director Simone Achterberg said fuel now accounts for nearly a third of "
            "the operating budget, and that a new labour agreement with deckhands and captains, "
            'signed last autumn, added about $310,000 a year in wages and benefits. "We have '
            'cut where we can," she said. "We dropped the late winter sailing and deferred '
            "painting the *Marjorie Hale*. There is not much left to cut that passengers "
            "wouldn't notice.\"",
            "The authority carries about 190,000 passengers a year between Port Callow and the "
            "island, most of them in the summer. But its year-round riders are the roughly 420 "
            "people who live on Gannet Island through the winter, many of whom commute to jobs, "
            "schools and medical appointments on the mainland.",
            "Islanders who spoke at the hearing did not argue that costs had stayed flat. Several "
            'asked instead why summer visitors and residents should pay the same fare. "For a '
            'day-tripper, sixteen dollars is the price of a sandwich," said Lorna Baptiste, who '
            "runs the island's general store. \"For a family that goes across twice a week for "
            'school and the doctor, it adds up to real money by March."',
            "Under the approved schedule, the resident commuter book of 20 tickets will rise "
            "from $180 to $196, an increase of about 9 percent, smaller than the headline fare. "
            "Achterberg said the authority had considered a steeper split between residents "
            "and visitors but was advised that a larger discount could complicate the state "
            "operating subsidy it receives.",
            "The lone vote against came from board member Ezra Quintal, the island's "
            'representative on the board. "I understand the arithmetic," he said. "What I '
            "don't accept is that the only lever we have is the fare. The state treats this "
            'boat as a tourist attraction. For four hundred people it is the road."',
            "The authority also approved a pilot reduced fare for islanders over 65 and for "
            "students, who will pay $10 for a round trip beginning in September. Achterberg "
            "said the pilot would cost about $22,000 in its first year and would be reviewed "
            "after twelve months.",
            "Passengers who bought multi-ride tickets before July 1 may use them at the old "
            "price until the end of the year, the authority said. The revised schedule and "
            "fare table are posted at both terminals and on the ferry authority's website.",
        ],
        "photo": {
            "scene": "ferry",
            "alt": (
                "Illustration of a white passenger ferry with a red funnel crossing blue water "
                "on a clear morning, with gulls overhead and a lighthouse on a green island "
                "behind it."
            ),
            "caption": (
                "The ferry on the morning crossing to Gannet Island, the only scheduled link "
                "between the island and the mainland."
            ),
            "credit": "Illustration: Courier graphics desk",
        },
        "comments_open": True,
        "premoderate": False,
    },
    {
        "slug": "front-street-seawall-cracked-in-storm",
        "headline": "Storm leaves Front Street seawall cracked; repair could top $2 million",
        "standfirst": (
            "Engineers say a 60-foot section of the town's oldest seawall is no longer safe "
            "to walk on. Whether to rebuild it, raise it or let it go is a question the town "
            "has put off for years."
        ),
        "byline": "By Ilse Marchetti",
        "dateline": "PORT CALLOW, Me.",
        "days_ago": 2,
        "body": [
            "A section of the granite seawall along Front Street cracked and partly gave way "
            "during Saturday's storm, and town engineers have closed the promenade above it "
            "from the foot of Chandler Lane to the bandstand. No one was hurt. Waves topped the "
            "wall for roughly two hours around the evening high tide, flooding the street to a "
            "depth of about a foot.",
            "Public Works Director Nadia Folau said a crack about 60 feet long runs from the "
            "cap of the wall nearly to its footing, and several capstones have shifted outward. "
            '"The wall is still standing, but it is moving," she said. "Until we know what is '
            "happening underneath, I am not comfortable with anyone walking on it or parking "
            'beside it."',
            "A preliminary estimate from the town's consulting engineers puts the cost of a "
            "like-for-like repair at $1.4 million to $2.3 million, depending on how much of the "
            "wall's foundation must be rebuilt. The wall dates in part to the 1880s and was last "
            "repaired after a storm in 2007, when the town spent about $600,000 on the section "
            "nearest the fish pier.",
            "The damage has revived an argument that has simmered in Port Callow for a decade: "
            "whether to keep rebuilding the wall where it stands, raise it to meet higher "
            "tides, or gradually pull back from the lowest part of the waterfront. A 2019 study "
            "commissioned by the town estimated that raising the whole wall by three feet would "
            "cost $11 million in today's money.",
            "Owners of the eleven businesses on the water side of Front Street say the choice "
            'is obvious. "This wall is the reason there is a downtown," said Bartholomew Ngata, '
            'whose family has run a chandlery on the street since 1962. "If the town lets it '
            'go, it is letting us go with it."',
            "Others argue the town should stop spending on a line it cannot hold. Wren "
            "Castellanos, who chairs the town's volunteer climate resilience committee, said "
            "storms that once topped the wall every decade now do so several times a year. "
            '"I\'m not saying abandon Front Street tomorrow," she said. "I\'m saying every '
            "repair should be part of a plan, and right now we don't have one.\"",
            "Town Manager Felix Nakamura-Boyd said the immediate priority is to stabilise the "
            "damaged section before the autumn storm season, likely with stone placed at the "
            "foot of the wall. That work, estimated at $180,000, can be paid for from the "
            "town's emergency reserve without a vote.",
            "The longer-term question will go to a public workshop at the Ellery Public Library "
            "on the evening of the 24th. Nakamura-Boyd said the town will present three "
            "options with cost estimates, and that no decision will be made at the workshop. "
            "Front Street remains open to traffic, but parking on the water side is suspended "
            "until further notice.",
        ],
        "photo": {
            "scene": "seawall",
            "alt": (
                "Illustration of grey storm waves breaking against a stone seawall under a "
                "rainy sky. A long dark crack runs down the face of the wall below a railing "
                "and a streetlamp."
            ),
            "caption": (
                "Waves break against the Front Street seawall. A crack about 60 feet long now "
                "runs from the cap of the wall nearly to its footing."
            ),
            "credit": "Illustration: Courier graphics desk",
        },
        "comments_open": True,
        "premoderate": True,
    },
    {
        "slug": "callow-regional-robotics-heads-to-state-final",
        "headline": "Callow Regional robotics team's scrappy rover earns a trip to the state final",
        "standfirst": (
            "Built largely from salvaged parts and a donated lobster-boat winch motor, "
            "the Tidewater Gearheads' robot finished second of 28 teams at the regional "
            "qualifier."
        ),
        "byline": "By Dev Halloran",
        "dateline": "BRANNOCK FALLS, Me.",
        "days_ago": 4,
        "body": [
            "The robotics team from Callow Regional High School finished second of 28 teams at "
            "Saturday's regional qualifier in Brannock Falls, earning its first trip to the "
            "state championship in the program's six-year history. The team, which calls "
            "itself the Tidewater Gearheads, won nine of its eleven matches.",
            "This year's challenge asked robots to collect foam rings from the floor of a "
            "12-foot arena and stack them on posts of different heights, with bonus points for "
            "a robot that could climb a low ramp in the final thirty seconds. Matches are "
            "played in alliances of two teams, so every robot spends much of the day working "
            "with strangers.",
            "The Gearheads' robot, nicknamed Barnacle by its builders, is squat, yellow and "
            "noticeably heavier than most of the field. Its lifting arm is driven by a small "
            "winch motor donated by a local lobster-boat mechanic. \"Everyone else's arm is "
            'faster," said team captain Juniper Adeyemi-Walsh, a senior. "Ours just doesn\'t '
            'drop anything."',
            "Faculty adviser Owen Strickland, who teaches physics at Callow Regional, said "
            "the team of fourteen students works out of a converted storage room behind the "
            "gym. The program's budget this year was about $4,800, most of it raised through a "
            "bottle drive and a pancake breakfast at the fire station. Registration for the "
            "state final adds another $1,200.",
            "The team's best moment came in the semifinal, when its alliance partner's robot "
            "lost power twenty seconds into the match. Barnacle played the remaining two "
            'minutes alone and still won by four points. "The kids on the other team were in '
            'tears, and then they were cheering louder than we were," Strickland said.',
            "Sophomore Teodor Lindqvist, who wrote most of the robot's control software, said "
            "the team spent three weeks on a single problem: the arm drifting downward when it "
            "held a full stack. The fix turned out to be a few lines that hold the motor in "
            'place. "Three weeks for six lines of code," he said. "That\'s robotics."',
            "The state championship will be held next month. The team hopes to raise $3,000 "
            "for travel and replacement parts, and will hold a car wash at the Anchor Street "
            "boatyard on Saturday morning. Adeyemi-Walsh said the team also plans to run a "
            "free robotics afternoon for middle school students at the library this summer.",
        ],
        "photo": {
            "scene": "robotics",
            "alt": (
                "Illustration of a boxy yellow robot on wheels with a grey head and round "
                "blue eyes, reaching out with a gripper arm on a wooden workbench in front of "
                "a pegboard of tools and a window at sunset."
            ),
            "caption": (
                "Barnacle, the Tidewater Gearheads' robot, was built largely from salvaged "
                "parts in a converted storage room behind the Callow Regional gym."
            ),
            "credit": "Illustration: Courier graphics desk",
        },
        "comments_open": True,
        "premoderate": False,
    },
    {
        "slug": "ellery-library-reopens-after-renovation",
        "headline": "Ellery Public Library reopens its doors after 18-month renovation",
        "standfirst": (
            "The 1911 building has a new roof, a lift, a children's room in the old coal "
            "cellar and, for the first time in decades, windows that open."
        ),
        "byline": "By Maren Okafor",
        "dateline": "PORT CALLOW, Me.",
        "days_ago": 6,
        "body": [
            "The Ellery Public Library reopened on Saturday morning after an 18-month, $3.9 "
            "million renovation, and by noon the line for library cards stretched down the "
            "front steps and onto Water Street. Staff issued 212 new cards on the first day, "
            "about as many as the library usually issues in four months.",
            "The granite building, a gift to the town in 1911 from the widow of a shipbuilder, "
            "had been closed since the winter before last, when water from a failed roof "
            "drain damaged the ceiling of the main reading room. Library director Wendell "
            "Ashby said the repair quickly turned into a wider project once contractors "
            "opened up the walls.",
            '"We found wiring from three different decades and a boiler older than most of the '
            'staff," Ashby said. "At a certain point you have to decide whether you are '
            "patching a building or giving it another hundred years. The trustees chose the "
            'hundred years."',
            "The most visible change is a glass-sided lift at the rear of the building, which "
            "for the first time lets visitors who cannot manage stairs reach all three floors. "
            "The former coal cellar has become a bright children's room, lit by new window "
            "wells along the garden side. The reading room's original tall windows have been "
            "restored and, staff noted with some pride, can now be opened.",
            "Of the project's cost, $1.6 million came from a town bond approved at the 2022 "
            "town meeting. The rest was raised by the Friends of the Ellery Library through "
            "grants and about 900 private donations, the smallest of them a jar of coins from "
            "a third-grade class at Harbour Street Elementary.",
            "Not every change has been welcomed. Some longtime patrons objected to the removal "
            "of the wooden card catalogue cabinets, which were sold at auction to help pay for "
            'the lift. "I understand why," said Philippa Marsh, 81, who has used the library '
            'since she was a girl. "I just wish they had kept one drawer for the rest of us."',
            "Ashby said, to applause, that one of the cabinets had in fact been kept. It now "
            "stands in the local history room and holds the library's collection of more than "
            "2,000 postcards of Port Callow, which volunteers spent much of the closure sorting "
            'by decade. "Mrs. Marsh can have her drawer," he said. "She can have the whole '
            'cabinet, as long as she leaves it where it is."',
            "The library is open Tuesday through Saturday, with evening hours until eight on "
            "Tuesdays and Thursdays. Sunday afternoon hours will return in September. Books "
            "borrowed from the temporary branch at the community centre may be returned to "
            "either location until the end of the month.",
        ],
        "photo": {
            "scene": "library",
            "alt": (
                "Illustration of a pale stone library with columns, a triangular pediment with "
                "a clock, warmly lit windows and a large arched wooden door at the top of wide "
                "steps. Trees stand on either side and three visitors wait in front."
            ),
            "caption": (
                "The Ellery Public Library on Water Street, which reopened on Saturday after "
                "an 18-month renovation."
            ),
            "credit": "Illustration: Courier graphics desk",
        },
        "comments_open": False,
        "premoderate": False,
    },
]

COMMENTS: dict[str, list[Comment]] = {
    "council-backs-inner-harbour-dredging": [
        {
            "author": "Halyard Hank",
            "email": "hank.tolliver@example.com",
            "url": "",
            "body": (
                "I've fished out of this harbour for 31 years and I'd like people to understand "
                "what six feet at low water means in practice. It isn't an inconvenience. It "
                "means you pick your days by the tide table instead of the weather, and "
                "sometimes the tide table and the weather don't agree.\n\n"
                "A few things I think got lost on Tuesday night:\n\n"
                "- The boatyard on Anchor Street has already lost two haul-outs this year "
                "because boats couldn't get to the ramp.\n"
                "- The fuel dock sells less when boats fuel up in other harbours.\n"
                "- The last time we waited this long, in the early 90s, it cost *more* to fix "
                "because the silt had spread into the mooring field.\n\n"
                "Nobody likes the bond. But **not** dredging is not free either, it's just a "
                "cost that shows up on different people's bills."
            ),
            "replies": [
                {
                    "author": "R. Castine",
                    "email": "rcastine@example.org",
                    "url": "",
                    "body": (
                        "> Nobody likes the bond. But not dredging is not free either\n\n"
                        "That's fair, and I appreciate the specifics. My worry is the "
                        "fifteen-year figure. If we're back here in 2040, shouldn't we at least "
                        "look at what's causing the silting upstream before we spend $6.8M?"
                    ),
                    "replies": [
                        {
                            "author": "Halyard Hank",
                            "email": "hank.tolliver@example.com",
                            "url": "",
                            "body": (
                                "No argument from me on that. The old mill dam on the river "
                                "is part of it. I'd support studying it, I just don't want "
                                "the study to be the reason we wait another five years."
                            ),
                            "replies": [],
                        }
                    ],
                },
            ],
        },
        {
            "author": "Priya S.",
            "email": "priya.s@example.com",
            "url": "",
            "body": (
                "Does anyone know if the $74/year figure assumes the state grant comes through? "
                "The article says the town applied but hasn't received it."
            ),
            "replies": [
                {
                    "author": "Elspeth Marrow",
                    "email": "emarrow@example.org",
                    "url": "https://example.org/elspeth",
                    "body": (
                        "It does. The manager's memo in the council packet (page 14) has a "
                        "second table for the no-grant case: roughly **$118/year** on a "
                        "$300,000 home. The packet is posted on the town site under "
                        "[council meetings](https://example.org/port-callow/council/packets)."
                    ),
                    "replies": [],
                }
            ],
        },
        {
            "author": "Gull Watcher",
            "email": "gullwatcher@example.com",
            "url": "",
            "body": "Four hours of public comment. Democracy is alive and very, very long-winded.",
            "replies": [],
        },
    ],
    "gannet-island-ferry-fares-rise": [
        {
            "author": "Lorna from the island",
            "email": "lorna.islander@example.org",
            "url": "",
            "body": (
                "Small correction, and it matters to us: the commuter book is **20 one-way** "
                "tickets, not round trips, so for a daily commuter the increase works out closer "
                'to $32 a month than $16. The authority\'s own fare table says "one-way" in the '
                "small print."
            ),
            "replies": [
                {
                    "author": "Tobias Renwick (Courier)",
                    "email": "trenwick@example.com",
                    "url": "https://example.org/courier/staff/tobias-renwick",
                    "body": (
                        "Thanks, Lorna. You're right that the book holds one-way tickets; we've "
                        "asked the authority to confirm the monthly figure and will update the "
                        "story."
                    ),
                    "replies": [],
                }
            ],
        },
        {
            "author": "Summer Person, Guilty as Charged",
            "email": "summerperson@example.com",
            "url": "",
            "body": (
                "As a visitor I would happily pay $25 if it meant a lower fare for people who "
                "live out there. Ezra Quintal is right: for them it's *the road*."
            ),
            "replies": [
                {
                    "author": "Marcus Vell",
                    "email": "mvell@example.org",
                    "url": "",
                    "body": (
                        "Nice sentiment, but the article explains why that's hard: a bigger "
                        "resident discount could put the state subsidy at risk. The fix has to "
                        "come from Augusta, not from the ticket window."
                    ),
                    "replies": [],
                }
            ],
        },
    ],
    "front-street-seawall-cracked-in-storm": [
        {
            "author": "Wharf Rat",
            "email": "wharfrat@example.com",
            "url": "",
            "body": (
                "I've read the 2019 study twice and I think both sides are talking past each "
                "other. Stabilising the wall this autumn is obviously necessary, it's "
                "$180,000 against the risk of losing the street. The real decision is the "
                "next one, and I'd rather the town spend the winter getting the options "
                "costed properly than make it in a hurry in a packed room.\n\n"
                "If you go to the workshop, bring questions, not speeches."
            ),
            "replies": [
                {
                    "author": "Bea Tremont",
                    "email": "bea.tremont@example.org",
                    "url": "",
                    "body": (
                        'Agreed. And to be fair to the Front Street businesses, "managed '
                        "retreat\" sounds very different when it's your building being retreated "
                        "from."
                    ),
                    "replies": [],
                }
            ],
        },
        {
            "author": "J. Okonjo",
            "email": "jokonjo@example.com",
            "url": "",
            "body": (
                "For anyone wondering where the wall is closed: the promenade is shut from "
                "the foot of Chandler Lane to the bandstand. The walk past the fish pier is "
                "still open."
            ),
            "replies": [],
        },
    ],
    "callow-regional-robotics-heads-to-state-final": [
        {
            "author": "Proud Gearhead Parent",
            "email": "gearheadparent@example.com",
            "url": "",
            "body": (
                '"Three weeks for six lines of code" is going on our fridge. Car wash is '
                "Saturday 9-1 at the boatyard. Bring your dirtiest truck!"
            ),
            "replies": [
                {
                    "author": "Teo L.",
                    "email": "teo.l@example.org",
                    "url": "",
                    "body": (
                        "For the record it was seven lines, but one of them was "
                        "`arm.hold()` so I'm not sure it counts."
                    ),
                    "replies": [],
                }
            ],
        },
    ],
    "ellery-library-reopens-after-renovation": [
        {
            "author": "Philippa M.",
            "email": "philippa.m@example.org",
            "url": "",
            "body": (
                "I went on Saturday and found the postcard drawer. It smells exactly the same. "
                "Thank you to everyone who made this happen."
            ),
            "replies": [],
        },
    ],
}

TERMS: dict[str, str] = {
    "title": "Terms of Service for commenting",
    "body": """\
*This is demo text for the fictional Harbour Courier. It is not legal advice and does not
describe a real service.*

These terms apply when you post comments on The Harbour Courier's website. By posting a
comment you agree to them. We have tried to write them in plain words.

## Your comments

You keep the copyright in what you write. When you post a comment, you give The Harbour
Courier a free, non-exclusive, worldwide licence to publish it on our site, to show it
alongside the story it belongs to, and to quote it in the Courier's own reporting on the
discussion, with your display name. You can still publish your words anywhere else.

You are responsible for what you post. Please only post things you have the right to share,
and follow our [Community Guidelines](/guidelines/).

## Your email address

We ask for an email address so we can contact you about your comments and your account. **We
never publish your email address** and we do not sell it or share it with advertisers. Your
display name and, if you give one, your website address are shown with your comments.

## Moderation

Our moderators may hold, edit for formatting, or remove any comment, and may warn, suspend or
ban a commenter who breaks these terms or the Community Guidelines. Some stories are
pre-moderated, which means every comment is read before it appears. Comments may be closed on
any story at any time. We will try to explain our decisions, but we are not obliged to publish
every comment we receive.

## What we keep and for how long

We keep your comments, your display name, your email address and the time you posted for as
long as your comments are on the site. To fight spam and abuse we also keep technical records,
such as your IP address, for up to 90 days. If you ask us to delete your account, we remove
your email address and either delete your comments or show them without your name, as you
choose.

## Age

You must be at least 16 years old to comment.

## Changes and contact

We may update these terms; when we do, we will change the date at the bottom of this page. If
you have a question, or want a copy of the information we hold about you, write to
comments@example.com.
""",
}

GUIDELINES: dict[str, str] = {
    "title": "Community Guidelines",
    "body": """\
*This is demo text for the fictional Harbour Courier.*

The comment section is where Port Callow talks about the news. We want it to be a place where
neighbours can disagree, sometimes strongly, and still recognise each other at the post office.
These guidelines explain what we expect and what happens when a comment falls short.

## Be civil and in good taste

- **Argue with ideas, not people.** Disagree with a councilor's vote, a reporter's framing or
  another reader's argument as firmly as you like. Do not insult, mock or belittle the person.
- **No personal attacks.** Name-calling, questioning someone's intelligence or motives, and
  comments about someone's appearance or family are not allowed.
- **No hate, harassment or threats.** We remove comments that attack people for their race,
  ethnicity, religion, gender, sexual orientation, disability or age, and anything that
  threatens or encourages harm to anyone. Threats may be reported to the police.
- **Keep it suitable for a family newspaper.** Avoid profanity and graphic content.

## Stay on topic

Comment on the story you are reading. If you want to raise something else, write to the
newsroom at news@example.com; we read every message.

## No spam

Do not advertise, post the same comment more than once, or post links only to drive traffic.
Links that add to the discussion are welcome.

## Respect privacy

Do not post anyone's address, phone number or other private information, including your own.

## Reporting a comment

If you think a comment breaks these guidelines, use the **Report** link beneath it and tell us
why. Reports go to a moderator, not to the commenter. A report does not remove a comment: a
moderator decides. When several readers report the same comment independently, it is hidden
until a moderator has read it, and the moderator puts it back if it keeps to these guidelines. A
comment is never removed just because many people disagree with it.

## When the rules are broken

Depending on how serious the problem is and whether it has happened before, moderators may:

1. hold a comment for review before it appears;
2. remove the comment;
3. send the commenter a warning;
4. suspend the commenter for a period of time;
5. ban the commenter from the site.

We try to be consistent and fair, and to explain our decisions. If you think we got one wrong,
write to comments@example.com and a different moderator will look at it.
""",
}
