from . import test_pay_link
from . import test_pay_page
from . import test_pay_link_tour
