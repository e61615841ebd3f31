using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Descriptors: Dup and Dup2 share the open file (and its position),
    // closing one leaves the other, and the table holds 64.
    public static partial class Program
    {
        private static void DescriptorChecks()
        {
            var buffer = new byte[16];
            int fd = Files.Open(Hello, OpenFlags.Read);
            int copy = Files.Dup(fd);
            Check("dup-lowest-free", copy == fd + 1);
            bool shared = Files.Read(fd, buffer.AsSpan(0, 5)) == 5 && Files.Read(copy, buffer.AsSpan(5, 5)) == 5
                && SameText(buffer.AsSpan(0, 10), HelloText.Substring(0, 10)) && Files.Seek(copy, 0, SeekOrigin.Current) == 10;
            Check("dup-shares-position", shared);
            Check("dup2", Expect("dup2", Files.Dup2(fd, 10), 10) && Files.Read(10, buffer.AsSpan(0, 4)) == 4
                && SameText(buffer.AsSpan(0, 4), HelloText.Substring(10, 4)));
            Check("dup2-same", Expect("dup2 same", Files.Dup2(10, 10), 10));
            // Onto an open descriptor: it is closed first, then names the hello file.
            int other = Files.Open(Big, OpenFlags.Read);
            Check("dup2-closes-target", Expect("dup2 onto open", Files.Dup2(fd, other), other)
                && Files.FStat(other, out FileStatus status) == 0 && status.Size == HelloText.Length);
            Check("close-one-keeps-other", Files.Close(fd) == 0 && Files.Read(copy, buffer.AsSpan(0, 2)) == 2);
            Check("close-again", Expect("close again", Files.Close(fd), VfsStatus.BadDescriptor));
            Check("read-closed", Expect("read closed", Files.Read(fd, buffer), VfsStatus.BadDescriptor));
            Files.Close(copy);
            Files.Close(10);
            Files.Close(other);

            // Every descriptor in use: the next open is refused, nothing leaks.
            int opened = 0, last = 0;
            while (opened < 100)
            {
                last = Files.Open(Hello, OpenFlags.Read);
                if (last < 0)
                    break;
                opened++;
            }
            Check("too-many-open", Expect("open #65", last, VfsStatus.TooManyOpen) && opened == VfsLimits.MaxDescriptors);
            Check("dup-when-full", Expect("dup when full", Files.Dup(0), VfsStatus.TooManyOpen));
            bool closed = true;
            for (int i = 0; i < VfsLimits.MaxDescriptors; i++)
                closed &= Files.Close(i) == 0;
            Check("close-all", closed && Files.Open(Hello, OpenFlags.Read) == 0 && Files.Close(0) == 0);
        }
    }
}
