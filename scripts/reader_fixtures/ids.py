"""Fictitious identifiers with valid check digits (python-stdnum's own checks
accept them; they may coincide with real registrations by chance)."""

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.iso7064 import mod_11_10


def siren(stem: str) -> str:
    """A SIREN from 8 digits."""
    return stem + luhn.calc_check_digit(stem)


def siret(siren_number: str, establishment: str) -> str:
    """A SIRET from a SIREN and a 4-digit establishment number."""
    stem = siren_number + establishment
    return stem + luhn.calc_check_digit(stem)


def fr_vat(siren_number: str) -> str:
    key = (12 + 3 * (int(siren_number) % 97)) % 97
    return f"FR{key:02d}{siren_number}"


def de_vat(stem: str) -> str:
    """A German USt-IdNr from 8 digits."""
    return "DE" + stem + mod_11_10.calc_check_digit(stem)


def it_vat(stem: str) -> str:
    """An Italian partita IVA from 10 digits."""
    return "IT" + stem + luhn.calc_check_digit(stem)


def nl_vat(stem: str) -> str:
    """A Dutch btw-id from the first 8 digits of its RSIN (eleven test)."""
    total = sum((9 - i) * int(d) for i, d in enumerate(stem))
    check = total % 11
    if check == 10:
        raise ValueError(f"no RSIN check digit for {stem}")
    return f"NL{stem}{check}B01"


def iban(country: str, bban: str) -> str:
    """A compact IBAN of `country` with a valid check number."""
    digits = stdnum_iban.calc_check_digits(country + "00" + bban)
    return country + digits + bban


def grouped(number: str) -> str:
    """'FR7630004...' as printed: groups of four."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
