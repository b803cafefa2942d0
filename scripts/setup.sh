#!/usr/bin/env bash
# Prepares this machine for `make demo` and `make test` (one script for both):
# Debian packages, Python packages, Odoo 18, a reachable PostgreSQL, and the
# Odoo configuration file. Safe to run again: it only does what is missing.
# Writes .build/env (sourced by the other scripts) and .build/odoo.conf.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/.build"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

debian_packages=(postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev
  tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-nld
  tesseract-ocr-spa tesseract-ocr-ita poppler-utils chromium wkhtmltopdf)

install_debian_packages() {
  local missing=()
  for pkg in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages; run: sudo apt-get install -y ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

odoo_is_importable() {
  python3 -c 'import odoo, sys; sys.exit(odoo.release.version_info[0] != 18)' 2>/dev/null
}

install_odoo() {
  odoo_is_importable && return 0
  say "Odoo 18 is not importable; trying Odoo's official 18.0 source archive"
  if PIP_CONSTRAINT="$build/pip-constraint.txt" python3 -m pip install -q \
      "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz" && odoo_is_importable; then
    return 0
  fi
  die "Odoo 18 is not installed for $(command -v python3).
  Install it from its official 18.0 community source, outside this repository:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo /opt/odoo18
    echo 'setuptools<70' > /tmp/constraint.txt
    PIP_CONSTRAINT=/tmp/constraint.txt python3 -m pip install -r /opt/odoo18/requirements.txt
    PIP_CONSTRAINT=/tmp/constraint.txt python3 -m pip install -e /opt/odoo18
  then run this command again."
}

install_python_packages() {
  local stamp="$build/requirements.stamp"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$repo/requirements.txt" ]; then
    return 0
  fi
  say "installing Python packages from requirements.txt"
  PIP_CONSTRAINT="$build/pip-constraint.txt" python3 -m pip install -q -r "$repo/requirements.txt" \
    2>&1 | grep -v -e "^WARNING: Running pip as the 'root' user" -e "dependency conflicts" || true
  python3 -c 'import phonenumbers, stdnum, qrcode, facturx, websocket, cv2' \
    || die "Python packages of requirements.txt could not be installed"
  touch "$stamp"
}

# Uses the PostgreSQL at PGHOST:PGPORT (default 127.0.0.1:5432); when none
# answers, starts a private cluster in .pgdata/ (git-ignored) on port 5433.
prepare_postgresql() {
  local host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432} user=${PGUSER:-}
  if pg_isready -q -h "$host" -p "$port"; then
    say "using PostgreSQL at $host:$port"
  else
    host="$repo/.pgdata/run"; port=5433; user=odoo
    start_private_cluster "$host" "$port"
  fi
  {
    echo "export PGHOST='$host' PGPORT='$port'"
    if [ -n "$user" ]; then echo "export PGUSER='$user'"; fi
  } > "$build/env"
}

start_private_cluster() {
  local socket_dir=$1 port=$2 data="$repo/.pgdata/data"
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bindir" ] || die "no PostgreSQL server binaries found (apt-get install postgresql)"
  mkdir -p "$socket_dir"
  local as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$repo/.pgdata"
    as_pg=(runuser -u postgres --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "initialising a private PostgreSQL cluster in .pgdata/"
    "${as_pg[@]}" "$bindir/initdb" -D "$data" -A trust -U postgres >/dev/null
  fi
  if ! pg_isready -q -h "$socket_dir" -p "$port"; then
    say "starting the private PostgreSQL cluster (port $port)"
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$repo/.pgdata/server.log" -w \
      -o "-k $socket_dir -p $port -c listen_addresses=''" start >/dev/null
  fi
  psql -h "$socket_dir" -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 \
    || psql -h "$socket_dir" -p "$port" -U postgres -d postgres -qc "CREATE ROLE odoo SUPERUSER LOGIN"
}

# Odoo finds an addon by its folder name: a link named pay_by_link points at
# this repository whatever the clone's own folder is called. The link lives
# outside the repository, or Odoo would walk into it again through the link.
write_odoo_config() {
  local addons
  addons="${XDG_CACHE_HOME:-$HOME/.cache}/pay_by_link/$(printf %s "$repo" | md5sum | cut -c1-12)"
  mkdir -p "$addons"
  ln -sfn "$repo" "$addons/pay_by_link"
  local odoo_addons
  odoo_addons=$(python3 -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))')
  # shellcheck source=/dev/null
  . "$build/env"
  cat > "$build/odoo.conf" <<CONF
[options]
addons_path = $odoo_addons,$addons
db_host = $PGHOST
db_port = $PGPORT
db_user = ${PGUSER:-}
data_dir = $build/filestore
without_demo = False
CONF
}

check_browser() {
  command -v chromium >/dev/null || command -v google-chrome >/dev/null \
    || die "Chromium is missing: browser tours cannot run (apt-get install -y chromium)"
  python3 -c 'import websocket' 2>/dev/null \
    || die "websocket-client is missing: Odoo skips every tour without it (pip install websocket-client)"
}

mkdir -p "$build"
# One of Odoo 18's pinned packages still imports pkg_resources.
echo 'setuptools<70' > "$build/pip-constraint.txt"
install_debian_packages
install_odoo
install_python_packages
prepare_postgresql
write_odoo_config
check_browser
say "ready"
