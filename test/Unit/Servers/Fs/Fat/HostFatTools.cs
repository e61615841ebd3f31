using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Runs the real host tools the FAT tests check the engine against:
// mkfs.fat and fsck.fat (dosfstools), mcopy/mmd/mdir (mtools). A missing tool
// fails the test with the package to install; it is never skipped.
internal static class HostFatTools
{
    private static readonly string[] SearchDirs = { "/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin" };

    public static string Find(string tool, string package)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string dir in path.Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
                return Path.Combine(dir, tool);
        }
        foreach (string dir in SearchDirs)
        {
            if (File.Exists(Path.Combine(dir, tool)))
                return Path.Combine(dir, tool);
        }
        Assert.Fail($"host tool '{tool}' is missing: install it with 'sudo apt-get install -y {package}' (src/Build/host-packages.sh does as root)");
        return "";
    }

    public static (int Code, string Output) Run(string tool, string package, params string[] args)
    {
        var info = new ProcessStartInfo(Find(tool, package))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        info.Environment["MTOOLS_SKIP_CHECK"] = "1";
        info.Environment["LC_ALL"] = "C.UTF-8";
        using Process p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30000))
        {
            p.Kill();
            Assert.Fail($"{tool} did not finish in 30 s");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string MustRun(string tool, string package, params string[] args)
    {
        var (code, output) = Run(tool, package, args);
        Assert.That(code, Is.EqualTo(0), $"{tool} {string.Join(' ', args)} failed:\n{output}");
        return output;
    }

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
