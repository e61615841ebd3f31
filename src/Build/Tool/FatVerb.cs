using System;
using System.Globalization;
using System.IO;
using Minix3.Cosmos.Images.Fat;

namespace Minix3.Cosmos.Build;

// fat <image> <size-MiB> <tree-dir> [--reserved N] [--label NAME] [--type 12|16|32]
// A FAT volume image holding the tree under <tree-dir> (src/Images/Fat):
// the root disk and the USB image (FAT32 from 64 MiB), or a small FAT12/16
// volume. The size is cut to whole 16x63 cylinders so Bochs takes the
// image. Defaults: the type from the size, 32 reserved sectors on FAT32
// (1 on FAT12/16), the label MINIX3ROOT. Exit codes as Program's.
public static class FatVerb
{
    public const string Usage = "Minix3.Cosmos.BuildTool fat <image> <size-MiB> <tree-dir> [--reserved N] [--label NAME] [--type 12|16|32]";

    public static bool Matches(string[] args) => args.Length >= 1 && args[0] == "fat";

    public static int Run(string[] args, TextWriter error)
    {
        if (args.Length < 4 || (args.Length - 4) % 2 != 0)
        {
            error.WriteLine("usage: " + Usage);
            return 2;
        }
        string image = args[1];
        var options = new FatVolumeOptions { Label = "MINIX3ROOT" };
        if (!int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int mib) || mib < 1 || mib > 2_000_000)
            throw new BuildToolException(image, $"the size must be a whole number of MiB, not \"{args[2]}\"");
        options.SizeBytes = mib * 1024L * 1024;
        for (int i = 4; i < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--reserved" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int reserved) && reserved is >= 1 and <= 65535:
                    options.ReservedSectors = reserved;
                    break;
                case "--label":
                    options.Label = value;
                    break;
                case "--type" when value is "12" or "16" or "32":
                    options.Type = value == "12" ? FatType.Fat12 : value == "16" ? FatType.Fat16 : FatType.Fat32;
                    break;
                default:
                    throw new BuildToolException(image, $"bad option {args[i]} {value} ({Usage})");
            }
        }
        try
        {
            FatImageWriter.WriteFile(image, FatDirectory.FromHost(args[3]), options);
        }
        catch (FatImageException e)
        {
            throw new BuildToolException(e.Subject, e.Message);
        }
        return 0;
    }
}
