// One process-table slot (MINIX's struct proc). The object lives for the whole
// kernel lifetime: freeing a slot resets it in place and the next allocation
// reuses it under a new generation, so nothing is allocated after the table is
// built. Three groups of fields:
//  - identity and policy (slot, generation, privilege, scheduling), owned by
//    ProcessTable and Scheduler;
//  - hardware state (saved frame, page-table root, kernel stack), owned by the
//    architecture code and never interpreted here;
//  - IPC state, owned by IpcEngine. Invariants it keeps:
//      Sending   => SendTo names a live process and this process is linked in
//                   that process's sender queue (Senders);
//      Receiving => ReceiveFrom is Any, Kernel or a live process, and
//                   ReceiveBuffer was checked writable when it blocked;
//      ReplyPending => in SendRec: ReceiveFrom is its destination (and so is
//                   SendTo while the request waits), and notifications are not
//                   accepted as the reply;
//      PendingNotifications holds s => slot s is allocated (exit clears it).
using System;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Proc;

public sealed class Process
{
    internal Process(int slot, Privilege noPrivilege, Process[] table)
    {
        Slot = slot;
        Table = table;
        Privilege = noPrivilege;
        AsyncMessages = new MessageQueue();
        ResetIpc();
    }

    /// <summary>Index in the process table, 0 .. Endpoint.SlotCount - 1; never changes.</summary>
    public int Slot { get; }

    /// <summary>Every slot's process, this one's included (the ready queues link slots, not
    /// references: a reference store costs a write-barrier call on the trap path).</summary>
    internal readonly Process[] Table;

    /// <summary>Bumped on every allocation of this slot.</summary>
    public int Generation { get; internal set; }

    /// <summary>The address other processes use; valid while the slot is allocated.</summary>
    public Endpoint Endpoint
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => Endpoint.From(Slot, Generation);
    }

    public ProcessFlags Flags { get; internal set; } = ProcessFlags.Free;

    public bool IsFree => (Flags & ProcessFlags.Free) != 0;
    public bool IsRunnable => Flags == ProcessFlags.None;
    public bool IsSending => (Flags & ProcessFlags.Sending) != 0;
    public bool IsReceiving => (Flags & ProcessFlags.Receiving) != 0;
    public bool IsStopped => (Flags & ProcessFlags.Stopped) != 0;

    /// <summary>The installed policy; a free slot holds the table's empty (deny-all) privilege.</summary>
    public Privilege Privilege { get; internal set; }

    /// <summary>The component's label, from its privilege.</summary>
    public ReadOnlySpan<byte> Label => Privilege.Label;

    /// <summary>Scheduling queue, 0 (highest) .. Scheduler.QueueCount - 1.</summary>
    public int Priority { get; internal set; }

    /// <summary>Timer ticks per quantum; 0 until the scheduler first admits the process.</summary>
    public int QuantumTicks { get; internal set; }

    /// <summary>Ticks left in the current quantum.</summary>
    public int TicksLeft { get; internal set; }

    /// <summary>The effective user and group PM gave the process (SetIds; 0, root, for every
    /// component and until PM says otherwise; fork copies them). Servers read a sender's with
    /// GetInfo(Process) and judge its requests by them.</summary>
    public int UserId { get; internal set; }
    public int GroupId { get; internal set; }

    // Hardware state: plain storage for the architecture code. The process
    // table never clears these (a kernel stack may be reused with the slot).
    public ulong SavedFrame;
    public ulong AddressSpaceRoot;
    public ulong KernelStackTop;

    /// <summary>Whom this process waits for (MINIX P_BLOCKEDON): the send destination while
    /// sending, else the receive source while receiving, else None.</summary>
    public Endpoint BlockedOn => IsSending ? SendTo : IsReceiving ? ReceiveFrom : Endpoint.None;

    // ---- IPC state (IpcEngine) ----

    internal Endpoint SendTo;
    internal Endpoint ReceiveFrom;
    internal ulong ReceiveBuffer;
    internal bool ReplyPending;

    /// <summary>The message of a blocked Send/SendRec, copied in at trap time so a later
    /// delivery never reads the sender's memory (and cannot fail on it).</summary>
    internal Message OutgoingMessage;

    /// <summary>Senders blocked on this process, FIFO.</summary>
    internal ProcessQueue Senders;

    /// <summary>The link of the one ProcessQueue this process is in: a sender queue while it is
    /// blocked sending, its manager's held reports once it ended (never both: a held report's
    /// slot is free, and exit takes a process out of the queue it sent on).</summary>
    internal Process? Next;

    /// <summary>Slot s = the process in slot s notified this one and it was not yet received.</summary>
    internal SlotSet PendingNotifications;

    // A pending notification from the kernel itself: what it carries (every
    // kernel notification carries a line or the alarm, so it is pending
    // exactly when one of them is).
    internal ulong PendingIrqs;
    internal bool AlarmPending;
    internal bool KernelNotificationPending => PendingIrqs != 0 || AlarmPending;

    /// <summary>Messages sent with SendAsync while this process was not receiving.</summary>
    internal readonly MessageQueue AsyncMessages;

    // ---- Defect reports (IpcEngine.ReportDefect) ----

    /// <summary>Slots whose component ended and whose report to this manager waits for its
    /// next receive, oldest first.</summary>
    internal ProcessQueue HeldReports;

    /// <summary>This slot's own defect report while its manager has not taken it: the slot
    /// stays out of allocation (ProcessTable) until then, so the report cannot be lost or
    /// overwritten. Kept across Free; cleared (default) when the manager takes it or ends, so
    /// it is held exactly while it is a DefectReport message.</summary>
    internal Message HeldReport;
    internal bool ReportHeld => HeldReport.Type == KernelMessageType.DefectReport;

    // ---- Kernel-call state, cleared in one place (ResetCallState) ----

    /// <summary>Where the image's GrantEntry[] lies and how many entries (SetGrant); 0 = none.</summary>
    internal ulong GrantTable;
    internal int GrantCount;

    /// <summary>The runtime's entry for convertible faults (HardwareExceptions); 0 = none.</summary>
    internal ulong FaultEntry;

    /// <summary>Timer tick at which SetAlarm's alarm is due; 0 = none.</summary>
    internal ulong AlarmDeadline;

    /// <summary>Refusals logged so far (Denied), so a runaway component cannot drown the console.</summary>
    internal byte RefusalsLogged;

    /// <summary>The slot's own Privilege, reused by every process the slot holds: the kernel
    /// heap is never collected, so an object per process would leak (ProcessLoader).</summary>
    internal Privilege? OwnPrivilege;

    /// <summary>Exec: the new image's memory at the old addresses is neither a grant table nor
    /// a fault entry, so nothing may be read or entered there.</summary>
    internal void ReleaseImage()
    {
        GrantTable = 0;
        GrantCount = 0;
        FaultEntry = 0;
    }

    /// <summary>Allocation and free: nothing of the slot's previous process survives.</summary>
    internal void ResetCallState()
    {
        ReleaseImage();
        AlarmDeadline = 0;
        RefusalsLogged = 0;
    }

    // ---- Scheduler state: a doubly linked ready queue of slots (NoSlot ends it) ----

    internal const int NoSlot = -1;
    internal int NextReady = NoSlot;
    internal int PreviousReady = NoSlot;

    /// <summary>Drops every piece of IPC state; the caller has already unlinked the process from
    /// other processes' queues and released its partners.</summary>
    internal void ResetIpc()
    {
        SendTo = Endpoint.None;
        ReceiveFrom = Endpoint.None;
        ReceiveBuffer = 0;
        ReplyPending = false;
        OutgoingMessage = default;
        Senders = default;
        Next = null;
        PendingNotifications.Clear();
        PendingIrqs = 0;
        AlarmPending = false;
        AsyncMessages.Clear();
        HeldReports = default;
    }
}
