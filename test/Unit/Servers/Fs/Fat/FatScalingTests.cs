using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Costs that grow with the work: a directory is scanned once, then its
// index answers listings, lookups and creates (and follows every change);
// a file written or read in pieces walks its cluster chain once; the
// free-cluster search goes on from the last cluster it handed out. Each
// test checks the results against the host tools as well as the counts.
[TestFixture]
public sealed class FatScalingTests : FatTestBase
{
    // A host-made directory of `count` files, each holding its own name.
    private string ImageWithDirectory(int count, out List<string> names)
    {
        string image = NewImage(64);
        string tree = Path.Combine(Dir, "tree");
        string big = Path.Combine(tree, "big");
        Directory.CreateDirectory(big);
        names = new List<string>();
        for (int i = 0; i < count; i++)
        {
            // Mixed: plain 8.3 names and long ones (long-name slots).
            string name = i % 2 == 0 ? $"f{i:D5}.txt" : $"a longer name number {i:D5}.text";
            File.WriteAllText(Path.Combine(big, name), name);
            names.Add(name);
        }
        HostFatTools.MustRun("mcopy", "mtools", "-s", "-i", image, big, "::/");
        return image;
    }

    private static List<string> ListOneByOne(FatFileSystem fs, string path)
    {
        var seen = new List<string>();
        for (long index = 0; ; index++)
        {
            var entries = new List<FatNode>();
            Assert.That(fs.ReadDirectory(path, index, 1, entries, out long total), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            if (entries.Count == 0)
            {
                Assert.That(index, Is.EqualTo(total));
                return seen;
            }
            seen.Add(entries[0].Name);
            fs.DirectoryReadStopped(entries[0], index + 1);
        }
    }

    [Test]
    public void AThousandEntryDirectoryIsScannedOnceForListingAndLookups()
    {
        string image = ImageWithDirectory(1000, out List<string> names);
        WithVolume(image, fs =>
        {
            Assert.That(fs.Lookup("/big", out _), Is.EqualTo(FsError.None));
            long scans = fs.DirectoryScans;
            List<string> listed = ListOneByOne(fs, "/big");
            Assert.That(listed, Is.EquivalentTo(names));
            foreach (string name in names)
            {
                // As ls -l does: a stat per entry, in another case too.
                Assert.That(fs.Lookup("/big/" + name, out FatNode? node), Is.EqualTo(FsError.None), name);
                Assert.That(node!.Size, Is.EqualTo(name.Length));
                Assert.That(fs.Lookup("/BIG/" + name.ToUpperInvariant(), out FatNode? upper, out string canonical), Is.EqualTo(FsError.None));
                Assert.That(canonical, Is.EqualTo("/big/" + name));
                Assert.That(Text(fs, upper!), Is.EqualTo(name));
            }
            Assert.That(fs.Lookup("/big/no such file", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.DirectoryScans - scans, Is.LessThanOrEqualTo(1), "the directory was scanned again");
        });
    }

    [Test]
    public void CreatesInALargeDirectoryNeitherRescanNorRetryEveryAlias()
    {
        string image = NewImage(64);
        const int count = 1500;
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/many"), Is.EqualTo(FsError.None));
            long scans = fs.DirectoryScans;
            for (int i = 0; i < count; i++)
            {
                // One long-name basis for all: every alias is REPORT~N.TXT.
                Assert.That(fs.Create($"/many/report number {i:D4}.txt", out _), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            }
            Assert.That(fs.Create("/many/REPORT NUMBER 0007.TXT", out _), Is.EqualTo(FsError.Exists));
            Assert.That(fs.DirectoryScans - scans, Is.LessThanOrEqualTo(1));
            Assert.That(ListOneByOne(fs, "/many").Count, Is.EqualTo(count));
        });
        HostFatTools.AssertClean(image);
        string listing = HostFatTools.List(image, "/many");
        Assert.That(listing, Does.Contain("report number 1499.txt"));
        Assert.That(listing, Does.Contain($"{count + 2} files"), "the entries and . and ..");
    }

    [Test]
    public void TheIndexFollowsCreateUnlinkRenameRmdirAndMkdir()
    {
        string image = NewImage(64);
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/d"), Is.EqualTo(FsError.None));
            Assert.That(fs.MakeDirectory("/e"), Is.EqualTo(FsError.None));
            for (int i = 0; i < 40; i++)
                CreateWith(fs, $"/d/file {i}.txt", Pattern(10 + i, i));
            Assert.That(ListOneByOne(fs, "/d").Count, Is.EqualTo(40));     // indexed now

            Assert.That(fs.Unlink("/d/file 3.txt"), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/d/file 3.txt", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(fs.Lookup("/d/FILE3~1.TXT", out _), Is.EqualTo(FsError.NotFound), "the short alias went too");
            // Its slots are reused, and the new name is found.
            CreateWith(fs, "/d/new one.txt", Pattern(5, 99));
            Assert.That(fs.Lookup("/d/NEW ONE.TXT", out FatNode? fresh), Is.EqualTo(FsError.None));
            Assert.That(fresh!.Size, Is.EqualTo(5));

            Assert.That(fs.Rename("/d/file 4.txt", "/d/renamed.txt"), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/d/file 4.txt", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(ReadAll(fs, "/d/renamed.txt"), Is.EqualTo(Pattern(14, 4)));
            Assert.That(fs.Rename("/d/file 5.txt", "/e/moved.txt"), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/d/file 5.txt", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(ReadAll(fs, "/e/moved.txt"), Is.EqualTo(Pattern(15, 5)));
            // A change of case only, and a rename over an existing file.
            Assert.That(fs.Rename("/d/file 6.txt", "/d/FILE 6.TXT"), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/d/file 6.txt", out _, out string spelled), Is.EqualTo(FsError.None));
            Assert.That(spelled, Is.EqualTo("/d/FILE 6.TXT"));
            Assert.That(fs.Rename("/d/file 7.txt", "/d/file 8.txt"), Is.EqualTo(FsError.None));
            Assert.That(ReadAll(fs, "/d/file 8.txt"), Is.EqualTo(Pattern(17, 7)));

            // rmdir then mkdir: the new directory may take the old one's
            // cluster and must not inherit its index.
            Assert.That(fs.MakeDirectory("/gone"), Is.EqualTo(FsError.None));
            CreateWith(fs, "/gone/inside.txt", Pattern(3, 1));
            Assert.That(fs.Lookup("/gone/inside.txt", out _), Is.EqualTo(FsError.None));
            Assert.That(fs.Unlink("/gone/inside.txt"), Is.EqualTo(FsError.None));
            Assert.That(fs.RemoveDirectory("/gone"), Is.EqualTo(FsError.None));
            Assert.That(fs.MakeDirectory("/again"), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/again/inside.txt", out _), Is.EqualTo(FsError.NotFound));
            Assert.That(ListOneByOne(fs, "/again"), Is.Empty);

            var expected = new List<string>();
            for (int i = 0; i < 40; i++)
            {
                if (i is not (3 or 4 or 5 or 6 or 7))
                    expected.Add($"file {i}.txt");
            }
            expected.Add("new one.txt");
            expected.Add("renamed.txt");
            expected.Add("FILE 6.TXT");
            Assert.That(ListOneByOne(fs, "/d"), Is.EquivalentTo(expected));
        });
        HostFatTools.AssertClean(image);
        string listing = HostFatTools.List(image, "/d");
        Assert.That(listing, Does.Contain("renamed.txt").And.Contain("new one.txt").And.Not.Contain("file 3.txt"));
    }

    [Test]
    public void AReaderContinuesFromItsSlotWhenEntriesBeforeItGoOrCome()
    {
        string image = NewImage(64);
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/d"), Is.EqualTo(FsError.None));
            for (int i = 0; i < 30; i++)
                Assert.That(fs.Create($"/d/entry {i:D2}", out _), Is.EqualTo(FsError.None));
            var seen = new List<string>();
            long index = 0;
            for (; index < 10; index++)
            {
                var one = new List<FatNode>();
                Assert.That(fs.ReadDirectory("/d", index, 1, one, out _), Is.EqualTo(FsError.None));
                seen.Add(one[0].Name);
                fs.DirectoryReadStopped(one[0], index + 1);
            }
            // Two entries already read go: every later index shifts by two.
            Assert.That(fs.Unlink("/d/entry 02"), Is.EqualTo(FsError.None));
            Assert.That(fs.Unlink("/d/entry 05"), Is.EqualTo(FsError.None));
            while (true)
            {
                var one = new List<FatNode>();
                Assert.That(fs.ReadDirectory("/d", index, 1, one, out _), Is.EqualTo(FsError.None));
                if (one.Count == 0)
                    break;
                seen.Add(one[0].Name);
                fs.DirectoryReadStopped(one[0], ++index);
            }
            var expected = new List<string>();
            for (int i = 0; i < 30; i++)
                expected.Add($"entry {i:D2}");
            Assert.That(seen, Is.EqualTo(expected), "every entry once, none skipped");
        });
    }

    [Test]
    public void AListingWithARoomParsesOnlyTheEntriesThatFit()
    {
        string image = NewImage(64);
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/d"), Is.EqualTo(FsError.None));
            foreach (string name in new[] { "a", "bb", "a name of twenty-two c" })
                Assert.That(fs.Create("/d/" + name, out _), Is.EqualTo(FsError.None));
            var entries = new List<FatNode>();
            // 8 bytes a header: "a" and "bb" take 19, the long one 30 more.
            Assert.That(fs.ReadDirectory("/d", 0, int.MaxValue, entries, out long total, 40, 8), Is.EqualTo(FsError.None));
            Assert.That(total, Is.EqualTo(3));
            Assert.That(entries.ConvertAll(e => e.Name), Is.EqualTo(new[] { "a", "bb" }));
            entries.Clear();
            Assert.That(fs.ReadDirectory("/d", 2, int.MaxValue, entries, out _, 10, 8), Is.EqualTo(FsError.None));
            Assert.That(entries.ConvertAll(e => e.Name), Is.EqualTo(new[] { "a name of twenty-two c" }), "the first, even if it does not fit");
        });
    }

    [Test]
    public void AFileWrittenInPiecesWalksItsChainOnceAndReadsBackExactly()
    {
        string image = NewImage(64);
        byte[] contents = Pattern(3 * 1024 * 1024 + 777, 41);
        WithVolume(image, fs =>
        {
            Assert.That(fs.Create("/big.bin", out FatNode? file), Is.EqualTo(FsError.None));
            long walks = fs.ChainWalks, steps = fs.FreeSearchSteps;
            int at = 0, piece = 0;
            while (at < contents.Length)
            {
                // 64 KiB pieces, and odd ones that cross sectors and clusters.
                int n = Math.Min(piece++ % 3 == 2 ? 1000 : 64 * 1024, contents.Length - at);
                Assert.That(fs.Write(file!, at, contents.AsSpan(at, n), out int written), Is.EqualTo(FsError.None), fs.LastErrorMessage);
                Assert.That(written, Is.EqualTo(n));
                at += n;
            }
            long clusters = (contents.Length + fs.ClusterSize - 1) / fs.ClusterSize;
            Assert.That(fs.ChainWalks - walks, Is.LessThanOrEqualTo(2), "the chain was walked from its start again");
            Assert.That(fs.FreeSearchSteps - steps, Is.LessThanOrEqualTo(clusters + 64), "the free search started over");
            Assert.That(ReadAll(fs, "/big.bin"), Is.EqualTo(contents));
        });
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/big.bin"), Is.EqualTo(contents));
    }

    [Test]
    public void ClustersFreedBehindTheHintAreFoundWhenTheVolumeFills()
    {
        string image = NewImage(34);
        WithVolume(image, fs =>
        {
            Assert.That(fs.FreeSpace(out long free), Is.EqualTo(FsError.None));
            byte[] first = Pattern((int)(free / 2), 51);
            byte[] second = Pattern((int)(free / 4), 52);
            CreateWith(fs, "/first.bin", first);
            CreateWith(fs, "/second.bin", second);
            // The hint is now past both; the first file's clusters lie behind it.
            Assert.That(fs.Unlink("/first.bin"), Is.EqualTo(FsError.None));
            Assert.That(fs.FreeSpace(out long freeNow), Is.EqualTo(FsError.None));
            byte[] third = Pattern((int)(freeNow - 4 * fs.ClusterSize), 53);
            CreateWith(fs, "/third.bin", third);
            Assert.That(fs.Create("/fourth.bin", out FatNode? fourth), Is.EqualTo(FsError.None));
            Assert.That(fs.Write(fourth!, 0, Pattern(8 * fs.ClusterSize, 54), out _), Is.EqualTo(FsError.NoSpace));
            Assert.That(ReadAll(fs, "/second.bin"), Is.EqualTo(second));
            Assert.That(ReadAll(fs, "/third.bin"), Is.EqualTo(third));
        });
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void ALoopingDirectoryChainIsStillRefusedAndNotRemembered()
    {
        string image = NewImage(64);
        uint dirFirst = 0;
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/d"), Is.EqualTo(FsError.None));
            // Enough entries for three clusters.
            for (int i = 0; i < 40; i++)
                Assert.That(fs.Create($"/d/a long enough name {i}", out _), Is.EqualTo(FsError.None));
            fs.Lookup("/d", out FatNode? dir);
            dirFirst = dir!.FirstCluster;
        });
        uint second = FatImagePatch.FatEntry(image, dirFirst);
        FatImagePatch.SetLink(image, second, dirFirst);
        WithVolume(image, fs =>
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.That(fs.Lookup("/d/a long enough name 1", out _), Is.EqualTo(FsError.Corrupt));
                Assert.That(fs.LastErrorMessage, Does.Contain("loops"));
                Assert.That(fs.ReadDirectory("/d", new List<FatNode>()), Is.EqualTo(FsError.Corrupt));
                Assert.That(fs.Create("/d/another", out _), Is.EqualTo(FsError.Corrupt));
            }
        });
    }

    private static string Text(FatFileSystem fs, FatNode node)
    {
        var bytes = new byte[node.Size];
        Assert.That(fs.Read(node, 0, bytes, out _), Is.EqualTo(FsError.None));
        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
