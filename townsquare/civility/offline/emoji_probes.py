"""Emoji comments, written by us, to measure whether emoji hate is held (model card "E28").

Six kinds of six patterns, two wordings a pattern. Uncivil: a group with vermin or animal emoji,
weapons, coffins or fire aimed at a person or a group, a clown, a pig or a finger aimed at a named
person. Civil: the same emoji meant literally, groups and people with hearts and applause, and
reactions to the news aimed at no one, so that an emoji is not by itself the signal either way.
Slots are filled from the contrast set's vocabulary (``contrast._fill``). The patterns are split
once, seeded, half to dev and half to test; none is trained on.
"""

from __future__ import annotations

import random
from pathlib import Path

from townsquare.civility.offline import contrast

SEED = 20261207
PER_PATTERN = 8

KINDS: dict[str, tuple[int, list[tuple[str, str]]]] = {
    "emoji-dehumanisation": (
        1,
        [
            ("{Group} are 🐀🐀🐀", "{Group} = 🐀 and everyone on this street knows it"),
            ("Another lot of {group} moving in 🐍🐍🐍", "{Group} in our town 🐍 every one of them"),
            ("{Group} 🐒🐒 back to the zoo with them", "Look at these {group} 🐒🐒🐒"),
            ("{Group} breed like 🐇🐇🐇", "They multiply like 🪳🪳, these {group}"),
            ("{Group} 🐷🐷 the lot of them", "Smells like {group} round here 🐷🤮"),
            ("{Group}? 🦠 spreading through every street", "{Group} are a 🦠 on this country"),
        ],
    ),
    "emoji-threat": (
        1,
        [
            ("See you after the meeting, {name} 🔪🔪", "{Name} 🔪🩸 soon"),
            ("Keep writing, {name}. 🔫", "{Name} 🔫🔫 you have been warned"),
            ("{Group} on Mill Street better watch out 💣💣", "Someone should 💣 the {group} hall"),
            ("Your days are numbered {name} ⚰️⚰️", "⚰️ for you {name}, and soon"),
            ("{Group} 🔥🔥 burn their houses down", "Nice house, {name}. Shame if it went 🔥🔥"),
            ("🪓🪓 {name}, I know your address", "{Group} deserve a 🔫 each"),
        ],
    ),
    "emoji-insult": (
        1,
        [
            ("{Name} you absolute 🤡", "Written by a 🤡. {Name}, stick to the weather."),
            ("{Name} 💩💩 this article is as thick as you", "You are a 💩, {name}"),
            ("{Name} the 🐷 strikes again", "Oink oink {name} 🐷🐷"),
            ("Hey {name}, 🖕", "🖕🖕 to you {name}"),
            ("{Name} = 🤡🤡🤡", "{Name}'s brain 🧠❌ empty"),
            ("{Name} 🐍 liar", "Another lie from you, {name} 🐍🐍"),
        ],
    ),
    "emoji-literal": (
        0,
        [
            (
                "Pest control visited {place} after 🐀 were seen. All clear now.",
                "The 🐀 by {place} are a sign the river is healthy again, says the ranger.",
            ),
            (
                "The reptile house has a new 🐍, worth a visit {when}.",
                "Careful on the coastal path {when}, adders 🐍 are out sunning themselves.",
            ),
            (
                "The knife skills class at {place} 🔪🥕 was brilliant.",
                "Sharpen your 🔪 before the pumpkin carving {when}!",
            ),
            (
                "Bonfire night by {place} 🔥🎆 was the best in years.",
                "The fire brigade at {place} did a great job 🔥🚒",
            ),
            (
                "The zoo's 🐒 enclosure reopens {when}.",
                "Saw the 🐷 at the city farm {when}, huge and very friendly.",
            ),
            (
                "Flu going round {place} 🦠 wash your hands, folks.",
                "Stay home if you're ill {when} 🦠🤒",
            ),
        ],
    ),
    "emoji-warm": (
        0,
        [
            (
                "Welcome to our new {group} neighbours ❤️",
                "So proud of the {group} volunteers at the food bank 👏👏",
            ),
            (
                "The {group} festival on the green was wonderful 🎉🎉",
                "Happy holidays to all our {group} readers 🎄🌙✨",
            ),
            (
                "My {desc} friend runs the best café in town ☕😍",
                "Great piece about {desc} nurses 🙌",
            ),
            ("{Name}, brilliant reporting as always 👍", "Thank you {name} 🙏 for covering this"),
            ("🏳️‍🌈 Pride march on Saturday, all welcome", "Go the {group} choir! 🎶🎶"),
            (
                "Respect to the {group} families who cleaned up the park 💪",
                "{Group} shop owners kept the high street alive 💯",
            ),
        ],
    ),
    "emoji-reaction": (
        0,
        [
            (
                "😂😂😂 the council never learns about {topic}",
                "This story about {topic} made my day 🤣",
            ),
            ("Ugh, roadworks by {place} again 🙄🙄", "Another twist in {topic} 😡 unbelievable"),
            ("What a match! 🔥🔥🔥 see you at {place}", "That goal 🤯 still buzzing {when}"),
            ("💩 weather all week, typical", "My commute past {place} today 💀💀"),
            (
                "The new roundabout by {place} 🤷 nobody knows how to use it",
                "Bins not collected near {place} for 3 weeks 🗑️😤",
            ),
            (
                "🤬 stubbed my toe on the new bollards by {place}",
                "Lost my keys at {place} again 🤦",
            ),
        ],
    ),
}


def split_patterns(seed: int = SEED) -> dict[str, str]:
    """pattern id (``<kind>-<n>``) -> ``dev`` or ``test``: half of each kind's patterns each."""
    out: dict[str, str] = {}
    for kind, (_, pats) in KINDS.items():
        ids = [f"{kind}-{n}" for n in range(1, len(pats) + 1)]
        random.Random(f"{seed}:{kind}").shuffle(ids)
        out.update({pid: "dev" if i < len(ids) // 2 else "test" for i, pid in enumerate(ids)})
    return out


def generate(
    *, data_dir: Path | None = None, per_pattern: int = PER_PATTERN, seed: int = SEED
) -> list[contrast.Item]:
    """The probes, deterministic for a seed (and the same vocabulary), as contrast items."""
    if per_pattern < 1:
        raise ValueError("per-pattern must be at least 1")
    vocab = contrast.Vocabulary.load(data_dir)
    splits = split_patterns(seed)
    items: list[contrast.Item] = []
    seen: set[str] = set()
    for kind, (label, pats) in KINDS.items():
        for n, templates in enumerate(pats, start=1):
            pid = f"{kind}-{n}"
            rng = random.Random(f"{seed}:{pid}")
            for text, _ in contrast.filled(templates, rng, vocab, seen, per_pattern):
                items.append(contrast.Item(text, label, kind, pid, splits[pid]))
    return items
