using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// An EFI system partition image for the UEFI loader's tests: a FAT32 file
// system (no partition table; OVMF boots it as removable media) holding
// \EFI\BOOT\BOOTX64.EFI and a copy of an image's /boot with a cmdline file,
// written by the kit's own FAT writer (src/Images/Fat).
public static class UefiEspImage
{
    // The loader the build made, in the configuration the tests were built in.
    public static string Loader(ImageLayout image)
    {
        string configuration = TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string path = Path.Combine(image.RepositoryRoot, "src", "Boot", "Uefi", "Loader", "bin", configuration, "net10.0", "BOOTX64.EFI");
        Assert.That(File.Exists(path), Is.True, $"the UEFI loader is not built: {path}");
        return path;
    }

    // `change` may edit the copied /boot (a folder) before it goes into the image.
    public static string Make(ImageLayout image, string commandLine, Action<string>? change = null)
    {
        string work = Path.Combine(Path.GetTempPath(), $"minix3-esp-{Guid.NewGuid():N}");
        string boot = Path.Combine(work, "boot");
        Directory.CreateDirectory(boot);
        foreach (string file in Directory.GetFiles(image.BootDirectory))
            File.Copy(file, Path.Combine(boot, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(boot, "cmdline"), commandLine + "\n");
        change?.Invoke(boot);

        string esp = Path.Combine(work, "esp.img");
        long bytes = Directory.GetFiles(boot).Sum(f => new FileInfo(f).Length) + (64L << 20);
        var root = new FatDirectory("");
        root.AddDirectory("EFI").AddDirectory("BOOT").AddHostFile("BOOTX64.EFI", Loader(image));
        FatDirectory bootFolder = root.AddDirectory("boot");
        foreach (string file in Directory.GetFiles(boot))
            bootFolder.AddHostFile(Path.GetFileName(file), file);
        FatImageWriter.WriteFile(esp, root, new FatVolumeOptions { SizeBytes = bytes, Type = FatType.Fat32, Label = "MINIX3ESP" });
        return esp;
    }

    // A copy of the build's USB image, which carries the loader itself.
    public static string WithLoader(ImageLayout image, string fatImage)
    {
        string work = Path.Combine(Path.GetTempPath(), $"minix3-esp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string esp = Path.Combine(work, "esp.img");
        File.Copy(fatImage, esp);
        return esp;
    }

    public static void Delete(string esp) => Directory.Delete(Path.GetDirectoryName(esp)!, recursive: true);
}
