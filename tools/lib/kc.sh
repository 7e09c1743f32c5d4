# tools/lib/kc.sh -- shell functions shared by tools/kcdev, bench/run and
# t/run-suite.
# Sourced, not run. Only the functions marked "(root only)" need root.
# shellcheck shell=bash

kc_pgbin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] || { echo "PostgreSQL server binaries not found (Debian package postgresql)" >&2; return 1; }
    echo "$d"
}

# kc_pg_init DATADIR : a new cluster, trust on the Unix socket only (the
# socket directory is private to the user running it).
kc_pg_init() {
    local data=$1 bin
    bin=$(kc_pgbin) || return 1
    "$bin/initdb" -D "$data" -A trust -U kc --encoding=UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
        || { cat "$data.initdb.log" >&2; return 1; }
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
max_connections = 100
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
lc_messages = 'C'
CONF
}

# kc_pg_site_role NAME : the role the site connects as, made once in the
# cluster of PGHOST/PGPORT by its superuser (PGUSER, the owner of the
# schema): it may log in and nothing more; `kcdb migrate --site-role NAME`
# (or KC_SITE_ROLE) gives it the site's rights on the tables.
kc_pg_site_role() {
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -v role="$1" <<'SQL'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS kc_missing \gset
\if :kc_missing
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
\endif
SQL
}

# kc_pg_start DATADIR SOCKETDIR PORT LOGFILE
kc_pg_start() {
    local data=$1 sock=$2 port=$3 log=$4 bin
    bin=$(kc_pgbin) || return 1
    if "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        echo "PostgreSQL is already running in $data (another tools/kcdev run?)" >&2
        return 1
    fi
    mkdir -p "$sock"
    chmod 700 "$sock"
    "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-k $sock -p $port" start >/dev/null \
        || { tail -n 20 "$log" >&2; return 1; }
}

kc_pg_stop() {
    local data=$1 bin
    bin=$(kc_pgbin) || return 1
    [ -f "$data/postmaster.pid" ] || return 0
    "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# A free TCP port on 127.0.0.1 at or above $1.
kc_free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# kc_site_conf SRCDIR MODULE_SO UPLOADDIR BASEURL DBPARAMS > file
# The sample configuration with the paths of a source tree filled in.
kc_site_conf() {
    local src=$1 so=$2 up=$3 base=$4 params=$5
    echo "<IfModule !dbd_module>"
    echo "    LoadModule dbd_module $(apxs -q LIBEXECDIR)/mod_dbd.so"
    echo "</IfModule>"
    echo "LoadModule klascement_module $so"
    sed -e "s|@KC_DATADIR@|$src|g" -e "s|@KC_UPLOADDIR@|$up|g" \
        -e "s|@KC_BASEURL@|$base|g" -e "s|@KC_DBPARAMS@|$params|g" \
        "$src/conf/klascement.conf.in"
}

# ---- set-up shared by tools/kcdev and bench/run ----------------------------
# Messages of these functions; a script may define its own kc_say after
# sourcing this file (bench/run does, to add the time).
kc_say() { printf '%s\n' "${KC_PROG:-kc}: $*" >&2; }

kc_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# kc_ensure_packages "pkg pkg ...": install the Debian packages that are
# missing (apt-get update first), as root or through sudo.
kc_ensure_packages() {
    local missing="" p
    for p in $1; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
            || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
        kc_say "missing Debian packages:$missing (install them, or run as root)"
        return 1
    fi
    kc_say "installing Debian packages:$missing"
    kc_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    # shellcheck disable=SC2086
    kc_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends $missing >/dev/null
}

# kc_pg_dictionaries: the Dutch hunspell dictionary (Debian's hunspell-nl)
# where PostgreSQL reads text search dictionaries, as kc_nl.dict and
# kc_nl.affix (migration 024's kc_nl_ispell): the files Debian's
# pg_updatedicts makes (nl.dict, nl.affix; run when hunspell-nl is
# installed), without the dictionary lines PostgreSQL's ispell parser
# refuses ("I\/O", "km\/h": an escaped slash reads as a flag). Redone when
# hunspell-nl changes; as root or through sudo.
kc_pg_dictionaries() {
    local bin share src=/usr/share/hunspell/nl.dic
    bin=$(kc_pgbin) || return 1
    share=/usr/share/postgresql/$(basename "$(dirname "$bin")")/tsearch_data
    [ -f "$src" ] || { kc_say "missing $src (Debian package hunspell-nl)"; return 1; }
    if [ -f "$share/kc_nl.affix" ] && [ "$share/kc_nl.dict" -nt "$src" ]; then
        return 0
    fi
    kc_say "installing the Dutch dictionary for PostgreSQL in $share"
    [ -e "$share/nl.dict" ] && [ -e "$share/nl.affix" ] || kc_as_root pg_updatedicts >/dev/null || return 1
    # shellcheck disable=SC2016  # expanded by the inner shell
    kc_as_root sh -c 'grep -vF "\\/" "$1/nl.dict" >"$1/kc_nl.dict.new" &&
        cp "$1/nl.affix" "$1/kc_nl.affix.new" &&
        chmod 644 "$1/kc_nl.dict.new" "$1/kc_nl.affix.new" &&
        mv "$1/kc_nl.affix.new" "$1/kc_nl.affix" && mv "$1/kc_nl.dict.new" "$1/kc_nl.dict"' \
        _ "$share"
}

# kc_ensure_user NAME: a system user with a home (root only).
kc_ensure_user() {
    id "$1" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/bash "$1"
}

# kc_allow_traverse USER DIR: USER may reach DIR (e.g. a clone in /root):
# o+x on every directory above it that USER cannot enter (root only).
kc_allow_traverse() {
    local u=$1 d=$2
    while [ "$d" != / ]; do
        runuser -u "$u" -- test -x "$d" || { kc_say "allowing $u to traverse $d (chmod o+x)"; chmod o+x "$d"; }
        d=$(dirname "$d")
    done
}

# kc_copy_tree FROM TO: the source tree without VCS data, build products,
# run-time directories (var/, bench/var/) or Apache::Test's output. Files
# left out are neither copied nor deleted in TO, so a copy that is built
# in place keeps its own build products and later copies rebuild only
# what changed.
kc_copy_tree() {
    local from=$1 to=$2
    mkdir -p "$to"
    rsync -a --delete --exclude=.git --exclude=/var --exclude=/bench/var \
        --exclude='*.o' --exclude='*.lo' --exclude='*.la' --exclude=.libs --exclude=.deps \
        --exclude=autom4te.cache --exclude=/t/logs --exclude=/t/conf/httpd.conf \
        --exclude=Makefile --exclude=config.status --exclude=config.log --exclude=libtool \
        --exclude=stamp-h1 --exclude=kc_build_config.h \
        "$from/" "$to/"
}

# kc_build_tree DIR: autoreconf (when needed), configure (once), make, as
# the calling user. With KC_ASAN=1 the module and the unit tests are built
# with AddressSanitizer and UBSan.
kc_build_tree() {
    (
        cd "$1" || exit 1
        if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
            autoreconf -fi >/dev/null 2>&1 || autoreconf -fi || exit 1
        fi
        if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
            if [ "${KC_ASAN:-}" = 1 ]; then
                ./configure --quiet \
                    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
                    LDFLAGS="-fsanitize=address,undefined" || exit 1
            else
                ./configure --quiet || exit 1
            fi
        fi
        make -s -j2
    )
}

# kc_httpd_base_modules: LoadModule lines for what the site needs of httpd
# beyond its built-in modules (an MPM, Require, Alias, MIME types,
# DirectoryIndex), each only if not loaded yet, and the MIME types file.
# The start of every httpd.conf the tools and the test suite write.
kc_httpd_base_modules() {
    local m libexec
    libexec=$(apxs -q LIBEXECDIR)
    for m in mpm_event authz_core authz_host alias mime dir; do
        echo "<IfModule !${m}_module>"
        echo "  LoadModule ${m}_module $libexec/mod_${m}.so"
        echo "</IfModule>"
    done
    echo "TypesConfig /etc/mime.types"
}
