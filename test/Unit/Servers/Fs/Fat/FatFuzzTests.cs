using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Random damage to the metadata of a populated image: whatever the engine
// meets, every operation must return (an error or success), never hang and
// never let an unanticipated exception out (every loop in the engine is
// bounded). Seeds are fixed so a failure reproduces.
[TestFixture]
public sealed class FatFuzzTests : FatTestBase
{
    [Test]
    public void DamagedMetadataNeverCrashesOrHangs()
    {
        string image = NewImage(mib: 36);
        HostFatTools.MakeDir(image, "/dir");
        HostFatTools.MakeDir(image, "/dir/sub");
        HostFatTools.PutFile(image, HostFile("a", Pattern(3000, 70)), "/dir/A long name.bin");
        HostFatTools.PutFile(image, HostFile("b", Pattern(700, 71)), "/ROOT.TXT");
        HostFatTools.PutFile(image, HostFile("c", Pattern(20_000, 72)), "/dir/sub/deep file.dat");
        byte[] pristine = File.ReadAllBytes(image);
        int reserved = BitConverter.ToUInt16(pristine, 14);
        int fatSectors = (int)BitConverter.ToUInt32(pristine, 36);
        long dataStart = (reserved + 2L * fatSectors) * 512;

        int mounted = 0;
        for (int seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            byte[] bytes = (byte[])pristine.Clone();
            for (int k = 0; k < 40; k++)
            {
                // Boot sector, the used part of the FAT, and the first data clusters.
                int where = random.Next(20);
                long at = where == 0 ? random.Next(512)
                    : where < 8 ? reserved * 512L + random.Next(512)
                    : dataStart + random.Next(40 * 512);
                bytes[at] = (byte)random.Next(256);
            }
            if (Exercise(new MemoryDevice(bytes)))
                mounted++;
        }
        Assert.That(mounted, Is.GreaterThan(10), "enough damaged images mount to exercise the operations");
    }

    private static bool Exercise(MemoryDevice device)
    {
        FsError mount = FatFileSystem.Mount(device, out FatFileSystem? fs, out string message);
        Assert.That(message, Does.Not.StartWith("mount failed"), "an unexpected exception inside Mount");
        if (mount != FsError.None)
            return false;
        var pending = new Queue<string>();
        pending.Enqueue("/");
        var buffer = new byte[4096];
        for (int visited = 0; pending.Count > 0 && visited < 50; visited++)
        {
            string dir = pending.Dequeue();
            var entries = new List<FatNode>();
            Check(fs!, fs!.ReadDirectory(dir, entries));
            foreach (FatNode e in entries)
            {
                string path = (dir == "/" ? "/" : dir + "/") + e.Name;
                if (e.IsDirectory)
                {
                    pending.Enqueue(path);
                    continue;
                }
                if (Check(fs, fs.Open(path, out FatNode? node)) == FsError.None)
                {
                    Check(fs, fs.Read(node!, 0, buffer, out _));
                    Check(fs, fs.Write(node!, node!.Size, buffer.AsSpan(0, 100), out _));
                    Check(fs, fs.Truncate(node!, 10));
                }
            }
            Check(fs, fs.Create(dir + (dir == "/" ? "" : "/") + "new file.txt", out _));
            Check(fs, fs.MakeDirectory(dir + (dir == "/" ? "" : "/") + "newdir"));
        }
        Check(fs!, fs!.Rename("/dir", "/dir2"));
        Check(fs, fs.Unlink("/ROOT.TXT"));
        Check(fs, fs.FreeSpace(out _));
        Check(fs, fs.Sync());
        return true;
    }

    // Errors are expected; an exception the engine did not anticipate is a bug.
    private static FsError Check(FatFileSystem fs, FsError error)
    {
        Assert.That(fs.LastErrorMessage, Does.Not.StartWith("internal error"));
        return error;
    }
}
