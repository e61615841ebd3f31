using System;

namespace Minix3.Cosmos.Kernel.Proc;

/// <summary>
/// Why a process cannot run (MINIX's RTS flags). Invariant: a process is runnable exactly when
/// no flag is set, and it sits in a scheduler ready queue exactly then. Flags change only through
/// <see cref="Sched.Scheduler.Block"/> and <see cref="Sched.Scheduler.Unblock"/> (and the process
/// table for <see cref="Free"/>), so the queue never disagrees with the flags.
/// </summary>
[Flags]
public enum ProcessFlags
{
    None = 0,

    /// <summary>The slot holds no process.</summary>
    Free = 1,

    /// <summary>Blocked in Send or SendRec until the destination takes the message.</summary>
    Sending = 2,

    /// <summary>Blocked in Receive, or in SendRec waiting for the reply.</summary>
    Receiving = 4,

    /// <summary>Allocated but not started yet, or stopped by the kernel (StateCtl, a fault).</summary>
    Stopped = 8,
}
