# Shared by deploy/run and deploy/test: installing what the build needs, building, and running
# PostgreSQL's tools as the right user. Sourced, never run.

PLENARY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin

# Debian packages the build, the server and the tests need (see TOOLCHAIN.md). Never the
# unversioned libboost-dev: it pulls Boost 1.74, which conflicts with 1.81.
PLENARY_PACKAGES=(
  libboost1.81-dev libpqxx-dev libpq-dev nlohmann-json3-dev libssl-dev libgtest-dev libgmock-dev
  libsodium-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libdtl-dev libcurl4-openssl-dev postgresql-15 cmake ninja-build g++
  pkg-config ccache
)

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Installs whichever of the given packages are missing. Asks apt nothing when all are present,
# so a non-root user who has them can build.
ensure_packages() {
  local missing=() package status
  for package in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    die "missing packages: ${missing[*]}. Install them as root (apt-get install ${missing[*]}), or run this as root."
  fi
  say "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 || die "apt-get update failed"
  apt-get install -y -q --no-install-recommends --no-upgrade "${missing[@]}" >&2 ||
    die "apt-get install failed"
}

# Node for the tests: Debian's nodejs and npm when no node is on the PATH at all.
ensure_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then return 0; fi
  ensure_packages nodejs npm
}

# build_tree DIR BUILD_TYPE [CMAKE ARGS...]: configures once, then builds with ninja. ccache is
# picked up by the top CMakeLists.txt when installed.
build_tree() {
  local dir=$1 type=$2
  shift 2
  # ccache: paths relative to the clone and no working directory in the hash, so another clone
  # on the same machine (CI after a developer's session) reuses the compiled objects.
  export CCACHE_BASEDIR="$PLENARY_ROOT" CCACHE_NOHASHDIR=true
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$PLENARY_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >&2 ||
      die "cmake could not configure $dir"
  fi
  cmake --build "$dir" >&2 || die "the build in $dir failed"
}

# initdb and the server refuse to run as root: as root, PostgreSQL runs as the postgres user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nobody listens on, from the ephemeral range's lower neighbours.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# Seconds since the epoch with milliseconds, for phase timings.
now_ms() { date +%s%3N; }
