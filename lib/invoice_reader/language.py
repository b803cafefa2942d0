"""The language an invoice is written in, from words only invoices of that
language print."""

import re

# ISO 639-1 code -> words typical of invoices in that language (accents
# optional: OCR with another language's model often drops them)
_WORDS = {
    "fr": r"facture|montant|date d.[ée]ch[ée]ance|r[èe]glement|tva|total ttc"
    r"|net [àa] payer"
    r"|avoir|client|[àa] payer",
    "en": r"invoice|amount|due date|balance|payment|bill to|total due|subtotal"
    r"|customer",
    "de": r"rechnung|betrag|datum|zahlbar|mwst|ust|kunde|summe|bezeichnung|menge|bitte",
    "nl": r"factuur|bedrag|btw|te betalen|datum|klant|omschrijving|vervaldatum|totaal",
    "es": r"factura|importe|fecha|vencimiento|iva|cliente|total a pagar|descripci[óo]n",
    "it": r"fattura|importo|scadenza|iva|cliente|totale|pagamento|bonifico|spett",
}
_PATTERNS = {
    code: re.compile(rf"\b(?:{words})\b", re.I) for code, words in _WORDS.items()
}
TESSERACT_MODELS = {
    "fr": "fra",
    "en": "eng",
    "de": "deu",
    "nl": "nld",
    "es": "spa",
    "it": "ita",
}


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language with the most invoice words in `text`,
    or None when none is found."""
    scores = {code: len(pattern.findall(text)) for code, pattern in _PATTERNS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else None


FIRST_PASS = "fra+eng"


def tesseract_languages(language: str | None) -> str:
    """Tesseract's models for a page in `language`: French and English (the
    first pass, which finds the language), else the language's own model
    with English (amounts, e-mails and codes read well with it)."""
    if language in (None, "fr", "en"):
        return FIRST_PASS
    return f"{TESSERACT_MODELS[language]}+eng"
