using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Fat;

// What the FAT writer's tests check images with: the host's own FAT tools
// (dosfstools' fsck.fat, mtools' mdir and mtype), which know nothing of our
// writer. A missing tool fails the test naming the package; never a skip.
internal static class FatImageChecks
{
    // fsck.fat -n exits 1 on anything it would fix (a wrong free count,
    // FATs or boot sector backups that differ, a bad chain or entry).
    public static void AssertClean(string image)
    {
        var (code, output) = HostTool.Run("fsck.fat", "dosfstools", "-n", "-v", image);
        Assert.That(code, Is.EqualTo(0), "fsck.fat -n -v found errors:\n" + output);
    }

    // Every path mdir lists, with long names as stored; folders end in '/'.
    public static List<string> Paths(string image)
    {
        string output = HostTool.MustRun("mdir", "mtools", "-/", "-b", "-i", image, "::");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();
    }

    // A file's bytes as mtype prints them (binary: read from stdout raw).
    public static byte[] Read(string image, string path)
    {
        var info = new ProcessStartInfo(HostTool.Find("mtype", "mtools"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-i", image, "::" + path })
            info.ArgumentList.Add(a);
        info.Environment["MTOOLS_SKIP_CHECK"] = "1";
        info.Environment["LC_ALL"] = "C.UTF-8";
        using Process p = Process.Start(info)!;
        var errors = p.StandardError.ReadToEndAsync();
        var bytes = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(bytes);
        Assert.That(p.WaitForExit(30000), "mtype did not finish in 30 s");
        Assert.That(p.ExitCode, Is.EqualTo(0), $"mtype ::{path} failed: {errors.Result}");
        return bytes.ToArray();
    }

    // mdir must list exactly the tree's paths, and every file's bytes come
    // back: all of them through one mcopy -s (a process per file would make
    // these tests slow), a few of them through mtype as well.
    public static void AssertHolds(string image, FatDirectory root, Func<string, byte[]>? contentsOf = null)
    {
        var expected = new List<string>();
        var files = new List<(string Path, FatFile File)>();
        Collect(root, "", expected, files);
        Assert.That(Paths(image), Is.EquivalentTo(expected));
        string copy = Path.Combine(Path.GetDirectoryName(image)!, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        if (expected.Count > 0)
            HostTool.MustRun("mcopy", "mtools", "-s", "-n", "-i", image, "::/*", copy);
        foreach (var (path, file) in files)
            Assert.That(File.ReadAllBytes(copy + path).AsSpan().SequenceEqual(contentsOf?.Invoke(path) ?? Contents(file)), path);
        Directory.Delete(copy, true);
        foreach (var (path, file) in files.OrderByDescending(f => f.File.Length).Take(2).Concat(files.Take(2)))
            Assert.That(Read(image, path).AsSpan().SequenceEqual(contentsOf?.Invoke(path) ?? Contents(file)), "mtype ::" + path);
    }

    private static void Collect(FatDirectory d, string prefix, List<string> paths, List<(string, FatFile)> files)
    {
        foreach (FatDirectory sub in d.Directories)
        {
            paths.Add("::" + prefix + "/" + sub.Name + "/");
            Collect(sub, prefix + "/" + sub.Name, paths, files);
        }
        foreach (FatFile f in d.Files)
        {
            paths.Add("::" + prefix + "/" + f.Name);
            files.Add((prefix + "/" + f.Name, f));
        }
    }

    public static byte[] Contents(FatFile file) => FileContents.TryGetValue(file, out byte[]? bytes) ? bytes : throw new InvalidOperationException("test files are made by FatTrees.File");

    public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FatFile, byte[]> FileContents = new();
}

// Trees for the tests, with contents remembered for the checks.
internal static class FatTrees
{
    public static FatFile File(FatDirectory d, string name, int length, int seed)
    {
        byte[] bytes = TestBytes.Random(length, (uint)seed);
        FatFile file = d.AddFile(name, bytes);
        FatImageChecks.FileContents.AddOrUpdate(file, bytes);
        return file;
    }
}

// A scratch folder per test.
public abstract class FatWriterTestBase
{
    protected string Dir = "";

    [SetUp]
    public void MakeScratch()
    {
        Dir = Path.Combine(Path.GetTempPath(), "minix3-fatw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    [TearDown]
    public void RemoveScratch()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }

    protected string ImagePath(string name = "disk.img") => Path.Combine(Dir, name);

    protected static FatVolumeOptions Options(FatType type, int mib = 64) => new() { Type = type, SizeBytes = mib * 1024L * 1024, Label = "TEST" };
}
