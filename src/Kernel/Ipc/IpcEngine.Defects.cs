// Defect reports: the kernel's word to a signal manager (RS) that one of its
// components ended. A report is never dropped, however many components end
// while the manager is busy or stopped (MINIX keeps pending kernel signals
// for the manager to collect; this is the same idea). The report waits in the
// ended component's own process slot, which stays out of allocation until the
// manager has taken it, linked in the manager's list of held reports. So
// storage is bounded by the table itself (one report per slot) and nothing can
// fill. Receive hands them out right after the kernel's notification, in the
// order the components ended; each is the message KernelMessageType.DefectReport
// with Source = Endpoint.Kernel.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    /// <summary>
    /// Reports the end of <paramref name="ended"/> (already through ProcessExited, so its slot is
    /// free) to <paramref name="manager"/>: delivered now if the manager waits for Any or Kernel,
    /// else held in the ended slot until the manager's next such Receive. Never blocks, never
    /// drops; ignored when the manager is free.
    /// </summary>
    public void ReportDefect(Process manager, Process ended, in Message report)
    {
        if (manager.IsFree || manager == ended || ended.ReportHeld)
            return;
        Message copy = report;
        copy.Source = Endpoint.Kernel.Value;
        copy.Type = KernelMessageType.DefectReport;
        if (TryDeliver(manager, Endpoint.Kernel, &copy))
            return;
        ended.HeldReport = copy;
        manager.HeldReports.Append(ended);
    }

    /// <summary>Reports waiting for p (components that ended while p was not receiving).</summary>
    public static int PendingDefectCount(Process p)
    {
        int count = 0;
        for (Process? held = p.HeldReports.First; held != null; held = held.Next)
            count++;
        return count;
    }

    // Receive's step for held reports: the oldest, into the caller's buffer;
    // its slot becomes allocatable again once it is taken.
    private int TakeDefectReport(Process caller, Endpoint source, ulong buffer)
    {
        Process? ended = caller.HeldReports.First;
        if (ended == null || !(source.IsAny || source == Endpoint.Kernel))
            return NothingPending;
        Message report = ended.HeldReport;
        if (!host.CopyToProcess(caller, buffer, &report, Message.Size))
            return Status.BadAddress;
        caller.HeldReports.Remove(ended);
        ended.HeldReport = default;
        return Status.Ok;
    }

    // A manager that ends leaves nobody to take its reports: their slots
    // return to the pool.
    private static void DropHeldReports(Process manager)
    {
        while (manager.HeldReports.First is Process held)
        {
            manager.HeldReports.Remove(held);
            held.HeldReport = default;
        }
    }
}
