from . import test_pay_link
from . import test_fintecture
from . import test_payplug
from . import test_webhooks
from . import test_pay_page
from . import test_pay_link_tour
from . import test_channels
from . import test_reminders
