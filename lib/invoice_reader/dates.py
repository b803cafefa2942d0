"""Invoice and due dates from layout text."""

import datetime
import re
import unicodedata

from .layout import value_below

MONTHS = {
    # fr, en, de, nl, es, it (accents stripped, lower case)
    "janvier": 1, "january": 1, "januar": 1, "januari": 1, "enero": 1, "jan": 1,
    "fevrier": 2, "february": 2, "februar": 2, "februari": 2, "febrero": 2, "feb": 2,
    "mars": 3, "march": 3, "marz": 3, "maerz": 3, "maart": 3, "marzo": 3, "mar": 3,
    "avril": 4, "april": 4, "abril": 4, "apr": 4,
    "mai": 5, "may": 5, "mei": 5, "mayo": 5,
    "juin": 6, "june": 6, "juni": 6, "junio": 6, "jun": 6,
    "juillet": 7, "july": 7, "juli": 7, "julio": 7, "jul": 7,
    "aout": 8, "august": 8, "augustus": 8, "agosto": 8, "aug": 8,
    "septembre": 9, "september": 9, "septiembre": 9, "sep": 9, "sept": 9,
    "octobre": 10, "october": 10, "oktober": 10, "octubre": 10, "oct": 10, "okt": 10,
    "novembre": 11, "november": 11, "noviembre": 11, "nov": 11,
    "decembre": 12, "december": 12, "dezember": 12, "diciembre": 12,
    "dec": 12, "dez": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12, "mag": 5, "giu": 6, "lug": 7,
    "ago": 8, "set": 9, "ott": 10, "dic": 12, "gen": 1,
    "mrt": 3,
}  # fmt: skip
_MONTH = r"(?P<month_name>[a-zA-ZÀ-ÿ]{3,10})\.?"
DATE_RE = re.compile(
    r"(?<!\d)(?:"
    r"(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    # two-digit years only in the dotted form (26.10.22), never in phone numbers
    r"|(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y2>\d{4}|(?<=\.)\d{2})"
    rf"|(?P<d3>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+{_MONTH}\s+(?P<y3>\d{{4}})"
    rf"|{_MONTH.replace('month_name', 'month_name2')}"
    r"\s+(?P<d4>\d{1,2})\s*,\s*(?P<y4>\d{4})"
    r")(?!\d)"
)
INVOICE_DATE_LABEL = re.compile(
    r"date (?:de (?:la )?)?factur(?:e|ation)|date d['\u2019][ée]mission|invoice date"
    r"|date of issue"
    r"|rechnungsdatum|belegdatum|factuurdatum"
    r"|fecha(?: de (?:la )?factura| de emisi[óo]n)?"
    r"|\bdatum\b|\bdata\b(?: (?:della )?fattura| di emissione)?"
    r"|factur[ea]\s+n?°?\s*\S+\s+du\b|fattura\s+n\.?\s*\S+\s+del\b|\bdate\b",
    re.I,
)
DUE_DATE_LABEL = re.compile(
    r"date d['\u2019][ée]ch[ée]ance|[ée]ch[ée]ance|date limite de paiement|due date"
    r"|payment due|\bdue on\b"
    r"|zahlbar bis|f[äa]llig(?:keitsdatum| am)?|vervaldatum|uiterste betaaldatum"
    r"|(?:fecha de )?vencimiento|(?:data (?:di )?)?scadenza|entro il|pay(?:able)? by"
    r"|[àa] r[ée]gler (?:avant )?le|payable (?:avant )?le",
    re.I,
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def uses_month_first(lines: list[str]) -> bool:
    """US order when some numeric date only makes sense as month/day/year."""
    for line in lines:
        for match in DATE_RE.finditer(line):
            if (
                match.group("a")
                and len(match.group("y2")) == 4
                and int(match.group("b")) > 12 >= int(match.group("a"))
            ):
                return True
    return False


def to_date(match: re.Match, month_first: bool = False) -> datetime.date | None:
    groups = match.groupdict()
    try:
        if groups["y1"]:
            return datetime.date(
                int(groups["y1"]), int(groups["m1"]), int(groups["d1"])
            )
        if groups["y2"]:
            day, month = int(groups["a"]), int(groups["b"])
            if month_first:
                day, month = month, day
            year = int(groups["y2"])
            return datetime.date(year + 2000 if year < 100 else year, month, day)
        name = groups["month_name"] or groups["month_name2"]
        month = MONTHS.get(_strip_accents(name).lower())
        day = groups["d3"] or groups["d4"]
        year = groups["y3"] or groups["y4"]
        return datetime.date(int(year), month, int(day)) if month else None
    except ValueError:
        return None


def parse_date(text: str, month_first: bool = False) -> datetime.date | None:
    for match in DATE_RE.finditer(text):
        found = to_date(match, month_first)
        if found:
            return found
    return None


def find_dates(lines: list[str]):
    """((invoice date, confidence), (due date, confidence))."""
    month_first = uses_month_first(lines)
    due = _labelled_date(lines, DUE_DATE_LABEL, month_first)
    invoice = _labelled_date(
        lines, INVOICE_DATE_LABEL, month_first, exclude=DUE_DATE_LABEL
    )
    if invoice[0] is None:
        first = next(
            (found for line in lines if (found := parse_date(line, month_first))), None
        )
        invoice = (first, 0.4 if first else 0.0)
    return invoice, due


def _labelled_date(lines, label, month_first, exclude=None):
    for index, line in enumerate(lines):
        for match in label.finditer(line):
            if exclude and exclude.search(line[match.start() : match.end() + 15]):
                continue
            found = _date_near(lines, index, match, month_first)
            if found:
                return found, 0.9
    return None, 0.0


def _date_near(lines, index, label_match, month_first):
    after = lines[index][label_match.end() :]
    same_line = DATE_RE.search(after)
    # the value is the next thing after its label, however far right
    if same_line and "  " not in after[: same_line.start()].strip(" :.\t"):
        return to_date(same_line, month_first)
    next_text = after.lstrip(" :.").split("  ")[0]
    if next_text and not next_text.endswith(":"):
        return None  # a printed term such as "à réception" instead of a date
    below = value_below(lines, index, label_match.start(), DATE_RE)
    return to_date(below, month_first) if below else None
