# Plain Python used by the addon: no `odoo` import anywhere below this folder,
# so every module here is testable with pytest alone.
