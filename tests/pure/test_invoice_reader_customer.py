from lib.invoice_reader.customer import customer_type, find_customer, strip_civility
from lib.invoice_reader.layout import split_lines
from lib.invoice_reader.seller import find_iban, find_issuer
from lib.invoice_reader.text_fields import phone_e164

CLASSIC = """\
Atelier Numérique Lyonnais SAS                                  FACTURE
Tél. 04 72 41 88 90
facturation@atelier-numerique.fr
SIRET 812 345 676 00215 \u2013 TVA FR19812345676

Date de facture :    08/03/2024                  Facturer à
Date d'échéance :    07/04/2024                  Boulangerie Petit Fournil SARL
N° client :          CLI-00458                   À l'attention de M. Karim Benali
                                                 8 place des Terreaux
                                                 69001 Lyon
                                                 Tél. : 04 78 62 15 33
                                                 compta@petitfournil.fr
                                                 SIRET : 532 871 902 00187
                                                 N° TVA : FR40532871902

Désignation                      Qté       Montant HT
IBAN : FR76 3000 4012 3400 0123 4567 862 \u2013 BIC : BNPAFRPPXXX
"""


def _ids(customer) -> dict:
    return {kind: found.value for kind, found in customer.ids.items()}


def test_customer_block_gives_customer_details_not_the_sellers():
    customer = find_customer(split_lines(CLASSIC))
    assert customer.name == "Boulangerie Petit Fournil SARL"
    assert customer.phone == "04 78 62 15 33"
    assert customer.email == "compta@petitfournil.fr"
    assert _ids(customer) == {"siret": "53287190200187", "vat": "FR40532871902"}


def test_labelled_ids_with_wrong_check_digits_are_kept_but_unchecked():
    text = """\
Client
LE CLIENT
SIREN / SIRET : 987 654 321 00029
N° TVA : FR 05 987 654 321
"""
    ids = find_customer(split_lines(text)).ids
    assert {kind: (found.value, found.checked) for kind, found in ids.items()} == {
        "siret": ("98765432100029", False),
        "vat": ("FR05987654321", False),
    }


def test_siren_and_siret_on_one_line():
    text = """\
FACTURER À
Mutuelle Solidaire des Artisans
SIREN 775 609 878 / SIRET 775 609 878 00456
TVA FR 48 775609878
"""
    assert _ids(find_customer(split_lines(text))) == {
        "siren": "775609878",
        "siret": "77560987800456",
        "vat": "FR48775609878",
    }


def test_customer_vat_labelled_outside_the_block():
    text = "Adresse de livraison\nN° TVA client        FR19787878784"
    assert _ids(find_customer(split_lines(text))) == {"vat": "FR19787878784"}


def test_unlabelled_window_address_block():
    text = """\
Akretion France
27 rue Henri Rolland
69100 Villeurbanne
                                                     Cabinet CACtus
                                                     42 rue de l'audit
                                                     69100 Villeurbanne
                                                     France
Invoice VT/2022/0001
"""
    assert find_customer(split_lines(text)).name == "Cabinet CACtus"


def test_address_under_a_one_line_sender_address():
    text = """\
Hetzner Online GmbH • Industriestr. 25 • 91710 Gunzenhausen
Usegroup Inh. Jochen Stärk                                  Tel.: +49 9831 505-0
Herr Jochen Stärk                                           Fax: +49 9831 505-3
Huswertstr. 14
60435 Frankfurt
"""
    customer = find_customer(split_lines(text))
    assert customer.name == "Usegroup Inh. Jochen Stärk"
    assert customer.phone is None


def test_civility_is_stripped_and_marks_an_individual():
    name, has_civility = strip_civility("Mme Claire Dubois")
    assert (name, has_civility) == ("Claire Dubois", True)
    assert customer_type(name, has_civility, {})[0] == "individual"


def test_customer_type():
    assert customer_type("SCI Les Tilleuls", False, {})[0] == "company"
    assert customer_type("Usegroup Inh. Jochen Stärk", False, {})[0] == "company"
    assert customer_type("Some Shop", False, {"vat": "FR40532871902"})[0] == "company"
    assert customer_type("de Lattre Alexis", False, {})[0] == "individual"
    assert customer_type("LE CLIENT", False, {})[0] == "company"
    assert customer_type(None, False, {}) == (None, 0.0)


def test_phone_e164_flags_an_assumed_region():
    assert phone_e164("06.12.34.56.78", None) == ("+33612345678", True)
    assert phone_e164("+33 (0)1 44 55 66 77", None) == ("+33144556677", False)
    assert phone_e164("0171 2345678", "DE") == ("+491712345678", True)
    assert phone_e164(None, None) == (None, False)


def test_merchant_iban_and_not_the_debited_customer_account():
    text = """\
Prélèvement SEPA le 10/05/2024 sur votre compte IBAN FR76 3000 4012 3400 0123 4567 862
IBAN: DE54 5004 **** **** **** 00
Bankverbindung: IBAN: DE92 7607 0012 0750 0077 00
"""
    assert find_iban(split_lines(text), []) == ("DE92760700120750007700", True)


def test_iban_with_bad_check_digits_is_kept_unchecked_only_when_labelled():
    assert find_iban(["IBAN DE28 7001 0080 9999 9999 99"], []) == (
        "DE28700100809999999999",
        False,
    )
    assert find_iban(["Ref DE28 7001 0080 9999 9999 99"], []) == (None, True)


def test_issuer_is_the_letterhead_not_a_title_or_the_customer():
    lines = split_lines(CLASSIC)
    customer = find_customer(lines)
    assert find_issuer(lines, customer.block) == "Atelier Numérique Lyonnais SAS"
    assert find_issuer(["FACTURA", "INV/2024/00005", "TECNATIVA"], []) == "TECNATIVA"


def test_iban_spread_over_table_cells():
    lines = split_lines(
        "Web:\t\r\u00a0www.acme.de\t\r\u00a0IBAN:\t\r\u00a0DE34\t\r\u00a05019"
        "\t\r\u00a00000\t\r\u00a00012\t\r\u00a03456\t\r\u00a078"
    )
    assert find_iban(lines, []) == ("DE34501900000012345678", True)


def test_phone_of_unknown_country_is_not_guessed():
    assert phone_e164("07700 900123", None) == (None, False)
