from . import pay_page
from . import webhooks
