using System;
using System.IO;
using Minix3.Cosmos.Boot.Bios;

namespace Minix3.Cosmos.Build;

// `bios-loader <folder>`: writes the kit's BIOS loader (src/Boot/Bios) for the image
// writers to place: mbr.bin (stage 1 for the hybrid ISO's sector 0), fat32-boot.bin
// (stage 1 around a FAT32 BPB) and stage2.bin (the El Torito boot image, and what both
// stage 1s load). BiosLoader's remarks give the offsets the writers patch.
public static class BiosLoaderVerb
{
    public const string Usage = "Minix3.Cosmos.BuildTool bios-loader <output-folder>";

    public static bool Matches(string[] args) => args.Length == 2 && args[0] == "bios-loader";

    public static int Run(string[] args)
    {
        LoaderFiles files = BiosLoader.Build();
        Directory.CreateDirectory(args[1]);
        WriteIfChanged(Path.Combine(args[1], "mbr.bin"), files.Mbr);
        WriteIfChanged(Path.Combine(args[1], "fat32-boot.bin"), files.Fat32BootSector);
        WriteIfChanged(Path.Combine(args[1], "stage2.bin"), files.Stage2);
        return 0;
    }

    // Unchanged files keep their times, so incremental image steps see nothing new.
    private static void WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return;
        File.WriteAllBytes(path, bytes);
    }
}
