from . import res_company
from . import res_config_settings
from . import pay_link
from . import account_move
from . import payment_transaction
