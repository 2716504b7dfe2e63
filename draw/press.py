"""The press condition a print shop's kit is separated for, and its colours.

Colours are defined once, in sRGB (a theme's `colour`); a kit built with
`--cmyk` has them separated for one press condition through its ICC
profile: by default Coated FOGRA39 (ISO 12647-2, the condition of "ISO
Coated v2" that Nordic printers ask for), whose profile ships in
draw/profiles/ with a total ink limit of 300 %. Greys are printed with black
ink alone, and the text black (#1A1A1A and darker) as 100 % K, so that small
text is neither screened nor misregistered.
"""

from __future__ import annotations

import io
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageCms

from osallisuuspeli.i18n import _
from osallisuuspeli.model import Colour

PROFILES = Path(__file__).parent / "profiles"
TEXT_BLACK = 0x1A  # a grey this dark or darker is the text black: 100 % K
BLACK_POINT_COMPENSATION = 0x2000  # LittleCMS's cmsFLAGS_BLACKPOINTCOMPENSATION (Pillow 10.3 names it ImageCms.Flags; 10.0 does not)
TOTAL_INK = 3.0  # the most ink a colour may lay down, 300 %: what coated offset paper takes


class Condition(NamedTuple):
    """A press condition: what the OutputIntent of a PDF/X file names, and its profile."""

    identifier: str  # OutputConditionIdentifier: a registered name ("FOGRA39") or "Custom"
    condition: str  # the condition described for people
    registry: str  # where the identifier is registered ("" for one of the user's own)
    profile: bytes  # the ICC output profile (CMYK)


@cache
def fogra39() -> Condition:
    """Coated FOGRA39, the default."""
    return Condition(
        "FOGRA39",
        "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, paper type 1 or 2)",
        "http://www.color.org",
        (PROFILES / "FOGRA39L_coated.icc").read_bytes(),
    )


def from_profile(path: Path) -> Condition:
    """The press condition of a print shop's own ICC profile (e.g. PSO Coated v3
    for FOGRA51); ValueError in one sentence if it is not a CMYK output profile."""
    try:
        data = path.read_bytes()
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError) as e:
        raise ValueError(
            _("%(file)s is not an ICC profile that can be read (%(reason)s); give the .icc file your print shop sent")
            % {"file": path.name, "reason": e}
        ) from None
    if profile.profile.xcolor_space.strip() != "CMYK" or profile.profile.device_class.strip() != "prtr":
        raise ValueError(
            _("%(file)s is not a CMYK printer profile; give the press profile your print shop sent (an .icc file)") % {"file": path.name}
        )
    description = profile.profile.profile_description or path.stem
    return Condition("Custom", description.strip(), "", data)


@cache
def _transform(profile: bytes) -> ImageCms.ImageCmsTransform:
    """sRGB to the condition, relative colorimetric with black point compensation:
    colours the press can print stay as they are, the others go to the nearest it can."""
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=BLACK_POINT_COMPENSATION,  # type: ignore[arg-type]
    )


@lru_cache(maxsize=4096)
def cmyk(rgb: tuple[int, int, int], profile: bytes | None = None) -> tuple[float, float, float, float]:
    """The ink of an sRGB colour (0-255 each) under the condition, in whole
    per cent: greys as black ink alone, the text black as 100 % K."""
    r, g, b = rgb
    if r == g == b:
        return (0.0, 0.0, 0.0, 1.0) if r <= TEXT_BLACK else (0.0, 0.0, 0.0, round(1 - r / 255, 2))
    ink = _transform(profile or fogra39().profile).apply(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
    assert isinstance(ink, tuple)
    return tuple(round(v / 255, 2) for v in ink)  # type: ignore[return-value]


def ink(colour: Colour, profile: bytes | None = None) -> tuple[float, float, float, float]:
    """A colour of the content (a theme's, the text's) under the condition."""
    return cmyk((int(colour.hex[1:3], 16), int(colour.hex[3:5], 16), int(colour.hex[5:7], 16)), profile)


def image_cmyk(image: Image.Image, profile: bytes | None = None) -> Image.Image:
    """An RGB image separated for the condition (a logo's pixels)."""
    return _transform(profile or fogra39().profile).apply(image.convert("RGB"))
