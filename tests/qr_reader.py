"""Read back the QR codes the addon draws, with OpenCV's own detector: a test
never compares an image with the output of the code that drew it."""

import cv2
import numpy


def decode_qr(png):
    """The text of the one QR code in a PNG image (bytes).

    :raise AssertionError: when no QR code can be read
    """
    image = cv2.imdecode(numpy.frombuffer(png, numpy.uint8), cv2.IMREAD_GRAYSCALE)
    text, points, _straight = cv2.QRCodeDetector().detectAndDecode(image)
    if points is None or not text:
        raise AssertionError("no readable QR code in the image")
    return text
