#!/bin/sh
# build.sh OUT: build the client programs of tests/clients on the host
# (they run in the guest, which sees the host's libraries over 9p), into
# OUT (scripts/build-tests.sh: $TESTS_DIR/clients). Kernel-independent:
# one build serves the base and patched guests.
#
# Needs gcc and the Debian packages libibverbs-dev (reg_mr), libxdp-dev
# and libbpf-dev (xsk_umem), and a kernel tree for mm/gup_test.h (the
# gup_test ABI, not a uapi header): $KSRC (scripts/build-tests.sh passes
# the patched tree).
set -eu
: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TOP/scripts/lib.sh"

out=${1:?usage: $0 OUT (KSRC=TREE)}
here="$TOP/tests/clients"
: "${KSRC:?KSRC is not set: a kernel tree with mm/gup_test.h}"
[ -f "$KSRC/mm/gup_test.h" ] || die "no $KSRC/mm/gup_test.h: KSRC= must be a kernel tree"

missing=""
for hp in infiniband/verbs.h:libibverbs-dev xdp/xsk.h:libxdp-dev bpf/libbpf.h:libbpf-dev; do
	[ -f "/usr/include/${hp%%:*}" ] || missing="$missing ${hp#*:}"
done
[ -z "$missing" ] || die "missing packages:$missing (apt-get install$missing)"

mkdir -p "$out"
cc() {	# cc NAME [libs...]
	_n=$1; shift
	say "clients: building $_n"
	gcc -O2 -g -Wall -Wextra -Werror -I"$here" -I"$KSRC/mm" \
		-o "$out/$_n" "$here/$_n.c" "$@" ||
		die "clients: $_n did not build"
}
cc gup_bench_pin
cc reg_mr -libverbs
cc xsk_umem -lxdp -lbpf
cc memfd_exec
cc errname
say "clients: programs in $out"
