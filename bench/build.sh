#!/bin/sh
# bench/build.sh: build the guest side of the benchmark into $BUILD/bench
# (dynamically linked: the guest runs on the host's root file system):
#   gupbench   from bench/gupbench.c
#   gup_test   the kernel's own tools/testing/selftests/vm/gup_test.c, from
#              the base tree ($BUILD/k/base/src, made by scripts/kernel.sh
#              base): the figures maintainers know, from the same boots
# Prints gupbench's path on stdout.
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/scripts/lib.sh"

src="$TOP/bench/gupbench.c"
bin="$BUILD/bench/gupbench"
mkdir -p "$BUILD/bench"
if [ ! -x "$bin" ] || [ -n "$(find "$src" -newer "$bin")" ]; then
	say "bench: building ${bin#"$TOP"/}"
	gcc -O2 -Wall -Wextra -Werror -o "$bin.tmp" "$src" ||
		die "bench: gupbench.c did not build"
	mv "$bin.tmp" "$bin"
fi
ksrc=${BENCH_KSRC:-$BUILD/k/base/src}
gt="$ksrc/tools/testing/selftests/vm/gup_test.c"
[ -f "$gt" ] || die "bench: no $gt (scripts/kernel.sh base makes the base tree)"
if [ ! -x "$BUILD/bench/gup_test" ] || [ -n "$(find "$gt" -newer "$BUILD/bench/gup_test")" ]; then
	say "bench: building ${BUILD#"$TOP"/}/bench/gup_test from the base tree"
	gcc -O2 -Wall -I"$ksrc" -o "$BUILD/bench/gup_test.tmp" "$gt" -lpthread ||
		die "bench: gup_test.c did not build"
	mv "$BUILD/bench/gup_test.tmp" "$BUILD/bench/gup_test"
fi
echo "$bin"
