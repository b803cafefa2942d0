"""The sheet of paper in a phone photo, seen from straight above.

The sheet's outline (or any large rectangle printed on it, such as a table's
frame) is found as a four-cornered contour of the edge map; the perspective
that makes it a rectangle is applied to the whole photo, so that nothing of
the page is lost even when the outline found is not the sheet's own."""

import cv2
import numpy as np

DETECTION_SIDE = 800  # pixels of the long side the outline is looked for at
MIN_OUTLINE_AREA = 0.15  # of the photo
MAX_CORNER_SKEW_DEGREES = 30  # a rectangle seen at an angle, not any shape
# below this, the outline is square to the frame: a scan, nothing to correct
MIN_PERSPECTIVE_PIXELS = 0.01  # of the long side, corner displacement
MAX_CANVAS = 1.5  # the straightened photo, at most this times the outline


def flatten_page(image: np.ndarray) -> tuple[np.ndarray, float | None]:
    """(grey page, width in pixels of the outline found, or None when no
    perspective was corrected). `image` is grey or RGB; without a clear
    outline, the image is returned as it is."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    corners = find_outline(grey)
    if corners is None or not _needs_correction(corners, grey.shape):
        return grey, None
    return _straighten(grey, corners)


def find_outline(grey: np.ndarray) -> np.ndarray | None:
    """Corners (top-left, top-right, bottom-right, bottom-left; in `grey`
    pixels) of the largest four-cornered contour that looks like a rectangle
    seen at an angle, or None."""
    scale = DETECTION_SIDE / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    edges = cv2.Canny(cv2.GaussianBlur(small, (5, 5), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    min_area = MIN_OUTLINE_AREA * small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:10]:
        if cv2.contourArea(contour) < min_area:
            break
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            corners = _ordered(approx.reshape(4, 2).astype(np.float32))
            if _is_rectangle_in_perspective(corners):
                return corners / scale
    return None


def _is_rectangle_in_perspective(corners: np.ndarray) -> bool:
    for index in range(4):
        before, here, after = (
            corners[index - 1],
            corners[index],
            corners[(index + 1) % 4],
        )
        first, second = before - here, after - here
        cosine = first @ second / (np.linalg.norm(first) * np.linalg.norm(second))
        angle = np.degrees(np.arccos(np.clip(cosine, -1, 1)))
        if abs(angle - 90) > MAX_CORNER_SKEW_DEGREES:
            return False
    return True


def _needs_correction(corners: np.ndarray, shape: tuple) -> bool:
    """Whether the outline's corners are off an upright rectangle."""
    left = (corners[0][0] + corners[3][0]) / 2
    right = (corners[1][0] + corners[2][0]) / 2
    top = (corners[0][1] + corners[1][1]) / 2
    bottom = (corners[2][1] + corners[3][1]) / 2
    upright = np.array([[left, top], [right, top], [right, bottom], [left, bottom]])
    displacement = np.abs(corners - upright).max()
    return displacement > MIN_PERSPECTIVE_PIXELS * max(shape)


def _ordered(quad: np.ndarray) -> np.ndarray:
    sums, differences = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.array(
        [
            quad[np.argmin(sums)],
            quad[np.argmin(differences)],
            quad[np.argmax(sums)],
            quad[np.argmax(differences)],
        ],
        np.float32,
    )


def _straighten(grey: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, float]:
    """(the whole photo under the perspective that makes `corners` a
    rectangle, cut to the photo's extent, at most MAX_CANVAS times the
    rectangle around it; the rectangle's width)."""
    top_left, top_right, bottom_right, bottom_left = corners
    width = max(
        np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left)
    )
    height = max(
        np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right)
    )
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    rows, columns = grey.shape
    frame = np.array(
        [[[0, 0]], [[columns, 0]], [[columns, rows]], [[0, rows]]], np.float32
    )
    seen = cv2.perspectiveTransform(frame, matrix).reshape(4, 2)
    margin_x, margin_y = (MAX_CANVAS - 1) / 2 * width, (MAX_CANVAS - 1) / 2 * height
    left = max(seen[:, 0].min(), -margin_x)
    top = max(seen[:, 1].min(), -margin_y)
    right = min(seen[:, 0].max(), width + margin_x)
    bottom = min(seen[:, 1].max(), height + margin_y)
    shift = np.array([[1, 0, -left], [0, 1, -top], [0, 0, 1]], np.float64)
    size = (int(right - left), int(bottom - top))
    straight = cv2.warpPerspective(grey, shift @ matrix, size, flags=cv2.INTER_CUBIC,
                                   borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return straight, float(width)
