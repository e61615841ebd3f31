using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Testing;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Fat;

// The real root disk: a tree staged as the image build stages it (iso/root,
// one program per command in bin/, the empty folders), made by the writer
// and by mkfs.fat + mmd + mcopy as src/Build/make-root-disk.sh did. mdir
// must show the same names, sizes and free space; only dates and the
// serial number differ.
[TestFixture]
public sealed class FatRootDiskTests : FatWriterTestBase
{
    private static string Listing(string image) =>
        Regex.Replace(HostTool.MustRun("mdir", "mtools", "-/", "-a", "-i", image, "::"), @" *\d{4}-\d\d-\d\d +\d+:\d\d|Volume Serial Number is .*", "");

    private string Stage()
    {
        string repo = AsmTestHelpers.RepoRoot();
        string stage = Path.Combine(Dir, "rootfs");
        foreach (string file in Directory.GetFiles(Path.Combine(repo, "iso", "root"), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(stage, Path.GetRelativePath(Path.Combine(repo, "iso", "root"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // Programs of the sizes the build makes (about 200 KiB each).
        Directory.CreateDirectory(Path.Combine(stage, "bin"));
        uint seed = 1;
        foreach (string command in Directory.GetDirectories(Path.Combine(repo, "src", "Commands")).Select(d => Path.GetFileName(d)).Where(n => n != "Common"))
            File.WriteAllBytes(Path.Combine(stage, "bin", command.ToLowerInvariant()), TestBytes.Random(180_000 + (int)seed * 1_111, seed++));
        Directory.CreateDirectory(Path.Combine(stage, "tmp"));
        Directory.CreateDirectory(Path.Combine(stage, "home", "guest"));
        return stage;
    }

    [TestCase(32)]
    [TestCase(2048)]
    public void TheRootDiskListsAsMkfsFatAndMcopyMadeIt(int reserved)
    {
        string stage = Stage();
        string ours = ImagePath("root.img");
        FatImageWriter.WriteFile(ours, FatDirectory.FromHost(stage), new FatVolumeOptions { SizeBytes = 64 << 20, Label = "MINIX3ROOT", ReservedSectors = reserved });
        string theirs = McopyReference.Make(ImagePath("reference.img"), 64, stage, reserved);
        string listing = Listing(ours);
        Assert.That(listing, Does.Contain("Directory for ::/bin").And.Contain("Directory for ::/etc/rs").And.Contain("Directory for ::/home/guest"));
        Assert.That(listing, Is.EqualTo(Listing(theirs)));
        Assert.That(new FileInfo(ours).Length, Is.EqualTo(new FileInfo(theirs).Length));
        FatImageChecks.AssertClean(ours);
        FatImageChecks.AssertHolds(ours, FatDirectory.FromHost(stage), path => File.ReadAllBytes(stage + path));
    }
}
