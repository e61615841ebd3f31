#!/usr/bin/env bash
# Makes sure the host tools the build, the launcher and the tests run are
# installed (Debian/Ubuntu package names). As root, installs what is missing
# with apt-get; otherwise prints the exact command to run and fails.
# Usage: host-packages.sh [--check]   (--check: report only, never install)
set -u
# dosfstools installs mkfs.fat and fsck.fat in /usr/sbin, which a non-root
# user's PATH often lacks on Debian: look there too.
PATH="$PATH:/usr/sbin:/sbin"

# command -> package that provides it
tools=(
  "ld.lld lld"
  "grub-mkrescue grub-common"
  "xorriso xorriso"
  "mformat mtools"
  "mkfs.fat dosfstools"
  "fsck.fat dosfstools"
  "qemu-system-x86_64 qemu-system-x86"
  "qemu-img qemu-utils"
  "bochs bochs"
  "gdb gdb"
)
# files -> package (for packages without a distinctive command)
files=(
  "/usr/lib/grub/i386-pc/multiboot.mod grub-pc-bin"
  "/usr/share/bochs/BIOS-bochs-latest bochsbios"
  "/usr/share/vgabios/vgabios.bin vgabios"
  "/usr/share/OVMF/OVMF_CODE_4M.fd ovmf"
)

# packages checked by dpkg's own status: their files carry a version in
# the name (/boot/vmlinuz-<version>), or another package may provide the
# same command (busybox, dynamically linked, is no use in an initramfs).
# bench/ boots them as its Linux peer (bench/LinuxPeer.cs).
packages_by_status=(
  linux-image-amd64
  busybox-static
)

find_missing() {
  missing=()
  for entry in "${tools[@]}"; do
    set -- $entry
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
  done
  for entry in "${files[@]}"; do
    set -- $entry
    [ -e "$1" ] || missing+=("$2")
  done
  for package in "${packages_by_status[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" = "installed" ] || missing+=("$package")
  done
}
find_missing
[ ${#missing[@]} -eq 0 ] && exit 0

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "${1:-}" = "--check" ] || [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error M3H001: missing host packages: ${packages}- install them with: sudo apt-get install -y ${packages}" >&2
  exit 1
fi
# Builds running side by side (two worktrees, a test building an image while
# another builds) may each run this: one installs while the others wait on
# the lock, then find nothing missing (concurrent apt-get runs would fail on
# dpkg's own lock).
exec 9>/tmp/minix3-host-packages.lock
flock 9
find_missing
[ ${#missing[@]} -eq 0 ] && exit 0
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "Installing missing host packages: ${packages}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq ${packages} >/tmp/minix3-apt.log 2>&1; then
  apt-get update -qq >>/tmp/minix3-apt.log 2>&1
  if ! apt-get install -y -qq ${packages} >>/tmp/minix3-apt.log 2>&1; then
    echo "error M3H002: apt-get could not install: ${packages}(log: /tmp/minix3-apt.log)" >&2
    exit 1
  fi
fi
exit 0
