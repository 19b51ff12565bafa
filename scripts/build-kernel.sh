#!/bin/sh
# build-kernel.sh SRC OBJ FRAGMENT...
#
# Configure (x86_64 allnoconfig + the fragments, via the kernel's own
# merge_config.sh) and build bzImage and modules out of tree in OBJ, with
# ccache. Incremental: the config is regenerated only when a fragment or
# the source commit changed, and make rebuilds only what changed.
# Holds the machine-wide build lock; prints progress, full log in OBJ/build.log.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: $0 SRC OBJ FRAGMENT..."
src=$(cd "$1" && pwd); obj=$2; shift 2
mkdir -p "$obj"; obj=$(cd "$obj" && pwd)

frags=""
for f; do
	[ -r "$f" ] || die "config fragment $f not found"
	frags="$frags $(cd "$(dirname "$f")" && pwd)/$(basename "$f")"
done

export ARCH=x86_64
: "${CCACHE_MAXSIZE:=8G}"; export CCACHE_MAXSIZE

name=$(basename "$(dirname "$obj")")/$(basename "$obj")
# Kconfig changes in the tree itself are handled by make (syncconfig).
stamp=$(cat $frags | sha1sum | cut -c1-12)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.harness-config" 2>/dev/null)" != "$stamp" ]; then
	say "$name: configuring (allnoconfig +$(for f in $frags; do printf ' %s' "$(basename "$f")"; done))"
	( cd "$src" && scripts/kconfig/merge_config.sh -n -O "$obj" $frags ) >"$obj/config.log" 2>&1 ||
		{ tail -20 "$obj/config.log"; die "$name: configuration failed (see $obj/config.log)"; }
	# merge_config.sh only warns when Kconfig drops a requested value: a
	# silently missing option would make the guest test the wrong thing.
	if grep -A2 '^Value requested for' "$obj/config.log" >"$obj/config.dropped"; then
		cat "$obj/config.dropped" >&2
		die "$name: options from the fragments were dropped by Kconfig (above)"
	fi
	echo "$stamp" >"$obj/.harness-config"
fi

say "$name: building bzImage and modules (-j$JOBS, log: $obj/build.log)"
start=$(date +%s)
set +e
kmake "$src" "$obj" -j"$JOBS" ${W:+W=$W} bzImage modules 2>&1 | tee "$obj/build.log" | awk '
	/warning:|error:|Error /	{ print; fflush(); next }
	/^  (CC|AR|LD)/		{ if (++n % 250 == 0) { printf "    ... %d objects\n", n; fflush() } }
	END			{ printf "    %d objects rebuilt\n", n }'
set -e
if [ ! -f "$obj/arch/x86/boot/bzImage" ] || grep -q '^make.*Error' "$obj/build.log"; then
	die "$name: build failed (see $obj/build.log)"
fi
say "$name: built in $(( $(date +%s) - start )) s: $obj/arch/x86/boot/bzImage"
