using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs;
using Minix3.Cosmos.Servers.Fs.Fat;
using Minix3.Cosmos.Unit.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs;

// FS's open files (OpenNodes): Read and Write name a handle, not a path.
// One node per file, however it is spelled; handles go stale (the client
// opens again) when FS lets the file go, runs anew, or mounts anew; a
// rename or unlink anywhere makes the next use look the path up again.
[TestFixture]
public sealed class OpenNodesTests : FatTestBase
{
    [Test]
    public void TwoSpellingsShareOneNodeAndAWriteThroughOneIsSeenThroughTheOther()
    {
        WithVolume(NewImage(), fs =>
        {
            CreateWith(fs, "/Notes.txt", new byte[] { 1, 2, 3 });
            var nodes = new OpenNodes(5);
            Assert.That(nodes.Open(fs, "/notes.txt", out long a, out FatNode first), Is.EqualTo(Status.Ok));
            Assert.That(nodes.Open(fs, "/NOTES.TXT", out long b, out FatNode second), Is.EqualTo(Status.Ok));
            Assert.That(b, Is.EqualTo(a), "one slot per file");
            Assert.That(second, Is.SameAs(first));
            Assert.That(fs.Write(first, 3, new byte[] { 4, 5 }, out _), Is.EqualTo(FsError.None));
            Assert.That(nodes.Resolve(fs, b, out FatNode resolved), Is.EqualTo(Status.Ok));
            Assert.That(resolved.Size, Is.EqualTo(5));
        });
    }

    [Test]
    public void DirectoriesAndMissingFilesGetNoHandle()
    {
        WithVolume(NewImage(), fs =>
        {
            Assert.That(fs.MakeDirectory("/dir"), Is.EqualTo(FsError.None));
            var nodes = new OpenNodes(5);
            Assert.That(nodes.Open(fs, "/dir", out _, out _), Is.EqualTo(FileSystemStatus.IsADirectory));
            Assert.That(nodes.Open(fs, "/nowhere", out _, out _), Is.EqualTo(FileSystemStatus.NotFound));
        });
    }

    [Test]
    public void HandlesOfAnotherRunAForgottenSlotOrAnotherMountAreStale()
    {
        WithVolume(NewImage(), fs =>
        {
            CreateWith(fs, "/a.bin", new byte[] { 1 });
            var nodes = new OpenNodes(5);
            Assert.That(nodes.Open(fs, "/a.bin", out long handle, out _), Is.EqualTo(Status.Ok));
            Assert.That(new OpenNodes(6).Resolve(fs, handle, out _), Is.EqualTo(FileSystemStatus.StaleHandle), "FS restarted");
            Assert.That(nodes.Resolve(fs, handle + (1 << 16), out _), Is.EqualTo(FileSystemStatus.StaleHandle), "another generation");
            Assert.That(nodes.Resolve(fs, -1, out _), Is.EqualTo(FileSystemStatus.StaleHandle));
            Assert.That(nodes.Resolve(fs, handle | 0xFFFF, out _), Is.EqualTo(FileSystemStatus.StaleHandle), "no such slot");

            // The least recently used file gives its slot to a new one.
            for (int i = 0; i < FileSystemLimits.MaxHandles; i++)
            {
                string path = "/f" + i.ToString() + ".bin";
                CreateWith(fs, path, new byte[] { 2 });
                Assert.That(nodes.Open(fs, path, out _, out _), Is.EqualTo(Status.Ok));
            }
            Assert.That(nodes.Resolve(fs, handle, out _), Is.EqualTo(FileSystemStatus.StaleHandle), "a.bin was let go");
            Assert.That(nodes.Open(fs, "/a.bin", out long again, out _), Is.EqualTo(Status.Ok));
            Assert.That(nodes.Resolve(fs, again, out _), Is.EqualTo(Status.Ok));

            nodes.Clear();
            Assert.That(nodes.Resolve(fs, again, out _), Is.EqualTo(FileSystemStatus.StaleHandle), "a new mount");
        });
    }

    [Test]
    public void ARenameOrUnlinkMakesTheNextUseLookThePathUpAgain()
    {
        WithVolume(NewImage(), fs =>
        {
            CreateWith(fs, "/keep.bin", new byte[] { 1, 2 });
            CreateWith(fs, "/gone.bin", new byte[] { 3 });
            var nodes = new OpenNodes(5);
            Assert.That(nodes.Open(fs, "/keep.bin", out long keep, out _), Is.EqualTo(Status.Ok));
            Assert.That(nodes.Open(fs, "/gone.bin", out long gone, out _), Is.EqualTo(Status.Ok));
            Assert.That(fs.Unlink("/gone.bin"), Is.EqualTo(FsError.None));
            Assert.That(nodes.Resolve(fs, gone, out _), Is.EqualTo(FileSystemStatus.NotFound), "a removed file is not written through a stale node");
            Assert.That(nodes.Resolve(fs, keep, out FatNode kept), Is.EqualTo(Status.Ok));
            Assert.That(kept.Size, Is.EqualTo(2));
            Assert.That(fs.Rename("/keep.bin", "/moved.bin"), Is.EqualTo(FsError.None));
            Assert.That(nodes.Resolve(fs, keep, out _), Is.EqualTo(FileSystemStatus.NotFound), "handles follow the path, as requests by path did");
        });
    }
}
