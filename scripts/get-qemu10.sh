#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Make QEMU 10.0 (Debian bookworm-backports) available beside Debian 12's
# QEMU 7.2 without installing it: its SMMUv3 on the `virt` machine (virt-9.2
# and later) has stage 2 and nesting, which 7.2's lacks.
#
#  1. enables the bookworm-backports suite, reusing the URI (and keyring) of
#     the machine's existing Debian apt source, in its own sources file;
#  2. `apt-get download`s qemu-system-arm, qemu-system-common and
#     qemu-system-data of the backports version and unpacks them with
#     `dpkg -x` into a cache folder (SMMUV3_QEMU10_DIR, default
#     /var/cache/smmuv3/qemu-10.0), reused when already unpacked;
#  3. installs the (bookworm) shared libraries the binary needs, if missing;
#  4. writes <dir>/qemu-system-aarch64, a wrapper that sets QEMU_MODULE_DIR
#     and passes -L <root>/usr/share/qemu, and prints its path on stdout.
# Callers add -nodefaults or -nic none themselves (the default NIC wants a
# ROM these packages do not have).
# Exit status 0 when QEMU 10.0 is available; otherwise non-zero with the
# reason on stderr (no network, no root, no Debian source...).
# Usage: get-qemu10.sh    (messages go to stderr; only the path to stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${SMMUV3_QEMU10_DIR:-/var/cache/smmuv3/qemu-10.0}
wrapper="$dir/qemu-system-aarch64"
pkgs=(qemu-system-arm qemu-system-common qemu-system-data)

die() {
  {
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! get-qemu10.sh: QEMU 10.0 is NOT available: $*"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  } >&2
  exit 1
}

# The wrapper works when it exists and its binary says 10.0.
usable() {
  [ -x "$wrapper" ] && "$wrapper" --version 2>/dev/null | head -n1 | grep -q 'version 10\.0\.'
}

mkdir -p "$dir" 2>/dev/null || die "cannot create $dir (set SMMUV3_QEMU10_DIR)"
dir=$(cd "$dir" && pwd) # the wrapper holds absolute paths
wrapper="$dir/qemu-system-aarch64"
# One fetch at a time (parallel ctest runs, other scripts).
exec 9>"$dir/.lock" || die "cannot write $dir/.lock"
flock 9
if usable; then
  echo "$wrapper"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
command -v apt-get >/dev/null && command -v dpkg >/dev/null || die "not a Debian system (no apt-get/dpkg)"

# 1. The suite: already configured somewhere, or added beside the Debian
# source (same URI, same keyring), in deb822 form.
list=/etc/apt/sources.list.d/smmuv3-bookworm-backports.sources
if ! grep -rqsE '(^|[[:space:]])bookworm-backports([[:space:]]|$)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  uri="" keyring=""
  # deb822 files: the stanza whose Suites has "bookworm" itself.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    read -r uri keyring < <(awk '
      /^[[:space:]]*$/ { if (ok && u != "") { print u, k; exit } ok = 0; u = ""; k = ""; next }
      /^URIs:/ { u = $2 }
      /^Signed-By:/ { k = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") ok = 1 }
      END { if (ok && u != "") print u, k }' "$f" | head -n1) || true
    [ -n "$uri" ] && break
  done
  # One-line format: "deb [opts] URI bookworm main".
  if [ -z "$uri" ]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }') || true
  fi
  [ -n "$uri" ] || die "no Debian bookworm apt source found to reuse for bookworm-backports"
  [ -n "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  echo "get-qemu10.sh: enabling bookworm-backports from $uri in $list" >&2
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
    "$uri" "$keyring" | $SUDO tee "$list" >/dev/null || die "cannot write $list (needs root)"
fi

# Refresh the package lists when backports are not known yet.
version() {
  apt-cache madison qemu-system-arm 2>/dev/null | awk -F'|' '/bookworm-backports/ { gsub(/ /, "", $2); print $2; exit }'
}
v=$(version)
if [ -z "$v" ]; then
  echo "get-qemu10.sh: apt-get update" >&2
  $SUDO apt-get update -qq >&2 || die "apt-get update failed (no network?)"
  v=$(version)
fi
[ -n "$v" ] || die "bookworm-backports has no qemu-system-arm"
case "$v" in
  1:10.0.*) ;;
  *) die "bookworm-backports offers qemu-system-arm $v, not 10.0" ;;
esac

# 2. Download and unpack (into a fresh root, swapped in when complete).
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
args=()
for p in "${pkgs[@]}"; do args+=("$p=$v"); done
echo "get-qemu10.sh: downloading ${pkgs[*]} $v" >&2
(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "${args[@]}" >&2) || die "apt-get download failed (no network?)"
mkdir "$tmp/root"
for deb in "$tmp"/*.deb; do
  dpkg -x "$deb" "$tmp/root" || die "dpkg -x $deb failed"
done

# 3. The shared libraries the binary links (Depends of the debs, bookworm).
deps=$(for deb in "$tmp"/*.deb; do dpkg-deb -f "$deb" Depends; done | tr ',' '\n' |
  sed -E 's/\(.*\)//; s/\|.*//; s/[[:space:]]//g' | grep -v '^qemu-' | grep -v '^$' | sort -u)
if [ -n "$deps" ]; then
  # shellcheck disable=SC2086
  "$here/scripts/deps.sh" $deps >&2 || die "cannot install QEMU 10.0's libraries: $deps"
fi

rm -rf "$dir/root"
mv "$tmp/root" "$dir/root"
moddir=$(echo "$dir"/root/usr/lib/*/qemu)
[ -d "$moddir" ] || die "unpacked QEMU has no module directory"
cat >"$wrapper.new" <<EOF
#!/bin/sh
# QEMU $v unpacked from bookworm-backports by scripts/get-qemu10.sh.
export QEMU_MODULE_DIR="$moddir"
exec "$dir/root/usr/bin/qemu-system-aarch64" -L "$dir/root/usr/share/qemu" "\$@"
EOF
chmod 755 "$wrapper.new"
mv "$wrapper.new" "$wrapper"
usable || die "the unpacked QEMU does not run: $("$wrapper" --version 2>&1 | head -n3)"
echo "get-qemu10.sh: QEMU $v ready: $wrapper" >&2
echo "$wrapper"
