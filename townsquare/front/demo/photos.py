"""Original flat-style illustrations for the demo site's lead photos.

Every picture is drawn from scratch with Pillow's ``ImageDraw``: gradients, polygons and
silhouettes, no external assets and no fonts. Drawing is deterministic (each scene seeds its
own ``random.Random``) and happens at twice the requested size before a Lanczos downscale,
which gives smooth, anti-aliased edges.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

Color = tuple[int, int, int]

SCALE = 2


def _mix(a: Color, b: Color, t: float) -> Color:
    t = max(0.0, min(1.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _vgradient(
    img: Image.Image, box: tuple[int, int, int, int], stops: list[tuple[float, Color]]
) -> None:
    """Fill ``box`` with a vertical gradient through ``stops`` (position 0..1, colour)."""
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(img)
    span = max(1, y1 - y0)
    for y in range(y0, y1):
        t = (y - y0) / span
        for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
            if p0 <= t <= p1:
                color = _mix(c0, c1, (t - p0) / max(1e-6, p1 - p0))
                break
        else:
            color = stops[-1][1]
        draw.line([(x0, y), (x1, y)], fill=color)


def _glow(img: Image.Image, center: tuple[int, int], radius: int, color: Color) -> None:
    """A soft halo (sun, lamp) blended on top of ``img``."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = center
    d.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=(*color, 120))
    layer = layer.filter(ImageFilter.GaussianBlur(radius * 0.6))
    img.paste(layer, (0, 0), layer)


def _gull(d: ImageDraw.ImageDraw, x: float, y: float, size: float, color: Color) -> None:
    w = max(2, int(size / 6))
    d.arc([x - size, y - size / 2, x, y + size / 2], 200, 320, fill=color, width=w)
    d.arc([x, y - size / 2, x + size, y + size / 2], 220, 340, fill=color, width=w)


def _water_lines(
    d: ImageDraw.ImageDraw, rng: random.Random, w: int, y0: int, y1: int, color: Color, n: int
) -> None:
    for _ in range(n):
        y = rng.uniform(y0, y1)
        length = rng.uniform(0.02, 0.09) * w * (0.5 + (y - y0) / max(1, y1 - y0))
        x = rng.uniform(-0.05 * w, w)
        d.line([(x, y), (x + length, y)], fill=color, width=max(2, int((y - y0) / 120) + 2))


def _harbour(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * 0.62)
    _vgradient(
        img,
        (0, 0, w, horizon),
        [(0, (34, 40, 84)), (0.45, (120, 72, 110)), (0.8, (236, 128, 92)), (1, (250, 186, 120))],
    )
    _glow(img, (int(w * 0.68), int(h * 0.55)), int(h * 0.2), (255, 200, 130))
    d = ImageDraw.Draw(img)
    sx, sy, sr = w * 0.68, h * 0.56, h * 0.075
    d.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=(255, 222, 160))
    # Distant headland.
    pts = [(0, horizon)]
    for i in range(13):
        x = w * i / 12
        pts.append((x, horizon - h * (0.05 + 0.05 * math.sin(i * 0.9) + rng.uniform(0, 0.02))))
    pts.append((w, horizon))
    d.polygon(pts, fill=(92, 60, 96))
    # Cranes.
    crane = (52, 38, 70)
    for cx, ch in ((0.14, 0.42), (0.27, 0.36)):
        x, top = w * cx, horizon - h * ch
        leg = w * 0.012
        d.rectangle([x - leg, top, x + leg, horizon], fill=crane)
        d.rectangle([x - w * 0.06, top - h * 0.012, x + w * 0.11, top + h * 0.012], fill=crane)
        d.rectangle([x - w * 0.05, top + h * 0.012, x - w * 0.025, top + h * 0.05], fill=crane)
        for k in range(8):
            y = top + (horizon - top) * k / 8
            d.line([(x - leg, y), (x + leg, y + (horizon - top) / 8)], fill=(120, 80, 100), width=3)
        d.line([(x + w * 0.09, top), (x + w * 0.09, top + h * 0.16)], fill=crane, width=4)
        d.rectangle(
            [x + w * 0.078, top + h * 0.16, x + w * 0.102, top + h * 0.19], fill=(200, 90, 60)
        )
    # Warehouses along the quay.
    for bx, bw, bh, col in ((0.0, 0.1, 0.06, (70, 48, 82)), (0.33, 0.16, 0.08, (64, 44, 76))):
        d.rectangle([w * bx, horizon - h * bh, w * (bx + bw), horizon], fill=col)
        for k in range(4):
            wx = w * (bx + 0.015 + k * bw / 4)
            d.rectangle(
                [wx, horizon - h * bh * 0.6, wx + w * 0.012, horizon - h * bh * 0.35],
                fill=(255, 196, 120),
            )
    # Water.
    _vgradient(
        img, (0, horizon, w, h), [(0, (190, 110, 100)), (0.4, (86, 64, 100)), (1, (28, 32, 66))]
    )
    d = ImageDraw.Draw(img)
    for k in range(26):
        y = horizon + (h - horizon) * (k / 26) ** 1.4
        half = w * (0.02 + 0.004 * k) * rng.uniform(0.6, 1.3)
        d.line([(sx - half, y), (sx + half, y)], fill=(255, 206, 150), width=3 + k // 5)
    _water_lines(d, rng, w, horizon + 10, h, (120, 86, 120), 60)
    # Moored boats.
    for bx, scale in ((0.46, 1.0), (0.58, 0.8), (0.86, 1.2)):
        x, y = w * bx, horizon + h * 0.1 * scale
        bw, bh = w * 0.1 * scale, h * 0.045 * scale
        d.polygon(
            [(x, y), (x + bw, y), (x + bw * 0.88, y + bh), (x + bw * 0.1, y + bh)], fill=crane
        )
        d.rectangle([x + bw * 0.2, y - bh * 0.9, x + bw * 0.5, y], fill=(64, 46, 82))
        d.rectangle(
            [x + bw * 0.25, y - bh * 0.7, x + bw * 0.33, y - bh * 0.35], fill=(255, 200, 120)
        )
        d.line([(x + bw * 0.7, y), (x + bw * 0.7, y - h * 0.22 * scale)], fill=crane, width=5)
        d.line(
            [(x + bw * 0.7, y - h * 0.22 * scale), (x + bw * 0.05, y)], fill=(80, 60, 96), width=2
        )
        d.rectangle([x - w * 0.002, y + bh, x + bw, y + bh * 1.5], fill=(40, 36, 72))
    for _ in range(3):
        _gull(d, w * rng.uniform(0.4, 0.9), h * rng.uniform(0.12, 0.3), w * 0.012, (40, 34, 64))


def _library(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    _vgradient(img, (0, 0, w, h), [(0, (150, 196, 226)), (1, (226, 236, 236))])
    d = ImageDraw.Draw(img)
    for cx, cy in ((0.12, 0.14), (0.8, 0.1)):
        for dx, dy, r in ((0, 0, 0.05), (0.05, -0.02, 0.06), (0.1, 0.005, 0.045)):
            x, y, rr = w * (cx + dx), h * (cy + dy), h * r * 1.4
            d.ellipse([x - rr * 1.4, y - rr, x + rr * 1.4, y + rr], fill=(248, 250, 250))
    ground = int(h * 0.82)
    d.rectangle([0, ground, w, h], fill=(172, 168, 152))
    left, right, top = int(w * 0.2), int(w * 0.8), int(h * 0.3)
    stone, shade = (214, 196, 162), (186, 166, 132)
    d.rectangle([left, top, right, ground], fill=stone)
    d.polygon([(left - w * 0.02, top), (w / 2, h * 0.13), (right + w * 0.02, top)], fill=shade)
    d.polygon(
        [(left + w * 0.04, top - 6), (w / 2, h * 0.17), (right - w * 0.04, top - 6)], fill=stone
    )
    d.rectangle([left - w * 0.02, top, right + w * 0.02, top + h * 0.035], fill=shade)
    d.ellipse([w / 2 - h * 0.03, h * 0.2, w / 2 + h * 0.03, h * 0.26], fill=(246, 238, 214))
    d.line([(w / 2, h * 0.23), (w / 2, h * 0.212)], fill=(90, 80, 70), width=4)
    d.line([(w / 2, h * 0.23), (w / 2 + h * 0.015, h * 0.235)], fill=(90, 80, 70), width=4)
    # Columns and lit windows between them.
    cols = 6
    span = (right - left) / cols
    for k in range(cols + 1):
        x = left + span * k
        d.rectangle(
            [x - w * 0.014, top + h * 0.035, x + w * 0.014, ground - h * 0.07], fill=(232, 220, 192)
        )
        d.rectangle(
            [x - w * 0.018, ground - h * 0.08, x + w * 0.018, ground - h * 0.07], fill=shade
        )
    for k in range(cols):
        x0 = left + span * k + span * 0.28
        x1 = left + span * (k + 1) - span * 0.28
        if k in (2, 3):
            continue
        for y0, y1 in ((0.4, 0.52), (0.58, 0.7)):
            d.rectangle([x0, h * y0, x1, h * y1], fill=(255, 214, 140))
            d.line([((x0 + x1) / 2, h * y0), ((x0 + x1) / 2, h * y1)], fill=shade, width=4)
    # Doorway with arch.
    dx0, dx1 = left + span * 2.25, left + span * 3.75
    d.rectangle([dx0, h * 0.5, dx1, ground - h * 0.07], fill=(104, 70, 52))
    d.pieslice([dx0, h * 0.42, dx1, h * 0.58], 180, 360, fill=(104, 70, 52))
    d.rectangle([w / 2 - 3, h * 0.52, w / 2 + 3, ground - h * 0.07], fill=(70, 46, 36))
    # Banner.
    d.rectangle([w * 0.43, h * 0.37, w * 0.57, h * 0.41], fill=(180, 48, 52))
    # Steps.
    for k in range(4):
        y = ground - h * 0.07 + k * h * 0.0175
        d.rectangle(
            [left - w * 0.04 - k * w * 0.02, y, right + w * 0.04 + k * w * 0.02, y + h * 0.0175],
            fill=_mix((226, 214, 190), (176, 164, 140), k / 3),
        )
    # Trees either side.
    for tx in (0.09, 0.91):
        x = w * tx
        d.rectangle([x - w * 0.008, h * 0.55, x + w * 0.008, h * 0.86], fill=(96, 72, 54))
        for _ in range(9):
            ox, oy, r = rng.uniform(-0.06, 0.06), rng.uniform(0.33, 0.55), rng.uniform(0.05, 0.08)
            d.ellipse(
                [x + w * ox - h * r, h * oy - h * r, x + w * ox + h * r, h * oy + h * r],
                fill=_mix((78, 128, 82), (120, 164, 96), rng.random()),
            )
    # Visitors.
    for px, col in ((0.36, (60, 80, 120)), (0.41, (170, 80, 60)), (0.66, (70, 110, 90))):
        x, y = w * px, h * 0.96
        d.rounded_rectangle(
            [x - w * 0.012, y - h * 0.11, x + w * 0.012, y - h * 0.03], 10, fill=col
        )
        d.ellipse([x - h * 0.018, y - h * 0.15, x + h * 0.018, y - h * 0.114], fill=(120, 86, 66))
        d.rectangle([x - w * 0.009, y - h * 0.035, x + w * 0.009, y], fill=(50, 50, 62))


def _robotics(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    _vgradient(img, (0, 0, w, h), [(0, (58, 82, 104)), (1, (36, 52, 70))])
    d = ImageDraw.Draw(img)
    # Pegboard with hanging tools.
    d.rectangle([w * 0.05, h * 0.08, w * 0.42, h * 0.5], fill=(196, 160, 110))
    for gx in range(18):
        for gy in range(10):
            x, y = w * (0.065 + gx * 0.019), h * (0.1 + gy * 0.04)
            d.ellipse([x - 3, y - 3, x + 3, y + 3], fill=(150, 118, 80))
    d.rectangle([w * 0.09, h * 0.14, w * 0.1, h * 0.34], fill=(120, 124, 132))
    d.ellipse([w * 0.08, h * 0.12, w * 0.11, h * 0.17], outline=(120, 124, 132), width=8)
    d.rectangle([w * 0.16, h * 0.14, w * 0.17, h * 0.3], fill=(50, 50, 56))
    d.rectangle([w * 0.15, h * 0.3, w * 0.18, h * 0.4], fill=(210, 70, 60))
    d.arc([w * 0.23, h * 0.15, w * 0.33, h * 0.38], 0, 300, fill=(240, 180, 60), width=10)
    # Window with evening light.
    d.rectangle([w * 0.58, h * 0.08, w * 0.93, h * 0.48], fill=(30, 38, 54))
    _vgradient(
        img,
        (int(w * 0.59), int(h * 0.1), int(w * 0.92), int(h * 0.46)),
        [(0, (60, 80, 140)), (1, (240, 150, 110))],
    )
    d = ImageDraw.Draw(img)
    d.rectangle([w * 0.752, h * 0.08, w * 0.758, h * 0.48], fill=(30, 38, 54))
    d.rectangle([w * 0.58, h * 0.275, w * 0.93, h * 0.283], fill=(30, 38, 54))
    # Workbench.
    bench = int(h * 0.72)
    d.rectangle([0, bench, w, bench + h * 0.05], fill=(150, 104, 64))
    d.rectangle([0, bench + h * 0.05, w, h], fill=(44, 40, 46))
    d.rectangle([0, bench, w, bench + 6], fill=(186, 136, 88))
    for k in range(3):
        x0 = w * (0.06 + k * 0.32)
        d.rectangle([x0, bench + h * 0.09, x0 + w * 0.24, h * 0.95], outline=(70, 64, 72), width=6)
        d.rounded_rectangle(
            [x0 + w * 0.09, bench + h * 0.12, x0 + w * 0.15, bench + h * 0.14],
            6,
            fill=(150, 156, 166),
        )
    # Lamp.
    lx, ly = w * 0.72, h * 0.2
    _glow(img, (int(lx), int(ly + h * 0.06)), int(h * 0.22), (255, 220, 150))
    d = ImageDraw.Draw(img)
    d.line(
        [(w * 0.9, bench), (w * 0.86, h * 0.34), (lx + w * 0.02, ly)], fill=(40, 44, 52), width=12
    )
    d.polygon(
        [
            (lx - w * 0.05, ly + h * 0.07),
            (lx + w * 0.03, ly - h * 0.02),
            (lx + w * 0.05, ly + h * 0.02),
            (lx - w * 0.02, ly + h * 0.11),
        ],
        fill=(210, 64, 60),
    )
    # Robot.
    cx = w * 0.47
    body = (236, 176, 60)
    dark = (46, 50, 60)
    for wx in (-0.07, 0.07):
        x = cx + w * wx
        d.ellipse([x - h * 0.05, bench - h * 0.1, x + h * 0.05, bench], fill=dark)
        d.ellipse(
            [x - h * 0.02, bench - h * 0.07, x + h * 0.02, bench - h * 0.03], fill=(150, 156, 166)
        )
    d.rounded_rectangle([cx - w * 0.1, h * 0.4, cx + w * 0.1, bench - h * 0.06], 24, fill=body)
    d.rectangle([cx - w * 0.07, h * 0.45, cx + w * 0.02, h * 0.55], fill=dark)
    for k, col in enumerate(((90, 220, 120), (240, 80, 70), (90, 170, 240))):
        x = cx + w * (0.04 + k * 0.018)
        d.ellipse([x - 8, h * 0.47 - 8, x + 8, h * 0.47 + 8], fill=col)
    for k in range(3):
        d.line(
            [(cx - w * 0.06, h * (0.48 + k * 0.025)), (cx + w * 0.005, h * (0.48 + k * 0.025))],
            fill=(90, 220, 120),
            width=4,
        )
    d.rectangle([cx - w * 0.01, h * 0.34, cx + w * 0.01, h * 0.4], fill=dark)
    d.rounded_rectangle([cx - w * 0.07, h * 0.2, cx + w * 0.07, h * 0.35], 30, fill=(220, 224, 230))
    for ex in (-0.03, 0.03):
        x = cx + w * ex
        d.ellipse([x - h * 0.028, h * 0.245, x + h * 0.028, h * 0.3], fill=dark)
        d.ellipse([x - h * 0.012, h * 0.26, x + h * 0.012, h * 0.284], fill=(120, 220, 255))
    d.line([(cx, h * 0.2), (cx, h * 0.13)], fill=dark, width=6)
    d.ellipse([cx - 14, h * 0.13 - 14, cx + 14, h * 0.13 + 14], fill=(240, 80, 70))
    # Arm reaching out with a gripper.
    ax, ay = cx + w * 0.1, h * 0.47
    d.line(
        [(ax, ay), (ax + w * 0.08, ay - h * 0.08), (ax + w * 0.14, ay - h * 0.02)],
        fill=dark,
        width=22,
        joint="curve",
    )
    gx, gy = ax + w * 0.14, ay - h * 0.02
    d.line([(gx, gy), (gx + w * 0.03, gy - h * 0.03)], fill=(150, 156, 166), width=10)
    d.line([(gx, gy), (gx + w * 0.03, gy + h * 0.03)], fill=(150, 156, 166), width=10)
    d.line([(cx - w * 0.1, ay), (cx - w * 0.15, ay + h * 0.1)], fill=dark, width=22)
    # Parts on the bench.
    for _ in range(7):
        x = w * rng.choice([rng.uniform(0.04, 0.3), rng.uniform(0.75, 0.97)])
        r = h * rng.uniform(0.008, 0.016)
        d.ellipse([x - r, bench - r * 2, x + r, bench], fill=(150, 156, 166))
    d.rectangle([w * 0.08, bench - h * 0.06, w * 0.22, bench], fill=(40, 120, 80))
    for k in range(6):
        x = w * (0.09 + k * 0.022)
        d.rectangle([x, bench - h * 0.045, x + w * 0.012, bench - h * 0.03], fill=(20, 24, 28))
    d.rectangle([w * 0.78, bench - h * 0.1, w * 0.92, bench], fill=(200, 60, 56))
    d.rectangle([w * 0.78, bench - h * 0.1, w * 0.92, bench - h * 0.085], fill=(160, 40, 40))


def _ferry(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    horizon = int(h * 0.56)
    _vgradient(img, (0, 0, w, horizon), [(0, (118, 170, 214)), (1, (236, 226, 206))])
    _glow(img, (int(w * 0.2), int(h * 0.22)), int(h * 0.16), (255, 240, 200))
    d = ImageDraw.Draw(img)
    d.ellipse(
        [w * 0.2 - h * 0.055, h * 0.165, w * 0.2 + h * 0.055, h * 0.275], fill=(255, 248, 226)
    )
    # Island with a lighthouse.
    d.polygon(
        [
            (w * 0.6, horizon),
            (w * 0.7, horizon - h * 0.07),
            (w * 0.82, horizon - h * 0.09),
            (w * 0.96, horizon),
        ],
        fill=(118, 146, 132),
    )
    d.polygon(
        [
            (w * 0.775, horizon - h * 0.085),
            (w * 0.781, horizon - h * 0.2),
            (w * 0.795, horizon - h * 0.2),
            (w * 0.801, horizon - h * 0.085),
        ],
        fill=(246, 244, 236),
    )
    d.rectangle([w * 0.777, horizon - h * 0.17, w * 0.8, horizon - h * 0.145], fill=(200, 60, 56))
    d.rectangle([w * 0.779, horizon - h * 0.225, w * 0.797, horizon - h * 0.2], fill=(60, 64, 72))
    _vgradient(img, (0, horizon, w, h), [(0, (96, 146, 170)), (1, (30, 76, 110))])
    d = ImageDraw.Draw(img)
    _water_lines(d, rng, w, horizon + 8, h, (140, 190, 206), 70)
    # Ferry.
    fx, fy, fl = w * 0.18, h * 0.66, w * 0.58
    d.polygon(
        [
            (fx + fl * 0.9, fy + h * 0.08),
            (fx + fl * 1.15, fy + h * 0.1),
            (fx + fl * 1.4, fy + h * 0.085),
            (fx + fl * 1.02, fy + h * 0.06),
        ],
        fill=(210, 232, 236),
    )
    d.polygon(
        [(fx, fy), (fx + fl, fy), (fx + fl * 0.93, fy + h * 0.1), (fx + fl * 0.06, fy + h * 0.1)],
        fill=(30, 50, 80),
    )
    d.rectangle([fx + fl * 0.02, fy + h * 0.01, fx + fl * 0.98, fy + h * 0.03], fill=(200, 60, 56))
    d.rectangle([fx + fl * 0.08, fy - h * 0.09, fx + fl * 0.86, fy], fill=(246, 246, 240))
    d.rectangle([fx + fl * 0.2, fy - h * 0.16, fx + fl * 0.68, fy - h * 0.09], fill=(236, 236, 230))
    d.rectangle(
        [fx + fl * 0.06, fy - h * 0.095, fx + fl * 0.88, fy - h * 0.085], fill=(170, 178, 186)
    )
    for k in range(14):
        x = fx + fl * (0.11 + k * 0.053)
        d.rounded_rectangle(
            [x, fy - h * 0.07, x + fl * 0.035, fy - h * 0.035], 6, fill=(54, 92, 130)
        )
    for k in range(8):
        x = fx + fl * (0.23 + k * 0.055)
        d.rounded_rectangle(
            [x, fy - h * 0.145, x + fl * 0.035, fy - h * 0.115], 6, fill=(54, 92, 130)
        )
    d.polygon(
        [
            (fx + fl * 0.44, fy - h * 0.16),
            (fx + fl * 0.46, fy - h * 0.25),
            (fx + fl * 0.54, fy - h * 0.25),
            (fx + fl * 0.53, fy - h * 0.16),
        ],
        fill=(200, 60, 56),
    )
    d.rectangle(
        [fx + fl * 0.457, fy - h * 0.255, fx + fl * 0.543, fy - h * 0.235], fill=(30, 40, 56)
    )
    d.line(
        [(fx + fl * 0.3, fy - h * 0.16), (fx + fl * 0.3, fy - h * 0.24)], fill=(60, 64, 72), width=5
    )
    for k in range(4):
        r = h * (0.02 + k * 0.012)
        x, y = fx + fl * 0.52 + k * w * 0.035, fy - h * 0.29 - k * h * 0.035
        d.ellipse([x - r, y - r, x + r, y + r], fill=_mix((200, 204, 210), (232, 232, 228), k / 3))
    d.line(
        [(fx + fl * 0.9, fy + h * 0.1), (fx + fl * 1.25, fy + h * 0.1)],
        fill=(230, 240, 242),
        width=6,
    )
    for k in range(8):
        x = fx + fl * (0.05 + k * 0.12)
        d.line([(x, fy + h * 0.115), (x + w * 0.05, fy + h * 0.115)], fill=(180, 214, 226), width=4)
    for _ in range(6):
        gx = rng.choice([rng.uniform(0.05, 0.4), rng.uniform(0.72, 0.95)])
        _gull(d, w * gx, h * rng.uniform(0.06, 0.3), w * rng.uniform(0.01, 0.018), (54, 62, 76))


def _seawall(img: Image.Image, rng: random.Random) -> None:
    w, h = img.size
    _vgradient(img, (0, 0, w, h), [(0, (70, 80, 96)), (0.5, (146, 156, 166)), (1, (190, 196, 198))])
    d = ImageDraw.Draw(img)
    for _ in range(9):
        x, y = w * rng.uniform(-0.1, 1.0), h * rng.uniform(0.02, 0.3)
        rw, rh = w * rng.uniform(0.12, 0.26), h * rng.uniform(0.05, 0.1)
        d.ellipse([x, y, x + rw, y + rh], fill=_mix((92, 100, 114), (120, 128, 140), rng.random()))
    for k in range(14):
        x = w * (0.02 + k * 0.075)
        d.line([(x, h * 0.1), (x - w * 0.03, h * 0.5)], fill=(118, 128, 142), width=3)
    # Sea, rising toward the right.
    sea = int(h * 0.52)
    _vgradient(img, (0, sea, w, h), [(0, (66, 96, 108)), (1, (34, 56, 70))])
    d = ImageDraw.Draw(img)
    for row in range(6):
        y = sea + (h - sea) * row / 6
        amp, period = h * (0.01 + row * 0.006), w * (0.12 + row * 0.03)
        pts = [
            (x, y + amp * math.sin(x / period * 2 * math.pi + row)) for x in range(0, w + 20, 20)
        ]
        d.line(pts, fill=(126, 160, 168), width=4 + row)
    # The seawall: a slab of stone blocks receding diagonally.
    wall_top = int(h * 0.46)
    wall = [(w * 0.38, wall_top), (w, h * 0.34), (w, h), (w * 0.3, h)]
    d.polygon(wall, fill=(150, 140, 126))
    d.polygon(
        [(w * 0.38, wall_top), (w, h * 0.34), (w, h * 0.3), (w * 0.4, h * 0.43)],
        fill=(188, 178, 160),
    )
    for row in range(9):
        t = row / 9
        y_left, y_right = wall_top + (h - wall_top) * t, h * 0.34 + (h - h * 0.34) * t
        xl = w * 0.38 - w * 0.08 * t
        d.line([(xl, y_left), (w, y_right)], fill=(112, 104, 94), width=4)
        for k in range(8):
            s = (k + (row % 2) * 0.5) / 8
            x = xl + (w - xl) * s
            y = y_left + (y_right - y_left) * s
            d.line(
                [(x, y), (x, y + (h - wall_top) / 9 * (1 - s * 0.3))], fill=(112, 104, 94), width=3
            )
    # The crack, with a missing chunk of stone.
    crack = [(w * 0.62, h * 0.41)]
    for _ in range(9):
        x, y = crack[-1]
        crack.append((x + w * rng.uniform(-0.03, 0.035), y + h * 0.065))
    d.line(crack, fill=(40, 36, 34), width=9, joint="curve")
    d.line([crack[4], (crack[4][0] + w * 0.06, crack[4][1] + h * 0.03)], fill=(40, 36, 34), width=5)

    def cap(x: float) -> float:
        return h * 0.43 - h * 0.13 * (x - w * 0.4) / (w * 0.6)

    d.polygon(
        [
            (w * 0.59, cap(w * 0.59)),
            (w * 0.665, cap(w * 0.665)),
            (w * 0.655, h * 0.45),
            (w * 0.63, h * 0.48),
            (w * 0.6, h * 0.445),
        ],
        fill=(74, 68, 62),
    )
    # Railing and a bent lamp post along the promenade.
    for k in range(10):
        t = k / 9
        x, y = w * 0.4 + (w * 0.6) * t, wall_top - h * 0.03 - (wall_top - h * 0.34) * t
        if abs(x - w * 0.625) < w * 0.04:
            continue
        d.line([(x, y), (x, y - h * 0.06)], fill=(50, 56, 64), width=5)
    d.line([(w * 0.4, wall_top - h * 0.09), (w, h * 0.25)], fill=(50, 56, 64), width=6)
    d.line(
        [(w * 0.86, h * 0.36), (w * 0.86, h * 0.1), (w * 0.82, h * 0.08)],
        fill=(40, 44, 52),
        width=10,
    )
    d.polygon(
        [(w * 0.8, h * 0.08), (w * 0.83, h * 0.07), (w * 0.835, h * 0.1), (w * 0.805, h * 0.11)],
        fill=(244, 214, 140),
    )
    # Breaking waves and spray against the foot of the wall.
    for _ in range(60):
        t = rng.random()
        x = w * 0.3 + w * 0.12 * (1 - t) + rng.uniform(-0.05, 0.05) * w
        y = h * (0.5 + 0.45 * t) - h * rng.uniform(0, 0.25) * (1 - t * 0.6)
        r = h * rng.uniform(0.015, 0.05)
        d.ellipse(
            [x - r, y - r, x + r, y + r], fill=_mix((214, 228, 230), (250, 252, 252), rng.random())
        )
    for k in range(5):
        y = h * (0.6 + k * 0.08)
        d.arc(
            [w * (0.05 + k * 0.03), y - h * 0.08, w * 0.34, y + h * 0.04],
            280,
            360,
            fill=(230, 240, 240),
            width=10,
        )
    for _ in range(2):
        _gull(d, w * rng.uniform(0.1, 0.35), h * rng.uniform(0.12, 0.3), w * 0.014, (40, 44, 52))


SCENES: dict[str, Callable[[Image.Image, random.Random], None]] = {
    "harbour": _harbour,
    "library": _library,
    "robotics": _robotics,
    "ferry": _ferry,
    "seawall": _seawall,
}


def draw_photo(scene: str, *, width: int = 1200, height: int = 675) -> bytes:
    """Draw the illustration for ``scene`` and return it as JPEG bytes."""
    try:
        painter = SCENES[scene]
    except KeyError:
        raise ValueError(f"unknown scene {scene!r}; expected one of {sorted(SCENES)}") from None
    if width < 1 or height < 1:
        raise ValueError("width and height must be positive")
    canvas = Image.new("RGB", (width * SCALE, height * SCALE), (0, 0, 0))
    painter(canvas, random.Random(f"townsquare-demo-{scene}"))
    image = canvas.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
