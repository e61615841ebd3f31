using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DiskReader
{
    // Reads /big.bin through VFS in 64 KiB pieces and prints its length and
    // FNV-1a 64 checksum (the host computes the same), and the guest time
    // it took. Any error ends the run with its status.
    //
    // The crash experiments need a transfer long enough for many kills
    // (issue 16: at least 20 at a 4 s period), longer than one pass over a
    // file the host can still make quickly: /diskreader.conf, if the disk
    // has it, says how many passes to make (a decimal number; default 1).
    // The checksum runs on over all passes, as the host's over the data
    // repeated. A line each MiB, with the absolute time stamp counter,
    // lets the bench draw the throughput over guest time (bench/
    // ThroughputChart.cs); a line per pass gives each pass's guest time.
    public static class Program
    {
        private const string ConfigFile = "/diskreader.conf";
        private const int MaxPasses = 10_000;
        private const long MiB = 1 << 20;

        public static int Main()
        {
            int passes = Configure();
            var buffer = new byte[64 * 1024];
            ulong hash = 14695981039346656037UL;
            long total = 0;
            long nextMiB = MiB;
            long start = Lib.Sys.Process.TimeStampCounter();
            for (int pass = 1; pass <= passes; pass++)
            {
                long passStart = Lib.Sys.Process.TimeStampCounter();
                int fd = Files.Open("/big.bin", OpenFlags.Read);
                if (fd < 0)
                    return Fail("open", fd);
                int got;
                while ((got = Files.Read(fd, buffer)) > 0)
                {
                    for (int i = 0; i < got; i++)
                        hash = (hash ^ buffer[i]) * 1099511628211UL;
                    total += got;
                    // Reads are 64 KiB, so a MiB boundary is crossed at most
                    // once per read; the time is when the read that crossed
                    // it was done.
                    while (total >= nextMiB)
                    {
                        Diagnostics.Print(string.Concat("diskreader: ", (nextMiB / MiB).ToString(), " MiB at ", Lib.Sys.Process.TimeStampCounter().ToString(), " tsc"));
                        nextMiB += MiB;
                    }
                }
                if (got < 0)
                    return Fail("read after " + total.ToString() + " bytes", got);
                Files.Close(fd);
                if (passes > 1)
                    Diagnostics.Print(string.Concat("diskreader: pass ", pass.ToString(), " of ", passes.ToString(), ": ", (Lib.Sys.Process.TimeStampCounter() - passStart).ToString(), " tsc"));
            }
            long took = Lib.Sys.Process.TimeStampCounter() - start;
            Diagnostics.Print("diskreader: read " + total.ToString() + " bytes, fnv " + hash.ToString("x16") + ", " + took.ToString() + " tsc");
            return 0;
        }

        private static int Fail(string what, int status)
        {
            Diagnostics.Print("diskreader: FAILED " + what + ": " + Files.ErrorText(status));
            return 1;
        }

        // The passes /diskreader.conf asks for; 1 without the file. A file
        // that says something else is reported and 1 is used: a wrong
        // count should not stop the transfer the run is about.
        private static int Configure()
        {
            int fd = Files.Open(ConfigFile, OpenFlags.Read);
            if (fd < 0)
                return 1;
            var text = new byte[32];
            int length = Files.Read(fd, text);
            Files.Close(fd);
            int value = 0;
            int i = 0;
            for (; i < length && text[i] >= (byte)'0' && text[i] <= (byte)'9' && value <= MaxPasses; i++)
                value = value * 10 + (text[i] - '0');
            // Only line ends or spaces may follow the number.
            int end = i;
            while (end < length && (text[end] == (byte)'\n' || text[end] == (byte)'\r' || text[end] == (byte)' '))
                end++;
            if (i == 0 || end != length || value < 1 || value > MaxPasses)
            {
                Diagnostics.Print("diskreader: " + ConfigFile + " is not a number of passes (1.." + MaxPasses.ToString() + "); making 1");
                return 1;
            }
            Diagnostics.Print("diskreader: " + value.ToString() + " passes over /big.bin");
            return value;
        }
    }
}
