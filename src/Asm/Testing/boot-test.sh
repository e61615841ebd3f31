#!/usr/bin/env bash
# Boot self-test of the kernel assembly object: links it with the stand-in kmain (written
# with the same DSL) using test.ld and boots it in QEMU through Multiboot1 (-kernel).
# Passes when the guest prints "ASM OK" and exits QEMU with status 33.
# Usage: src/Asm/Testing/boot-test.sh [OUTDIR]   (needs dotnet, ld.lld, qemu-system-x86_64)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../bin/boot-test}"
mkdir -p "$out"
dotnet build "$here/../Minix3.Cosmos.Asm.csproj" -v q -nologo >/dev/null
tool="$here/../bin/Debug/net10.0/Minix3.Cosmos.Asm.dll"
dotnet "$tool" kernel -o "$out/kernel-asm.o"
dotnet "$tool" test-kmain -o "$out/test-kmain.o"
ld.lld -T "$here/test.ld" -z max-page-size=4096 -o "$out/asm-test.elf" "$out/kernel-asm.o" "$out/test-kmain.o"
rm -f "$out/serial.log"
status=0
timeout 60 qemu-system-x86_64 -kernel "$out/asm-test.elf" -display none -serial "file:$out/serial.log" \
    -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -d int,cpu_reset -D "$out/qemu.log" || status=$?
cat "$out/serial.log"
if [[ $status -eq 33 ]] && grep -q "ASM OK" "$out/serial.log"; then
    echo "boot test passed"
else
    echo "boot test FAILED (QEMU status $status; see $out/qemu.log)" >&2
    exit 1
fi
