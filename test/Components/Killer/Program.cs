using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Killer
{
    // The fault injector of the crash experiments: kills the process
    // labelled ata (the kill kernel call) every period of guest time until
    // diskreader is gone, then prints how many kills it made. The period is
    // 1 s (the paper's harsher rate) unless the disk under test carries
    // /killer.ms, a decimal number of milliseconds: the host picks the
    // rate of each run by what it writes on the disk the guest reads, as
    // the kernel command line is not visible to components.
    //
    // Each kill is logged with the guest time (time stamp counter) just
    // before it: against the new ata's "first request served at" line this
    // gives the restart latency, crash to first request served.
    public static unsafe class Program
    {
        private const long DefaultPeriodMs = 1000;
        private const string PeriodFile = "/killer.ms";

        public static int Main()
        {
            long period = Period();
            Diagnostics.Print("killer: killing ata every " + period.ToString() + " ms");
            int kills = 0;
            while (!Endpoints.Lookup("diskreader").IsNone)
            {
                Devices.Sleep(period);
                if (Endpoints.Lookup("diskreader").IsNone)
                    break;  // only kills during the transfer count
                Endpoint ata = Endpoints.Lookup("ata");
                if (ata.IsNone)
                    continue;
                Message message = default;
                message.Word0 = ata.Value;
                long now = Process.TimeStampCounter();
                if (Ipc.KernelCall(KernelCall.Kill, &message) != Status.Ok)
                    continue;
                kills++;
                Diagnostics.Print("killer: killed ata at " + now.ToString() + " tsc");
            }
            Diagnostics.Print("killer: killed ata " + kills.ToString() + " times");
            return 0;
        }

        // The period /killer.ms asks for (1 ms to 1 hour), else the default;
        // a file that says something else is reported and ignored.
        private static long Period()
        {
            int fd = Files.Open(PeriodFile, OpenFlags.Read);
            if (fd < 0)
                return DefaultPeriodMs;
            var text = new byte[32];
            int length = Files.Read(fd, text);
            Files.Close(fd);
            long value = 0;
            int digits = 0;
            for (int i = 0; i < length && text[i] != (byte)'\n'; i++, digits++)
            {
                if (text[i] < (byte)'0' || text[i] > (byte)'9' || value > 3_600_000)
                {
                    digits = 0;
                    break;
                }
                value = value * 10 + (text[i] - '0');
            }
            if (digits == 0 || value < 1 || value > 3_600_000)
            {
                Diagnostics.Print("killer: " + PeriodFile + " is not a number of milliseconds (1 to 3600000); using the default");
                return DefaultPeriodMs;
            }
            return value;
        }
    }
}
