#!/usr/bin/env bash
# Debian packages SSC Reports needs beyond Python: Chromium (browser tests, PDF benchmark),
# poppler-utils (pdftotext, pdftoppm), libharfbuzz-subset0 (fast font subsetting in WeasyPrint),
# npm (installs axe-core and the Nu HTML checker for the accessibility tests), Java (runs the
# Nu HTML checker), gettext (msgfmt compiles the translations in locale/; makemessages) and fonts.
# Installs what is missing when run as root with apt-get; otherwise says how.
#   --check-only   only report what is missing
#   --postgres     also the PostgreSQL server binaries (initdb, pg_ctl)
set -euo pipefail
check_only=false
want_postgres=false
for arg in "$@"; do
  case "$arg" in
    --check-only) check_only=true ;;
    --postgres) want_postgres=true ;;
  esac
done

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
ldconfig -p 2>/dev/null | grep -q libpango-1.0.so.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if $want_postgres && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if $check_only; then
  echo "Note: missing Debian packages: ${missing[*]}"
  echo "      install them with: sudo apt-get install ${missing[*]}  (or run 'make system-deps' as root)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
