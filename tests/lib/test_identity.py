import hashlib
import re

from townsquare.lib.identity import identicon_svg, keyed_hash, normalise_email


def test_normalise_email():
    assert normalise_email("  Ada@Example.COM ") == "ada@example.com"


def test_keyed_hash_depends_on_secret_and_purpose_and_is_not_a_plain_hash():
    email = "ada@example.com"
    a = keyed_hash(email, secret="s1", purpose="avatar")
    assert a != keyed_hash(email, secret="s2", purpose="avatar")
    assert a != keyed_hash(email, secret="s1", purpose="ip")
    assert a not in (
        hashlib.md5(email.encode()).hexdigest(),
        hashlib.sha256(email.encode()).hexdigest()[:32],
    )


def test_identicon_is_deterministic_symmetric_svg():
    svg = identicon_svg("ab" * 16)
    assert svg == identicon_svg("ab" * 16) != identicon_svg("cd" * 16)
    xs = [float(x) for x in re.findall(r'rect x="([\d.]+)"', svg)]
    assert xs and all(round(32 - x, 1) in xs for x in xs if x < 32)
