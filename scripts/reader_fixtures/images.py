"""Image-only fixtures: a text PDF rasterised, then damaged the way a scanner
or a phone camera damages paper. Seeded, so the same code gives the same
images."""

import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def rasterise(pdf_bytes: bytes, dpi: int) -> Image.Image:
    """The first page as a grey image (poppler's pdftoppm)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "in.pdf")
        source.write_bytes(pdf_bytes)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", "1",
             "-l", "1", str(source), str(Path(folder, "page"))],
            check=True,
        )  # fmt: skip
        return Image.open(Path(folder, "page.png")).convert("L").copy()


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def image_pdf(image_jpeg: bytes, dpi: float) -> bytes:
    """An image-only PDF holding the JPEG as its one page (no text layer)."""
    buffer = io.BytesIO()
    Image.open(io.BytesIO(image_jpeg)).save(
        buffer,
        "PDF",
        resolution=dpi,
        title="scan",
        creator="scanner",
        producer="scanner",
    )
    return buffer.getvalue()


def mild_scan(page: Image.Image, seed: int) -> Image.Image:
    """A clean office scanner: slight skew, blur and noise."""
    rng = np.random.default_rng(seed)
    page = page.rotate(0.9, resample=Image.BICUBIC, fillcolor=250)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(page, dtype=np.float32) + rng.normal(0, 6, page.size[::-1])
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def office_scan(page: Image.Image, seed: int) -> Image.Image:
    """Grey recycled paper with an uneven tone and blotches, faded ink, skew,
    blur, noise, dust and the scanner lid's dark edge."""
    rng = np.random.default_rng(seed)
    ink = 1.0 - np.asarray(page, dtype=np.float32) / 255.0
    height, width = ink.shape
    rows, columns = np.mgrid[0:height, 0:width]
    tone = 208 + 22 * (columns / width - 0.5) + 10 * (rows / height - 0.5)
    blotches = rng.normal(0, 1, (height // 50 + 2, width // 50 + 2)).astype(np.float32)
    tone += 6 * np.asarray(
        Image.fromarray(blotches).resize((width, height), Image.BICUBIC)
    )
    pixels = tone * (1 - ink) + 72 * ink
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    image = image.rotate(-1.4, resample=Image.BICUBIC, fillcolor=205)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, 9, (height, width))
    specks = int(pixels.size * 0.0006)
    pixels[rng.integers(0, height, specks), rng.integers(0, width, specks)] = 40
    pixels[:, :14] *= 0.3
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def phone_photo(page: Image.Image, seed: int) -> Image.Image:
    """The sheet on a wooden table, shot at an angle: perspective, a shadow
    across one side, a warm colour cast, blur and sensor noise."""
    rng = np.random.default_rng(seed)
    sheet = page.convert("RGB")
    width, height = sheet.size
    canvas_size = (int(width * 1.2), int(height * 1.15))
    table = np.full((canvas_size[1], canvas_size[0], 3), (110, 80, 55), np.float32)
    table += rng.normal(0, 7, table.shape)
    canvas = Image.fromarray(np.clip(table, 0, 255).astype(np.uint8))
    left, top = (canvas_size[0] - width) // 2, (canvas_size[1] - height) // 2
    canvas.paste(sheet, (left, top))
    corners = [(left, top), (left + width, top), (left + width, top + height),
               (left, top + height)]  # fmt: skip
    seen = [(left + 0.06 * width, top + 0.03 * height),
            (left + 0.95 * width, top + 0.06 * height),
            (left + 0.99 * width, top + 0.97 * height),
            (left + 0.02 * width, top + 0.99 * height)]  # fmt: skip
    canvas = canvas.transform(canvas_size, Image.PERSPECTIVE,
                              _perspective(corners, seen), Image.BICUBIC,
                              fillcolor=(110, 80, 55))  # fmt: skip
    pixels = np.asarray(canvas, dtype=np.float32)
    rows, columns = np.mgrid[0 : canvas_size[1], 0 : canvas_size[0]]
    slope = (columns * 0.8 + rows * 0.5 - 0.75 * canvas_size[0]) / (
        0.05 * canvas_size[0]
    )
    shadow = 1.0 - 0.4 / (1.0 + np.exp(-slope))
    pixels *= shadow[..., None] * np.array((1.0, 0.95, 0.84), np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, 4, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return image.resize(
        (int(canvas_size[0] * 0.8), int(canvas_size[1] * 0.8)), Image.LANCZOS
    )


def _perspective(target, source):
    """Image.transform(PERSPECTIVE) coefficients mapping `target` corners
    (output) to `source` corners (input)."""
    rows, values = [], []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return np.linalg.solve(np.array(rows), np.array(values))
