namespace Minix3.Cosmos.Servers.Pm.Table
{
    // What a signal does to a process that has not asked otherwise. There
    // are no handlers in user programs (yet): a signal either ends the
    // process (PM kills it through the kernel) or is dropped.
    public static class Signals
    {
        public const int Hangup = 1, Interrupt = 2, Quit = 3, Abort = 6, Kill = 9, Segv = 11,
            Pipe = 13, Alarm = 14, Terminate = 15, Child = 17;
        public const int Max = 31;

        public static bool IsValid(int signal) => signal >= 0 && signal <= Max;

        // Kill can be neither ignored nor caught (POSIX).
        public static bool CanIgnore(int signal) => signal > 0 && signal <= Max && signal != Kill;

        // Child is dropped by default; everything else we know ends the process.
        public static bool EndsByDefault(int signal) => signal != Child && signal != 0;
    }
}
