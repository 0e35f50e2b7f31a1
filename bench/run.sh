#!/usr/bin/env bash
# Mounts the same generated layers with each system and prints times and ratios to kernel overlayfs.
# Usage (root): bash bench/run.sh [FILES] [BIG_MIB]   defaults: 50000 files, 1024 MiB big file.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-50000}; BIG=${2:-1024}
command -v fuse-overlayfs >/dev/null || apt-get install -y -qq fuse-overlayfs >/dev/null
command -v unionfs-fuse >/dev/null || apt-get install -y -qq unionfs-fuse >/dev/null
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
command -v git >/dev/null || apt-get install -y -qq git >/dev/null
dotnet publish src/Union.Cli -c Release -o out --nologo -v quiet   # NativeAOT: instant start, small RSS
UNION="$PWD/out/union"
B=$(mktemp -d /var/tmp/union-bench.XXXXXX)
# union takes its requests over FUSE-over-io_uring whenever the kernel offers it, which needs the fuse module's
# enable_uring: set for the run (and restored on exit). union-devfuse is union reading /dev/fuse (-o noio_uring), as
# on a kernel that does not offer io_uring.
URING=/sys/module/fuse/parameters/enable_uring; URING_WAS=$(cat $URING 2>/dev/null || echo N)
[ -w $URING ] && echo Y > $URING
trap 'for m in "$B"/*/m; do umount -l "$m" 2>/dev/null || true; done; rm -rf "$B"; [ -w $URING ] && echo $URING_WAS > $URING' EXIT

echo "generating $FILES files and a $BIG MiB file in $B/lower0 (+ overrides in lower1)"
python3 - "$B" "$FILES" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2]); random.seed(1)
for layer in ("lower0", "lower1"): os.makedirs(f"{root}/{layer}", exist_ok=True)
for i in range(n):
    d = f"{root}/lower0/src/m{i % 50}/p{i % 500}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/f{i}.c", "w") as f: f.write("x" * random.randint(100, 4000))
for i in range(0, n, 50):
    d = f"{root}/lower1/src/m{i % 50}/p{i % 500}"; os.makedirs(d, exist_ok=True)
    open(f"{d}/f{i}.c", "w").write("override")
    open(f"{d}/.wh.f{i+1}.c", "w").close()
PY
dd if=/dev/urandom of="$B/lower0/big" bs=1M count="$BIG" status=none
dd if=/dev/urandom of="$B/lower0/copyup" bs=1M count=256 status=none
# A git repository in the lower layer, for `git status` through each mount.
(cd "$B/lower0/src" && git init -q && git add -A && git -c user.email=b@b -c user.name=b commit -qm base)

SYSTEMS="kernel union union-devfuse fuse-overlayfs unionfs-fuse"
mount_one() { # system [directory name]
    local s=$1 d="$B/${2:-$1}"; mkdir -p "$d/upper" "$d/work" "$d/m"
    case $s in
      kernel) mount -t overlay overlay -o "lowerdir=$B/lower1:$B/lower0,upperdir=$d/upper,workdir=$d/work" "$d/m" ;;
      union) "$UNION" mount -o "lowerdir=$B/lower1:$B/lower0,upperdir=$d/upper,workdir=$d/work" "$d/m" ;;
      union-devfuse) "$UNION" mount -o "lowerdir=$B/lower1:$B/lower0,upperdir=$d/upper,workdir=$d/work,noio_uring" "$d/m" ;;
      fuse-overlayfs) fuse-overlayfs -o "lowerdir=$B/lower1:$B/lower0,upperdir=$d/upper,workdir=$d/work" "$d/m" ;;
      unionfs-fuse) unionfs-fuse -o cow,allow_other "$d/upper=RW:$B/lower1=RO:$B/lower0=RO" "$d/m" ;;
    esac
}
t() { local s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }
declare -A R
for s in $SYSTEMS; do R[$s,mount]=$(t mount_one "$s"); done
cold() { sync; echo 3 > /proc/sys/vm/drop_caches; t "$@"; }   # every system starts cold, not just the first
# Warm means warm for this system: another system's cold run has dropped every cache since, so run it once first.
warm() { "$@" >/dev/null 2>&1; t "$@"; }
for s in $SYSTEMS; do R[$s,cold_stat]=$(cold find "$B/$s/m/src" -printf '%s\n'); done
for s in $SYSTEMS; do R[$s,warm_stat]=$(warm find "$B/$s/m/src" -printf '%s\n'); done
for s in $SYSTEMS; do R[$s,readdir]=$(warm find "$B/$s/m/src"); done
for s in $SYSTEMS; do git -C "$B/$s/m/src" status >/dev/null 2>&1 || true; done   # warm it
for s in $SYSTEMS; do R[$s,git_status]=$(t git -C "$B/$s/m/src" status); done
for s in $SYSTEMS; do R[$s,read_cold]=$(cold dd if="$B/$s/m/big" of=/dev/null bs=1M); done
# cat advises sequential reading (fadvise), which overlayfs passes to the lower file and FUSE cannot pass on.
for s in $SYSTEMS; do R[$s,read_cat]=$(cold cat "$B/$s/m/big"); done
for s in $SYSTEMS; do R[$s,read_warm]=$(warm dd if="$B/$s/m/big" of=/dev/null bs=1M); done
for s in $SYSTEMS; do R[$s,write]=$(t dd if=/dev/zero of="$B/$s/m/written" bs=1M count="$BIG" conv=fdatasync); done
# Many small write(2) calls to one file, as cp, compilers and archivers make them.
for s in $SYSTEMS; do R[$s,write_4k]=$(t dd if=/dev/zero of="$B/$s/m/written4k" bs=4k count=50000 conv=fdatasync); done
for s in $SYSTEMS; do R[$s,create]=$(t bash -c "mkdir $B/$s/m/many && cd $B/$s/m/many && for i in \$(seq 20000); do : > f\$i; done"); done
for s in $SYSTEMS; do R[$s,delete]=$(t rm -rf "$B/$s/m/many"); done
for s in $SYSTEMS; do R[$s,copyup]=$(t bash -c "echo x >> $B/$s/m/copyup"); done
for s in $SYSTEMS; do R[$s,dir_rename]=$(t mv "$B/$s/m/src/m1" "$B/$s/m/src/m1-renamed"); done
RSS=$(ps -o rss= -C union | sort -n | tail -1 || echo 0)

printf '\n%-12s' "seconds"; for s in $SYSTEMS; do printf '%16s' "$s"; done; echo
for k in mount cold_stat warm_stat readdir git_status read_cold read_cat read_warm write write_4k create delete copyup dir_rename; do
    printf '%-12s' "$k"
    for s in $SYSTEMS; do
        ratio=$(echo "scale=2; ${R[$s,$k]} / ${R[kernel,$k]}" | bc 2>/dev/null || echo "?")
        printf '%9.3f (%sx)' "${R[$s,$k]}" "$ratio"
    done; echo
done
echo "union daemon RSS after the run: ${RSS:-?} KiB (dir_rename: kernel/fuse-overlayfs fail with EXDEV quickly)"
for s in $SYSTEMS; do umount "$B/$s/m"; done

# Page cache shared between mounts: the big lower file read through 3 mounts of each system, in copies of it.
cached() { awk '/^Cached:/ { print $2 }' /proc/meminfo; }
for s in kernel union fuse-overlayfs; do
    for i in 1 2 3; do mount_one "$s" "$s-$i"; done
    sync; echo 3 > /proc/sys/vm/drop_caches; before=$(cached)
    for i in 1 2 3; do cat "$B/$s-$i/m/big" > /dev/null; done
    after=$(cached)
    echo "page cache after reading $BIG MiB through 3 $s mounts: $(echo "scale=2; ($after - $before) / 1024 / $BIG" | bc) copies"
    for i in 1 2 3; do umount "$B/$s-$i/m"; done
done
