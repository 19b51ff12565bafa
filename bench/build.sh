#!/bin/sh
# bench/build.sh: build the guest side of the benchmark, bench/gupbench.c,
# into $BUILD/bench/gupbench (dynamically linked: the guest runs on the
# host's root file system). Prints the binary's path on stdout.
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
echo "$bin"
