using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DiskReader
{
    // Reads /big.bin through VFS in 64 KiB pieces and prints its length and
    // FNV-1a 64 checksum (the host computes the same), and the guest time
    // it took. Any error ends the run with its status.
    public static class Program
    {
        public static int Main()
        {
            var buffer = new byte[64 * 1024];
            ulong hash = 14695981039346656037UL;
            long total = 0;
            long start = Lib.Sys.Process.TimeStampCounter();
            int fd = Files.Open("/big.bin", OpenFlags.Read);
            if (fd < 0)
                return Fail("open", fd);
            int got;
            while ((got = Files.Read(fd, buffer)) > 0)
            {
                for (int i = 0; i < got; i++)
                    hash = (hash ^ buffer[i]) * 1099511628211UL;
                total += got;
            }
            if (got < 0)
                return Fail("read after " + total.ToString() + " bytes", got);
            long took = Lib.Sys.Process.TimeStampCounter() - start;
            Diagnostics.Print("diskreader: read " + total.ToString() + " bytes, fnv " + hash.ToString("x16") + ", " + took.ToString() + " tsc");
            return 0;
        }

        private static int Fail(string what, int status)
        {
            Diagnostics.Print("diskreader: FAILED " + what + ": " + Files.ErrorText(status));
            return 1;
        }
    }
}
