"""QR code images (PNG) rendered with the ``qrcode`` library."""

import io

import qrcode
from qrcode.image.pil import PilImage

ERROR_CORRECTION_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def qr_png(data, error_correction="M", box_size=10, border=4):
    """Return ``data`` as a black-on-white QR code PNG (bytes).

    ``error_correction`` is one of L, M (the EPC069-12 level), Q, H;
    ``box_size`` is the pixel size of one module, ``border`` the quiet zone
    in modules.
    """
    code = _qr_code(data, error_correction, box_size, border)
    stream = io.BytesIO()
    code.make_image(image_factory=PilImage).save(stream)
    return stream.getvalue()


def _qr_code(data, error_correction, box_size, border):
    level = ERROR_CORRECTION_LEVELS.get(error_correction)
    if level is None:
        raise ValueError(
            f"Unknown QR error correction level {error_correction!r}: use L, M, Q or H."
        )
    code = qrcode.QRCode(error_correction=level, box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code
