{
    "name": "Pay by Link",
    "summary": "Send invoice payment links by email, SMS or QR code; "
    "track, remind and mark invoices paid",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/pay-by-link/pay_by_link",
    "author": "pay_by_link",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["account_payment", "portal", "sms"],
    "external_dependencies": {
        "python": [
            "factur-x",
            "pdf2image",
            "phonenumbers",
            "pypdf",
            "pytesseract",
            "python-stdnum",
            "qrcode",
            "requests",
        ],
        "bin": ["pdftotext", "pdftoppm", "tesseract"],
    },
    "data": [
        "security/pay_link_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/pay_link_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/pay_page_templates.xml",
        "wizards/pay_link_send_views.xml",
        "views/pay_by_link_menus.xml",
    ],
    "demo": ["demo/pay_by_link_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "pay_by_link/static/src/scss/pay_page.scss",
        ],
        "web.assets_tests": [
            "pay_by_link/static/tests/tours/*.js",
        ],
    },
}
