using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Files: open, read, seek, stat, the big file's checksum, writing,
    // appending, truncating.
    public static partial class Program
    {
        private static void FileChecks()
        {
            // A process VFS has never seen starts with an empty table.
            int fd = Files.Open(Hello, OpenFlags.Read);
            Check("first-open-is-fd-0", Expect("open hello", fd, 0));
            var buffer = new byte[100];
            int read = Files.Read(fd, buffer);
            Check("read", read == HelloText.Length && SameText(buffer.AsSpan(0, read), HelloText));
            Check("read-at-end", Expect("read at end", Files.Read(fd, buffer), 0));
            Check("seek-end", Expect("seek end", Files.Seek(fd, 0, SeekOrigin.End), HelloText.Length));
            Check("seek-begin", Expect("seek begin", Files.Seek(fd, 6, SeekOrigin.Begin), 6));
            Check("seek-current", Expect("seek current", Files.Seek(fd, -2, SeekOrigin.Current), 4));
            read = Files.Read(fd, buffer.AsSpan(0, 6));
            Check("read-after-seek", read == 6 && SameText(buffer.AsSpan(0, 6), HelloText.Substring(4, 6)));
            Check("fstat", Files.FStat(fd, out FileStatus status) == 0 && status.Size == HelloText.Length && status.Kind == FileKind.File);
            Check("close", Files.Close(fd) == 0);
            Check("stat-file", Files.Stat(Big, out status) == 0 && status.Size == 1 << 20 && status.Kind == FileKind.File);
            Check("stat-directory", Files.Stat("/data", out status) == 0 && status.Kind == FileKind.Directory);
            Check("stat-missing", Expect("stat missing", Files.Stat("/data/nothing", out status), FileSystemStatus.NotFound));
            Check("read-big", ReadAndReport(Big, 100000));

            Check("mkdir", Files.MakeDirectory(Made) == 0);
            Check("mkdir-again", Expect("mkdir again", Files.MakeDirectory(Made), FileSystemStatus.Exists));
            Check("write", WritePattern(Written, WrittenLength));
            Check("read-back-written", ReadAndReport(Written, 65536));
            Check("create-exclusive-exists", Expect("exclusive", Files.Open(Written, OpenFlags.Write | OpenFlags.Create | OpenFlags.Exclusive), FileSystemStatus.Exists));

            fd = Files.Open(Log, OpenFlags.Write | OpenFlags.Create | OpenFlags.Append);
            bool appended = fd >= 0 && Files.Write(fd, Ascii("one\n")) == 4 && Files.Seek(fd, 0, SeekOrigin.Begin) == 0
                && Files.Write(fd, Ascii("two\n")) == 4 && Files.FStat(fd, out status) == 0 && status.Size == 8;
            Check("append", appended && Files.Close(fd) == 0);

            fd = Files.Open(TruncateMe, OpenFlags.Write | OpenFlags.Truncate);
            bool truncated = fd >= 0 && Files.FStat(fd, out status) == 0 && status.Size == 0 && Files.Write(fd, Ascii("short\n")) == 6;
            Check("truncate", truncated && Files.Close(fd) == 0);
        }

        // Reads the whole file `chunk` bytes per call and prints its checksum.
        private static bool ReadAndReport(string path, int chunk)
        {
            int fd = Files.Open(path, OpenFlags.Read);
            if (fd < 0 || Files.FStat(fd, out FileStatus status) != 0)
                return false;
            var buffer = new byte[chunk];
            long total = 0;
            uint hash = 2166136261;
            long started = Process.Ticks();
            while (true)
            {
                int read = Files.Read(fd, buffer);
                if (read < 0)
                    return false;
                if (read == 0)
                    break;
                for (int i = 0; i < read; i++)
                    hash = (hash ^ buffer[i]) * 16777619;
                total += read;
            }
            long ticks = Process.Ticks() - started;
            Files.Close(fd);
            Diagnostics.Print(string.Concat("vfsclient: checksum ", path, " size=", total.ToString(), " fnv1a=", Hex(hash)));
            Diagnostics.Print(string.Concat("vfsclient: read ", path, " in ", ticks.ToString(), " ticks"));
            return total == status.Size;
        }

        private static bool WritePattern(string path, int length)
        {
            int fd = Files.Open(path, OpenFlags.Write | OpenFlags.Create);
            if (fd < 0)
                return false;
            // Pieces of odd sizes, the last one bigger than one VFS transfer.
            var buffer = new byte[70000];
            int position = 0, piece = 1000;
            while (position < length)
            {
                int n = length - position < piece ? length - position : piece;
                for (int i = 0; i < n; i++)
                    buffer[i] = PatternByte(position + i);
                if (Files.Write(fd, buffer.AsSpan(0, n)) != n)
                    return false;
                position += n;
                piece = piece * 3 < buffer.Length ? piece * 3 : buffer.Length;
            }
            return Files.FStat(fd, out FileStatus status) == 0 && status.Size == length && Files.Close(fd) == 0;
        }
    }
}
