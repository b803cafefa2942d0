#!/usr/bin/env bash
# `make demo`: the database pay_by_link_demo with the addon and its demo data,
# a pay link ready to open, and Odoo serving http://localhost:8069.
# A second run reuses the database (and updates the addon) instead of failing,
# whatever was done in it. DEMO_DB and DEMO_PORT pick another database or port.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=/dev/null
. "$repo/.build/env"
conf="$repo/.build/odoo.conf"
db=${DEMO_DB:-pay_by_link_demo}
port=${DEMO_PORT:-8069}
odoo=(python3 -m odoo server -c "$conf" -d "$db" --http-port="$port")

# What this script starts in the background (emulators, Odoo) stops with it:
# on Ctrl-C, on kill, on an error, on a normal exit.
children=()
stop_children() {
  trap - INT TERM
  if [ ${#children[@]} -gt 0 ]; then
    kill "${children[@]}" 2>/dev/null || true
    wait "${children[@]}" 2>/dev/null || true
  fi
}
trap stop_children EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Odoo's port and the provider emulators' must be free (another make demo?).
listening() { (: < "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for needed_port in "$port" 8070 8071; do
  if listening "$needed_port"; then
    echo "[demo] ERROR: port $needed_port is in use (another make demo?);" \
      "stop it, or choose Odoo's port with DEMO_PORT" >&2
    exit 1
  fi
done

addon_installed() {
  psql -d "$db" -tAc "SELECT 1 FROM ir_module_module WHERE name='pay_by_link' AND state='installed'" \
    2>/dev/null | grep -q 1
}

if addon_installed; then
  echo "[demo] reusing the database $db (updating the addon; drop it with: dropdb $db)"
  "${odoo[@]}" -u pay_by_link --stop-after-init --log-level=warn
else
  echo "[demo] building the database $db with demo data (a few minutes)"
  dropdb --if-exists "$db"
  # A French company from the start, so that Odoo installs the French chart
  # of accounts and works in euros.
  python3 -c "import odoo, sys
odoo.tools.config.parse_config(['-c', sys.argv[1]])
odoo.service.db.exp_create_database(sys.argv[2], True, 'en_US', 'admin', 'admin', 'FR')" "$conf" "$db"
  # Accounting first: the French chart of accounts must exist before the
  # addon's demo invoices are created.
  "${odoo[@]}" -i account,payment_demo --stop-after-init --log-level=warn
  "${odoo[@]}" -i pay_by_link --stop-after-init --log-level=warn
fi

# Local stand-ins for the Fintecture and Payplug APIs: bank and card payments
# can be clicked through offline.
mkdir -p "$repo/.build/demo"
key="$repo/.build/demo/fintecture.pem"
(cd "$repo" && exec python3 -m dev.emulators --fintecture-port 8070 --payplug-port 8071 \
  --key-file "$key" --webhook-url "http://localhost:$port/pay_by_link/webhook/fintecture") \
  > "$repo/.build/demo/emulators.log" 2>&1 &
children+=($!)
for _ in $(seq 100); do
  listening 8070 && listening 8071 && break
  kill -0 "${children[0]}" 2>/dev/null || break
  sleep 0.2
done
if ! kill -0 "${children[0]}" 2>/dev/null; then
  echo "[demo] ERROR: the provider emulators did not start:" >&2
  tail -n 5 "$repo/.build/demo/emulators.log" >&2
  exit 1
fi

DEMO_BASE_URL="http://localhost:$port" DEMO_FINTECTURE_KEY="$key" \
  python3 -m odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
  < "$repo/scripts/demo_prepare.py"

echo "[demo] Odoo on http://localhost:$port  (login: admin, password: admin); Ctrl-C stops it"
echo "[demo] Fintecture and Payplug emulators on 127.0.0.1:8070 and :8071 (log: .build/demo/emulators.log)"
# Warnings and errors only: the requests and scheduled jobs would fill the
# terminal (Odoo logs everything with --log-level=info).
"${odoo[@]}" --log-level=warn &
children+=($!)
wait "${children[-1]}"
