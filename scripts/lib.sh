# Common helpers for the harness scripts (sourced).
# shellcheck shell=bash
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
KSRC=${KSRC:-$BUILD/linux}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/managed-nodes}

info() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The Kconfig options the series adds, and whether tree $1 has option $2.
SERIES_OPTIONS="MANAGED_NODES MANAGED_NODES_KUNIT_TEST DEBUG_MANAGED_NODES DEV_DAX_ANON CXL_REGION_SYSRAM CRAM"
tree_has_option() {
	grep -qs "^config $2\$" "$1/mm/Kconfig" "$1/drivers/dax/Kconfig" "$1/drivers/cxl/Kconfig"
}
