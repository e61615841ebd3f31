using System;
using System.Text;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Files written through the engine must read back byte-identical with
// mtools, and fsck.fat -n must find nothing to fix afterwards.
[TestFixture]
public sealed class FatWriteTests : FatTestBase
{
    [Test]
    public void CreatedFilesReadBackWithMtools()
    {
        string image = NewImage();
        byte[] small = Encoding.ASCII.GetBytes("written by the engine\n");
        byte[] big = Pattern(300_000, 10);
        WithVolume(image, fs =>
        {
            CreateWith(fs, "/SMALL.TXT", small);
            CreateWith(fs, "/big.bin", big);
            Assert.That(ReadAll(fs, "/big.bin"), Is.EqualTo(big));
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/SMALL.TXT"), Is.EqualTo(small));
        Assert.That(HostFatTools.GetFile(image, "/big.bin"), Is.EqualTo(big));
    }

    [Test]
    public void LongNamesAreWrittenWithUniqueShortAliases()
    {
        string image = NewImage();
        byte[] a = Pattern(10, 11), b = Pattern(20, 12), c = Pattern(30, 13);
        string longest = new string('n', 240) + ".txt";
        WithVolume(image, fs =>
        {
            CreateWith(fs, "/A long file name.txt", a);
            CreateWith(fs, "/A long file name too.txt", b);
            CreateWith(fs, "/" + longest, c);
            Assert.That(fs.Lookup("/A long file name.txt", out FatNode? first), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/A long file name too.txt", out FatNode? second), Is.EqualTo(FsError.None));
            Assert.That(first!.ShortName, Is.Not.EqualTo(second!.ShortName));
        });
        HostFatTools.AssertClean(image);
        string listing = HostFatTools.List(image, "/");
        Assert.That(listing, Does.Contain("A long file name.txt"));
        Assert.That(listing, Does.Contain("A long file name too.txt"));
        Assert.That(HostFatTools.GetFile(image, "/A long file name.txt"), Is.EqualTo(a));
        Assert.That(HostFatTools.GetFile(image, "/A long file name too.txt"), Is.EqualTo(b));
        Assert.That(HostFatTools.GetFile(image, "/" + longest), Is.EqualTo(c));
    }

    [Test]
    public void WritingPastTheEndZeroFillsTheGap()
    {
        string image = NewImage();
        byte[] head = Pattern(100, 14), tail = Pattern(50, 15);
        WithVolume(image, fs =>
        {
            FatNode node = CreateWith(fs, "/GAP.BIN", head);
            Assert.That(fs.Write(node, 5000, tail, out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(node.Size, Is.EqualTo(5050));
        });
        HostFatTools.AssertClean(image);
        byte[] expected = new byte[5050];
        head.CopyTo(expected, 0);
        tail.CopyTo(expected, 5000);
        Assert.That(HostFatTools.GetFile(image, "/GAP.BIN"), Is.EqualTo(expected));
    }

    [Test]
    public void OverwritingInTheMiddleKeepsTheRest()
    {
        string image = NewImage();
        byte[] original = Pattern(4000, 16);
        HostFatTools.PutFile(image, HostFile("f", original), "/HOST.BIN");
        byte[] patch = Pattern(1000, 17);
        WithVolume(image, fs =>
        {
            Assert.That(fs.Open("/HOST.BIN", out FatNode? node), Is.EqualTo(FsError.None));
            Assert.That(fs.Write(node!, 1500, patch, out int n), Is.EqualTo(FsError.None));
            Assert.That(n, Is.EqualTo(1000));
            Assert.That(node!.Size, Is.EqualTo(4000));
        });
        HostFatTools.AssertClean(image);
        patch.CopyTo(original, 1500);
        Assert.That(HostFatTools.GetFile(image, "/HOST.BIN"), Is.EqualTo(original));
    }

    [Test]
    public void TruncateShrinksFreesAndExtendsWithZeros()
    {
        string image = NewImage();
        byte[] data = Pattern(10_000, 18);
        long freeBefore = 0, freeAfterShrink = 0;
        WithVolume(image, fs =>
        {
            Assert.That(fs.FreeSpace(out freeBefore), Is.EqualTo(FsError.None));
            FatNode node = CreateWith(fs, "/T.BIN", data);
            Assert.That(fs.Truncate(node, 1000), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.FreeSpace(out freeAfterShrink), Is.EqualTo(FsError.None));
            Assert.That(freeBefore - freeAfterShrink, Is.EqualTo(2 * 512), "1000 bytes keep two 512-byte clusters");
            Assert.That(fs.Truncate(node, 3000), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            FatNode emptied = CreateWith(fs, "/E.BIN", data);
            Assert.That(fs.Truncate(emptied, 0), Is.EqualTo(FsError.None));
            Assert.That(emptied.FirstCluster, Is.Zero);
        });
        HostFatTools.AssertClean(image);
        byte[] expected = new byte[3000];
        Array.Copy(data, expected, 1000);
        Assert.That(HostFatTools.GetFile(image, "/T.BIN"), Is.EqualTo(expected));
        Assert.That(HostFatTools.GetFile(image, "/E.BIN"), Is.Empty);
    }

    [Test]
    public void ChangesSurviveARemount()
    {
        string image = NewImage();
        byte[] data = Pattern(70_000, 19);
        WithVolume(image, fs => CreateWith(fs, "/KEEP.BIN", data), cacheBlocks: 8);
        WithVolume(image, fs => Assert.That(ReadAll(fs, "/KEEP.BIN"), Is.EqualTo(data)));
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void MultiSectorClustersWork()
    {
        string image = System.IO.Path.Combine(Dir, "big-clusters.img");
        HostFatTools.MakeFat32(image, 300, sectorsPerCluster: 4);
        byte[] data = Pattern(9_999, 20);
        WithVolume(image, fs =>
        {
            Assert.That(fs.ClusterSize, Is.EqualTo(2048));
            Assert.That(fs.MakeDirectory("/dir"), Is.EqualTo(FsError.None));
            CreateWith(fs, "/dir/Data file.bin", data);
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/dir/Data file.bin"), Is.EqualTo(data));
    }
}
