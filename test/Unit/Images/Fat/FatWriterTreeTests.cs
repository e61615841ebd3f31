using System.Linq;
using Minix3.Cosmos.Images.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Fat;

// Whole volumes of every FAT type and a few cluster sizes, read back by
// fsck.fat, mdir and mtype: files around cluster boundaries, deep and empty
// folders, a folder spanning many clusters, a FAT12/16 root past 512 entries.
[TestFixture]
public sealed class FatWriterTreeTests : FatWriterTestBase
{
    private static FatDirectory Tree(int clusterBytes)
    {
        var root = new FatDirectory("");
        FatTrees.File(root, "empty.txt", 0, 1);
        FatTrees.File(root, "one-cluster.bin", clusterBytes, 2);
        FatTrees.File(root, "cluster-plus-one.bin", clusterBytes + 1, 3);
        FatTrees.File(root, "multi.bin", 5 * clusterBytes + 17, 4);
        FatTrees.File(root, "kernel.elf", 3000, 5);
        root.AddDirectory("empty");
        FatDirectory deep = root;
        foreach (string name in new[] { "a", "bb", "Deeper Folder", "d", "e", "f", "g", "h", "i", "j" })
            deep = deep.AddDirectory(name);
        FatTrees.File(deep, "deep.txt", 100, 6);
        FatDirectory many = root.AddDirectory("many");
        for (int i = 0; i < 200; i++)
            FatTrees.File(many, $"file number {i:D3} with a long name.txt", i % 7 * 100, 100 + i);
        return root;
    }

    [TestCase(FatType.Fat12, 2, 512)]
    [TestCase(FatType.Fat12, 8, 2048)]
    [TestCase(FatType.Fat16, 8, 512)]
    [TestCase(FatType.Fat16, 200, 4096)]
    [TestCase(FatType.Fat32, 64, 512)]
    [TestCase(FatType.Fat32, 300, 4096)]
    public void HostToolsReadEveryFileAndName(FatType type, int mib, int clusterBytes)
    {
        FatDirectory root = Tree(clusterBytes);
        string image = ImagePath();
        FatVolumeLayout layout = FatImageWriter.WriteFile(image, root, Options(type, mib));
        Assert.That(layout.Type, Is.EqualTo(type));
        Assert.That(layout.ClusterBytes, Is.EqualTo(clusterBytes));
        FatImageChecks.AssertClean(image);
        FatImageChecks.AssertHolds(image, root);
    }

    // The folder of 200 long names takes 802 slots, 51 clusters of 512
    // bytes: fsck.fat walks its whole chain and finds the last entry.
    [Test]
    public void ManyEntriesSpanSeveralClusters()
    {
        string image = ImagePath();
        FatImageWriter.WriteFile(image, Tree(512), Options(FatType.Fat32));
        string listing = Minix3.Cosmos.Testing.HostTool.MustRun("fsck.fat", "dosfstools", "-n", "-v", "-l", image);
        Assert.That(listing, Does.Contain("/MANY/file number 199 with a long name.txt (FILE~200.TXT)"));
        Assert.That(FatImageChecks.Paths(image).Count(p => p.StartsWith("::/many/") && p != "::/many/"), Is.EqualTo(200));
    }

    [TestCase(FatType.Fat12, 4)]
    [TestCase(FatType.Fat16, 16)]
    public void FixedRootGrowsPastItsUsual512Entries(FatType type, int mib)
    {
        var root = new FatDirectory("");
        for (int i = 0; i < 300; i++)
            FatTrees.File(root, $"a long root name {i:D3}.txt", 10, 1000 + i);   // 3 slots each: 900
        string image = ImagePath();
        FatVolumeLayout layout = FatImageWriter.WriteFile(image, root, Options(type, mib));
        Assert.That(layout.RootEntries, Is.GreaterThanOrEqualTo(901));
        FatImageChecks.AssertClean(image);
        FatImageChecks.AssertHolds(image, root);
    }

    [TestCase(1, FatType.Fat12)]
    [TestCase(16, FatType.Fat16)]
    [TestCase(32, FatType.Fat16)]
    [TestCase(34, FatType.Fat32)]
    [TestCase(64, FatType.Fat32)]
    public void TheTypeFollowsTheSize(int mib, FatType expected)
    {
        var root = new FatDirectory("");
        FatTrees.File(root, "x", 1, 1);
        string image = ImagePath();
        FatVolumeLayout layout = FatImageWriter.WriteFile(image, root, Options(FatType.Auto, mib));
        Assert.That(layout.Type, Is.EqualTo(expected));
        FatImageChecks.AssertClean(image);
    }
}
