#!/usr/bin/env bash
# Makes the root file system: a FAT32 disk image holding a staged tree,
# with the host's dosfstools and mtools (so the guest reads what real tools
# wrote, and the host can check what the guest wrote with the same tools).
# Usage: make-root-disk.sh <image> <size-MiB> <staged-tree-dir> [<reserved-sectors>]
# (reserved sectors: room before the FAT that the file system never uses;
# make-usb-image.sh puts GRUB there.)
# The image is written to a temporary name first and renamed at the end, so
# a failed build never leaves a half-written disk behind.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"
image=$1 size=$2 tree=$3 reserved=${4:-32}
for tool in mkfs.fat mcopy mmd; do
  command -v "$tool" >/dev/null || { echo "error M3H002: $tool is missing (apt-get install dosfstools mtools)" >&2; exit 1; }
done
mkdir -p "$(dirname "$image")"
tmp="$image.partial"
rm -f "$tmp"
# Whole 16-head, 63-sector cylinders (1008 sectors), so Bochs takes the
# same image as QEMU.
sectors=$(( size * 2048 / 1008 * 1008 ))
mkfs.fat -C -F 32 -S 512 -R "$reserved" -n MINIX3ROOT "$tmp" $(( sectors / 2 )) >/dev/null
# Directories first, all in one mmd (mcopy -s would also make them, but
# empty ones too must exist); then the files, one mcopy per directory:
# mtools opens the image once per run, so a run per file would make the
# disk the slowest step of an incremental build.
mapfile -t dirs < <(cd "$tree" && find . -mindepth 1 -type d | sort)
if [ ${#dirs[@]} -gt 0 ]; then
  mmd -i "$tmp" "${dirs[@]/#./::}"
fi
for dir in . "${dirs[@]}"; do
  mapfile -t files < <(cd "$tree" && find "$dir" -mindepth 1 -maxdepth 1 -type f | sort)
  [ ${#files[@]} -eq 0 ] && continue
  (cd "$tree" && mcopy -i "$tmp" "${files[@]}" "::${dir#.}/")
done
mv -f "$tmp" "$image"
