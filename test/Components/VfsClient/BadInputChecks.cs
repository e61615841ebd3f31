using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Bad input of every kind gets a clear status, changes nothing, and VFS
    // goes on serving (a good call after each). Raw requests carry words the
    // library never sends.
    public static partial class Program
    {
        private static unsafe void BadInputChecks()
        {
            var buffer = new byte[512];
            Check("bad-fd-negative", Expect("read -1", Files.Read(-1, buffer), VfsStatus.BadDescriptor));
            StillServing();
            Check("bad-fd-out-of-range", Expect("read 64", Files.Read(VfsLimits.MaxDescriptors, buffer), VfsStatus.BadDescriptor)
                && Expect("dup2 to 64", Files.Dup2(0, VfsLimits.MaxDescriptors), VfsStatus.BadDescriptor));
            StillServing();
            Check("bad-fd-huge-word", Expect("raw close", Raw(VfsRequest.Close, long.MaxValue, 0, 0), VfsStatus.BadDescriptor)
                && Expect("raw read", Raw(VfsRequest.Read, long.MinValue, Files.DataGrant.Value, 16), VfsStatus.BadDescriptor));
            StillServing();
            Check("path-too-long", Expect("long path", Files.Open(new string('a', FileSystemLimits.MaxPathLength + 1), OpenFlags.Read), FileSystemStatus.PathTooLong));
            StillServing();
            Check("empty-path", Expect("empty path", Files.Stat("", out FileStatus status), FileSystemStatus.NotFound));
            StillServing();
            Check("bad-flags", Expect("flags 3", Files.Open(Hello, (OpenFlags)3), Status.BadArgument)
                && Expect("flags 0x8", Files.Open(Hello, (OpenFlags)0x8), Status.BadArgument));
            StillServing();

            int fd = Files.Open(Big, OpenFlags.Read);
            Check("read-past-end", Files.Seek(fd, 10 << 20, SeekOrigin.Begin) == 10 << 20 && Expect("read past end", Files.Read(fd, buffer), 0));
            Check("seek-before-start", Expect("seek -1", Files.Seek(fd, -1, SeekOrigin.Begin), Status.BadArgument)
                && Expect("bad whence", Raw(VfsRequest.Seek, fd, 0, 7), Status.BadArgument));
            StillServing();
            Files.Seek(fd, 0, SeekOrigin.Begin);
            Check("forged-data-grant", Expect("forged grant", Raw(VfsRequest.Read, fd, GrantId.From(9, 7).Value, 16), Status.BadGrant)
                && Files.Seek(fd, 0, SeekOrigin.Current) == 0);
            StillServing();
            GrantId current = Files.DataGrant;
            Check("stale-data-grant", Expect("stale grant", Raw(VfsRequest.Read, fd, GrantId.From(current.Index, (ushort)(current.Sequence - 1)).Value, 16), Status.BadGrant));
            StillServing();
            Check("grant-word-out-of-range", Expect("grant -1", Raw(VfsRequest.Read, fd, -1, 16), Status.BadGrant)
                && Expect("grant 2^40", Raw(VfsRequest.Read, fd, 1L << 40, 16), Status.BadGrant));
            StillServing();
            Check("bad-length", Expect("length -1", Raw(VfsRequest.Read, fd, Files.DataGrant.Value, -1), Status.BadArgument)
                && Expect("length too long", Raw(VfsRequest.Read, fd, Files.DataGrant.Value, VfsLimits.MaxTransfer + 1), Status.OutOfRange));
            StillServing();
            Files.Close(fd);

            fd = Files.Open(Written, OpenFlags.Write);
            Check("write-from-forged-grant", Expect("forged write", Raw(VfsRequest.Write, fd, GrantId.From(11, 3).Value, 512), Status.BadGrant)
                && Files.FStat(fd, out status) == 0 && status.Size == WrittenLength);
            Files.Close(fd);
            StillServing();
            Message m = default;
            m.Type = VfsRequest.Open;
            RawPayload.Of(&m)->Word[0] = GrantId.From(12, 5).Value;
            RawPayload.Of(&m)->Word[1] = 5;
            Check("forged-path-grant", Expect("forged path grant", Files.Call(ref m), Status.BadGrant));
            StillServing();
            Check("unknown-request", Expect("unknown request", Raw(0xF6EE, 0, 0, 0), VfsStatus.UnknownRequest));
            StillServing();
            // A user posing as a driver answering a read VFS never sent.
            Check("fake-driver-reply", Expect("fake driver reply", Raw(DriverRequest.Reply, 512, DriverRequest.Read, 0), VfsStatus.UnknownRequest));
            StillServing();

            // Only PM may tell VFS that a process forked or exited.
            fd = Files.Open(Hello, OpenFlags.Read);
            int self = Endpoints.Lookup("vfsclient").Value;
            Check("forged-exit-notice", Expect("forged exit", Raw(VfsRequest.ProcessExited, self, 0, 0), Status.NotAllowed)
                && Files.FStat(fd, out status) == 0);
            Check("forged-fork-notice", Expect("forged fork", Raw(VfsRequest.ProcessForked, self, self + 1, 0), Status.NotAllowed));
            Files.Close(fd);
            StillServing();
        }

        private static unsafe int Raw(int type, long word0, long word1, long word2)
        {
            Message m = default;
            m.Type = type;
            RawPayload.Of(&m)->Word[0] = word0;
            RawPayload.Of(&m)->Word[1] = word1;
            RawPayload.Of(&m)->Word[2] = word2;
            return Files.Call(ref m);
        }
    }
}
