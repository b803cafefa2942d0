"""Odoo's redirect forms without JavaScript.

A payment provider that shows its own page gives Odoo a redirect form
(``redirect_form_html`` of the processing values) that Odoo's payment form
submits with JavaScript. The pay page does without: a GET form is the same
as a link (`get_form_url`), a POST form gets a button (`with_submit_button`).
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from lxml import html


def get_form_url(form_html):
    """The URL a GET form goes to when submitted: its action, whose query is
    replaced by the form's inputs (as browsers do, HTML Living Standard,
    "form submission", mutate action URL).

    :param str form_html: HTML holding one form
    :return: the http(s) URL (str), or None for a form that posts, a form
        without an http(s) action, or no form
    """
    form = _first_form(form_html)
    if form is None or (form.get("method") or "get").lower() != "get":
        return None
    action = urlsplit(form.get("action") or "")
    if action.scheme not in ("http", "https"):
        return None
    inputs = [
        (field.get("name"), field.get("value") or "")
        for field in form.iter("input")
        if field.get("name")
    ]
    return urlunsplit(action._replace(query=urlencode(inputs), fragment=""))


def with_submit_button(form_html, label):
    """The form of ``form_html`` with a submit button labelled ``label``, so
    that a person can send it without JavaScript.

    :return: HTML (str) of the form alone; ``form_html`` as it is when it
        holds no form (the provider's own markup)
    """
    form = _first_form(form_html)
    if form is None:
        return form_html
    button = html.Element("button", type="submit")
    button.text = label
    form.append(button)
    return html.tostring(form, encoding="unicode")


def _first_form(markup):
    if not markup:
        return None
    for node in html.fragments_fromstring(str(markup)):
        if isinstance(node, html.HtmlElement):
            form = node if node.tag == "form" else node.find(".//form")
            if form is not None:
                return form
    return None
