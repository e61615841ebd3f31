using System;
using System.IO;
using Minix3.Cosmos.Boot.Bios;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Images.Iso;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Boot;

// The three media the kit's BIOS loader (src/Boot/Bios) boots, made from a built image's
// /boot for the tests: a CD (El Torito, no emulation), the same ISO written to a stick
// (stage 1 in sector 0), and a partitionless FAT32 volume (stage 1 around the BPB, stage 2 in
// the reserved sectors).
// The ISO and the FAT32 volume are written by the kit's own writers (src/Images); only the
// ISO with 8.3-cut names (level 1, which the kit's writer never makes) comes from xorriso,
// to show the loader reading another tool's ISO through Rock Ridge. Stage 1 and 2 are placed
// by the loader's own installers.
public sealed class BiosLoaderMedia : IDisposable
{
    private static readonly LoaderFiles Loader = BiosLoader.Build();

    private BiosLoaderMedia(string directory) => Directory = directory;

    public string Directory { get; }

    public string Boot => Path.Combine(Directory, "tree", "boot");

    // A copy of the image's /boot (without GRUB's folder) with `commandLine` in /boot/cmdline.
    public static BiosLoaderMedia FromImage(ImageLayout image, string commandLine)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-bios-{Guid.NewGuid():N}");
        var media = new BiosLoaderMedia(directory);
        System.IO.Directory.CreateDirectory(media.Boot);
        foreach (string file in System.IO.Directory.GetFiles(image.BootDirectory))
            File.Copy(file, Path.Combine(media.Boot, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(media.Boot, "cmdline"), commandLine + "\n");
        return media;
    }

    // `isoLevel` 1 cuts the ISO 9660 names to 8.3 ("CONSOLEC.;1"): only Rock Ridge names them then.
    public string MakeIso(int isoLevel = 3)
    {
        string bios = Path.Combine(Boot, "bios");
        System.IO.Directory.CreateDirectory(bios);
        File.WriteAllBytes(Path.Combine(bios, "stage2.bin"), Loader.Stage2);
        string iso = Path.Combine(Directory, "cd.iso");
        if (isoLevel == 1)
        {
            // -boot-load-size 4: the 2 KiB stage 2 expects; -boot-info-table: how it finds the rest.
            HostTool.MustRun("xorriso", "xorriso", "-as", "mkisofs", "-quiet", "-iso-level", "1", "-R",
                "-b", "boot/bios/stage2.bin", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
                "-c", "boot/bios/boot.cat", "-o", iso, Path.Combine(Directory, "tree"));
            return iso;
        }
        var image = IsoImage.Plan(IsoDirectory.FromHost(Path.Combine(Directory, "tree")),
            new IsoOptions { BiosBootFile = "/boot/bios/stage2.bin", BiosLoadSectors = 4, BootInfoTable = true });
        using (var stream = new FileStream(iso, FileMode.Create, FileAccess.Write))
            image.Write(stream);
        return iso;
    }

    // The ISO as a stick: a copy with stage 1 in its sector 0.
    public string MakeHybridDisk()
    {
        string disk = Path.Combine(Directory, "stick.img");
        File.Copy(MakeIso(), disk);
        using var stream = new FileStream(disk, FileMode.Open, FileAccess.ReadWrite);
        Minix3.Cosmos.Boot.Bios.HybridMbr.Install(stream, Loader);
        return disk;
    }

    public string MakeFat32()
    {
        string disk = Path.Combine(Directory, "usb.img");
        // 64 MiB, 2048 reserved sectors as the build's USB image has.
        var root = new FatDirectory("");
        FatDirectory boot = root.AddDirectory("boot");
        foreach (string file in System.IO.Directory.GetFiles(Boot))
            boot.AddHostFile(Path.GetFileName(file), file);
        FatImageWriter.WriteFile(disk, root, new FatVolumeOptions { SizeBytes = 64L << 20, Type = FatType.Fat32, ReservedSectors = 2048 });
        using (var stream = new FileStream(disk, FileMode.Open, FileAccess.ReadWrite))
            FatLoaderInstaller.Install(stream, Loader);
        return disk;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
