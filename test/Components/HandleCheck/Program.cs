using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.HandleCheck
{
    // Files through VFS and FS by handle (issue 14, item 4), each step one
    // line the boot test (HandleTests) waits for:
    //  - /big.bin read in 64 KiB pieces; after the first, RS is asked to
    //    make ata crash on its next request, which is FS's for the next
    //    piece, with VFS's indirect grant on this buffer live: FS repeats
    //    the request on ata's successor and copies into the buffer. The
    //    length and FNV-1a 64 are printed for the host to compare.
    //  - /out.bin written in pieces of odd sizes (a sector's middle, whole
    //    runs, an append), read back and compared.
    //  - two descriptors of one file: what one writes the other reads.
    //  - a piece read into a grant VFS may only read from fails as the
    //    client's grant lacking the right, not as ata's fault, and moves nothing.
    public static unsafe class Program
    {
        private const int Piece = 64 * 1024;

        public static int Main()
        {
            var buffer = new byte[Piece];
            int fd = Files.Open("/big.bin", OpenFlags.Read);
            if (fd < 0)
                return Fail("open /big.bin", fd);
            ulong hash = 14695981039346656037UL;
            ulong firstPiece = 0;
            long total = 0;
            int got;
            while ((got = Files.Read(fd, buffer)) > 0)
            {
                for (int i = 0; i < got; i++)
                    hash = (hash ^ buffer[i]) * 1099511628211UL;
                if (total == 0)
                {
                    firstPiece = hash;
                    int armed = CrashAtaOnItsNextRequest();
                    if (armed != Status.Ok)
                        return Fail("arming the crash of ata", armed);
                    Diagnostics.Print("handlecheck: ata will crash on its next request");
                }
                total += got;
            }
            if (got < 0)
                return Fail("read after " + total.ToString() + " bytes", got);
            Files.Close(fd);
            Diagnostics.Print("handlecheck: read " + total.ToString() + " bytes, fnv " + hash.ToString("x16"));

            string? problem = WriteAndReadBack();
            if (problem != null)
                return Fail(problem, 0);
            Diagnostics.Print("handlecheck: write-read ok");
            problem = TwoDescriptors();
            if (problem != null)
                return Fail(problem, 0);
            Diagnostics.Print("handlecheck: two descriptors ok");
            problem = ReadIntoAReadOnlyGrant(firstPiece);
            if (problem != null)
                return Fail(problem, 0);
            Diagnostics.Print("handlecheck: the read after the refused one is whole");
            // The run ends when this program does: what FS caches must be
            // on the disk by then, for the host to check.
            int synced = Files.Sync();
            if (synced < 0)
                return Fail("sync", synced);
            return 0;
        }

        // The byte at `at` of /out.bin.
        private static byte Pattern(long at) => (byte)(at * 7 + (at >> 9));

        private static string? WriteAndReadBack()
        {
            int fd = Files.Open("/out.bin", OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
            if (fd < 0)
                return "create /out.bin: " + Files.ErrorText(fd);
            // Sizes that start and end inside sectors and cross runs.
            int[] sizes = { 1000, 65536, 300, 40000, 65536, 7 };
            long at = 0;
            var data = new byte[Piece];
            for (int s = 0; s < sizes.Length; s++)
            {
                for (int i = 0; i < sizes[s]; i++)
                    data[i] = Pattern(at + i);
                int wrote = Files.Write(fd, data.AsSpan(0, sizes[s]));
                if (wrote != sizes[s])
                    return "write " + s.ToString() + ": " + (wrote < 0 ? Files.ErrorText(wrote) : wrote.ToString());
                at += wrote;
            }
            Files.Close(fd);
            // An append lands at the end, whatever the position says.
            fd = Files.Open("/out.bin", OpenFlags.Write | OpenFlags.Append);
            if (fd < 0)
                return "open for append: " + Files.ErrorText(fd);
            for (int i = 0; i < 5000; i++)
                data[i] = Pattern(at + i);
            if (Files.Write(fd, data.AsSpan(0, 5000)) != 5000)
                return "append";
            at += 5000;
            Files.Close(fd);

            fd = Files.Open("/out.bin", OpenFlags.Read);
            if (fd < 0)
                return "reopen /out.bin: " + Files.ErrorText(fd);
            long read = 0;
            int got;
            // Pieces of another size than the writes'.
            while ((got = Files.Read(fd, data.AsSpan(0, 24576))) > 0)
            {
                for (int i = 0; i < got; i++)
                {
                    if (data[i] != Pattern(read + i))
                        return "byte " + (read + i).ToString() + " differs";
                }
                read += got;
            }
            Files.Close(fd);
            if (got < 0)
                return "read back: " + Files.ErrorText(got);
            return read == at ? null : "read back " + read.ToString() + " of " + at.ToString() + " bytes";
        }

        private static string? TwoDescriptors()
        {
            int writer = Files.Open("/two.txt", OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
            int reader = Files.Open("/TWO.TXT", OpenFlags.Read);
            if (writer < 0 || reader < 0)
                return "open /two.txt: " + Files.ErrorText(writer < 0 ? writer : reader);
            var text = new byte[] { (byte)'s', (byte)'h', (byte)'a', (byte)'r', (byte)'e', (byte)'d' };
            if (Files.Write(writer, text) != text.Length)
                return "write /two.txt";
            var back = new byte[16];
            int got = Files.Read(reader, back);
            Files.Close(writer);
            Files.Close(reader);
            if (got != text.Length)
                return "the other descriptor read " + got.ToString() + " bytes";
            for (int i = 0; i < text.Length; i++)
            {
                if (back[i] != text[i])
                    return "the other descriptor read other bytes";
            }
            return null;
        }

        // A read of a whole piece into a grant VFS may only read from: ata
        // is the one to find out (FS has it copy long runs straight into
        // the caller's buffer, through VFS's grant on this one), and the
        // read must fail with GrantRights, as a client's mistake: FS must not
        // take ata's failed copy for a broken driver (no complaint, no
        // restart). The same read with the library's own grant then gets
        // the piece whole: the refused read moved nothing.
        private static string? ReadIntoAReadOnlyGrant(ulong firstPiece)
        {
            Endpoint vfs = Endpoints.Lookup("vfs");
            var buffer = new byte[Piece];
            int fd = Files.Open("/big.bin", OpenFlags.Read);
            if (fd < 0)
                return "open /big.bin again: " + Files.ErrorText(fd);
            fixed (byte* bytes = buffer)
            {
                GrantId readOnly = Files.ShareForReading(vfs, bytes, Piece);
                Message message = default;
                message.Type = VfsRequest.Read;
                VfsTransferRequest* asked = VfsTransferRequest.Of(&message);
                asked->Descriptor = fd;
                asked->Grant = readOnly.Value;
                asked->Length = Piece;
                int status = Ipc.SendRec(vfs, &message);
                if (status == Status.Ok)
                    status = message.Type;
                Diagnostics.Print("handlecheck: a read into a read-only grant: status " + status.ToString());
                if (status != Status.GrantRights)
                    return "the read into a read-only grant was not refused for want of the right";
            }
            int got = Files.Read(fd, buffer);
            Files.Close(fd);
            if (got != Piece)
                return "the read after the refused one got " + got.ToString() + " bytes";
            ulong hash = 14695981039346656037UL;
            for (int i = 0; i < got; i++)
                hash = (hash ^ buffer[i]) * 1099511628211UL;
            return hash == firstPiece ? null : "the read after the refused one got other bytes than the file's first piece";
        }

        // RS's fault injection (`service fi ata request`): ata panics when
        // its next request arrives.
        private static int CrashAtaOnItsNextRequest()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Status.DeadEndpoint;
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, "ata");
            RsRequestMessage.Of(&message)->Fault = RsFault.CrashOnRequest;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }

        private static int Fail(string what, int status)
        {
            Diagnostics.Print("handlecheck: FAILED " + what + (status < 0 ? ": " + Files.ErrorText(status) : ""));
            return 1;
        }
    }
}
