using System;
using System.IO;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Images.Iso;

namespace Minix3.Cosmos.Build;

// boot-media <boot-dir> <root-tree|-> <BOOTX64.EFI> [--iso OUT] [--usb OUT MiB] [--live-mib N] [--cmdline TEXT]:
// the ISO and the USB image with the kit's own loaders (BootMedia).
public static class BootMediaVerb
{
    public const string Usage =
        "Minix3.Cosmos.BuildTool boot-media <boot-dir> <root-tree|-> <BOOTX64.EFI> [--iso <out.iso>] [--usb <out.img> <MiB>] [--live-mib <N>] [--cmdline <text>]";

    public static bool Matches(string[] args) => args.Length >= 4 && args[0] == "boot-media";

    public static int Run(string[] args, TextWriter error)
    {
        string? iso = null, usb = null, commandLine = "";
        int usbMiB = 0, liveMiB = 40;
        for (int i = 4; i < args.Length; i++)
        {
            bool more = i + 1 < args.Length;
            switch (args[i])
            {
                case "--iso" when more: iso = args[++i]; break;
                case "--usb" when i + 2 < args.Length && int.TryParse(args[i + 2], out usbMiB): usb = args[++i]; i++; break;
                case "--live-mib" when more && int.TryParse(args[i + 1], out liveMiB): i++; break;
                case "--cmdline" when more: commandLine = args[++i]; break;
                default:
                    error.WriteLine("usage: " + Usage);
                    return 2;
            }
        }
        try
        {
            // "-": no root tree (the media then carry no live root).
            var media = new BootMedia(args[1], args[2] == "-" ? null : args[2], args[3], commandLine, liveMiB);
            if (iso != null)
                media.WriteIso(iso);
            if (usb != null)
                media.WriteUsb(usb, usbMiB);
            return 0;
        }
        catch (FatImageException e)
        {
            error.WriteLine($"{e.Subject}: error M3T001: {e.Message}");
            return 1;
        }
        catch (IsoFormatException e)
        {
            error.WriteLine($"{iso}: error M3T001: {e.Message}");
            return 1;
        }
    }
}
