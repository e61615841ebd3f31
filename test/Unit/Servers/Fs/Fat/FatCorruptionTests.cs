using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;
using static Minix3.Cosmos.Unit.Servers.Fs.Fat.FatImagePatch;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Damaged and foreign images: mount refuses them with the matching error,
// and damage found later (looping or out-of-range chains, entries pointing
// nowhere, files larger than their chain) is an error, never a crash or hang.
[TestFixture]
public sealed class FatCorruptionTests : FatTestBase
{
    private void AssertMountFails(string image, FsError expected, string messagePart)
    {
        FsError error = MountError(image, out string message);
        Assert.That(error, Is.EqualTo(expected), message);
        Assert.That(message, Does.Contain(messagePart));
    }

    [Test]
    public void BadSignatureIsRefused()
    {
        string image = NewImage();
        Patch(image, 510, 0x00, 0x00);
        AssertMountFails(image, FsError.Corrupt, "0x55AA");
    }

    [Test]
    public void ZeroSectorsPerClusterIsRefused()
    {
        string image = NewImage();
        Patch(image, 13, 0);
        AssertMountFails(image, FsError.Corrupt, "sectors per cluster");
    }

    [TestCase(1000, FsError.Corrupt, "bytes per sector is 1000")]
    [TestCase(0, FsError.Corrupt, "bytes per sector is 0")]
    [TestCase(4096, FsError.Unsupported, "only 512 is supported")]
    public void BadBytesPerSectorIsRefused(int bytesPerSector, FsError expected, string reason)
    {
        string image = NewImage();
        Patch16(image, 11, (ushort)bytesPerSector);
        AssertMountFails(image, expected, reason);
    }

    [TestCase(13, 3, "sectors per cluster (3) is not a power of two")]
    [TestCase(16, 0, "number of FATs (0)")]
    [TestCase(14, 0, "reserved sector count is 0")]
    public void BadByteFieldsAreRefused(int offset, int value, string reason)
    {
        string image = NewImage();
        if (offset == 14)
            Patch16(image, offset, (ushort)value);
        else
            Patch(image, offset, (byte)value);
        AssertMountFails(image, FsError.Corrupt, reason);
    }

    [Test]
    public void ZeroFatSizeIsRefused()
    {
        string image = NewImage();
        Patch32(image, 36, 0);
        AssertMountFails(image, FsError.Corrupt, "FAT size is 0");
    }

    [Test]
    public void TotalSectorsBeyondTheDiskAreRefused()
    {
        string image = NewImage();
        Patch32(image, 32, 64 * 2048 + 1);
        AssertMountFails(image, FsError.Corrupt, "but the device has");
    }

    [Test]
    public void RootClusterOutOfRangeIsRefused()
    {
        string image = NewImage();
        Patch32(image, 44, 0x0FFFFFF0);
        AssertMountFails(image, FsError.Corrupt, "root cluster");
    }

    [Test]
    public void TruncatedImageIsRefused()
    {
        string image = NewImage();
        using (var f = new FileStream(image, FileMode.Open)) f.SetLength(f.Length / 2);
        AssertMountFails(image, FsError.Corrupt, "truncated");
    }

    [Test]
    public void Fat16AndGarbageAreRefused()
    {
        string fat16 = Path.Combine(Dir, "fat16.img");
        HostFatTools.MustRun("mkfs.fat", "dosfstools", "-C", "-F", "16", fat16, "16384");
        AssertMountFails(fat16, FsError.Unsupported, "not FAT32");

        string garbage = HostFile("garbage.img", Pattern(1 << 20, 40));
        Assert.That(MountError(garbage, out _), Is.Not.EqualTo(FsError.None));
        string empty = HostFile("empty.img", Array.Empty<byte>());
        Assert.That(MountError(empty, out _), Is.EqualTo(FsError.Corrupt));
    }

    [Test]
    public void LoopingRootChainIsRefused()
    {
        string image = NewImage();
        Patch32(image, FatEntryOffset(image, 2), 2);     // root (cluster 2) links to itself
        AssertMountFails(image, FsError.Corrupt, "loops");
    }

    [Test]
    public void LoopingAndOutOfRangeFileChainsAreErrors()
    {
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("a", Pattern(1500, 41)), "/LOOP.BIN");
        HostFatTools.PutFile(image, HostFile("b", Pattern(1500, 42)), "/RANGE.BIN");
        uint loopFirst = 0, rangeFirst = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/LOOP.BIN", out FatNode? loop);
            fs.Lookup("/RANGE.BIN", out FatNode? range);
            loopFirst = loop!.FirstCluster;
            rangeFirst = range!.FirstCluster;
        });
        Patch32(image, FatEntryOffset(image, loopFirst + 2), loopFirst);   // third cluster back to the first
        Patch32(image, FatEntryOffset(image, rangeFirst + 1), 0x0FFFFFF0);  // second links past the end
        byte[] intact = Pattern(5000, 47);
        HostFatTools.PutFile(image, HostFile("c", intact), "/INTACT.BIN");
        byte[] before = File.ReadAllBytes(image);

        WithVolume(image, fs =>
        {
            var buffer = new byte[1500];
            Assert.That(fs.Open("/LOOP.BIN", out FatNode? loop), Is.EqualTo(FsError.None));
            Assert.That(fs.Read(loop!, 0, buffer, out _), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.LastErrorMessage, Does.Contain("loops"));
            Assert.That(fs.Write(loop!, 0, buffer, out _), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.Unlink("/LOOP.BIN"), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.Open("/RANGE.BIN", out FatNode? range), Is.EqualTo(FsError.None));
            Assert.That(fs.Read(range!, 0, buffer, out _), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.LastErrorMessage, Does.Contain("invalid cluster"));
            Assert.That(fs.Write(range!, range!.Size, buffer, out _), Is.EqualTo(FsError.Corrupt), "no append past a broken link");
            Assert.That(fs.Truncate(loop!, 100), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.Truncate(range!, 10_000), Is.EqualTo(FsError.Corrupt));
            Assert.That(ReadAll(fs, "/INTACT.BIN"), Is.EqualTo(intact));
        });
        Assert.That(File.ReadAllBytes(image), Is.EqualTo(before), "refusing wrote nothing");
        Assert.That(HostFatTools.GetFile(image, "/INTACT.BIN"), Is.EqualTo(intact));
    }

    [Test]
    public void ADirectoryEntryPointingUpTheTreeDoesNotTrapTheEngine()
    {
        string image = NewImage();
        HostFatTools.MakeDir(image, "/D");
        HostFatTools.MakeDir(image, "/D/UP");
        byte[] intact = Pattern(3000, 48);
        HostFatTools.PutFile(image, HostFile("c", intact), "/D/C.BIN");
        uint d = 0;
        long up = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/D", out FatNode? dir);
            fs.Lookup("/D/UP", out FatNode? sub);
            d = dir!.FirstCluster;
            up = sub!.EntryPosition;
        });
        Patch(image, up + 20, (byte)(d >> 16), (byte)(d >> 24));
        Patch(image, up + 26, (byte)d, (byte)(d >> 8));      // /D/UP is /D again: /D/UP/UP/UP/... never ends
        WithVolume(image, fs =>
        {
            Assert.That(fs.FreeSpace(out _), Is.EqualTo(FsError.None), "counting walks each directory once");
            Assert.That(ReadAll(fs, "/D/UP/UP/C.BIN"), Is.EqualTo(intact), "the file's own chain is not shared");
            Assert.That(fs.Create("/D/NEW.BIN", out _), Is.EqualTo(FsError.Corrupt), "/D's cluster has two entries naming it");
            Assert.That(fs.Create("/TOP.BIN", out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        });
    }

    [Test]
    public void EntriesPointingNowhereOrPastTheirChainAreErrors()
    {
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("a", Pattern(1500, 43)), "/NOWHERE.BIN");
        HostFatTools.PutFile(image, HostFile("b", Pattern(1500, 44)), "/SHORT.BIN");
        long nowhereEntry = 0, shortEntry = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/NOWHERE.BIN", out FatNode? a);
            fs.Lookup("/SHORT.BIN", out FatNode? b);
            nowhereEntry = a!.EntryPosition;
            shortEntry = b!.EntryPosition;
        });
        Patch(image, nowhereEntry + 20, 0xFF, 0x0F);         // first cluster's high word: out of range
        Patch32(image, shortEntry + 28, 100_000);            // size far beyond its 3 clusters

        WithVolume(image, fs =>
        {
            var listed = new List<FatNode>();
            Assert.That(fs.ReadDirectory("/", listed), Is.EqualTo(FsError.None), "the directory itself stays readable");
            var buffer = new byte[1000];
            Assert.That(fs.Open("/NOWHERE.BIN", out FatNode? a), Is.EqualTo(FsError.None));
            Assert.That(fs.Read(a!, 0, buffer, out _), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.Open("/SHORT.BIN", out FatNode? b), Is.EqualTo(FsError.None));
            Assert.That(fs.Read(b!, 0, buffer, out _), Is.EqualTo(FsError.Corrupt), "a size its chain cannot hold makes the file suspect");
            Assert.That(fs.LastErrorMessage, Does.Contain("larger than its cluster chain"));
            Assert.That(fs.Read(b!, 50_000, buffer, out _), Is.EqualTo(FsError.Corrupt));
            Assert.That(fs.Write(b!, 0, buffer, out _), Is.EqualTo(FsError.Corrupt));
        });
    }

    [Test]
    public void ImpossibleFsInfoHintIsIgnoredAndRewritten()
    {
        string image = NewImage();
        Patch32(image, 512 + 488, 0xFFFFFFF0);     // FSInfo (sector 1) free count
        WithVolume(image, fs =>
        {
            Assert.That(fs.FsInfoFreeHint, Is.EqualTo(-1));
            Assert.That(fs.FreeSpace(out long free), Is.EqualTo(FsError.None));
            Assert.That(free, Is.EqualTo((fs.ClusterCount - 1) * 512), "all but the root's cluster");
            CreateWith(fs, "/F.BIN", Pattern(5000, 45));
        });
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void FsckItselfNoticesDamage()
    {
        // The write tests rely on fsck.fat -n failing on a damaged FAT.
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("a", Pattern(1500, 46)), "/A.BIN");
        Patch32(image, FatEntryOffset(image, 100), 0x0FFFFFFF);   // a lost cluster
        var (code, _) = HostFatTools.Run("fsck.fat", "dosfstools", "-n", image);
        Assert.That(code, Is.Not.EqualTo(0));
    }
}
