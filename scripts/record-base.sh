#!/bin/sh
# record-base.sh: move the series to the base in use on purpose (`make
# record-base`, e.g. with BASE_VERSION=6.1.192-3): config/base.conf gets
# that base's package version and sha256, the cover letter's mentions of
# the old version and sha256 are replaced, and patches/ is rewritten from
# a scratch tree of the series on the new base (base-commit:, index lines
# and hunk positions follow it). Review with `git diff`, then commit.
# A base that is not a Debian package tarball (KERNEL_TREE=, or a
# BASE_TARBALL= whose version is unknown) cannot be recorded.
set -eu
. "$(dirname "$0")/lib.sh"
. "$TOP/config/base.conf"

"$TOP/scripts/base-tree.sh"
. "$BUILD/base.env"
[ "$BASE_KIND" = tarball ] && [ "$BASE_VERSION_USED" != unknown ] && [ -n "$BASE_VERSION_USED" ] ||
	die "record-base: the base in use ($BASE_HOW) is not a $BASE_PACKAGE package of known version"
kv=$(git -C "$BASE_DIR" show base:Makefile | awk '
	/^VERSION =/ { v = $3 } /^PATCHLEVEL =/ { p = $3 } /^SUBLEVEL =/ { s = $3 }
	END { printf "%s.%s.%s", v, p, s }')

cover=$(ls "$PATCHES"/0000-*.patch 2>/dev/null | head -n 1 || true)
if [ -n "$cover" ]; then
	# The package version first ("6.1.192-2"), then the kernel version
	# wherever it stands alone ("Linux 6.1.192", "on 6.1.192").
	q() { echo "$1" | sed 's/[.]/\\./g'; }
	sed -i -e "s/$(q "$BASE_RECORDED_VERSION")/$BASE_VERSION_USED/g" \
		-e "s/$BASE_RECORDED_SHA256/$BASE_SHA256/g" "$cover"
	[ "$kv" = "$BASE_RECORDED_KERNELVERSION" ] ||
		sed -i -E "s/\\b$(q "$BASE_RECORDED_KERNELVERSION")\\b([^-]|$)/$kv\\1/g" "$cover"
fi
sed -i -e "s/^BASE_RECORDED_VERSION=.*/BASE_RECORDED_VERSION=$BASE_VERSION_USED/" \
	-e "s/^BASE_RECORDED_SHA256=.*/BASE_RECORDED_SHA256=$BASE_SHA256/" \
	-e "s/^BASE_RECORDED_KERNELVERSION=.*/BASE_RECORDED_KERNELVERSION=$kv/" \
	"$TOP/config/base.conf"

series_round_trip "$TOP"
"$TOP/scripts/base-resolve.sh" -v
say "record-base: config/base.conf and patches/ now name $BASE_PACKAGE $BASE_VERSION_USED (Linux $kv); review with git diff"
