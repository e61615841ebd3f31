#!/usr/bin/env bash
# Makes the GRUB ISO (BIOS-bootable CD, hybrid: dd to a stick works too) of
# an image folder holding boot/ (kernel.elf, the modules, grub/grub.cfg).
# Usage: make-iso.sh <iso> <image-dir>
#
# grub-mkrescue builds GRUB's boot images and the whole ISO afresh (about
# 1.5 s). When the ISO it made last time carries the same module list and
# the same GRUB, only the files under /boot differ: xorriso then rewrites
# those in a copy of the old ISO, replaying its boot records as they were
# (about 0.2 s), which is what an incremental build of one kernel or
# component file wants. Any other change takes the full path.
set -euo pipefail
iso=$1 root=$2
partial="$iso.partial"
made_from="$iso.made-from"
rm -f "$partial"
fingerprint=$( { grub-mkrescue --version; cat "$0" "$root/boot/modules.txt"; } | md5sum | cut -d' ' -f1)
update_old_iso() {
  [ -s "$iso" ] && [ "$(cat "$made_from" 2>/dev/null)" = "$fingerprint" ] || return 1
  local updates=() file
  while IFS= read -r file; do
    updates+=(-update "$root/$file" "/$file")
  done < <(cd "$root" && find boot -type f | sort)
  xorriso -indev "$iso" -outdev "$partial" -boot_image any replay "${updates[@]}" >/dev/null 2>&1 &&
    echo "iso: /boot rewritten in the last ISO"
}
if ! update_old_iso; then
  rm -f "$partial" "$made_from"
  grub-mkrescue -o "$partial" "$root" 2>&1 | grep -v -e '^xorriso' -e '^Drive current' -e '^Media' \
    -e '^ISO image' -e '^Written to' -e '^Writing to' -e '^libisofs' -e '^Added to' -e '^$' || true
fi
test -s "$partial"
# Renamed into place: an emulator booting the ISO meanwhile (a test,
# another build's user) never sees half of one.
mv -f "$partial" "$iso"
echo "$fingerprint" > "$made_from"
