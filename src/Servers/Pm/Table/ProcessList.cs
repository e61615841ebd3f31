using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // One live process as the kernel reports it (GetInfo Processes).
    public struct KernelProcess
    {
        public int Endpoint;
        public int Flags;          // the kernel's ProcessFlags
        public ulong MemoryBytes;
        public string Label;
    }

    // What ps shows: every process the kernel has, with PM's pid and parent
    // for those PM knows (pid 0 for boot components), then the zombies,
    // which the kernel no longer has.
    public static class ProcessList
    {
        // The kernel's ProcessFlags bits (src/Kernel/Proc/ProcessFlags.cs).
        public const int FlagSending = 2, FlagReceiving = 4, FlagStopped = 8;

        public static List<ProcessRow> Merge(ProcessTable table, KernelProcess[] kernel, int kernelCount, int self)
        {
            var rows = new List<ProcessRow>(kernelCount + 4);
            for (int i = 0; i < kernelCount; i++)
            {
                KernelProcess k = kernel[i];
                ProcessRecord? known = table.ByEndpoint(k.Endpoint);
                rows.Add(new ProcessRow
                {
                    Pid = known?.Pid ?? 0,
                    Parent = known?.Parent ?? 0,
                    Endpoint = k.Endpoint,
                    State = StateOf(k.Flags, k.Endpoint == self),
                    MemoryBytes = k.MemoryBytes,
                    Name = known != null ? known.Name : k.Label,
                });
            }
            for (int i = 0; i < table.Count; i++)
            {
                ProcessRecord r = table[i];
                if (!r.Zombie)
                    continue;
                rows.Add(new ProcessRow { Pid = r.Pid, Parent = r.Parent, Endpoint = r.Endpoint, State = PmProcessState.Zombie, Name = r.Name });
            }
            return rows;
        }

        // A sender that waits for a reply is "sending" until the message
        // is taken, then "receiving"; the only process running while PM
        // asks is PM itself.
        public static int StateOf(int flags, bool isSelf)
        {
            if ((flags & FlagStopped) != 0)
                return PmProcessState.Stopped;
            if ((flags & FlagSending) != 0)
                return PmProcessState.Sending;
            if ((flags & FlagReceiving) != 0)
                return PmProcessState.Receiving;
            return isSelf ? PmProcessState.Running : PmProcessState.Ready;
        }
    }

    public struct ProcessRow
    {
        public int Pid, Parent, Endpoint, State;
        public ulong MemoryBytes;
        public string Name;
    }
}
