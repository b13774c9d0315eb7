#!/usr/bin/env bash
# bench/http/install.sh: sourced first by bench/run.sh and bench/nodes.sh (before lib.sh, which stops when a tool it
# needs is missing). They run unattended as root on Debian 12, so they install what they lack themselves.

# install_missing PACKAGE[:PROBE]…: apt-get installs each Debian package whose probe finds nothing. The probe is a
# command on PATH (the package's own name when not given) or, when it holds a slash, a path pattern (PostgreSQL's
# server binaries are not on PATH).
install_missing() {
    local item package probe missing=()
    for item in "$@"; do
        package=${item%%:*}
        probe=${item#*:}
        if [[ "$probe" == */* ]]; then
            compgen -G "$probe" >/dev/null && continue
        else
            command -v "$probe" >/dev/null && continue
        fi
        missing+=("$package")
    done
    ((${#missing[@]} > 0)) || return 0
    echo "$(basename "$0"): installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
