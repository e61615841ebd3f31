using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // /dev/null and /dev/zero through the memory driver (asynchronous
    // requests from VFS, answered in its main loop).
    public static partial class Program
    {
        private static void DeviceChecks()
        {
            var buffer = new byte[100 * 1024];
            int fd = Files.Open("/dev/null", OpenFlags.ReadWrite);
            Check("dev-null", fd >= 0 && Expect("write null", Files.Write(fd, buffer.AsSpan(0, 1000)), 1000)
                && Expect("read null", Files.Read(fd, buffer), 0));
            Files.Close(fd);

            fd = Files.Open("/dev/zero", OpenFlags.Read);
            for (int i = 0; i < buffer.Length; i++)
                buffer[i] = 0xFF;
            bool zeros = fd >= 0 && Expect("read zero", Files.Read(fd, buffer), buffer.Length);
            for (int i = 0; zeros && i < buffer.Length; i++)
                zeros = buffer[i] == 0;
            Check("dev-zero", zeros);
            Check("dev-zero-read-only", Expect("write read-only zero", Files.Write(fd, buffer.AsSpan(0, 1)), VfsStatus.NotWritable));
            Files.Close(fd);
            Check("stat-dev", Files.Stat("/dev/zero", out FileStatus status) == 0 && status.Kind == FileKind.CharDevice);
            Check("dev-missing", Expect("open /dev/nothing", Files.Open("/dev/nothing", OpenFlags.Read), FileSystemStatus.NotFound));
        }
    }
}
