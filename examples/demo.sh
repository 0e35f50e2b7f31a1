#!/usr/bin/env bash
# The quick start: install what is missing, build `union`, mount the bundled example layers, write through the
# merged view, show what landed in the upper layer, unmount. Run as root on Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

echo "== building union"
dotnet publish src/Union.Cli -c Release -o out --nologo -v quiet   # the native (NativeAOT) binary
UNION="$PWD/out/union"

demo=$(mktemp -d /tmp/union-demo.XXXXXX)
mkdir -p "$demo/upper" "$demo/work" "$demo/merged"
trap '"$UNION" unmount "$demo/merged" 2>/dev/null || true; rm -rf "$demo"' EXIT

echo "== mounting: overrides over base, changes go to $demo/upper"
"$UNION" mount --lower examples/layers/overrides --lower examples/layers/base \
    --upper "$demo/upper" --work "$demo/work" "$demo/merged"
"$UNION" list

echo "== merged view (notes.txt is whited out by the overrides layer)"
(cd "$demo/merged" && find . -mindepth 1 | sort)
echo "-- build.conf (the top layer wins):"; cat "$demo/merged/build.conf"

echo "== writing through the mount"
echo "CFLAGS+=-g" >> "$demo/merged/build.conf"      # copy-up of a lower file
echo "new file" > "$demo/merged/src/new.c"          # lands in the upper
rm "$demo/merged/README.txt"                         # leaves a whiteout
mv "$demo/merged/src" "$demo/merged/source"          # renaming a lower directory just works

echo "== what landed in the upper layer"
(cd "$demo/upper" && find . -mindepth 1 | sort)
echo "-- upper build.conf:"; cat "$demo/upper/build.conf"

"$UNION" unmount "$demo/merged"
echo "== unmounted; the lower layers are untouched:"
git status --short examples/layers | grep . || echo "(no changes in examples/layers)"
echo "demo finished"
