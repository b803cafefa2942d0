"""The words invoices print, in the languages the reader knows: French,
English (also Indian and Australian), German, Dutch, Spanish, Italian.

Each list is a set of regular expressions (lower case); `pattern()` joins
them into one that tolerates what OCR does to labels (glued words, lost
accents)."""

import difflib
import re
import unicodedata

# the billed party's block
CUSTOMER_LABELS = (
    # fr
    r"factur[ée] [àa]",
    r"facturer [àa]",
    r"adresse de facturation",
    r"adresse du client",
    r"destinataire(?: de la facture)?",
    r"client(?: factur[ée])?",
    # en
    r"bill(?:ed)? to(?: address)?",
    r"invoice to",
    r"invoiced to",
    r"sold to",
    r"customer",
    r"client details",
    r"billing address",
    r"recipient",
    # de
    r"rechnungsempf[äa]nger",
    r"rechnung an",
    r"rechnungsadresse",
    r"kunde",
    r"empf[äa]nger",
    # nl
    r"klant",
    r"factuur aan",
    r"factuuradres",
    r"afnemer",
    # es
    r"cliente",
    r"facturar a",
    r"facturado a",
    r"datos del cliente",
    r"cobrar a",
    # it
    r"spett\.?(?:le|abile)",
    r"destinatario",
    r"intestatario",
    r"fatturare a",
    r"committente",
)

# the amount still to pay, strongest first within each group
AMOUNT_DUE_LABELS = (
    # fr
    r"reste [àa] payer",
    r"solde (?:[àa] payer|d[ûu])",
    r"net [àa] payer",
    r"montant [àa] r[ée]gler",
    r"montant d[ûu]",
    r"total [àa] payer",
    r"somme [àa] payer",
    r"montant du pr[ée]l[èe]vement",
    r"montant [àa] payer",
    # en
    r"balance due",
    r"amount due",
    r"total due",
    r"due payable",
    r"residual",
    r"amount payable",
    r"total payable",
    r"total amount payable",
    r"net payable",
    r"balance to pay",
    r"amount to pay",
    r"please pay",
    r"total to pay",
    # de
    r"zahlbetrag",
    r"zu zahlen(?:der betrag)?",
    r"restbetrag",
    r"offener betrag",
    r"zahlungsbetrag",
    r"f[äa]lliger betrag",
    # nl
    r"te betalen",
    r"totaal te betalen",
    r"openstaand bedrag",
    r"te voldoen",
    # es
    r"saldo adeudado",
    r"total a pagar",
    r"importe adeudado",
    r"importe a pagar",
    r"cantidad a pagar",
    # it
    r"totale da pagare",
    r"importo da pagare",
    r"netto a pagare",
    r"importo dovuto",
    r"saldo dovuto",
    r"totale dovuto",
    r"da pagare",
)

# a gross total: the amount to pay when no balance is printed
GROSS_TOTAL_LABELS = (
    r"total ttc",
    r"montant ttc",
    r"total tvac",
    r"montant total",
    r"grand total",
    r"invoice total",
    r"total for this invoice",
    r"total incl",
    r"total amount",
    r"invoice amount",
    r"gesamtbetrag",
    r"rechnungsbetrag",
    r"bruttobetrag",
    r"brutto",
    r"endbetrag",
    r"endsumme",
    r"gesamtsumme",
    r"rechnungssumme",
    r"totaal(?:bedrag)?",
    r"factuurbedrag",
    r"totaal incl",
    r"importe total",
    r"total factura",
    r"total con iva",
    r"totale fattura",
    r"totale documento",
    r"importo totale",
    r"totale ivato",
    # a credit note's total
    r"montant de l.avoir(?: ttc)?",
    r"total (?:de l.)?avoir",
    r"credit note total",
    r"total credit",
    r"gutschriftsbetrag",
    r"totale nota di credito",
)

# the invoice number's label
REFERENCE_LABELS = (
    r"invoice\s*(?:id|ref)",
    r"r[ée]f[ée]rence facture",
    r"rechnungs-?\s?(?:nummer|nr\.?)",
    r"factuur-?\s?(?:nummer|nr\.?)",
    r"numero fattura",
    r"n(?:umero)?\.? fattura",
    r"n[úu]mero de factura",
    r"tax invoice no\.?",
    r"bill no\.?",
    r"inv\.? no\.?",
)
DOCUMENT_WORDS = (
    r"facture",
    r"invoice",
    r"rechnung",
    r"factuur",
    r"factura",
    r"fattura",
    r"avoir",
    r"credit note",
    r"gutschrift",
    r"creditnota",
    r"nota de cr[ée]dito",
    r"nota di credito",
)
NUMBER_WORDS = r"(?:n\s?[°ºo]\.?|no\.?|nr\.?|num[ée]ro|number|nummer|n[úu]mero|#|n\.)"

# a credit note: nothing to pay by link
CREDIT_NOTE_TITLES = (
    r"avoir",
    r"facture d.avoir",
    r"credit note",
    r"credit memo",
    r"gutschrift",
    r"rechnungskorrektur",
    r"creditnota",
    r"creditfactuur",
    r"nota de cr[ée]dito",
    r"factura rectificativa",
    r"nota di credito",
)

# a stamp or title saying the document is settled ("FACTURE ACQUITTÉE", "PAID")
PAID_MARKS = (
    r"(?:facture )?acquitt[ée]e?",
    r"d[ée]j[àa] (?:r[ée]gl[ée]e?|pay[ée]e?)",
    r"sold[ée]e",
    r"paid(?: in full)?",
    r"already paid",
    r"fully paid",
    r"payment received",
    r"(?:bereits )?bezahlt",
    r"beglichen",
    r"(?:reeds )?betaald",
    r"voldaan",
    r"pagad[oa]",
    r"ya pagad[oa]",
    r"pagat[oa]",
    r"quietanzata",
    r"saldat[oa]",
)
# a line giving what is left to pay ("Solde 0,00 €", "Balance 0.00")
BALANCE_WORDS = (
    r"solde",
    r"reste",
    r"restant",
    r"balance",
    r"outstanding",
    r"saldo",
    r"restbetrag",
    r"offen",
    r"openstaand",
    r"te betalen",
    r"pendiente",
    r"da pagare",
    r"residuo",
)


def pattern(labels: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive pattern for `labels`, whose words OCR may glue
    together ("Totalapayer")."""
    return re.compile("|".join(label.replace(" ", r"\s*") for label in labels), re.I)


def plain(text: str) -> str:
    """Lower case letters only, accents removed: the form fuzzy matching
    compares."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if char.isalpha())


_PLAIN_CUSTOMER_LABELS = tuple(
    plain(re.sub(r"\(\?:[^)]*\)\??|\[([^\]])[^\]]*\]|\\.|[?.*+]", r"\1", label))
    for label in CUSTOMER_LABELS
)


# "Customer ID", "Kundennummer": a customer's number, not the block's label
# other labels a garbled customer label must not be mistaken for
_OTHER_LABEL = re.compile(
    r"\b(?:id|no|nr|number|code|ref|date|datum|fecha|data|term|terms)\b|n°|nummer|num[ée]ro",
    re.I,
)


def is_customer_label(text: str, garbled: bool = False) -> bool:
    """Whether a segment is a customer label; with `garbled` (OCR text), also
    with one or two letters wrong ("Faciurer à", "Bilto")."""
    candidate = text.strip(" :.|[]")
    if pattern(CUSTOMER_LABELS).fullmatch(candidate):
        return True
    letters = plain(candidate)
    if not garbled or not 5 <= len(letters) <= 25 or _OTHER_LABEL.search(candidate):
        return False
    if any(char.isdigit() for char in candidate) or len(candidate.split()) > 4:
        return False
    if pattern(DOCUMENT_WORDS).fullmatch(candidate):
        return False  # "FACTURE" is a title, not a garbled "Facturé à"
    return any(
        abs(len(letters) - len(label)) <= 2
        and difflib.SequenceMatcher(None, letters, label).ratio() >= 0.85
        for label in _PLAIN_CUSTOMER_LABELS
        if len(label) >= 5
    )
