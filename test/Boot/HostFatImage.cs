using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// A FAT32 disk image made and read with the real host tools: mkfs.fat and
// fsck.fat (dosfstools), mcopy/mmd/mdir (mtools). The same approach as the
// FAT engine's unit tests (test/Unit/Servers/Fs/Fat/HostFatTools.cs), for
// the boot tests. A missing tool fails with the package to install.
internal sealed class HostFatImage
{
    private static readonly string[] SearchDirs = { "/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin" };

    public HostFatImage(string path) => Path = path;

    public string Path { get; }

    // A fresh FAT32 image of `mib` MiB (512-byte sectors, mkfs.fat's cluster size).
    public static HostFatImage Make(string path, int mib)
    {
        File.Delete(path);
        MustRun("mkfs.fat", "dosfstools", "-C", "-F", "32", "-S", "512", "-n", "MINIX3", path, (mib * 1024).ToString());
        return new HostFatImage(path);
    }

    public void MakeDirectory(string fatPath) => MustRun("mmd", "mtools", "-i", Path, "::" + fatPath);

    public void Put(string fatPath, byte[] contents)
    {
        string host = Temporary();
        File.WriteAllBytes(host, contents);
        try { MustRun("mcopy", "mtools", "-i", Path, host, "::" + fatPath); }
        finally { File.Delete(host); }
    }

    // The file's bytes, or null if mcopy cannot find it.
    public byte[]? Get(string fatPath)
    {
        string host = Temporary();
        try
        {
            var (code, _) = Run("mcopy", "mtools", "-n", "-i", Path, "::" + fatPath, host);
            return code == 0 && File.Exists(host) ? File.ReadAllBytes(host) : null;
        }
        finally { File.Delete(host); }
    }

    public string List(string fatPath) => MustRun("mdir", "mtools", "-i", Path, "::" + fatPath);

    // fsck.fat -n (check only): exit code 0 and its report.
    public (int Code, string Output) Check() => Run("fsck.fat", "dosfstools", "-n", "-v", Path);

    private string Temporary() => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "host-" + Guid.NewGuid().ToString("N"));

    private static string MustRun(string tool, string package, params string[] args)
    {
        var (code, output) = Run(tool, package, args);
        Assert.That(code, Is.EqualTo(0), $"{tool} {string.Join(' ', args)} failed:\n{output}");
        return output;
    }

    private static (int Code, string Output) Run(string tool, string package, params string[] args)
    {
        var info = new ProcessStartInfo(Find(tool, package)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        // The images have no partition table, which mtools would otherwise question.
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

    private static string Find(string tool, string package)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length > 0 && File.Exists(System.IO.Path.Combine(dir, tool)))
                return System.IO.Path.Combine(dir, tool);
        }
        foreach (string dir in SearchDirs)
        {
            if (File.Exists(System.IO.Path.Combine(dir, tool)))
                return System.IO.Path.Combine(dir, tool);
        }
        Assert.Fail($"host tool '{tool}' is missing: install it with 'sudo apt-get install -y {package}' (src/Build/host-packages.sh does as root)");
        return "";
    }
}
