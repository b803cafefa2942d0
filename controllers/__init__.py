from . import pay_page
from . import webhooks
from . import pay_counter
