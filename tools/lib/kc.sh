# tools/lib/kc.sh -- shell functions shared by tools/kcdev and t/run-suite.
# Sourced, not run. Nothing here needs root.

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
