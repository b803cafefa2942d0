from . import report_invoice
from . import pay_link_report
from . import pay_link_invoice_report
from . import pay_link_dashboard
from . import pay_link_dashboard_actions
