from . import pay_link_send
