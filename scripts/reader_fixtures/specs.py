"""The invoices of the reader's test fixtures: what each page prints and the
truth a reader should find in it. Every company, person, address and number
is fictitious (identifiers from ids.py carry valid check digits)."""

import ids

NBSP, NNBSP = "\u00a0", "\u202f"

# --- parties ---------------------------------------------------------------------
_ATELIER_SIREN = ids.siren("81122334")
_ATELIER_IBAN = ids.iban("FR", "30004012340001234567862")
_PRIMEUR_SIREN = ids.siren("53287190")
_PRIMEUR_SIRET = ids.siret(_PRIMEUR_SIREN, "0018")
_KLEIN_VAT = ids.de_vat("81524703")
_KLEIN_IBAN = ids.iban("DE", "370400440532013000")
_BAUER_VAT = ids.de_vat("27364519")
_ROSSI_VAT = ids.it_vat("0765432001")
_ROSSI_IBAN = ids.iban("IT", "X0542811101000000123456")
_MOLINO_VAT = ids.it_vat("0223344015")
_THAMES_IBAN = ids.iban("GB", "NWBK60161331926819")

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

_THAMES = {
    "name": "Thames Print Works Ltd",
    "lines": [
        "Thames Print Works Ltd",
        "21 Wharf Road, London N1 7GR",
        "Phone 020 7946 0321",
        "accounts@thamesprint.co.uk",
    ],
    "footer": [
        "Thames Print Works Ltd \u2013 Registered in England No. 08123456",
    ],
    "payment": [
        "Please pay by bank transfer within 14 days.",
        f"IBAN: {ids.grouped(_THAMES_IBAN)}   BIC: NWBKGB2L",
    ],
    "iban": _THAMES_IBAN,
}
TEXT_EN_GB = {
    "key": "text_en_gb",
    "layout": "classic",
    "title": "INVOICE",
    "number_line": "Invoice No. TPW-3318",
    "meta": [
        ("Invoice date:", "14 May 2024"),
        ("Due date:", "28 May 2024"),
        ("Order ref:", "PO-55120"),
    ],
    "seller": _THAMES,
    "customer_label": "Bill to",
    "customer": [
        "Mr Oliver Bennett",
        "7 Elm Grove",
        "Bristol BS6 5AQ",
        "oliver.bennett@example.co.uk",
        "Tel. 07700 900461",
    ],
    "items_header": ("Description", "Qty", "Unit price", "Amount"),
    "items": [
        ("Wedding invitations, 120 cards", "1", "£340.00", "£340.00"),
        ("Envelopes, cream", "120", "£0.45", "£54.00"),
    ],
    "totals": [
        ("Subtotal", "£394.00"),
        ("VAT 20%", "£78.80"),
        ("Deposit paid", "£100.00"),
        ("Balance due", "£372.80"),
    ],
    "truth": {
        "amount": 372.80,
        "currency": "GBP",
        "reference": "TPW-3318",
        "date": "2024-05-14",
        "due_date": "2024-05-28",
        "name": "Oliver Bennett",
        "customer_type": "individual",
        "email": "oliver.bennett@example.co.uk",
        "phone": "07700 900461",
        "vat": None,
        "siren": None,
        "siret": None,
        "iban": _THAMES_IBAN,
        "issuer": _THAMES["name"],
        "alternatives": {"name": ["Mr Oliver Bennett"]},
        "language": "en",
    },
}

_GSTIN_SELLER = "29ABCDE1234F1Z5"
TEXT_EN_IN = {
    "key": "text_en_in",
    "layout": "window",
    "title": "TAX INVOICE",
    "seller": {
        "name": "Nilgiri Software Services Pvt Ltd",
        "sender_line": "Nilgiri Software Services Pvt Ltd \u2022 42 MG Road \u2022 "
        "Bengaluru 560001",
        "lines": [
            "Nilgiri Software Services Pvt Ltd",
            "42 MG Road, Bengaluru 560001, India",
            f"GSTIN: {_GSTIN_SELLER}",
        ],
        "footer": [
            "Bank: State Bank of India, A/c No. 30412345678, IFSC SBIN0001234",
        ],
    },
    "customer": [
        "Maison Lavande SARL",
        "12 rue Paradis",
        "13001 Marseille",
        "France",
    ],
    "meta": [
        ("Invoice No:", "NSS/2024-25/117"),
        ("Date:", "02/07/2024"),
        ("Due Date:", "01/08/2024"),
    ],
    "customer_contact": ["Contact: finance@maison-lavande.fr"],
    "items_header": ("Description", "Hours", "Rate", "Amount"),
    "items": [
        ("Mobile app development", "120", "₹1,250.00", "₹1,50,000.00"),
        ("Cloud hosting (12 months)", "1", "₹36,000.00", "₹36,000.00"),
    ],
    "totals": [
        ("Subtotal", "₹1,86,000.00"),
        ("IGST 0% (export of services)", "₹0.00"),
        ("Total amount payable", "Rs. 1,86,000.00"),
    ],
    "truth": {
        "amount": 186000.00,
        "currency": "INR",
        "reference": "NSS/2024-25/117",
        "date": "2024-07-02",
        "due_date": "2024-08-01",
        "name": "Maison Lavande SARL",
        "customer_type": "company",
        "email": "finance@maison-lavande.fr",
        "phone": None,
        "vat": None,
        "siren": None,
        "siret": None,
        "iban": None,
        "issuer": "Nilgiri Software Services Pvt Ltd",
        "language": "en",
    },
}

_ROSSI = {
    "name": "Studio Rossi Architetti S.r.l.",
    "lines": [
        "Studio Rossi Architetti S.r.l.",
        "Via dei Mille 24, 20121 Milano",
        f"P. IVA {_ROSSI_VAT}",
    ],
    "footer": [f"IBAN {ids.grouped(_ROSSI_IBAN)} \u2013 Banca Popolare di Milano"],
    "vat": _ROSSI_VAT,
    "iban": _ROSSI_IBAN,
}
TEXT_IT_LETTER = {
    "key": "text_it_letter",
    "layout": "letter",
    "seller": _ROSSI,
    "customer": [
        "Spett.le",
        "Molino Bianchi S.p.A.",
        "Via Emilia 301",
        "40126 Bologna",
    ],
    "place_date": "Milano, 18 marzo 2024",
    "paragraphs": [
        "Oggetto: progetto di ristrutturazione della sede di Bologna",
        "Gentili Signori,",
        "con la presente Vi trasmettiamo la fattura n. 2024/031 del 18/03/2024 "
        "relativa alla direzione lavori del primo trimestre.",
        "L'onorario ammonta a 4.500,00 EUR imponibile, più IVA al 22% pari a "
        "990,00 EUR, per un totale da pagare di 5.490,00 EUR.",
        "Vi preghiamo di effettuare il pagamento entro il 17/04/2024 "
        "mediante bonifico bancario sul conto indicato in calce.",
        "Per qualsiasi chiarimento potete scriverci a amministrazione@studiorossi.it.",
        "Cordiali saluti,",
        "Arch. Marco Rossi",
    ],
    "customer_contact": [f"P. IVA cliente: {_MOLINO_VAT}"],
    "truth": {
        "amount": 5490.00,
        "currency": "EUR",
        "reference": "2024/031",
        "date": "2024-03-18",
        "due_date": "2024-04-17",
        "name": "Molino Bianchi S.p.A.",
        "customer_type": "company",
        "email": None,
        "phone": None,
        "vat": _MOLINO_VAT,
        "siren": None,
        "siret": None,
        "iban": _ROSSI_IBAN,
        "issuer": _ROSSI["name"],
        "language": "it",
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
