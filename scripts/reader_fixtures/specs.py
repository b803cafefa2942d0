"""The invoices of the reader's test fixtures: what each page prints and the
truth a reader should find in it. Every company, person, address and number
is fictitious (identifiers from ids.py carry valid check digits)."""

import ids
from specs_abroad import TEXT_EN_GB, TEXT_EN_IN, TEXT_IT_LETTER

NBSP, NNBSP = "\u00a0", "\u202f"

# --- parties ---------------------------------------------------------------------
_ATELIER_SIREN = ids.siren("81122334")
_ATELIER_IBAN = ids.iban("FR", "30004012340001234567862")
_PRIMEUR_SIREN = ids.siren("53287190")
_PRIMEUR_SIRET = ids.siret(_PRIMEUR_SIREN, "0018")
_KLEIN_VAT = ids.de_vat("81524703")
_KLEIN_IBAN = ids.iban("DE", "370400440532013000")
_BAUER_VAT = ids.de_vat("27364519")

ATELIER = {
    "name": "Atelier Verrier du Rhône SAS",
    "lines": [
        "Atelier Verrier du Rhône SAS",
        "14 quai Saint-Vincent, 69001 Lyon",
        "Tél. 04 72 10 20 30",
        "contact@verrier-rhone.fr",
    ],
    "footer": [
        "Atelier Verrier du Rhône SAS au capital de 20 000 € \u2013 RCS Lyon "
        f"{_ATELIER_SIREN[:3]} {_ATELIER_SIREN[3:6]} {_ATELIER_SIREN[6:]} \u2013 SIRET "
        f"{ids.siret(_ATELIER_SIREN, '0014')} \u2013 TVA {ids.fr_vat(_ATELIER_SIREN)}",
    ],
    "payment": [
        "Règlement par virement bancaire à 30 jours",
        f"IBAN : {ids.grouped(_ATELIER_IBAN)} \u2013 BIC : BNPAFRPPXXX",
    ],
    "vat": ids.fr_vat(_ATELIER_SIREN),
    "siret": ids.siret(_ATELIER_SIREN, "0014"),
    "iban": _ATELIER_IBAN,
}
PRIMEUR = {
    "name": "Primeurs des Halles SARL",
    "lines": [
        "Primeurs des Halles SARL",
        "À l'attention de M. Hugo Lambert",
        "3 rue des Halles",
        "69002 Lyon",
        "Tél. : 04 78 00 12 34",
        "compta@primeurs-halles.fr",
        f"SIRET : {_PRIMEUR_SIRET[:3]} {_PRIMEUR_SIRET[3:6]} {_PRIMEUR_SIRET[6:9]} "
        f"{_PRIMEUR_SIRET[9:]}",
        f"N° TVA : {ids.fr_vat(_PRIMEUR_SIREN)}",
    ],
    "truth": {
        "name": "Primeurs des Halles SARL",
        "customer_type": "company",
        "email": "compta@primeurs-halles.fr",
        "phone": "04 78 00 12 34",
        "vat": ids.fr_vat(_PRIMEUR_SIREN),
        "siren": None,
        "siret": _PRIMEUR_SIRET,
    },
    "alternatives": {"siren": [_PRIMEUR_SIREN]},
}
FR_ITEMS = [
    ("Vitrail sur mesure, salle de réception", "1", "2 400,00", "2 400,00"),
    ("Pose et scellement", "1", "580,00", "580,00"),
    ("Déplacement", "2", "45,00", "90,00"),
]

# --- the invoices ----------------------------------------------------------------
TEXT_FR_DEPOSIT = {
    "key": "text_fr_deposit",
    "layout": "classic",
    "title": "FACTURE",
    "number_line": "Facture n° VR-2024-0192",
    "meta": [
        ("Date de facture :", "12/03/2024"),
        ("Date d'échéance :", "11/04/2024"),
        ("N° client :", "CL-2291"),
        ("Bon de commande :", "BC-7781"),
    ],
    "seller": ATELIER,
    "customer_label": "Facturer à",
    "customer": PRIMEUR["lines"],
    "items_header": ("Désignation", "Qté", "P.U. HT", "Montant HT"),
    "items": FR_ITEMS,
    "totals": [
        ("Total HT", f"3{NBSP}070,00 €"),
        ("TVA 20 %", "614,00 €"),
        ("Total TTC", f"3{NBSP}684,00 €"),
        ("Acompte versé le 01/03/2024", f"1{NBSP}000,00 €"),
        ("Reste à payer", f"2{NBSP}684,00 €"),
    ],
    "truth": {
        "amount": 2684.00,
        "currency": "EUR",
        "reference": "VR-2024-0192",
        "date": "2024-03-12",
        "due_date": "2024-04-11",
        **PRIMEUR["truth"],
        "iban": _ATELIER_IBAN,
        "issuer": ATELIER["name"],
        "alternatives": PRIMEUR["alternatives"],
        "language": "fr",
    },
}
# the same invoice with its Factur-X XML (see facturx_xml.py)
FACTURX_FR = {
    **TEXT_FR_DEPOSIT,
    "key": "facturx_fr",
    "facturx": True,
}

_KLEIN = {
    "name": "Klein & Vogt Haustechnik GmbH",
    "sender_line": "Klein & Vogt Haustechnik GmbH \u2022 Hafenstraße 8 \u2022 "
    "20457 Hamburg",
    "lines": [
        "Klein & Vogt Haustechnik GmbH",
        "Hafenstraße 8, 20457 Hamburg",
        "Telefon 040 3344 5566",
    ],
    "footer": [
        f"Geschäftsführer: Jonas Klein \u2013 Amtsgericht Hamburg HRB 123456 \u2013 "
        f"USt-IdNr. {_KLEIN_VAT}",
        f"Hamburger Sparkasse \u2013 IBAN {ids.grouped(_KLEIN_IBAN)} "
        "\u2013 BIC HASPDEHHXXX",
    ],
    "vat": _KLEIN_VAT,
    "iban": _KLEIN_IBAN,
}
TEXT_DE_WINDOW = {
    "key": "text_de_window",
    "layout": "window",
    "title": "Rechnung",
    "seller": _KLEIN,
    "customer": [
        "Bäckerei Sommer OHG",
        "Frau Anna Sommer",
        "Lindenallee 17",
        "22301 Hamburg",
    ],
    "meta": [
        ("Rechnungsnummer:", "RE-24-0815"),
        ("Rechnungsdatum:", "05.06.2024"),
        ("Kundennummer:", "K-4471"),
        ("Zahlbar bis:", "19.06.2024"),
    ],
    "customer_contact": [
        "E-Mail: buchhaltung@baeckerei-sommer.de",
        f"USt-IdNr. Kunde: {_BAUER_VAT}",
    ],
    "items_header": ("Bezeichnung", "Menge", "Einzelpreis", "Gesamt"),
    "items": [
        ("Wartung Heizungsanlage", "1", "380,00", "380,00"),
        ("Austausch Umwälzpumpe", "1", "265,50", "265,50"),
        ("Arbeitszeit (Std.)", "3", "68,00", "204,00"),
    ],
    "totals": [
        ("Nettobetrag", "849,50 €"),
        ("zzgl. 19 % MwSt.", "161,41 €"),
        ("Rechnungsbetrag", "1.010,91 €"),
    ],
    "payment": ["Bitte überweisen Sie den Rechnungsbetrag bis zum 19.06.2024."],
    "truth": {
        "amount": 1010.91,
        "currency": "EUR",
        "reference": "RE-24-0815",
        "date": "2024-06-05",
        "due_date": "2024-06-19",
        "name": "Bäckerei Sommer OHG",
        "customer_type": "company",
        "email": "buchhaltung@baeckerei-sommer.de",
        "phone": None,
        "vat": _BAUER_VAT,
        "siren": None,
        "siret": None,
        "iban": _KLEIN_IBAN,
        "issuer": _KLEIN["name"],
        "language": "de",
    },
}

RECEIPT_PAID_FR = {
    "key": "receipt_paid_fr",
    "layout": "receipt",
    "seller": {
        "name": "Cycles du Vieux Port",
        "lines": [
            "Cycles du Vieux Port",
            "2 quai du Port, 13002 Marseille",
            "04 91 55 66 77",
        ],
    },
    "title": "FACTURE ACQUITTÉE",
    "meta": [("Facture n°", "T-88412"), ("Date", "22/04/2024")],
    "customer": ["Client : Mme Léa Garnier", "lea.garnier@example.fr"],
    "items": [("Révision complète vélo", "89,00"), ("Chambre à air", "9,90")],
    "totals": [
        ("Total TTC", "98,90 €"),
        ("Payé par carte le 22/04/2024", "98,90 €"),
        ("Solde", "0,00 €"),
    ],
    "truth": {
        "amount": 0.0,
        "currency": "EUR",
        "reference": "T-88412",
        "date": "2024-04-22",
        "due_date": None,
        "name": "Léa Garnier",
        "customer_type": "individual",
        "email": "lea.garnier@example.fr",
        "phone": None,
        "vat": None,
        "siren": None,
        "siret": None,
        "iban": None,
        "issuer": "Cycles du Vieux Port",
        "warnings": ["already_paid"],
        "language": "fr",
    },
}

CREDIT_NOTE_FR = {
    **TEXT_FR_DEPOSIT,
    "key": "credit_note_fr",
    "title": "AVOIR",
    "number_line": "Avoir n° AV-2024-0007",
    "meta": [("Date de l'avoir :", "20/03/2024"), ("Sur facture :", "VR-2024-0192")],
    "items": [("Remise commerciale sur vitrail", "1", "200,00", "200,00")],
    "totals": [
        ("Total HT", "200,00 €"),
        ("TVA 20 %", "40,00 €"),
        ("Montant de l'avoir TTC", "240,00 €"),
    ],
    "truth": {
        **TEXT_FR_DEPOSIT["truth"],
        "amount": -240.00,
        "reference": "AV-2024-0007",
        "date": "2024-03-20",
        "due_date": None,
        "warnings": ["credit_note"],
    },
}

NOT_INVOICE = {
    "key": "not_invoice",
    "layout": "prose",
    "paragraphs": [
        "Compte rendu de la réunion du comité des fêtes",
        "Les membres présents ont discuté de l'organisation de la fête du "
        "village, du choix des musiciens et de la décoration de la place.",
        "La prochaine réunion se tiendra dans la salle communale, après "
        "les vacances. Chacun apportera ses idées pour le programme.",
    ],
}

INVOICES = [
    TEXT_FR_DEPOSIT,
    FACTURX_FR,
    TEXT_DE_WINDOW,
    TEXT_EN_GB,
    TEXT_EN_IN,
    TEXT_IT_LETTER,
    RECEIPT_PAID_FR,
    CREDIT_NOTE_FR,
    NOT_INVOICE,
]
