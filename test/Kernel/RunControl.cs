using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Boot
{
    // How a run with components ends, for tests and benchmarks:
    //   exit_when=a,b   stop once all listed components have ended (after a
    //                   grace of 100 ms); the run succeeds only if each
    //                   exited with status 0
    //   halt_after=N    stop after N milliseconds (success; the test reads
    //                   the log to judge)
    // Without either, the system runs until powered off.
    internal static class RunControl
    {
        private const int MaxWatched = 8;

        private static byte[] s_watchList = Array.Empty<byte>();
        private static int s_remaining;
        private static bool s_failed;
        private static ulong s_haltTick;
        private static ulong s_stopTick;
        private const ulong GraceMilliseconds = 100;

        internal static void Configure()
        {
            if (KernelArguments.TryGetValue("exit_when"u8, out ReadOnlySpan<byte> list) && list.Length > 0)
            {
                s_watchList = list.ToArray();
                s_remaining = 1;
                for (int i = 0; i < list.Length; i++)
                {
                    if (list[i] == ',' && s_remaining < MaxWatched)
                        s_remaining++;
                }
            }
            ulong milliseconds = KernelArguments.Number("halt_after"u8, 0);
            if (milliseconds != 0)
                s_haltTick = Timer.Ticks + (milliseconds * Timer.Hz + 999) / 1000;
        }

        internal static void ComponentEnded(Process process, DefectClass reason, long detail)
        {
            if (s_remaining == 0)
                return;
            if (!ListContains(s_watchList, process.Label))
                return;
            if (reason != DefectClass.Exit || detail != 0)
                s_failed = true;
            // Stop a little later, so that what the ending set in motion (the
            // defect report, what its reader does and prints) is seen too.
            if (--s_remaining == 0)
                s_stopTick = Timer.Ticks + (GraceMilliseconds * Timer.Hz + 999) / 1000;
        }

        internal static void Tick(ulong now)
        {
            if (s_stopTick != 0 && now >= s_stopTick)
                Power.Stop(s_failed ? Power.StatusFailure : Power.StatusSuccess);
            if (s_haltTick != 0 && now >= s_haltTick)
                Power.Stop(Power.StatusSuccess);
        }

        // Whether a comma-separated list (start=, exit_when=) holds the name.
        internal static bool ListContains(ReadOnlySpan<byte> list, ReadOnlySpan<byte> name)
        {
            int start = 0;
            for (int i = 0; i <= list.Length; i++)
            {
                if (i < list.Length && list[i] != ',')
                    continue;
                if (list.Slice(start, i - start).SequenceEqual(name))
                    return true;
                start = i + 1;
            }
            return false;
        }
    }
}
