using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.FsClient
{
    // Plays VFS against the file server on a FAT32 image the host test made
    // (test/Boot/FileSystemTests.cs knows the same names): prints an FNV-1a
    // checksum of each file it reads (the host computes the same), changes
    // the tree in ways the host checks with mtools and fsck.fat afterwards,
    // and sends requests that must fail while FS keeps serving. One line per check.
    public static unsafe class Program
    {
        private const string RandomFile = "/data/random.bin";
        private const string LongNameFile = "/A file with a rather long name for the FS server.txt";
        private const string HelloFile = "/hello.txt";
        private const string DoomedFile = "/delete-me.txt";
        private const string NewDirectory = "/made";
        private const string WrittenFile = "/made/written.bin";
        private const string MovedFile = "/made/hello-moved.txt";
        private const string ShortFile = "/made/short.txt";
        private const int WrittenLength = 100 * 1024;

        private static int s_failures;

        public static int Main()
        {
            if (!FileServer.Connect())
            {
                Diagnostics.Print("fsclient: FAIL no fs server running");
                return 1;
            }
            Reads();
            Listings();
            Changes();
            BadRequests();
            Diagnostics.Print(s_failures == 0 ? "fsclient: all checks passed" : "fsclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void Reads()
        {
            Message reply;
            Check("lookup-directory", FileServer.Call(FileSystemRequest.Lookup, "/data", &reply) == Status.Ok && FsNodeReply.Of(&reply)->IsDirectory == 1);
            Check("read-random", ReadAndReport(RandomFile));
            Check("read-long-name", ReadAndReport(LongNameFile));
            Check("read-case-insensitive", FileServer.Call(FileSystemRequest.Lookup, "/DATA/RANDOM.BIN", &reply) == Status.Ok && FsNodeReply.Of(&reply)->IsDirectory == 0);
            Check("read-hello", ReadAndReport(HelloFile));
        }

        // Lists the root 80 bytes at a time (several requests), then /data;
        // a room too small for any entry is refused.
        private static void Listings()
        {
            Check("readdir-root", Lists("/", 80, LongNameFile.Substring(1)));
            Message reply;
            Check("readdir-room-too-small", FileServer.Call(FileSystemRequest.ReadDirectory, "/", 0, FileServer.Grant(FileServer.DataGrant), 4, &reply) == Status.OutOfRange);
            Check("readdir-data", Lists("/data", FileServer.DataBytes, "random.bin"));
        }

        private static void Changes()
        {
            Message reply;
            Check("mkdir", FileServer.Call(FileSystemRequest.MakeDirectory, NewDirectory, &reply) == Status.Ok);
            Check("mkdir-again", FileServer.Call(FileSystemRequest.MakeDirectory, NewDirectory, &reply) == FileSystemStatus.Exists);
            Check("create", FileServer.Call(FileSystemRequest.Create, WrittenFile, &reply) == Status.Ok);
            Check("write", WritePattern(WrittenFile, WrittenLength));
            Check("read-back-written", ReadAndReport(WrittenFile));
            Check("create-short", FileServer.Call(FileSystemRequest.Create, ShortFile, &reply) == Status.Ok);
            for (int i = 0; i < 10; i++)
                FileServer.Data[i] = (byte)('0' + i);
            Check("write-short", FileServer.Call(FileSystemRequest.Write, ShortFile, 0, FileServer.Grant(FileServer.DataGrant), 10, &reply) == Status.Ok && FsTransferReply.Of(&reply)->Bytes == 10);
            Check("truncate", FileServer.Call(FileSystemRequest.Truncate, ShortFile, 4, FileServer.Grant(FileServer.DataGrant), 0, &reply) == Status.Ok
                && FileServer.Call(FileSystemRequest.Lookup, ShortFile, &reply) == Status.Ok && FsNodeReply.Of(&reply)->Size == 4);
            Check("rename", FileServer.Rename(HelloFile, MovedFile) == Status.Ok
                && FileServer.Call(FileSystemRequest.Lookup, HelloFile, &reply) == FileSystemStatus.NotFound
                && FileServer.Call(FileSystemRequest.Lookup, MovedFile, &reply) == Status.Ok);
            Check("unlink", FileServer.Call(FileSystemRequest.Unlink, DoomedFile, &reply) == Status.Ok
                && FileServer.Call(FileSystemRequest.Lookup, DoomedFile, &reply) == FileSystemStatus.NotFound);
            Check("rmdir-not-empty", FileServer.Call(FileSystemRequest.RemoveDirectory, NewDirectory, &reply) == FileSystemStatus.NotEmpty);
            Check("free-space", FileServer.Call(FileSystemRequest.FreeSpace, "", &reply) == Status.Ok && FsFreeSpaceReply.Of(&reply)->FreeBytes > 0 && FsFreeSpaceReply.Of(&reply)->ClusterSize >= 512);
            Diagnostics.Print(string.Concat("fsclient: free bytes ", FsFreeSpaceReply.Of(&reply)->FreeBytes.ToString()));
            Check("sync", FileServer.Call(FileSystemRequest.Sync, "", &reply) == Status.Ok);
        }

        private static void BadRequests()
        {
            Message reply;
            GrantId data = FileServer.Grant(FileServer.DataGrant);
            Check("read-past-end", FileServer.Call(FileSystemRequest.Read, RandomFile, 10 << 20, data, 4096, &reply) == Status.Ok && FsTransferReply.Of(&reply)->Bytes == 0);
            StillServing();
            Check("missing-path", FileServer.Call(FileSystemRequest.Lookup, "/data/nothing-here.bin", &reply) == FileSystemStatus.NotFound);
            StillServing();
            Check("missing-directory", FileServer.Call(FileSystemRequest.Read, "/nowhere/x.txt", 0, data, 16, &reply) == FileSystemStatus.NotFound);
            StillServing();
            FileServer.PutLongPath(FileSystemLimits.MaxPathLength + 1);
            Check("path-too-long", FileServer.CallWithPathLength(FileSystemRequest.Lookup, FileServer.Grant(FileServer.PathGrant),
                FileSystemLimits.MaxPathLength + 1, 0, data, 0, &reply) == FileSystemStatus.PathTooLong);
            StillServing();
            Check("forged-path-grant", FileServer.CallWithPathLength(FileSystemRequest.Lookup, GrantId.From(9, 7), 5, 0, data, 0, &reply) == Status.BadGrant);
            StillServing();
            Check("forged-data-grant", FileServer.Call(FileSystemRequest.Read, RandomFile, 0, GrantId.From(FileServer.DataGrant, 2), 512, &reply) == Status.BadGrant);
            StillServing();
            Check("read-into-read-only-grant", FileServer.Call(FileSystemRequest.Read, RandomFile, 0, FileServer.Grant(FileServer.PathGrant), 512, &reply) == Status.GrantRights);
            StillServing();
            Check("negative-position", FileServer.Call(FileSystemRequest.Read, RandomFile, -1, data, 512, &reply) == Status.BadArgument);
            StillServing();
            Check("transfer-too-long", FileServer.Call(FileSystemRequest.Read, RandomFile, 0, data, FileSystemLimits.MaxTransfer + 1, &reply) == Status.OutOfRange);
            StillServing();
            Check("read-directory-as-file", FileServer.Call(FileSystemRequest.Read, "/data", 0, data, 512, &reply) == FileSystemStatus.IsADirectory);
            StillServing();
            Check("unknown-request", FileServer.Call(0xF5FF, RandomFile, &reply) == FileSystemStatus.UnknownRequest);
            StillServing();
            // A handle FS never gave (or no longer keeps): the client opens again.
            Check("stale-handle", FileServer.ReadByHandle(0x1234_0001_0003, data, 512, &reply) == FileSystemStatus.StaleHandle);
            StillServing();
        }

        // After a refused request, FS still answers a good one.
        private static void StillServing()
        {
            Message reply;
            Check("still-serving", FileServer.Call(FileSystemRequest.Lookup, RandomFile, &reply) == Status.Ok);
        }

        // Reads the whole file (its size from Lookup) in transfers of the
        // data buffer's size and prints its checksum.
        private static bool ReadAndReport(string path)
        {
            Message reply;
            if (FileServer.Call(FileSystemRequest.Lookup, path, &reply) != Status.Ok || FsNodeReply.Of(&reply)->IsDirectory != 0)
                return false;
            long size = FsNodeReply.Of(&reply)->Size, position = 0;
            uint hash = 2166136261;
            while (position < size)
            {
                int status = FileServer.Call(FileSystemRequest.Read, path, position, FileServer.Grant(FileServer.DataGrant), FileServer.DataBytes, &reply);
                if (status != Status.Ok || FsTransferReply.Of(&reply)->Bytes <= 0)
                    return false;
                for (int i = 0; i < (int)FsTransferReply.Of(&reply)->Bytes; i++)
                    hash = (hash ^ FileServer.Data[i]) * 16777619;
                position += FsTransferReply.Of(&reply)->Bytes;
            }
            Diagnostics.Print(string.Concat("fsclient: checksum ", path, " size=", size.ToString(), " fnv1a=", Hex(hash)));
            return position == size;
        }

        private static bool WritePattern(string path, int length)
        {
            Message reply;
            for (int position = 0; position < length; position += FileServer.DataBytes)
            {
                int chunk = length - position < FileServer.DataBytes ? length - position : FileServer.DataBytes;
                for (int i = 0; i < chunk; i++)
                    FileServer.Data[i] = PatternByte(position + i);
                if (FileServer.Call(FileSystemRequest.Write, path, position, FileServer.Grant(FileServer.DataGrant), chunk, &reply) != Status.Ok || FsTransferReply.Of(&reply)->Bytes != chunk)
                    return false;
            }
            return FileServer.Call(FileSystemRequest.Lookup, path, &reply) == Status.Ok && FsNodeReply.Of(&reply)->Size == length;
        }

        // The written bytes; FileSystemTests.PatternByte is the same function.
        private static byte PatternByte(int i) => (byte)(i * 31 + (i >> 9) * 7 + 0x3C);

        // Lists `path` `room` bytes at a time; true if `wanted` is among the
        // names and the entries packed add up to the directory's total.
        private static bool Lists(string path, int room, string wanted)
        {
            Message reply;
            long index = 0, total = -1;
            bool found = false;
            char* name = stackalloc char[256];
            while (total < 0 || index < total)
            {
                if (FileServer.Call(FileSystemRequest.ReadDirectory, path, index, FileServer.Grant(FileServer.DataGrant), room, &reply) != Status.Ok)
                    return false;
                total = FsDirectoryReply.Of(&reply)->Total;
                if (FsDirectoryReply.Of(&reply)->Packed == 0 && index < total)
                    return false;
                int at = 0;
                for (int e = 0; e < (int)FsDirectoryReply.Of(&reply)->Packed; e++)
                {
                    uint size = (uint)(FileServer.Data[at] | FileServer.Data[at + 1] << 8 | FileServer.Data[at + 2] << 16 | FileServer.Data[at + 3] << 24);
                    bool directory = (FileServer.Data[at + 4] & FileSystemLimits.DirectoryEntryIsDirectory) != 0;
                    int nameLength = FileServer.Data[at + 5];
                    for (int c = 0; c < nameLength; c++)
                        name[c] = (char)FileServer.Data[at + FileSystemLimits.DirectoryEntryHeader + c];
                    string text = new string(name, 0, nameLength);
                    Diagnostics.Print(string.Concat("fsclient: entry ", path, " ", text, directory ? " dir" : " file", " size=", size.ToString()));
                    if (text == wanted)
                        found = true;
                    at += FileSystemLimits.DirectoryEntryHeader + nameLength;
                }
                index += FsDirectoryReply.Of(&reply)->Packed;
            }
            return found;
        }

        private static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("fsclient: ", name, ok ? ": ok" : ": FAIL"));
        }

        private static string Hex(uint value)
        {
            char* digits = stackalloc char[8];
            for (int i = 7; i >= 0; i--, value >>= 4)
                digits[i] = "0123456789abcdef"[(int)(value & 0xF)];
            return new string(digits, 0, 8);
        }
    }
}
