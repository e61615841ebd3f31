using System;
using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>Stage 2 as one file: the real-mode part at 0x8000, then the 32-bit part on the
/// next 16-byte boundary, padded to whole 2 KiB sectors (a CD reads no less).</summary>
internal static class Stage2
{
    public const string LoaderName = "Minix3.Cosmos loader (BIOS)";

    public static byte[] Build()
    {
        var (bytes, addresses) = FlatAssembler.Build(previous =>
        {
            var (real, realAddresses) = new Stage2RealMode(previous).Assemble();
            uint origin32 = (uint)(LowMemory.Stage2 + real.Length + 15) & ~15u;
            var (protectedMode, pmAddresses) = new Stage2ProtectedMode(origin32, previous).Assemble();
            var image = new byte[origin32 - LowMemory.Stage2 + protectedMode.Length];
            real.CopyTo(image, 0);
            protectedMode.CopyTo(image, origin32 - LowMemory.Stage2);
            var all = new Dictionary<string, uint>(realAddresses);
            foreach (var (name, address) in pmAddresses)
                all.Add(name, address);
            return (image, all);
        });
        if (addresses["cd_part_end"] > LowMemory.Stage2 + Stage2RealMode.CdLoadedBytes)
            throw new InvalidOperationException($"stage 2's first part ends at {addresses["cd_part_end"]:x}, past the 2 KiB a CD BIOS loads");
        if (bytes.Length > LowMemory.Stage2Max)
            throw new InvalidOperationException($"stage 2 is {bytes.Length} bytes, more than the {LowMemory.Stage2Max} it may have");
        int padded = (bytes.Length + 2047) / 2048 * 2048;
        return bytes.Concat(new byte[padded - bytes.Length]).ToArray();
    }
}
