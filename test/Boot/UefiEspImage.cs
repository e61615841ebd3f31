using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// An EFI system partition image for the UEFI loader's tests: a FAT32 file
// system (no partition table; OVMF boots it as removable media) holding
// \EFI\BOOT\BOOTX64.EFI and a copy of an image's /boot with a cmdline file.
// TEMPORARY: made with the host's mkfs.fat and mtools until the kit's own
// FAT writer (src/Images, issue 19) makes the ESP; replace Make's tool calls
// with it then. Test code only: the build never runs these tools.
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
        Run("mkfs.fat", "-C", "-F", "32", "-n", "MINIX3ESP", esp, (bytes / 1024).ToString());
        Run("mmd", "-i", esp, "::/EFI", "::/EFI/BOOT", "::/boot");
        Run("mcopy", "-i", esp, Loader(image), "::/EFI/BOOT/BOOTX64.EFI");
        Run(new[] { "mcopy", "-i", esp }.Concat(Directory.GetFiles(boot)).Append("::/boot/").ToArray());
        return esp;
    }

    // A copy of an existing FAT image (the USB image) with the loader added.
    public static string WithLoader(ImageLayout image, string fatImage)
    {
        string work = Path.Combine(Path.GetTempPath(), $"minix3-esp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string esp = Path.Combine(work, "esp.img");
        File.Copy(fatImage, esp);
        Run("mmd", "-D", "s", "-i", esp, "::/EFI", "::/EFI/BOOT");
        Run("mcopy", "-o", "-i", esp, Loader(image), "::/EFI/BOOT/BOOTX64.EFI");
        return esp;
    }

    public static void Delete(string esp) => Directory.Delete(Path.GetDirectoryName(esp)!, recursive: true);

    private static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/" + command[0]) ? "/usr/sbin/" + command[0] : command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), $"{string.Join(' ', command.Take(4))}...: {error}");
    }
}
