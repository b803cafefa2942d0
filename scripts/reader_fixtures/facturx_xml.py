"""A Factur-X BASIC WL (CII) XML for a fixture invoice, embedded with the
factur-x library (which checks it against the Factur-X XSD)."""

from facturx import generate_from_binary
from lxml import etree

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:"
    "ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def embed(pdf_bytes: bytes, spec: dict) -> bytes:
    xml = etree.tostring(_invoice(spec), xml_declaration=True, encoding="UTF-8")
    return generate_from_binary(pdf_bytes, xml, level="basicwl", check_xsd=True)


def _el(parent, tag, text=None, **attrs):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attrs)
    if text is not None:
        element.text = text
    return element


def _date(parent, tag, iso):
    wrapper = _el(parent, tag)
    _el(wrapper, "udt:DateTimeString", iso.replace("-", ""), format="102")


def _invoice(spec):
    truth, seller = spec["truth"], spec["seller"]
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _el(root, "rsm:ExchangedDocumentContext")
    guideline = _el(context, "ram:GuidelineSpecifiedDocumentContextParameter")
    _el(guideline, "ram:ID", "urn:factur-x.eu:1p0:basicwl")
    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", truth["reference"])
    _el(document, "ram:TypeCode", "380")
    _date(document, "ram:IssueDateTime", truth["date"])
    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _party(agreement, "ram:SellerTradeParty", seller["name"], seller["siret"][:9],
           "0002", seller["vat"])  # fmt: skip
    _party(agreement, "ram:BuyerTradeParty", truth["name"], truth["siret"],
           "0009", truth["vat"])  # fmt: skip
    _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    _settlement(transaction, truth, seller)
    return root


def _party(parent, tag, name, legal_id, scheme, vat):
    party = _el(parent, tag)
    _el(party, "ram:Name", name)
    organization = _el(party, "ram:SpecifiedLegalOrganization")
    _el(organization, "ram:ID", legal_id, schemeID=scheme)
    address = _el(party, "ram:PostalTradeAddress")
    _el(address, "ram:CountryID", "FR")
    registration = _el(party, "ram:SpecifiedTaxRegistration")
    _el(registration, "ram:ID", vat, schemeID="VA")


def _settlement(parent, truth, seller):
    settlement = _el(parent, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", truth["currency"])
    means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    _el(means, "ram:TypeCode", "58")
    account = _el(means, "ram:PayeePartyCreditorFinancialAccount")
    _el(account, "ram:IBANID", seller["iban"])
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:CalculatedAmount", "614.00")
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:BasisAmount", "3070.00")
    _el(tax, "ram:CategoryCode", "S")
    _el(tax, "ram:RateApplicablePercent", "20")
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _date(terms, "ram:DueDateDateTime", truth["due_date"])
    summation = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(summation, "ram:LineTotalAmount", "3070.00")
    _el(summation, "ram:TaxBasisTotalAmount", "3070.00")
    _el(summation, "ram:TaxTotalAmount", "614.00", currencyID=truth["currency"])
    _el(summation, "ram:GrandTotalAmount", "3684.00")
    _el(summation, "ram:TotalPrepaidAmount", "1000.00")
    _el(summation, "ram:DuePayableAmount", f"{truth['amount']:.2f}")
