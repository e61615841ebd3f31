using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Boot.Bios;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Images.Iso;

namespace Minix3.Cosmos.Build;

// The bootable media, made with the kit's own loaders and writers (issue 19):
//   - the ISO: ISO 9660 holding /boot, El Torito BIOS (the BIOS loader's
//     stage 2) and UEFI (a FAT image, the ESP, holding \EFI\BOOT\BOOTX64.EFI
//     and a copy of /boot: OVMF reads only the ESP), hybrid (the BIOS
//     loader's stage 1 in sector 0, the ESP as an MBR partition), so the
//     same file is a CD and a stick;
//   - the USB image: one partitionless FAT32 volume holding the root tree,
//     /boot and \EFI\BOOT\BOOTX64.EFI, the BIOS loader in its boot sector and
//     reserved sectors; attached as a disk it is also the root file system.
// Both carry the boot module "rootfs" (a FAT32 image of the root tree): on
// a PC whose disks no driver reaches (a stick on USB), FS mounts it in RAM
// (live mode). The -kernel set in image/boot is left as it is: those boots
// attach the root disk.
public sealed class BootMedia
{
    public const string LiveModule = "rootfs";
    private const int UsbReservedSectors = 2048;

    private readonly string _bootDirectory;
    private readonly string? _rootTree;
    private readonly byte[] _efiLoader;
    private readonly string _commandLine;
    private readonly int _liveMiB;
    private readonly LoaderFiles _bios = BiosLoader.Build();
    private byte[]? _live;

    // bootDirectory: the image's boot/ (kernel.elf, modules, modules.txt);
    // rootTree: the staged root file system (null: an image without one,
    // whose media then carry no live root); efiLoader: BOOTX64.EFI.
    public BootMedia(string bootDirectory, string? rootTree, string efiLoader, string commandLine, int liveMiB)
    {
        _bootDirectory = bootDirectory;
        _rootTree = rootTree;
        _efiLoader = File.ReadAllBytes(efiLoader);
        _commandLine = commandLine;
        _liveMiB = liveMiB;
    }

    // /boot as the loaders read it: the image's files (GRUB's folder
    // aside), modules.txt naming rootfs too, and the kernel command line.
    private IEnumerable<(string Name, byte[] Bytes)> BootFiles()
    {
        string modules = File.ReadAllText(Path.Combine(_bootDirectory, "modules.txt"));
        foreach (string file in Directory.GetFiles(_bootDirectory).OrderBy(f => f, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name != "modules.txt")
                yield return (name, File.ReadAllBytes(file));
        }
        if (_rootTree == null)
        {
            yield return ("modules.txt", Encoding.ASCII.GetBytes(modules));
        }
        else
        {
            yield return ("modules.txt", Encoding.ASCII.GetBytes(modules.TrimEnd('\n') + $"\n{LiveModule} {LiveModule}\n"));
            yield return (LiveModule, Live());
        }
        if (_commandLine.Length > 0)
            yield return ("cmdline", Encoding.ASCII.GetBytes(_commandLine + "\n"));
    }

    // The live root: the root tree in a FAT32 volume of its own size.
    private byte[] Live() => _live ??= FatImageWriter.WriteBytes(FatDirectory.FromHost(_rootTree!),
        new FatVolumeOptions { SizeBytes = (long)_liveMiB << 20, Type = FatType.Fat32, Label = "MINIX3LIVE" }, out _);

    public void WriteIso(string path)
    {
        var root = IsoDirectory.Root();
        IsoDirectory boot = root.Directory("boot");
        foreach ((string name, byte[] bytes) in BootFiles())
            boot.AddBytes(name, bytes);
        boot.Directory("bios").AddBytes("stage2.bin", _bios.Stage2);
        byte[] esp = EfiSystemPartition();
        var image = IsoImage.Plan(root, new IsoOptions
        {
            BiosBootFile = "/boot/bios/stage2.bin", BiosLoadSectors = 4, BootInfoTable = true,
            EfiImage = IsoFile.FromBytes("esp.img", esp), Hybrid = true,
        });
        // Stage 1 in sector 0 reads stage 2 from the stick: its LBA in
        // 512-byte sectors.
        byte[] mbr = _bios.Mbr[..BiosLoader.MbrCodeBytes];
        BiosLoader.PatchStage1(mbr, image.BiosBootFile!.Value.Lba512, _bios.Stage2Sectors512);
        WriteAtomically(path, stream => image.Write(stream, mbr));
    }

    // The ESP inside the ISO: FAT12/16 sized to what it holds.
    private byte[] EfiSystemPartition()
    {
        var root = new FatDirectory("");
        root.AddDirectory("EFI").AddDirectory("BOOT").AddFile("BOOTX64.EFI", _efiLoader);
        FatDirectory boot = root.AddDirectory("boot");
        long bytes = _efiLoader.Length;
        foreach ((string name, byte[] contents) in BootFiles())
        {
            boot.AddFile(name, contents);
            bytes += contents.Length;
        }
        // Slack for cluster rounding and the tables; never near FAT32's
        // 33 MiB floor unless the content is that big.
        long size = bytes + bytes / 8 + (2L << 20);
        return FatImageWriter.WriteBytes(root, new FatVolumeOptions { SizeBytes = size, Label = "MINIX3EFI" }, out _);
    }

    public void WriteUsb(string path, int sizeMiB)
    {
        FatDirectory root = _rootTree == null ? new FatDirectory("") : FatDirectory.FromHost(_rootTree);
        FatDirectory boot = root.AddDirectory("boot");
        foreach ((string name, byte[] bytes) in BootFiles())
            boot.AddFile(name, bytes);
        root.AddDirectory("EFI").AddDirectory("BOOT").AddFile("BOOTX64.EFI", _efiLoader);
        var options = new FatVolumeOptions
        {
            SizeBytes = (long)sizeMiB << 20, Type = FatType.Fat32, ReservedSectors = UsbReservedSectors, Label = "MINIX3ROOT",
        };
        string partial = path + ".loader";
        FatImageWriter.WriteFile(partial, root, options);
        try
        {
            using (var volume = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite))
                FatLoaderInstaller.Install(volume, _bios);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    // Renamed into place: an emulator booting the old file meanwhile never
    // sees half of the new one.
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string partial = path + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
                write(stream);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
