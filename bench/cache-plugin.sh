#!/bin/sh
# bench/cache-plugin.sh: build QEMU's contrib cache plugin for the QEMU
# that runs the guests, and print the path of the shared object.
#
# The plugin (contrib/plugins/cache.c in QEMU's source) simulates an L1
# data cache and an L1 instruction cache per vCPU and, when QEMU exits,
# prints their accesses and misses. It must come from the same QEMU
# version as the binary that loads it, so its source is Debian's own
# source package of the installed qemu-system-x86: fetched with apt-get
# source through a private deb-src list under $BUILD (nothing on the
# system changes), unpacked with Debian's patches, and only cache.c is
# compiled, against the unpacked include/qemu/qemu-plugin.h and glib.
# Needs dpkg-dev and libglib2.0-dev (scripts/deps.sh bench).
# Output: $BUILD/bench/plugin/libcache.so; a second run reuses it.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

dir=$BUILD/bench/plugin
so=$dir/libcache.so
ver=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) ||
	die "cache-plugin: qemu-system-x86 is not installed"
if [ -f "$so" ] && [ "$(cat "$dir/version" 2>/dev/null)" = "$ver" ]; then
	echo "$so"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/apt/lists/partial" "$dir/dl"
# The distribution's suites, as deb-src: the binary's source version is
# in one of them (bookworm, its updates or its security archive).
cat >"$dir/apt/src.sources" <<EOS
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
apt_src() {
	apt-get -q -o Dir::Etc::sourcelist="$dir/apt/src.sources" \
		-o Dir::Etc::sourceparts=- -o Dir::State::Lists="$dir/apt/lists" \
		-o APT::Sandbox::User=root "$@"
}
say "cache-plugin: fetching Debian's source of qemu $ver"
apt_src update >"$dir/apt.log" 2>&1 || { tail -n 5 "$dir/apt.log" >&2; die "cache-plugin: apt-get update of the deb-src list failed"; }
(cd "$dir/dl" && apt_src source -d "qemu=$ver") >>"$dir/apt.log" 2>&1 ||
	{ tail -n 5 "$dir/apt.log" >&2; die "cache-plugin: apt-get source qemu=$ver failed"; }
dpkg-source -x "$dir/dl"/qemu_*.dsc "$dir/src" >>"$dir/apt.log" 2>&1 ||
	{ tail -n 5 "$dir/apt.log" >&2; die "cache-plugin: dpkg-source -x failed"; }
say "cache-plugin: compiling contrib/plugins/cache.c"
# shellcheck disable=SC2046
gcc -shared -fPIC -O2 -o "$so" "$dir/src/contrib/plugins/cache.c" \
	-I"$dir/src/include/qemu" $(pkg-config --cflags --libs glib-2.0) ||
	die "cache-plugin: cache.c does not compile"
# Keep the source of what was built, not the 200 MB tree.
cp "$dir/src/contrib/plugins/cache.c" "$dir/cache.c"
rm -rf "$dir/src" "$dir/dl"
echo "$ver" >"$dir/version"
echo "$so"
