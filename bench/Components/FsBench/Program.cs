using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.FsBench
{
    // File-system costs that must grow with the work (issue 14), timed with
    // the time-stamp counter (guest instructions under QEMU -icount
    // shift=0) on a disk bench/FileSystemScaling.cs made:
    //
    // - "ls -l" of /d100, /d1000 and /d10000 (what ls -l asks of the
    //   system, without the formatting: each entry read from the directory
    //   and stat'ed by path): a first pass reads the directory from the
    //   disk; then passes over 10,000 entries in all find it cached, and
    //   their mean is "again". Many passes of a small directory, so each
    //   size's figure carries its share of FS's garbage collections (one
    //   every few thousand entries) rather than all or none of one.
    // - A sequential write of 64 MiB to the new file /write.bin through
    //   VFS, FS and ata in 64 KiB writes, closed and synced; then the same
    //   bytes to the same disk blocks straight from ata in requests of the
    //   same size. The file is read back through VFS and summed, so a
    //   write that went wrong shows up as a mismatch, not as a fast result.
    //
    // One line per measure, which bench/ parses.
    public static unsafe class Program
    {
        private const string WritePath = "/write.bin";
        private const int Chunk = 64 * 1024;
        private const long WriteBytes = 64L << 20;
        private const int Sector = 512;
        private const int ListedEntries = 10000;   // per directory size, over its cached passes

        private static readonly byte[] s_buffer = new byte[Chunk];
        private static readonly GrantEntry[] s_grants = new GrantEntry[1];

        public static int Main()
        {
            // FS's Lookup answers the node id (the first cluster) in FsNodeReply.NodeId;
            // the grant table is published before the user library's.
            Endpoint fs = Endpoints.Lookup("fs");
            Endpoint ata = Endpoints.Lookup("ata");

            int[] sizes = { 100, 1000, 10000 };
            foreach (int size in sizes)
            {
                string directory = "/d" + size.ToString();
                long start = Clock();
                long listed = ListLong(directory);
                long first = Clock() - start;
                if (listed != size)
                    return Fail(directory + ": listed " + listed.ToString() + " entries");
                int passes = ListedEntries / size;
                start = Clock();
                for (int pass = 0; pass < passes; pass++)
                {
                    if (ListLong(directory) != size)
                        return Fail(directory + ": a cached pass listed a different count");
                }
                long again = (Clock() - start) / passes;
                Diagnostics.Print(string.Concat("bench: ls -l ", size.ToString(), " entries: ", first.ToString(), " tsc; again ", again.ToString(), " tsc"));
            }

            Fill();
            ulong chunkSum = Sum(Chunk);
            long begin = Clock();
            long written = WriteThroughVfs();
            long layeredTime = Clock() - begin;
            if (written != WriteBytes)
                return Fail("VFS wrote " + written.ToString() + " of " + WriteBytes.ToString() + " bytes");
            if (ReadBackSum(out long readBack) != chunkSum * (ulong)(WriteBytes / Chunk) || readBack != WriteBytes)
                return Fail("the file read back is not what was written");

            long cluster = FirstCluster(fs);
            if (cluster < 2)
                return Fail("cannot learn the first cluster");
            if (!GrantBuffer(ata))
                return Fail("cannot grant the buffer to ata");
            long firstSector = FirstSectorOf(ata, cluster);
            if (firstSector < 0)
                return Fail("cannot read the boot sector");
            Fill();     // FirstSectorOf read the boot sector into the buffer
            begin = Clock();
            long raw = WriteRaw(ata, firstSector * Sector, WriteBytes);
            long rawTime = Clock() - begin;
            if (raw != WriteBytes)
                return Fail("raw writes failed");
            Diagnostics.Print(string.Concat("bench: sequential write ", (WriteBytes >> 20).ToString(), " MiB: vfs ",
                layeredTime.ToString(), " tsc; raw driver ", rawTime.ToString(), " tsc"));
            return 0;
        }

        // Entries listed, each stat'ed by its path; < 0 an error.
        private static long ListLong(string directory)
        {
            int fd = Files.Open(directory, OpenFlags.Read | OpenFlags.Directory);
            if (fd < 0)
                return fd;
            long count = 0;
            int result;
            while ((result = Files.ReadDirectory(fd, out DirectoryEntry entry)) > 0)
            {
                if (Files.Stat(string.Concat(directory, "/", entry.Name), out FileStatus status) < 0 || status.Kind != FileKind.File)
                {
                    Files.Close(fd);
                    return -1;
                }
                count++;
            }
            Files.Close(fd);
            return result < 0 ? result : count;
        }

        private static long WriteThroughVfs()
        {
            int fd = Files.Open(WritePath, OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
            if (fd < 0)
                return fd;
            long total = 0;
            while (total < WriteBytes)
            {
                int n = Files.Write(fd, s_buffer);
                if (n != Chunk)
                {
                    Files.Close(fd);
                    return n < 0 ? n : total;
                }
                total += n;
            }
            Files.Close(fd);
            int synced = Files.Sync();
            return synced < 0 ? synced : total;
        }

        private static ulong ReadBackSum(out long total)
        {
            total = 0;
            ulong sum = 0;
            int fd = Files.Open(WritePath, OpenFlags.Read);
            if (fd < 0)
                return 0;
            int got;
            while ((got = Files.Read(fd, s_buffer)) > 0)
            {
                sum += Sum(got);
                total += got;
            }
            Files.Close(fd);
            return sum;
        }

        private static long WriteRaw(Endpoint ata, long position, long size)
        {
            long total = 0;
            while (total < size)
            {
                int length = (int)Math.Min(Chunk, size - total);
                Message message = default;
                message.Type = DriverRequest.Write;
                DriverRequestMessage.Of(&message)->Position = position + total;
                DriverRequestMessage.Of(&message)->Grant = GrantId.From(0, 1).Value;
                DriverRequestMessage.Of(&message)->Length = length;
                if (Ipc.SendRec(ata, &message) != Status.Ok || DriverReplyMessage.Of(&message)->Result != length)
                    return -1;
                total += length;
            }
            return total;
        }

        // The data area's first sector plus the cluster's offset, from the
        // boot sector's BPB (the FAT engine checked it at mount).
        private static long FirstSectorOf(Endpoint ata, long cluster)
        {
            Message message = default;
            message.Type = DriverRequest.Read;
            DriverRequestMessage.Of(&message)->Grant = GrantId.From(0, 1).Value;
            DriverRequestMessage.Of(&message)->Length = Sector;
            if (Ipc.SendRec(ata, &message) != Status.Ok || DriverReplyMessage.Of(&message)->Result != Sector)
                return -1;
            int reserved = s_buffer[14] | s_buffer[15] << 8;
            int fats = s_buffer[16];
            long fatSectors = (uint)(s_buffer[36] | s_buffer[37] << 8 | s_buffer[38] << 16 | s_buffer[39] << 24);
            int perCluster = s_buffer[13];
            return reserved + fats * fatSectors + (cluster - 2) * perCluster;
        }

        private static long FirstCluster(Endpoint fs)
        {
            byte[] path = new byte[WritePath.Length];
            for (int i = 0; i < path.Length; i++)
                path[i] = (byte)WritePath[i];
            fixed (byte* bytes = path)
            fixed (GrantEntry* table = s_grants)
            {
                table[0] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = 1, Grantee = fs.Value, Address = (ulong)bytes, Length = (ulong)path.Length };
                if (Grants.Publish(table, 1) != Status.Ok)
                    return -1;
                Message message = default;
                message.Type = FileSystemRequest.Lookup;
                FsPathRequest* request = FsPathRequest.Of(&message);
                request->PathGrant = GrantId.From(0, 1).Value;
                request->PathLength = path.Length;
                if (Ipc.SendRec(fs, &message) != Status.Ok || message.Type != Status.Ok)
                    return -1;
                return FsNodeReply.Of(&message)->NodeId;
            }
        }

        // Read and write rights: FirstSectorOf reads into it, WriteRaw writes from it.
        private static bool GrantBuffer(Endpoint ata)
        {
            fixed (byte* bytes = s_buffer)
            fixed (GrantEntry* table = s_grants)
            {
                table[0] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = 1, Grantee = ata.Value, Address = (ulong)bytes, Length = Chunk };
                return Grants.Publish(table, 1) == Status.Ok;
            }
        }

        // Bytes no two chunks' worth of zeros could fake (xorshift).
        private static void Fill()
        {
            ulong x = 0x9E3779B97F4A7C15;
            fixed (byte* bytes = s_buffer)
            {
                ulong* words = (ulong*)bytes;
                for (int i = 0; i < Chunk / 8; i++)
                {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    words[i] = x;
                }
            }
        }

        private static ulong Sum(int count)
        {
            ulong sum = 0;
            fixed (byte* bytes = s_buffer)
            {
                ulong* words = (ulong*)bytes;
                for (int i = 0; i < count / 8; i++)
                    sum += words[i];
            }
            return sum;
        }

        private static long Clock()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            return TimesMessage.Of(&message)->TimeStamp;
        }

        private static int Fail(string why)
        {
            Diagnostics.Print("bench: FAIL " + why);
            return 1;
        }
    }
}
