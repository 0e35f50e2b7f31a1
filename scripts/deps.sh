# Installs the Debian packages the demo and the tests need, only when missing (sourced by demo.sh and test.sh).
missing=()
command -v fusermount3 >/dev/null || missing+=(fuse3)
command -v setfattr >/dev/null || missing+=(attr)
if ((${#missing[@]})); then
    echo "== installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -e /dev/fuse ] || modprobe fuse 2>/dev/null || true
