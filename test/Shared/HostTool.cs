using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace Minix3.Cosmos.Testing;

// Runs a real host tool (mkfs.fat, fsck.fat, mcopy, ...) for a test and
// returns its exit code and output. Linked as source into test/Unit and
// test/Boot. A missing tool fails the test with the package to install; it
// is never skipped. dosfstools lives in /usr/sbin, often not on a user's PATH.
internal static class HostTool
{
    private static readonly string[] SearchDirs = { "/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin" };

    public static string Find(string tool, string package)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
                return Path.Combine(dir, tool);
        }
        foreach (string dir in SearchDirs)
        {
            if (File.Exists(Path.Combine(dir, tool)))
                return Path.Combine(dir, tool);
        }
        Assert.Fail($"host tool '{tool}' is missing: install it with 'sudo apt-get install -y {package}' (the build does as root: src/Launcher/HostPackages.cs)");
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
        // Disk images without a partition table, which mtools would otherwise question.
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

    // POSIX cksum's "CRC SIZE" of the bytes, from the host's cksum (what a
    // guest's cksum must print for the same bytes).
    public static string Cksum(byte[] contents)
    {
        string path = Path.Combine(Path.GetTempPath(), "minix3-cksum-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, contents);
        try
        {
            string[] fields = MustRun("cksum", "coreutils", path).Split(' ');
            return fields[0] + " " + fields[1];
        }
        finally { File.Delete(path); }
    }
}
