using System;

namespace Minix3.Cosmos.Lib.Posix
{
    // A small file read or written in one go (configuration files: the
    // account files, scripts): whole, or an error, never half.
    public static class WholeFiles
    {
        // The file's bytes; null with the status (< 0) when it cannot be
        // opened or read, is not a regular file, or is larger than `limit`
        // (Status.OutOfRange).
        public static byte[]? Read(string path, int limit, out int status)
        {
            int fd = Files.Open(path, OpenFlags.Read);
            if (fd < 0)
            {
                status = fd;
                return null;
            }
            byte[]? bytes = null;
            status = Files.FStat(fd, out FileStatus info);
            if (status >= 0 && (info.Kind != FileKind.File || info.Size > limit))
                status = Lib.Ipc.Status.OutOfRange;
            if (status >= 0)
            {
                bytes = new byte[(int)info.Size];
                int done = 0;
                while (done < bytes.Length)
                {
                    int got = Files.Read(fd, new Span<byte>(bytes, done, bytes.Length - done));
                    if (got <= 0)
                    {
                        status = got < 0 ? got : Lib.Ipc.Status.OutOfRange;
                        bytes = null;
                        break;
                    }
                    done += got;
                }
            }
            Files.Close(fd);
            return bytes;
        }

        // The file's text (bytes as characters 0..255); null as Read.
        public static string? ReadText(string path, int limit, out int status)
        {
            byte[]? bytes = Read(path, limit, out status);
            if (bytes == null)
                return null;
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
                chars[i] = (char)bytes[i];
            return new string(chars);
        }

        // Replaces the file's contents (created if missing); 0 or the
        // first error.
        public static int Write(string path, ReadOnlySpan<byte> bytes)
        {
            int fd = Files.Open(path, OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
            if (fd < 0)
                return fd;
            int status = 0;
            for (int done = 0; done < bytes.Length;)
            {
                int wrote = Files.Write(fd, bytes.Slice(done));
                if (wrote <= 0)
                {
                    status = wrote < 0 ? wrote : Lib.Ipc.Status.OutOfRange;
                    break;
                }
                done += wrote;
            }
            int closed = Files.Close(fd);
            return status < 0 ? status : closed < 0 ? closed : 0;
        }
    }
}
