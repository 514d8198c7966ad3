#!/usr/bin/env bash
# Fetch and unpack a Debian source package without touching the system's apt configuration.
#
# Usage: scripts/debsrc.sh <cache-dir> <release> <package> <upstream-version>
#   e.g. scripts/debsrc.sh ~/.cache/wolfhsm-deps trixie wolfssl 5.7.2
#
# Result: <cache-dir>/<package>-<upstream-version>/ holds the source with the Debian patches
# applied, and its file .unpacked (written last; it holds the full Debian version) marks it
# complete. When that stamp exists the script does nothing.
#
# How: a private apt configuration (<cache-dir>/apt-<release>/apt.conf, used via APT_CONFIG)
# whose only source is a deb-src entry for <release>, derived at run time from this machine's
# own Debian sources (same archive URIs and Signed-By keyring; suites <release>,
# <release>-updates and <release>-security). apt's lists, caches and status live under
# <cache-dir>/apt-<release>/, so the system's apt state is not modified and no root is needed.
# The system's apt.conf.d is still read (proxy and validity settings of this machine apply).
# Integrity: apt checks the downloaded files against the archive's signed indexes.
set -euo pipefail

prog=${0##*/}
die() { echo "$prog: $*" >&2; exit 1; }

(( $# == 4 )) || { echo "usage: $prog <cache-dir> <release> <package> <upstream-version>" >&2; exit 2; }
cache=$1 release=$2 pkg=$3 version=$4
dest=$cache/$pkg-$version
stamp=$dest/.unpacked

[[ -f $stamp ]] && exit 0

for tool in apt-get dpkg-source flock; do
    command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/deps.sh host)"
done

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
dest=$cache/$pkg-$version
stamp=$dest/.unpacked

# One fetch at a time per cache (parallel make runs, concurrent CI jobs); re-check afterwards.
exec 9>"$cache/.lock"
flock 9
[[ -f $stamp ]] && exit 0

# --- Derive the deb-src entries from the machine's own Debian sources -----------------------

# Print "<kind> <uri> <signed-by>" for each enabled Debian entry of this machine's release,
# kind being "main" (suites <codename>, <codename>-updates) or "security" (<codename>-security).
system_debian_sources() {
    local codename
    # shellcheck source=/dev/null
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    [[ -n $codename ]] || die "cannot tell this machine's Debian release (VERSION_CODENAME in /etc/os-release)"
    local f files=()
    for f in /etc/apt/sources.list.d/*.sources; do [[ -f $f ]] && files+=("$f"); done
    # deb822 files: one stanza per blank-line-separated paragraph.
    if (( ${#files[@]} )); then
        awk -v cn="$codename" '
            function flush(   i, n, s, t, kind) {
                if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no") {
                    n = split(suites, s, " ")
                    for (i = 1; i <= n; i++) {
                        kind = ""
                        if (s[i] == cn || s[i] == cn "-updates") kind = "main"
                        else if (s[i] == cn "-security") kind = "security"
                        if (kind != "") {
                            split(uris, t, " ")
                            print kind, t[1], (signedby == "" ? "-" : signedby)
                            break
                        }
                    }
                }
                types = uris = suites = signedby = enabled = ""
            }
            /^[ \t]*#/  { next }
            /^[ \t]*$/  { flush(); next }
            /^[^ \t]/ {
                key = tolower($1); sub(/:$/, "", key)
                val = $0; sub(/^[^:]*:[ \t]*/, "", val)
                if (key == "types") types = val
                else if (key == "uris") uris = val
                else if (key == "suites") suites = val
                else if (key == "enabled") enabled = val
                else if (key == "signed-by" && val ~ /^\//) signedby = val
            }
            END { flush() }
        ' "${files[@]}"
    fi
    # One-line format: deb [options] uri suite component...
    files=()
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do [[ -f $f ]] && files+=("$f"); done
    if (( ${#files[@]} )); then
        awk -v cn="$codename" '
            $1 != "deb" { next }
            {
                signedby = "-"; i = 2
                if ($2 ~ /^\[/) {
                    for (; i <= NF; i++) {
                        if ($i ~ /^\[?signed-by=/) { signedby = $i; sub(/^\[?signed-by=/, "", signedby); sub(/\]$/, "", signedby) }
                        if ($i ~ /\]$/) { i++; break }
                    }
                }
                uri = $i; suite = $(i + 1)
                if (suite == cn || suite == cn "-updates") print "main", uri, signedby
                else if (suite == cn "-security") print "security", uri, signedby
            }
        ' "${files[@]}"
    fi
}

# Write a deb822 deb-src stanza for the first system entry of <kind>; return 1 if none.
stanza() {   # stanza <kind> <suites>
    local uri signedby
    read -r _ uri signedby < <(grep "^$1 " <<<"$sources" | head -n 1) || return 1
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "$uri" "$2"
    [[ $signedby != - ]] && printf 'Signed-By: %s\n' "$signedby"
    printf '\n'
}

sources=$(system_debian_sources)
apt_dir=$cache/apt-$release
mkdir -p "$apt_dir"/{lists/partial,archives/partial,sources.list.d,preferences.d,log}
: > "$apt_dir/status"          # empty dpkg status: no installed packages in this private view
: > "$apt_dir/sources.list"

stanza main "$release $release-updates" > "$apt_dir/sources.list.d/debsrc.sources" ||
    die "no Debian archive entry for this machine's release found in /etc/apt/sources.list{,.d}"
stanza security "$release-security" >> "$apt_dir/sources.list.d/debsrc.sources" ||
    echo "$prog: warning: no Debian security archive entry found; fetching without $release-security" >&2

cat > "$apt_dir/apt.conf" <<CONF
// Private apt configuration written by $prog; only for fetching source packages.
Dir::State "$apt_dir";
Dir::State::Lists "$apt_dir/lists";
Dir::State::status "$apt_dir/status";
Dir::Cache "$apt_dir";
Dir::Cache::archives "$apt_dir/archives";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Dir::Etc::SourceList "$apt_dir/sources.list";
Dir::Etc::SourceParts "$apt_dir/sources.list.d";
Dir::Etc::Preferences "$apt_dir/preferences";
Dir::Etc::PreferencesParts "$apt_dir/preferences.d";
Dir::Log "$apt_dir/log";
// Fail on any index that cannot be fetched (a missing security suite must not go unnoticed).
APT::Update::Error-Mode "any";
// Downloads land in the caller's directories, which apt's _apt sandbox user may not reach.
APT::Sandbox::User "$(id -un)";
CONF
export APT_CONFIG=$apt_dir/apt.conf

# --- Fetch, verify, unpack ---------------------------------------------------------------------

# Work in a temporary directory; remove it on exit, also when interrupted. Leftovers of a
# killed run are removed first (we hold the lock, so no other run is using them).
rm -rf "$cache/.tmp-$pkg".*
tmp=$(mktemp -d "$cache/.tmp-$pkg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

uris=$(awk '/^URIs:/ { printf "%s ", $2 }' "$apt_dir/sources.list.d/debsrc.sources")
apt-get -q update >"$tmp/update.log" 2>&1 || {
    cat "$tmp/update.log" >&2
    die "cannot fetch the $release source indexes from ${uris% } (network or archive unreachable?)"
}

(cd "$tmp" && apt-get -q source --download-only --only-source "$pkg") >"$tmp/source.log" 2>&1 || {
    cat "$tmp/source.log" >&2
    die "cannot download source package '$pkg' of $release"
}

dsc=$(find "$tmp" -maxdepth 1 -name "${pkg}_*.dsc" | head -n 1)
[[ -n $dsc ]] || die "no ${pkg}_*.dsc downloaded"
debver=$(awk '/^Version:/ { print $2; exit }' "$dsc")
upstream=${debver#*:}                 # drop epoch
upstream=${upstream%-*}               # drop Debian revision
[[ $upstream == "$version" || $upstream == "$version"+* ]] ||
    die "$release offers $pkg $debver, expected upstream version $version"

dpkg-source -q -x "$dsc" "$tmp/src" >"$tmp/unpack.log" 2>&1 || {
    cat "$tmp/unpack.log" >&2
    die "dpkg-source -x $(basename "$dsc") failed"
}

# Move into place (a stale, unstamped directory is left over from an interrupted run), stamp last.
rm -rf "$dest"
mv "$tmp/src" "$dest"
echo "$debver" > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
echo "$prog: unpacked $pkg $debver ($release) into $dest" >&2
