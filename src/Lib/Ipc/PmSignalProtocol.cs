using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Signals and process groups at PM (MINIX's sigaction, sigprocmask,
    // alarm, pause, setpgid; the rest of PM's protocol is PmProtocol.cs).
    // PM keeps each process's dispositions, mask and pending set; the
    // handlers themselves live in the process. A caught signal is never
    // pushed into the process: PM records it and ends the process's
    // blocking call (a Sleep or Wait at PM, a held read or write at VFS)
    // with Interrupted (EINTR); the user library then asks TakeSignals and
    // runs the handlers in the process's own context, on its own stack,
    // before the interrupted call returns. So a handler runs at the return
    // of a call, never in the middle of the program's code: a process that
    // computes without calling anyone runs its handlers at its next call
    // to PM (the library's Signals.Poll asks at once).
    //
    //   SigAction     PmSignalAction: Signal, Disposition; reply: the old
    //                 Disposition. Kill cannot be caught or ignored
    //                 (NotAllowed); Ignore drops what is pending of it.
    //   SigMask       PmSignalMask: How, Set; reply Set the old mask, Deliver
    //                 the caught signals this unblocked (run them now). A
    //                 pending signal this unblocks that ends the process by
    //                 default ends it (no reply). Kill is never blocked.
    //   TakeSignals   nothing; reply PmSignalMask.Deliver: the caught,
    //                 unblocked pending signals, now taken (run them).
    //   Alarm         PmTimer: Milliseconds (0 cancels); reply Milliseconds
    //                 left of the alarm it replaces (0 if none). Alarm
    //                 (SIGALRM) is raised when it runs out.
    //   Sleep         PmTimer: Milliseconds (< 0: until a signal, pause());
    //                 reply Ok when the time is up, Interrupted with the
    //                 Milliseconds left when a caught signal came first.
    //   SetGroup      PmProcessGroup: Pid (0 the caller; else the caller or
    //                 a child of it), Group (0: that pid); reply Group.
    //   GetGroup      nothing; reply PmProcessGroup: Pid, Group of the caller.
    //   KillGroup     PmProcessGroup: Group (> 0), Signal; as Kill for each
    //                 member the caller may signal; NoSuchProcess if none.
    //   TerminalSignal  from TTY only (SendAsync, no reply): PmProcessGroup
    //                 Group, Signal: Ctrl-C typed on a terminal whose
    //                 foreground group that is.
    // Wait, too, ends with Interrupted when a caught signal arrives.
    public static class PmSignalRequest
    {
        public const int SigAction = 0xF720;
        public const int SigMask = 0xF721;
        public const int TakeSignals = 0xF722;
        public const int Alarm = 0xF723;
        public const int Sleep = 0xF724;
        public const int SetGroup = 0xF725;
        public const int GetGroup = 0xF726;
        public const int KillGroup = 0xF727;
        public const int TerminalSignal = 0xF728;
    }

    // EINTR: one code for PM, VFS and the character drivers, so that a
    // held call ends the same way wherever it was held.
    public static class SignalStatus
    {
        public const int Interrupted = DriverStatus.Interrupted;
    }

    public static class SignalDisposition
    {
        public const int Default = 0, Ignore = 1, Catch = 2;
    }

    // SigMask How (POSIX SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK).
    public static class SignalMaskHow
    {
        public const int Block = 0, Unblock = 1, Set = 2;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmSignalAction
    {
        [FieldOffset(0)] public int Signal;
        [FieldOffset(4)] public int Disposition;

        public static PmSignalAction* Of(Message* message) => (PmSignalAction*)message->Payload;
    }

    // Sets of signals: bit n is signal n (1..31).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmSignalMask
    {
        [FieldOffset(0)] public int How;
        [FieldOffset(4)] public uint Set;
        [FieldOffset(8)] public uint Deliver;

        public static PmSignalMask* Of(Message* message) => (PmSignalMask*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmTimer
    {
        [FieldOffset(0)] public long Milliseconds;

        public static PmTimer* Of(Message* message) => (PmTimer*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmProcessGroup
    {
        [FieldOffset(0)] public int Pid;
        [FieldOffset(4)] public int Group;
        [FieldOffset(8)] public int Signal;

        public static PmProcessGroup* Of(Message* message) => (PmProcessGroup*)message->Payload;
    }

    // PM to VFS (SendRec, like PmToVfs): a caught signal for this endpoint;
    // every call VFS holds for it (a pipe's, a device's queued call, a
    // terminal's waiting read, cancelled at the driver) ends Interrupted.
    // VFS answers Ok.
    public static class PmSignalToVfs
    {
        public const int Interrupt = 0xF6F2;     // PmProcessNotice: Endpoint
    }
}
