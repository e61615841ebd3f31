using System;
using System.IO;
using Minix3.Cosmos.Images.Iso;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Iso;

// ISOs for the tests, written to a temporary folder the host's tools read:
// isoinfo (genisoimage), xorriso, sfdisk (fdisk), mkfs.fat (dosfstools).
public abstract class IsoTestImages
{
    protected string Directory = "";

    [SetUp]
    public void MakeDirectory() => Directory = System.IO.Directory.CreateTempSubdirectory("minix3-iso-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(Directory, true);

    // The media layout of the shared contract: /boot/kernel.elf, modules,
    // modules.txt, plus a loader's file and an EFI folder.
    protected static IsoDirectory BootTree()
    {
        IsoDirectory root = IsoDirectory.Root();
        IsoDirectory boot = root.Directory("boot");
        boot.AddBytes("kernel.elf", TestBytes.Random(200_000, 1));
        boot.AddBytes("vm", TestBytes.Random(5_000, 2));
        boot.AddBytes("modules.txt", System.Text.Encoding.ASCII.GetBytes("vm vm\n"));
        boot.AddBytes("cdboot.bin", TestBytes.Random(4_000, 3));
        root.Directory("EFI").Directory("BOOT").AddBytes("BOOTX64.EFI", TestBytes.Random(3_000, 4));
        return root;
    }

    protected string WriteIso(IsoDirectory root, IsoOptions options, byte[]? mbr = null, string name = "x.iso")
    {
        string path = Path.Combine(Directory, name);
        IsoImage image = IsoImage.Plan(root, options);
        using (var stream = File.Create(path))
            image.Write(stream, mbr);
        Assert.That(new FileInfo(path).Length, Is.EqualTo(image.Length), "the plan's length is the file's");
        return path;
    }

    // A FAT image of that many KiB, made by the host's mkfs.fat (the ESP).
    protected string EspImage(int kib)
    {
        string path = Path.Combine(Directory, $"esp-{kib}.img");
        HostTool.MustRun("mkfs.fat", "dosfstools", "-C", path, kib.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    protected static string IsoInfo(params string[] args) => HostTool.MustRun("isoinfo", "genisoimage", args);

    protected static byte[] Extract(string iso, string isoPath)
    {
        string tool = HostTool.Find("isoinfo", "genisoimage");
        var info = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-x", isoPath, "-i", iso })
            info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        Assert.That(process.WaitForExit(30000), Is.True, "isoinfo -x did not finish");
        Assert.That(process.ExitCode, Is.EqualTo(0), $"isoinfo -x {isoPath}");
        return bytes.ToArray();
    }

    // xorriso's reports; its stderr carries the lines ("-report_el_torito plain").
    protected static string Xorriso(string iso, params string[] commands)
    {
        var args = new System.Collections.Generic.List<string> { "-indev", iso };
        args.AddRange(commands);
        return HostTool.MustRun("xorriso", "xorriso", args.ToArray());
    }
}
