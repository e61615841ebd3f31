namespace Minix3.Cosmos.Servers.Pm.Table
{
    // One process PM created (or init, which it adopted): its pid and
    // parent, where it lives now (endpoint; a fork gives a new one, an exec
    // keeps it), what it runs, how signals treat it, and once it has ended
    // the status its parent collects with Wait (a zombie until then).
    public sealed class ProcessRecord
    {
        public int Pid;
        public int Parent;                 // 0: nobody waits for it (init)
        public int Endpoint;
        public string Name = "";
        public bool Zombie;
        public int ExitStatus;
        // The signal PM ended it with (Kill kernel call), so the kernel's
        // "killed" report becomes 128 + this signal; 0 when none was sent.
        public int SignalSent;
        public uint IgnoredSignals;        // bit n: signal n is ignored
        // Signals (SignalRules): caught ones (a handler in the process),
        // blocked ones (the mask) and pending ones; the process group.
        public readonly SignalState SignalSets = new SignalState();
        public int Group;
        public Credentials Ids;            // root unless set otherwise (SetUid, SetGid)
        // Spawned for RS (a recovery script) or forked from such a process:
        // programs come from the boot image before /bin, so a script can
        // run while the disk driver it recovers is down.
        public bool BootImageFirst;
        // The block it was exec'd with, without the path (see ArgumentBlock).
        public byte[] Arguments = new byte[0];
        public int ArgumentCount, EnvironmentCount;
        // A Wait it is blocked in: the pid asked for (-1 any); PendingWait
        // false when it is not waiting.
        public bool PendingWait;
        public int WaitPid;
        // An Exec block arriving in pieces (ExecData): the bytes so far.
        public byte[]? Staged;
        public int StagedLength;

        public bool Ignores(int signal) => signal > 0 && signal < 32 && (IgnoredSignals & (1u << signal)) != 0;
    }
}
