using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // The status a parent's Wait reports, from the kernel's defect report:
    // the exit code for an exit, 128 + signal otherwise (the shell's
    // convention), with a CPU exception counted as Segv and a runtime panic
    // as Abort.
    public static class ExitStatus
    {
        public const int Abort = 6;
        public const int Segv = 11;

        public static int From(DefectClass reason, long detail, int signalSent)
        {
            switch (reason)
            {
                case DefectClass.Exit:
                    return (int)(detail & 0xFF);
                case DefectClass.Killed:
                    return 128 + (signalSent > 0 ? signalSent : Signals.Kill);
                case DefectClass.CpuException:
                    return 128 + Segv;
                default:
                    return 128 + Abort;
            }
        }
    }
}
