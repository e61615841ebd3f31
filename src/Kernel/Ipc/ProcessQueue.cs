// A FIFO of processes linked through Process.Next: a process's blocked
// senders, or a manager's held defect reports. One representation for both
// (a process is in at most one queue at a time, see Process.Next), so a
// queue is appended, walked and unlinked in one place.
using Minix3.Cosmos.Kernel.Proc;

namespace Minix3.Cosmos.Kernel.Ipc;

internal struct ProcessQueue
{
    internal Process? First;
    internal Process? Last;

    internal void Append(Process p)
    {
        p.Next = null;
        if (Last != null)
            Last.Next = p;
        else
            First = p;
        Last = p;
    }

    /// <summary>Unlinks p if it is in the queue (O(1) for the first).</summary>
    internal void Remove(Process p)
    {
        Process? previous = null;
        Process? current = First;
        while (current != null && current != p)
        {
            previous = current;
            current = current.Next;
        }
        if (current == null)
            return;
        if (previous != null)
            previous.Next = p.Next;
        else
            First = p.Next;
        if (Last == p)
            Last = previous;
        p.Next = null;
    }

}
