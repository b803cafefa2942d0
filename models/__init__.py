from . import res_company
from . import res_config_settings
from . import pay_link
from . import account_move
from . import payment_provider
from . import payment_transaction
from . import pay_link_webhook_event
from . import ir_http
