using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;
using static Minix3.Cosmos.Unit.Servers.Fs.Fat.FatImagePatch;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Chains that share clusters (cross-linked files), made by hand in images
// mtools wrote: neither file may be read (its bytes are not only its own)
// or changed (that would change the other); failing touches nothing on the
// disk; the files not involved stay readable and byte-identical; unlinking
// one of the pair frees only what is its own, which leaves the other whole.
[TestFixture]
public sealed class FatCrossLinkTests : FatTestBase
{
    private readonly byte[] _a = Pattern(1500, 51), _b = Pattern(1500, 52), _c = Pattern(7000, 53);

    // /A.BIN, /B.BIN (3 clusters each), /KEEP/C.BIN; their first clusters and B's entry.
    private string ThreeFiles(out uint a, out uint b, out long bEntry)
    {
        string image = NewImage();
        HostFatTools.PutFile(image, HostFile("a", _a), "/A.BIN");
        HostFatTools.PutFile(image, HostFile("b", _b), "/B.BIN");
        HostFatTools.MakeDir(image, "/KEEP");
        HostFatTools.PutFile(image, HostFile("c", _c), "/KEEP/C.BIN");
        uint firstA = 0, firstB = 0;
        long entryB = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/A.BIN", out FatNode? nodeA);
            fs.Lookup("/B.BIN", out FatNode? nodeB);
            firstA = nodeA!.FirstCluster;
            firstB = nodeB!.FirstCluster;
            entryB = nodeB.EntryPosition;
        });
        Assert.That(FatEntry(image, firstB + 2), Is.GreaterThanOrEqualTo(0x0FFFFFF8u), "mcopy wrote B in three clusters in a row");
        a = firstA;
        b = firstB;
        bEntry = entryB;
        return image;
    }

    private static void AssertCorrupt(FatFileSystem fs, FsError error, string what)
    {
        Assert.That(error, Is.EqualTo(FsError.Corrupt), what);
        Assert.That(fs.LastErrorMessage, Does.Contain("cross-linked"), what);
    }

    [Test]
    public void ChainsJoinedInTheFatAreNeitherReadNorChangedAndNothingIsWritten()
    {
        string image = ThreeFiles(out uint a, out _, out _);
        uint lastB = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/B.BIN", out FatNode? b);
            lastB = b!.FirstCluster + 2;
        });
        SetLink(image, lastB, a + 1);       // B's tail runs on into A's second cluster
        byte[] before = File.ReadAllBytes(image);

        WithVolume(image, fs =>
        {
            var buffer = new byte[600];
            Assert.That(fs.Open("/A.BIN", out FatNode? nodeA), Is.EqualTo(FsError.None), "the entries still look up");
            Assert.That(fs.Open("/B.BIN", out FatNode? nodeB), Is.EqualTo(FsError.None));
            AssertCorrupt(fs, fs.Read(nodeA!, 0, buffer, out _), "reading A");
            AssertCorrupt(fs, fs.Read(nodeB!, 0, buffer, out _), "reading B");
            AssertCorrupt(fs, fs.Write(nodeB!, nodeB!.Size, buffer, out _), "appending to B would write A's clusters");
            AssertCorrupt(fs, fs.Write(nodeA!, 100, buffer, out _), "overwriting A would change B");
            AssertCorrupt(fs, fs.Truncate(nodeB!, 100), "shrinking B would free A's clusters");
            AssertCorrupt(fs, fs.Truncate(nodeA!, 5000), "growing A would grow B");
            Assert.That(ReadAll(fs, "/KEEP/C.BIN"), Is.EqualTo(_c), "a file not involved reads as it was");
            Assert.That(fs.SharedClusters, Is.EqualTo(1));
        });
        Assert.That(File.ReadAllBytes(image), Is.EqualTo(before), "refusing wrote nothing, not even FSInfo");

        // Removing B frees its own three clusters and stops at A's: A is whole again.
        WithVolume(image, fs =>
        {
            Assert.That(fs.Unlink("/B.BIN"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(fs.SharedClusters, Is.EqualTo(0));
            Assert.That(ReadAll(fs, "/A.BIN"), Is.EqualTo(_a));
            CreateWith(fs, "/NEW.BIN", Pattern(4000, 54));
        });
        Assert.That(HostFatTools.GetFile(image, "/A.BIN"), Is.EqualTo(_a));
        Assert.That(HostFatTools.GetFile(image, "/KEEP/C.BIN"), Is.EqualTo(_c));
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void TwoEntriesNamingOneChainAreRefusedUntilOneIsRemoved()
    {
        string image = ThreeFiles(out uint a, out uint b, out long bEntry);
        SetEntryCluster(image, bEntry, a);   // B's entry names A's chain; B's own clusters are lost
        byte[] before = File.ReadAllBytes(image);
        WithVolume(image, fs =>
        {
            var buffer = new byte[600];
            fs.Open("/A.BIN", out FatNode? nodeA);
            fs.Open("/B.BIN", out FatNode? nodeB);
            AssertCorrupt(fs, fs.Read(nodeA!, 0, buffer, out _), "reading A");
            AssertCorrupt(fs, fs.Read(nodeB!, 0, buffer, out _), "reading B");
            AssertCorrupt(fs, fs.Write(nodeB!, 0, buffer, out _), "writing B would change A");
            AssertCorrupt(fs, fs.Truncate(nodeA!, 0), "emptying A would free B's data");
            Assert.That(ReadAll(fs, "/KEEP/C.BIN"), Is.EqualTo(_c));
        });
        Assert.That(File.ReadAllBytes(image), Is.EqualTo(before), "refusing wrote nothing");

        WithVolume(image, fs =>
        {
            Assert.That(fs.Unlink("/B.BIN"), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(ReadAll(fs, "/A.BIN"), Is.EqualTo(_a), "B's entry went, the chain it named stayed A's");
        });
        Assert.That(HostFatTools.GetFile(image, "/A.BIN"), Is.EqualTo(_a));
        Assert.That(FatEntry(image, b), Is.Not.EqualTo(0u), "B's own (lost) clusters were not freed by a guess");
    }

    [Test]
    public void AFileRunningIntoADirectoryLeavesTheDirectoryUnchanged()
    {
        string image = ThreeFiles(out _, out uint b, out _);
        uint keep = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/KEEP", out FatNode? dir);
            keep = dir!.FirstCluster;
        });
        SetLink(image, b + 2, keep);         // B's tail runs into /KEEP's entries
        byte[] before = File.ReadAllBytes(image);
        WithVolume(image, fs =>
        {
            var listed = new List<FatNode>();
            Assert.That(fs.ReadDirectory("/KEEP", listed), Is.EqualTo(FsError.None), "the directory still lists");
            Assert.That(listed.Count, Is.EqualTo(1));
            AssertCorrupt(fs, fs.Create("/KEEP/D.BIN", out _), "a new entry would overwrite B's bytes");
            AssertCorrupt(fs, fs.MakeDirectory("/KEEP/SUB"), "so would a directory");
            fs.Open("/B.BIN", out FatNode? nodeB);
            AssertCorrupt(fs, fs.Write(nodeB!, 0, new byte[10], out _), "writing B would overwrite /KEEP's entries");
            Assert.That(ReadAll(fs, "/KEEP/C.BIN"), Is.EqualTo(_c));
            Assert.That(ReadAll(fs, "/A.BIN"), Is.EqualTo(_a));
        });
        Assert.That(File.ReadAllBytes(image), Is.EqualTo(before), "refusing wrote nothing");
    }

    [Test]
    public void AFreeClusterAnEntryStillNamesIsNeverHandedOut()
    {
        string image = ThreeFiles(out _, out _, out long bEntry);
        uint free = 0;
        WithVolume(image, fs =>
        {
            fs.Lookup("/KEEP/C.BIN", out FatNode? c);
            free = c!.FirstCluster + 20;    // past every file mtools wrote
        });
        Assert.That(FatEntry(image, free), Is.EqualTo(0u));
        SetEntryCluster(image, bEntry, free);
        Patch32(image, 512 + 492, free);     // FSInfo: allocate from there
        WithVolume(image, fs =>
        {
            fs.Open("/B.BIN", out FatNode? nodeB);
            Assert.That(fs.Read(nodeB!, 0, new byte[10], out _), Is.EqualTo(FsError.Corrupt), "B's chain starts at a free cluster");
            CreateWith(fs, "/NEW.BIN", Pattern(20_000, 55));
        });
        Assert.That(FatEntry(image, free), Is.EqualTo(0u), "the cluster B names stayed out of the new file");
        Assert.That(HostFatTools.GetFile(image, "/NEW.BIN"), Is.EqualTo(Pattern(20_000, 55)));
    }
}
