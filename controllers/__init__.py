from . import pay_page
from . import pay_page_documents
from . import pay_counter
from . import webhook
from . import fintecture
from . import payplug
from . import portal
