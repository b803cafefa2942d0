"""A scanned or photographed page made clean for OCR: less noise, light
text on dark fills turned dark on light, an even white background, the
resolution tesseract reads best, straight lines.

Each step is a function of a grey uint8 image; bench/reader_accuracy.py
--steps measures what each one brings."""

import math

import cv2
import numpy as np

OCR_DPI = 300
# upscaling stops at this many pixels (A3 at 300 dpi is 17 Mpx): a photo
# with a strange shape (a narrow strip, whose width is taken for an A4
# page's) is read at a lower resolution rather than blown up in memory
MAX_OCR_PIXELS = 36_000_000
# the background and the fills are looked at this much smaller: they only
# vary slowly, and the filters are cheap there
COARSE_SCALE = 1 / 4
# wider than any stroke of text
TEXT_REMOVAL_INCHES = 0.08
# a fill darker than this share of the paper, with text lighter than itself,
# and thicker than any stroke
FILL_DARKNESS = 0.6
MIN_FILL_INCHES = 0.1
FILL_COVERAGE = 0.55
MAX_SKEW_DEGREES = 5.0


def denoise(grey: np.ndarray) -> np.ndarray:
    """Remove sensor noise, JPEG speckle and dust, at the image's own
    resolution (before any scaling spreads them)."""
    return cv2.medianBlur(grey, 3)


def invert_dark_fills(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Banners and table headers printed light on dark become dark on light.
    A fill is a region mostly dark once the gaps between letters are closed,
    thicker and wider than text, whose strokes are lighter than itself (a
    shadow over the page is dark too, but its text is darker still)."""
    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    inch = dpi * 0.5
    dark = (small < FILL_DARKNESS * np.percentile(small, 90)).astype(np.uint8)
    letter_gap = max(3, round(0.15 * inch))
    # vertical rules and a scanner's dark edge would join fills into one
    # sparse region: only wide dark runs are kept, then letter gaps closed
    wide = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((1, letter_gap), np.uint8))
    wide[:, : 2 * letter_gap] = wide[:, -2 * letter_gap :] = 0
    closed = cv2.morphologyEx(wide, cv2.MORPH_CLOSE, np.ones((3, letter_gap), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed)
    result = grey
    for left, top, width, height, _ in stats[1:count]:
        if height < MIN_FILL_INCHES * inch or width < 4 * MIN_FILL_INCHES * inch:
            continue
        if dark[top : top + height, left : left + width].mean() < FILL_COVERAGE:
            continue  # a line of dark text, closed up
        box = (slice(2 * top, 2 * (top + height)), slice(2 * left, 2 * (left + width)))
        if _has_light_text(grey[box]):
            result = result.copy() if result is grey else result
            result[box] = 255 - grey[box]
    return result


def _has_light_text(pixels: np.ndarray) -> bool:
    pixels = pixels.ravel()
    level = np.median(pixels)
    lighter = np.count_nonzero(pixels > level + 40)
    darker = np.count_nonzero(pixels < level - 40)
    return lighter > max(2 * darker, 0.005 * pixels.size)


def normalise_background(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Divide the page by its own background: grey or uneven paper, blotches,
    shadows, a dark scanner edge become white; ink keeps its contrast to the
    paper around it. The background is the page with the text removed (a
    maximum over a window wider than any stroke), smoothed."""
    small = _coarse(grey)
    side = max(3, round(TEXT_REMOVAL_INCHES * dpi * COARSE_SCALE) | 1)
    window = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    background = cv2.medianBlur(cv2.dilate(small, window), 5)
    background = cv2.GaussianBlur(background, (0, 0), 3)
    background = cv2.resize(
        background, grey.shape[::-1], interpolation=cv2.INTER_LINEAR
    )
    return cv2.divide(grey, np.maximum(background, 1), scale=255)


def upscale(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page at OCR_DPI (tesseract reads best with letters about 30
    pixels high), or as close as MAX_OCR_PIXELS allows; never made smaller."""
    factor = min(OCR_DPI / dpi, math.sqrt(MAX_OCR_PIXELS / grey.size))
    if factor <= 1 / 0.95:
        return grey
    height, width = grey.shape
    size = (math.floor(width * factor), math.floor(height * factor))
    return cv2.resize(grey, size, interpolation=cv2.INTER_CUBIC)


def stretch_contrast(grey: np.ndarray) -> np.ndarray:
    """Faded ink made dark again: the darkest ink to black, the paper (the
    median, as most of a page is paper) to white."""
    ink, paper = np.percentile(grey, (1, 50))
    if paper - ink < 10:
        return grey
    lut = np.clip((np.arange(256) - ink) * 255.0 / (paper - ink), 0, 255)
    return cv2.LUT(grey, lut.astype(np.uint8))


def deskew(grey: np.ndarray) -> np.ndarray:
    """Rotate the page so that its text lines are horizontal."""
    angle = skew_angle(grey)
    if abs(angle) < 0.1:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def skew_angle(grey: np.ndarray) -> float:
    """Degrees to rotate by (counter-clockwise): the angle at which the rows
    of ink are sharpest (largest variance of the row sums), found on a small
    copy in steps of 0.5 degree, then on a larger one in steps of 0.1."""
    coarse = _best_angle(
        _ink(grey, COARSE_SCALE), np.arange(-MAX_SKEW_DEGREES, 5.01, 0.5)
    )
    if coarse is None:
        return 0.0
    fine = _best_angle(_ink(grey, 0.5), np.arange(coarse - 0.4, coarse + 0.41, 0.1))
    return float(fine)


def _ink(grey: np.ndarray, scale: float) -> np.ndarray:
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return (small < 160).astype(np.float32)


def _best_angle(ink: np.ndarray, angles: np.ndarray) -> float | None:
    if ink.sum() < 100:
        return None
    height, width = ink.shape

    def sharpness(angle):
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        rotated = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST)
        return float(np.var(rotated.sum(axis=1)))

    return max(angles, key=sharpness)


def _coarse(grey: np.ndarray) -> np.ndarray:
    return cv2.resize(grey, None, fx=COARSE_SCALE, fy=COARSE_SCALE,
                      interpolation=cv2.INTER_AREA)  # fmt: skip


# in this order; bench/reader_accuracy.py --steps replaces it to measure
# what each step brings
STEPS = (
    "denoise", "invert_dark_fills", "normalise_background", "upscale",
    "stretch_contrast", "deskew",
)  # fmt: skip


def clean_page(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page, at `dpi`, through each of STEPS; returned at OCR_DPI."""
    steps = {
        "denoise": denoise,
        "invert_dark_fills": lambda page: invert_dark_fills(page, dpi),
        "normalise_background": lambda page: normalise_background(page, dpi),
        "upscale": lambda page: upscale(page, dpi),
        "stretch_contrast": stretch_contrast,
        "deskew": deskew,
    }
    page = grey
    for step in STEPS:
        page = steps[step](page)
    if "upscale" not in STEPS:
        page = upscale(page, dpi)
    return page
