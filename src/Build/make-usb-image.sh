#!/usr/bin/env bash
# Makes the USB disk image: one FAT32 file system, with no partition table,
# holding the root file system (the same tree as root.img) plus /boot (the
# kernel, its modules and grub.cfg), made BIOS-bootable by GRUB in the FAT's
# reserved sectors (src/Build/Tool/FatBootInstaller.cs says how). Written to
# a stick with dd it boots a PC; attached as the primary IDE disk of an
# emulator, GRUB boots from it and the ATA driver and FS find the root file
# system on it.
# Usage: make-usb-image.sh <image> <size-MiB> <root-tree-dir> <image-dir> <build-tool.dll>
# (<image-dir>: the folder holding boot/ as the image build packs it.)
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"
image=$1 size=$2 tree=$3 boot=$4 tool=$5
grub=/usr/lib/grub/i386-pc
command -v grub-mkimage >/dev/null || { echo "error M3H003: grub-mkimage is missing (apt-get install grub-common grub-pc-bin)" >&2; exit 1; }
[ -f "$grub/boot.img" ] || { echo "error M3H003: $grub/boot.img is missing (apt-get install grub-pc-bin)" >&2; exit 1; }
[ -f "$boot/boot/kernel.elf" ] || { echo "error M3H004: no kernel at $boot/boot/kernel.elf" >&2; exit 1; }

# Beside the image, so the final rename is atomic and a failed build leaves
# no half-made image.
work="$image.work"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree"

# What the image was made from apart from /boot: the root tree's names and
# contents, the size and these scripts. When only /boot changed (a kernel
# or component rebuilt, the usual edit-build-boot loop), the old image's
# file system and GRUB are kept and only /boot is replaced: a tenth of the
# time of making the disk, GRUB and its boot sectors again.
fingerprint=$( { echo "$size"; grub-mkimage --version; cat "$0" "$(dirname "$0")/make-root-disk.sh";
  (cd "$tree" && find . -type f -print0 | sort -z | xargs -0 -r md5sum; find . -type d | sort); } | md5sum | cut -d' ' -f1)
if [ -s "$image" ] && [ "$(cat "$image.made-from" 2>/dev/null)" = "$fingerprint" ]; then
  cp --reflink=auto "$image" "$work/disk.img"
  mdeltree -i "$work/disk.img" ::/boot
  mcopy -s -i "$work/disk.img" "$boot/boot" ::/
  mv -f "$work/disk.img" "$image"
  echo "usb: /boot rewritten in the last image"
  exit 0
fi
rm -f "$image.made-from"
cp -R "$tree/." "$work/tree/"
cp -R "$boot/boot" "$work/tree/boot"
# GRUB's kernel with what grub.cfg uses built in (the FAT carries no module
# folder): BIOS disks, FAT, the menu (normal), multiboot with module, the
# serial terminal; its prefix names no device, so GRUB reads /boot/grub of
# the disk the BIOS booted, whatever its number.
grub-mkimage -O i386-pc -d "$grub" -p /boot/grub -o "$work/core.img" \
  biosdisk fat normal multiboot serial terminal boot
# 1 MiB of reserved sectors: room for core.img (about 300 sectors), and the
# FAT starts on a 1 MiB boundary, as flash media like.
bash "$(dirname "$0")/make-root-disk.sh" "$work/disk.img" "$size" "$work/tree" 2048
dotnet "$tool" usb-boot "$work/disk.img" "$grub/boot.img" "$work/core.img"
mv -f "$work/disk.img" "$image"
echo "$fingerprint" > "$image.made-from"
