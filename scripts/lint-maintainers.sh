#!/bin/sh
# lint-maintainers.sh SRC PATCH...: run the kernel's get_maintainer.pl
# (--no-git --no-git-fallback: MAINTAINERS only) from SRC, the tree with
# the whole series (so that the series' own MAINTAINERS change counts), on
# each patch, and check that it names the people the patch must reach:
#
#   mm/, include/linux/mm*.h, selftests/vm/, pin_user_pages.rst
#                         Andrew Morton and linux-mm@kvack.org
#   io_uring/             Jens Axboe and io-uring@vger.kernel.org
#   tools/testing/selftests/   linux-kselftest@vger.kernel.org
#   Documentation/        linux-doc@vger.kernel.org
#
# A patch that touches none of these (MAINTAINERS alone) has nothing to
# check: what get_maintainer.pl prints is shown. One line per patch,
# "ok DESCRIPTION" or "not ok DESCRIPTION", then "# " details.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 SRC PATCH..."
src=$(cd "$1" && pwd); shift
for p; do
	p=$(cd "$(dirname "$p")" && pwd)/$(basename "$p")
	name=$(basename "$p")
	files=$(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$p")
	want=""
	for f in $files; do
		case $f in
		mm/*|include/linux/mm*.h|tools/testing/selftests/vm/*|Documentation/core-api/pin_user_pages.rst)
			want="$want akpm@linux-foundation.org linux-mm@kvack.org" ;;
		esac
		case $f in io_uring/*) want="$want axboe@kernel.dk io-uring@vger.kernel.org" ;; esac
		case $f in tools/testing/selftests/*) want="$want linux-kselftest@vger.kernel.org" ;; esac
		case $f in Documentation/*) want="$want linux-doc@vger.kernel.org" ;; esac
	done
	want=$(echo $want | tr ' ' '\n' | sort -u)
	if ! got=$(cd "$src" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats "$p" 2>&1); then
		echo "not ok get_maintainer $name: get_maintainer.pl failed"
		echo "$got" | sed 's/^/# /'
		continue
	fi
	names=$(echo "$got" | tr '\n' ',' | sed 's/,$//; s/,/, /g')
	missing=""
	for w in $want; do
		echo "$got" | grep -qF "$w" || missing="$missing $w"
	done
	if [ -z "$want" ]; then
		echo "ok get_maintainer $name: nothing required (touches only $(echo "$files" | tr "\n" " " | sed "s/ $//")); names $names"
	elif [ -z "$missing" ]; then
		echo "ok get_maintainer $name: names$(printf ' %s' $want)"
		echo "# $names"
	else
		echo "not ok get_maintainer $name: does not name$missing"
		echo "# $names"
	fi
done
