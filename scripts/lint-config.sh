#!/bin/sh
# lint-config.sh make ARCH SRC OBJ
# lint-config.sh apply ARCH SRC OBJ
#
# make:  configure OBJ for the lint architecture ARCH from SRC (the tree
#        with the whole series: the configuration names options the series
#        adds): allnoconfig + the arch's fragments (see lint-lib.sh), merged
#        by the kernel's merge_config.sh as build-kernel.sh does. The result
#        is kept as OBJ/lint.config; redone only when a fragment or SRC's
#        commit changed. Every option of the fragments, and every
#        "# lint-expect: CONFIG_X=y|n" line, must hold in the result.
# apply: install OBJ/lint.config as OBJ/.config for SRC as it is checked
#        out now (a commit of the series, or the base) with olddefconfig,
#        and check the fragments again; an option missing only because this
#        commit's Kconfig does not define it yet is fine (the series' KUnit
#        option before the patch that adds it).
# Prints one line of facts about the configuration on stdout (make).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lint-lib.sh"

[ $# -eq 4 ] || die "usage: $0 make|apply ARCH SRC OBJ"
mode=$1 arch=$2
src=$(cd "$3" && pwd); mkdir -p "$4"; obj=$(cd "$4" && pwd)
lint_arch "$arch"

# check CONFIG: print each fragment option that CONFIG does not hold
check() {
	for f in $frags; do
		sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)/\1 \2/p
			s/^# \(CONFIG_[A-Za-z0-9_]*\) is not set/\1 n/p
			s/^# lint-expect: \(CONFIG_[A-Za-z0-9_]*\)=\(.*\)/\1 \2/p' "$f"
	done | while read -r sym want; do
		got=$(sed -n "s/^$sym=//p" "$1")
		[ "${got:-n}" = "$want" ] && continue
		if [ "$mode" = apply ] && [ -z "$got" ] &&
		   ! git -C "$src" grep -q -E "^(menu)?config ${sym#CONFIG_}\$" -- '*Kconfig*'; then
			continue	# not defined at this commit
		fi
		echo "$sym: wanted $want, got ${got:-n}"
	done
}

case $mode in
make)
	stamp="$(cat $frags | sha1sum | cut -c1-12) $(git -C "$src" rev-parse HEAD)"
	if [ ! -f "$obj/lint.config" ] || [ "$(cat "$obj/.lint-stamp" 2>/dev/null)" != "$stamp" ]; then
		say "lint: $arch: configuring (allnoconfig +$(for f in $frags; do printf ' %s' "$(basename "$f")"; done))"
		rm -f "$obj/.lint-stamp"
		( cd "$src" && ARCH=$karch CROSS_COMPILE=$cross \
			scripts/kconfig/merge_config.sh -n -O "$obj" $frags ) >"$obj/config.log" 2>&1 ||
			{ tail -20 "$obj/config.log" >&2; die "lint: $arch: configuration failed (see $obj/config.log)"; }
		if grep -A2 '^Value requested for' "$obj/config.log" >&2; then
			die "lint: $arch: options of the fragments were dropped by Kconfig (above)"
		fi
		cp "$obj/.config" "$obj/lint.config"
		echo "$stamp" >"$obj/.lint-stamp"
	fi
	bad=$(check "$obj/lint.config")
	[ -z "$bad" ] || { echo "$bad" >&2; die "lint: $arch: the configuration does not hold what the fragments ask (above)"; }
	# The facts that say what this configuration builds.
	for s in MMU HAVE_FAST_GUP ARCH_HAS_HUGEPD TRANSPARENT_HUGEPAGE HIGHMEM \
		 HUGETLBFS SECRETMEM IO_URING GUP_TEST GUP_LONGTERM_KUNIT_TEST; do
		v=$(sed -n "s/^CONFIG_$s=//p" "$obj/lint.config")
		printf '%s=%s ' "$s" "${v:-n}"
	done
	echo
	;;
apply)
	[ -f "$obj/lint.config" ] || die "lint: $arch: $obj/lint.config missing (run '$0 make' first)"
	cp "$obj/lint.config" "$obj/.config"
	xkmake "$arch" "$src" "$obj" olddefconfig >"$obj/olddefconfig.log" 2>&1 ||
		{ tail -20 "$obj/olddefconfig.log" >&2; die "lint: $arch: olddefconfig failed in $obj"; }
	bad=$(check "$obj/.config")
	[ -z "$bad" ] || { echo "$bad" >&2; die "lint: $arch: at $(git -C "$src" log -1 --format=%h "HEAD") the configuration lost options of the fragments (above)"; }
	;;
*)	die "usage: $0 make|apply ARCH SRC OBJ" ;;
esac
