using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Random requests: types around VFS's (and any number), words that are
    // small, huge, negative, this client's real grant ids or noise. Every
    // one must be answered (a SendRec that returns) and VFS must still serve
    // afterwards. Pipes are left out (a read of one's own empty pipe waits
    // for ever, as it should), and the path buffer holds a path under /made,
    // so no prefix of it names a device or a file the host checks.
    public static unsafe partial class Program
    {
        private const int FuzzRounds = 3000;
        private static ulong s_fuzz = 0x2545F4914F6CDD1D;

        private static void FuzzChecks()
        {
            Files.Stat("/made/fuzz/target.txt", out FileStatus _);
            Endpoint vfs = Endpoints.Lookup("vfs");
            int answered = 0;
            for (int round = 0; round < FuzzRounds; round++)
            {
                Message m = default;
                ulong pick = Next() % 16;
                m.Type = pick == 0 ? (int)Next() : VfsRequest.Open + (int)(Next() % 0x12);
                if (m.Type == VfsRequest.Pipe)
                    m.Type = VfsRequest.FStat;
                RawPayload.Of(&m)->Word[0] = Word();
                RawPayload.Of(&m)->Word[1] = Word();
                RawPayload.Of(&m)->Word[2] = Word();
                RawPayload.Of(&m)->Word[3] = Word();
                // The trap's own status: Ok once VFS has answered, whatever it answered.
                if (Ipc.SendRec(vfs, &m) == Status.Ok)
                    answered++;
            }
            Diagnostics.Print(string.Concat("vfsclient: fuzz answered ", answered.ToString(), " of ", FuzzRounds.ToString()));
            bool closed = true;
            for (int fd = 0; fd < VfsLimits.MaxDescriptors; fd++)
                closed &= Files.Close(fd) == 0 || Files.Close(fd) == VfsStatus.BadDescriptor;
            Check("fuzz-answered", answered == FuzzRounds && closed
                && Files.ChangeDirectory("/") == 0);
            StillServing();
        }

        private static ulong Next()
        {
            // xorshift64*: deterministic, so a failure reproduces.
            s_fuzz ^= s_fuzz >> 12;
            s_fuzz ^= s_fuzz << 25;
            s_fuzz ^= s_fuzz >> 27;
            return s_fuzz * 0x2545F4914F6CDD1D;
        }

        private static long Word()
        {
            switch (Next() % 6)
            {
                case 0: return (long)(Next() % 70) - 2;                    // descriptors, small lengths, whence
                case 1: return Files.PathGrant.Value;
                case 2: return Files.DataGrant.Value;
                case 3: return (long)(Next() % 4096);                       // lengths, path lengths
                case 4: return (long)Next();                                // noise, negative or huge
                default: return (long)(Next() % 0x20000) - 0x100;          // around MaxTransfer, flags
            }
        }
    }
}
