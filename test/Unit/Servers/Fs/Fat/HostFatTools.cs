using System;
using System.IO;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Runs the real host tools the FAT tests check the engine against:
// mkfs.fat and fsck.fat (dosfstools), mcopy/mmd/mdir (mtools). A missing tool
// fails the test with the package to install; it is never skipped.
internal static class HostFatTools
{
    public static (int Code, string Output) Run(string tool, string package, params string[] args) => HostTool.Run(tool, package, args);

    public static string MustRun(string tool, string package, params string[] args) => HostTool.MustRun(tool, package, args);

    // A fresh FAT32 image of `mib` MiB with 512-byte clusters.
    public static void MakeFat32(string image, int mib, int sectorsPerCluster = 1)
    {
        if (File.Exists(image))
            File.Delete(image);
        MustRun("mkfs.fat", "dosfstools", "-C", "-F", "32", "-S", "512", "-s", sectorsPerCluster.ToString(), "-n", "MINIX3", image, (mib * 1024).ToString());
    }

    // fsck.fat -n must find nothing to fix.
    public static void AssertClean(string image)
    {
        var (code, output) = Run("fsck.fat", "dosfstools", "-n", "-v", image);
        Assert.That(code, Is.EqualTo(0), "fsck.fat -n found errors:\n" + output);
    }

    public static void PutFile(string image, string hostFile, string fatPath) =>
        MustRun("mcopy", "mtools", "-i", image, hostFile, "::" + fatPath);

    public static void MakeDir(string image, string fatPath) => MustRun("mmd", "mtools", "-i", image, "::" + fatPath);

    // Copies a file out with mcopy and returns its bytes.
    public static byte[] GetFile(string image, string fatPath)
    {
        string host = Path.Combine(Path.GetDirectoryName(image)!, "out-" + Guid.NewGuid().ToString("N"));
        MustRun("mcopy", "mtools", "-n", "-i", image, "::" + fatPath, host);
        byte[] bytes = File.ReadAllBytes(host);
        File.Delete(host);
        return bytes;
    }

    public static string List(string image, string fatPath) => MustRun("mdir", "mtools", "-i", image, "::" + fatPath);
}
