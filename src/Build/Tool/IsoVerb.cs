using System;
using System.Globalization;
using System.IO;
using Minix3.Cosmos.Images.Iso;
using Minix3.Cosmos.Images.Vmware;

namespace Minix3.Cosmos.Build;

// The CD image and the VMware disk, written by .NET alone (src/Images):
//   iso <out.iso> <tree-dir> [--bios-boot <file-in-tree>] [--bios-load-sectors <n>]
//       [--boot-info-table] [--efi-image <fat.img>] [--mbr <code.bin>]
//     an ISO 9660 + Rock Ridge image of the folder; --bios-boot and
//     --efi-image add the El Torito entries, --mbr makes it hybrid (that
//     code in the MBR, partitions for the ISO and the ESP). Dates are
//     SOURCE_DATE_EPOCH's when it is set, else a fixed one.
//   vmdk <out.vmdk> <raw.img>
//     a monolithicSparse VMware disk of the raw image.
// Each writes <out>.partial and renames it, so a reader never sees half an
// image. Exit codes as Program's.
public static class IsoVerb
{
    public const string Usage =
        "Minix3.Cosmos.BuildTool iso <out.iso> <tree-dir> [--bios-boot <file-in-tree>] [--bios-load-sectors <n>] [--boot-info-table] [--efi-image <fat.img>] [--mbr <code.bin>]";

    public static bool Matches(string[] args) => args.Length >= 3 && args[0] == "iso";

    public static int Run(string[] args, TextWriter error)
    {
        string output = args[1];
        var options = new IsoOptions { Timestamp = Timestamp() };
        byte[]? mbr = null;
        for (int i = 3; i < args.Length; i++)
        {
            string option = args[i];
            if (option == "--boot-info-table")
            {
                options = options with { BootInfoTable = true };
                continue;
            }
            if (i + 1 >= args.Length)
            {
                error.WriteLine("usage: " + Usage);
                return 2;
            }
            string value = args[++i];
            switch (option)
            {
                case "--bios-boot":
                    options = options with { BiosBootFile = value };
                    break;
                case "--bios-load-sectors" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int sectors):
                    options = options with { BiosLoadSectors = sectors };
                    break;
                case "--efi-image":
                    options = options with { EfiImage = IsoFile.FromHostFile(Path.GetFileName(value), value, value) };
                    break;
                case "--mbr":
                    mbr = File.ReadAllBytes(value);
                    options = options with { Hybrid = true };
                    break;
                default:
                    error.WriteLine("usage: " + Usage);
                    return 2;
            }
        }
        string partial = output + ".partial";
        try
        {
            IsoImage image = IsoImage.Plan(IsoDirectory.FromHost(args[2]), options);
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
                image.Write(stream, mbr);
        }
        catch (IsoFormatException e)
        {
            File.Delete(partial);
            throw new BuildToolException(output, e.Message);
        }
        File.Move(partial, output, overwrite: true);
        return 0;
    }

    // Reproducible builds' convention: seconds since 1970 in SOURCE_DATE_EPOCH.
    private static DateTime Timestamp()
    {
        string? epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        return long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            ? DateTime.UnixEpoch.AddSeconds(seconds)
            : IsoOptions.DefaultTimestamp;
    }
}

public static class VmdkVerb
{
    public const string Usage = "Minix3.Cosmos.BuildTool vmdk <out.vmdk> <raw.img>";

    public static bool Matches(string[] args) => args.Length == 3 && args[0] == "vmdk";

    public static int Run(string[] args)
    {
        string output = args[1];
        string partial = output + ".partial";
        try
        {
            // The descriptor names the final file: the extent is the .vmdk itself.
            SparseExtentWriter.Write(args[2], partial, Path.GetFileName(output));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            File.Delete(partial);
            throw new BuildToolException(args[2], e.Message);
        }
        File.Move(partial, output, overwrite: true);
        return 0;
    }
}
