using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Service
{
    // A whole file read into memory and granted to RS for reading (a new
    // program for `update`, a recovery script for `up -script`). RS copies
    // it before it answers; the caller keeps the bytes alive until then.
    internal static unsafe class SharedFile
    {
        // Null on success (grant id and length written), else the problem.
        public static string? Grant(string path, Endpoint rs, int limit, long* grant, long* length, out byte[]? bytes)
        {
            bytes = Read(path, limit, out string? problem);
            if (bytes == null)
                return problem;
            fixed (byte* data = bytes) // the heap does not move objects: the grant stays valid
            {
                GrantId id = Files.ShareForReading(rs, data, bytes.Length);
                if (id.Value == -1)
                    return path + ": cannot grant it to rs";
                *grant = id.Value;
            }
            *length = bytes.Length;
            return null;
        }

        public static byte[]? Read(string path, int limit, out string? problem)
        {
            problem = null;
            int fd = Files.Open(path, OpenFlags.Read);
            if (fd < 0)
            {
                problem = path + ": " + Files.ErrorText(fd);
                return null;
            }
            byte[]? bytes = null;
            if (Files.FStat(fd, out FileStatus info) < 0 || info.Kind != FileKind.File || info.Size <= 0 || info.Size > limit)
                problem = path + ": not a regular file of at most " + limit.ToString() + " bytes";
            else
            {
                bytes = new byte[(int)info.Size];
                int done = 0;
                while (done < bytes.Length)
                {
                    int want = bytes.Length - done < FileSystemLimits.MaxTransfer ? bytes.Length - done : FileSystemLimits.MaxTransfer;
                    int got = Files.Read(fd, new Span<byte>(bytes, done, want));
                    if (got <= 0)
                    {
                        problem = path + ": " + (got < 0 ? Files.ErrorText(got) : "shorter than its size");
                        bytes = null;
                        break;
                    }
                    done += got;
                }
            }
            Files.Close(fd);
            return bytes;
        }
    }
}
