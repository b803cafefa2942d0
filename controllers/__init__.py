from . import pay_page
