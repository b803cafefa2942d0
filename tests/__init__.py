from . import test_pay_link
