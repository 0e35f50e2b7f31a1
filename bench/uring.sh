#!/usr/bin/env bash
# Round-trip cost of /dev/fuse reads versus FUSE over io_uring: create N empty files (bash `: > f$i`) and `rm -rf`
# them through a union over tmpfs layers (/dev/shm), kernel overlayfs for reference. RUNS runs of each, interleaved.
# Usage (root): bash bench/uring.sh [FILES] [RUNS]   defaults: 5000 files, 3 runs. Restores enable_uring on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-5000}; RUNS=${2:-3}
PARAM=/sys/module/fuse/parameters/enable_uring
[ -e "$PARAM" ] || { echo "this kernel has no FUSE over io_uring ($PARAM missing)"; exit 1; }
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
UNION=${UNION:-}
if [ -z "$UNION" ]; then dotnet publish src/Union.Cli -c Release -o out --nologo -v quiet; UNION="$PWD/out/union"; fi
OLD=$(cat "$PARAM")
B=$(mktemp -d /dev/shm/union-uring.XXXXXX)
trap 'for m in "$B"/*/m; do umount -l "$m" 2>/dev/null || true; done; rm -rf "$B"; echo "$OLD" > "$PARAM"' EXIT
mkdir -p "$B/lower" && echo base > "$B/lower/base"

mount_one() { # mode directory
    local d=$2; rm -rf "$d"; mkdir -p "$d/upper" "$d/work" "$d/m"
    case $1 in
      kernel) mount -t overlay overlay -o "lowerdir=$B/lower,upperdir=$d/upper,workdir=$d/work" "$d/m" ;;
      devfuse) echo N > "$PARAM"; "$UNION" mount -o "lowerdir=$B/lower,upperdir=$d/upper,workdir=$d/work" "$d/m" ;;
      io_uring) echo Y > "$PARAM"; "$UNION" mount -o "lowerdir=$B/lower,upperdir=$d/upper,workdir=$d/work,io_uring,log_level=info" "$d/m" ;;
    esac
    ls "$d/m" >/dev/null
}
t() { local s=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $s" | bc; }
# Rescheduling and function-call IPIs (all CPUs): a wakeup sent to another CPU is one of them (RES for a busy CPU,
# CAL for the wake list of an idle one), the cost io_uring is meant to avoid. Other activity adds a few.
ipis() { awk '/^ *(RES|CAL):/ { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i } END { print n }' /proc/interrupts; }
create() { mkdir "$1/dir"; for ((i = 0; i < FILES; i++)); do : > "$1/dir/f$i"; done; }
remove() { rm -rf "$1/dir"; }

printf "%-9s %-4s %10s %10s %12s\n" mode run create rm "IPIs/create"
for ((r = 1; r <= RUNS; r++)); do
    for mode in kernel devfuse io_uring; do
        d="$B/$mode"; mount_one $mode "$d"
        i0=$(ipis); c=$(t create "$d/m"); i1=$(ipis); x=$(t remove "$d/m")
        printf "%-9s %-4s %10.3f %10.3f %12.2f\n" $mode $r "$c" "$x" "$(echo "($i1 - $i0) / $FILES" | bc -l)"
        umount "$d/m"; sleep 0.5
    done
done
