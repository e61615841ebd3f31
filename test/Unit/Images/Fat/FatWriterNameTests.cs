using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Servers.Fs.Fat;
using Minix3.Cosmos.Testing;
using Minix3.Cosmos.Unit.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Fat;

// Names are stored as mcopy stores them (what the guest's FS was tested
// with), and the guest's own FAT engine lists and opens every one.
[TestFixture]
public sealed class FatWriterNameTests : FatWriterTestBase
{
    // ASCII names of every kind the short/long rules tell apart.
    private static readonly string[] Names =
    {
        "kernel.elf", "modules.txt", "vm", "inet.conf", "Mixed.Txt", "UPPER.TXT", "lower.TXT", "README", "Makefile",
        ".profile", "two.dots.txt", "a-very-long-name.text", "with space.txt", "x.TAR.GZ", "name+plus.c",
        "12345678.123", "123456789.txt", "file[1].txt", "longfilename1.txt", "longfilename2.txt", "LONGFI~1.TXT",
        "$dollar", "a.b", "A.bc",
    };

    // mdir's listing of short names, long names and sizes, without what
    // differs by design (dates, the volume serial number).
    private static string Listing(string image) =>
        Regex.Replace(HostTool.MustRun("mdir", "mtools", "-/", "-a", "-i", image, "::"), @" *\d{4}-\d\d-\d\d +\d+:\d\d|Volume Serial Number is .*", "");

    [Test]
    public void ShortAndLongNamesAreTheOnesMcopyWrites()
    {
        string tree = Path.Combine(Dir, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub dir"));
        foreach (string name in Names)
            File.WriteAllText(Path.Combine(tree, name), name);
        foreach (string name in Names.Take(6))
            File.WriteAllText(Path.Combine(tree, "sub dir", name), name);
        string ours = ImagePath("ours.img");
        FatImageWriter.WriteFile(ours, FatDirectory.FromHost(tree), new FatVolumeOptions { SizeBytes = 64 << 20, Label = "MINIX3ROOT" });
        string theirs = McopyReference.Make(ImagePath("theirs.img"), 64, tree, 32);
        Assert.That(Listing(ours), Does.Match(@"INET~1 +CON +9 +inet\.conf").And.Match(@"LONGFI~3 +TXT +17 +longfilename2\.txt"));
        Assert.That(Listing(ours), Is.EqualTo(Listing(theirs)));
        FatImageChecks.AssertClean(ours);
    }

    [Test]
    public void TheGuestEngineListsAndOpensEveryName()
    {
        var root = new FatDirectory("");
        var files = new Dictionary<string, byte[]>();
        FatDirectory sub = root.AddDirectory("boot").AddDirectory("Deeper Folder");
        int seed = 1;
        foreach (string name in Names.Append("café.txt").Append(new string('n', 255)))
        {
            files["/" + name] = TestBytes.Random(seed * 97, (uint)seed);
            root.AddFile(name, files["/" + name]);
            files["/boot/Deeper Folder/" + name] = TestBytes.Random(seed * 31, (uint)seed + 1000);
            sub.AddFile(name, files["/boot/Deeper Folder/" + name]);
            seed++;
        }
        byte[] image = FatImageWriter.WriteBytes(root, new FatVolumeOptions { SizeBytes = 64 << 20 }, out _);
        var device = new MemoryDevice(image);
        Assert.That(FatFileSystem.Mount(device, out FatFileSystem? fs, out string message), Is.EqualTo(FsError.None), message);
        var listed = new List<FatNode>();
        Assert.That(fs!.ReadDirectory("/boot/Deeper Folder", listed), Is.EqualTo(FsError.None));
        Assert.That(listed.Select(n => n.Name), Is.EqualTo(Names.Append("café.txt").Append(new string('n', 255))));
        foreach (var (path, bytes) in files)
        {
            Assert.That(fs.Lookup(path, out FatNode? node, out string canonical), Is.EqualTo(FsError.None), path);
            Assert.That(canonical, Is.EqualTo(path));
            var read = new byte[bytes.Length + 10];
            Assert.That(fs.Read(node!, 0, read, out int count), Is.EqualTo(FsError.None), path);
            Assert.That(read.AsSpan(0, count).ToArray(), Is.EqualTo(bytes), path);
        }
    }

    // FAT looks names up ignoring case: the second of two such names could
    // never be opened, so the writer refuses the tree instead.
    [Test]
    public void NamesDifferingOnlyInCaseAreRefused()
    {
        var root = new FatDirectory("");
        FatDirectory etc = root.AddDirectory("etc");
        etc.AddFile("Motd", new byte[1]);
        etc.AddFile("motd", new byte[1]);
        var e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(root, Options(FatType.Fat32), out _));
        Assert.That(e!.Message, Does.Contain("\"Motd\" and \"motd\" in /etc differ only in case"));
        Assert.That(e.Subject, Is.EqualTo("/etc/motd"));
    }

    [TestCase("a:b", "':'")]
    [TestCase("what?", "'?'")]
    [TestCase("tab\there", "0x09")]
    [TestCase("dot.", "ends in a dot")]
    [TestCase("space ", "ends in a space")]
    [TestCase("..", "not a name")]
    public void NamesFatCannotHoldAreRefused(string name, string reason)
    {
        var root = new FatDirectory("");
        root.AddDirectory("bin").AddFile(name, new byte[1]);
        var e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(root, Options(FatType.Fat16, 8), out _));
        Assert.That(e!.Message, Does.Contain(reason));
        Assert.That(e.Subject, Is.EqualTo("/bin/" + name));
    }

    [Test]
    public void NamesPast255CharactersAreRefused()
    {
        var root = new FatDirectory("");
        root.AddFile(new string('x', 256), new byte[1]);
        var e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(root, Options(FatType.Fat12, 2), out _));
        Assert.That(e!.Message, Does.Contain("at most 255"));
    }
}

// The root disk as src/Build/make-root-disk.sh made it before this writer:
// mkfs.fat, then one mmd of every folder (sorted), then one mcopy per
// folder of its files (sorted). For comparisons only.
internal static class McopyReference
{
    public static string Make(string image, int mib, string tree, int reserved)
    {
        long sectors = mib * 2048L / 1008 * 1008;
        HostTool.MustRun("mkfs.fat", "dosfstools", "-C", "-F", "32", "-S", "512", "-R", reserved.ToString(), "-n", "MINIX3ROOT", image, (sectors / 2).ToString());
        var folders = Directory.GetDirectories(tree, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(tree, d)).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (folders.Count > 0)
            HostTool.MustRun("mmd", "mtools", new[] { "-i", image }.Concat(folders.Select(d => "::/" + d)).ToArray());
        foreach (string folder in folders.Prepend("."))
        {
            var files = Directory.GetFiles(Path.Combine(tree, folder)).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
            if (files.Length > 0)
                HostTool.MustRun("mcopy", "mtools", new[] { "-i", image }.Concat(files).Append("::/" + (folder == "." ? "" : folder + "/")).ToArray());
        }
        return image;
    }
}
