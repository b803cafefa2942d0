"""The fixture invoices from abroad: an English (UK) invoice, an Indian one in
rupees to a French customer, an Italian business letter. Fictitious, like
those of specs.py."""

import ids

_ROSSI_VAT = ids.it_vat("0765432001")
_ROSSI_IBAN = ids.iban("IT", "X0542811101000000123456")
_MOLINO_VAT = ids.it_vat("0223344015")
_THAMES_IBAN = ids.iban("GB", "NWBK60161331926819")

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
