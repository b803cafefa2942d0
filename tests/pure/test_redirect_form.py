import pytest
from lxml import html

from lib.redirect_form import get_form_url, with_submit_button

# As Odoo renders pay_by_link.redirect_form for Fintecture and Payplug.
GET_FORM = """
<form action="https://pay.example/hosted/pay_123?lang=fr" method="get">
    <input type="hidden" name="session" value="abc 1"/>
    <input type="hidden" name="return" value="https://shop.example/pay/t?x=1"/>
</form>
"""
POST_FORM = """
<form action="https://pay.example/post" method="post">
    <input type="hidden" name="signature" value="s1"/>
</form>
"""


def test_a_get_form_is_its_action_with_its_inputs_as_query():
    assert get_form_url(GET_FORM) == (
        "https://pay.example/hosted/pay_123"
        "?session=abc+1&return=https%3A%2F%2Fshop.example%2Fpay%2Ft%3Fx%3D1"
    )


def test_a_form_without_method_is_a_get_form():
    form = '<form action="https://pay.example/a"></form>'
    assert get_form_url(form) == "https://pay.example/a"


@pytest.mark.parametrize(
    "markup",
    [
        POST_FORM,
        '<form action="javascript:alert(1)" method="get"></form>',
        '<form action="/relative" method="get"></form>',
        "<div>no form</div>",
        "",
        None,
    ],
)
def test_no_url_for_a_posting_unsafe_or_missing_form(markup):
    assert get_form_url(markup) is None


def test_a_posting_form_gets_a_button_and_keeps_its_inputs():
    form = html.fromstring(with_submit_button(POST_FORM, "Continue"))
    assert form.tag == "form"
    assert form.get("method") == "post"
    assert form.xpath('.//input[@name="signature"]/@value') == ["s1"]
    [button] = form.xpath(".//button")
    assert (button.get("type"), button.text) == ("submit", "Continue")


def test_markup_without_a_form_is_kept_as_it_is():
    assert with_submit_button("<p>nothing</p>", "Continue") == "<p>nothing</p>"
