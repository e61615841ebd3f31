using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The process-manager protocol (PM, src/Servers/Pm): what a user
    // process asks about processes, modelled on MINIX's PM calls. Every
    // request is a SendRec to "pm"; the reply's Type is the status
    // (Status.Ok, a Status code, or a PmStatus code) and results come back
    // in the words named "reply". Processes are named by pids, which PM
    // assigns (1 is init, the first user process that calls PM; 0 stands
    // for a boot component PM did not create). A request from a process PM
    // does not know (a boot component, once init is known) is answered
    // PmStatus.UnknownCaller.
    //
    //   Fork       nothing; reply PmPidReply: the child's pid to the parent,
    //              0 to the child (which returns from the same SendRec: the
    //              kernel copies the parent's wait for this reply into the
    //              child); Status.WouldBlock when PM keeps too many processes
    //              already (zombies nobody waits for count)
    //   Exec       PmExecRequest: Grant (read) of the argument block, Length
    //              (<= MaxBlock), Flags (ExecFlags). The block:
    //              "path\0arg0\0...\0\0env0\0...\0\0" (ASCII 1..127). An empty
    //              string ends a list, unless the flags have Counted: then
    //              ArgumentCount and EnvironmentCount say how many strings
    //              each list has (empty ones allowed), each followed by the
    //              "\0" that ends it. On success there is no reply: the
    //              caller's trap is abandoned and the new program starts; on
    //              failure the caller gets the status and keeps running.
    //   Arguments  PmArgumentsRequest: Grant (write), Room. Copies the block
    //              the caller was exec'd with, without the path
    //              ("arg0\0...\0\0env0\0...\0\0"); reply PmArgumentsReply:
    //              Length (also with BufferTooSmall, nothing copied),
    //              ArgumentCount, EnvironmentCount. Room 0 (no grant) asks for
    //              the block inline instead, from Offset; the reply then
    //              carries up to InlineBytes bytes of it in Inline (for
    //              programs whose policy grants nothing).
    //   Wait       PmWaitRequest: Pid (> 0 that child, -1 any child), Flags
    //              (WaitFlags); reply PmWaitReply: Pid (0 with NoHang when
    //              none has ended), ExitStatus (the exit code, or 128 + the
    //              signal that ended it: a fault counts as Segv, a panic as
    //              Abort). Without NoHang the reply waits for a child to end.
    //   Kill       PmKillRequest: Pid (> 0), Signal (0..MaxSignal; 0 only
    //              checks that the process exists)
    //   GetPid     nothing; reply PmGetPidReply: Pid, Parent
    //   List       PmListRequest: Grant (write), Room in bytes; reply
    //              PmListReply: Copied entries, Total PM has (PmProcessEntry each)
    //   Shutdown   PmShutdownRequest: Reboot 1, 0 to power off; VFS syncs
    //              first. No reply when it works.
    //   Ignore     PmIgnoreRequest: Signal, Ignore 1 to ignore it, 0 for its
    //              default (Kill cannot be ignored)
    //
    // The same without grants (the user library uses these, so programs
    // need no grant table of their own, which the file calls keep):
    //   ExecData   PmExecDataRequest: Offset, Total (the block's whole
    //              length), up to ExecDataBytes bytes of it in Data. Pieces
    //              come in order from offset 0 (which starts a new block); PM
    //              keeps one block per process. Exec with ExecFlags.Staged
    //              then runs the staged block (Length; Grant unused).
    //   ListEntry  PmListEntryRequest: Index; reply PmListEntryReply: Count
    //              (entries PM has) and the entry. An index past the end:
    //              OutOfRange.
    public static class PmRequest
    {
        public const int Fork = 0xF701;
        public const int Exec = 0xF702;
        public const int Arguments = 0xF703;
        public const int Wait = 0xF704;
        public const int Kill = 0xF705;
        public const int GetPid = 0xF706;
        public const int List = 0xF707;
        public const int Shutdown = 0xF708;
        public const int Ignore = 0xF709;
        public const int ExecData = 0xF70A;
        public const int ListEntry = 0xF70B;
        // From RS only: run a program for the system (a recovery script's
        // shell). PmExecRequest (a granted block, not Staged). The new
        // process is init's child, with init's descriptors, and takes every
        // program from the boot image first (the disk may be what failed).
        // Reply PmPidReply: its pid.
        public const int Spawn = 0xF70C;

        // Users (typed layouts below, PmIdentity and PmSetId):
        //   GetIds    nothing; reply PmIdentity of the caller.
        //   SetUid    PmSetId: root (effective uid 0) sets the real and
        //             effective uid to any; anyone else only the effective
        //             one, and only to its real uid. NotAllowed otherwise.
        //   SetGid    the same for the group.
        // PM records the effective ids in the kernel (SetIds), where servers
        // read their senders' (GetInfo(Process), ProcessInfo.Uid/Gid).
        public const int GetIds = 0xF70D;
        public const int SetUid = 0xF70E;
        public const int SetGid = 0xF70F;
    }

    // A process's user and group: real (who it is) and effective (what it
    // may do). Uid 0 is root.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmIdentity
    {
        [FieldOffset(0)] public int RealUid;
        [FieldOffset(4)] public int EffectiveUid;
        [FieldOffset(8)] public int RealGid;
        [FieldOffset(12)] public int EffectiveGid;
        [FieldOffset(16)] public int Pid;

        public const int Root = 0;
        public const int MaxId = 65535;

        public static PmIdentity* Of(Message* message) => (PmIdentity*)message->Payload;

        public bool IsRoot => EffectiveUid == Root;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmSetId
    {
        [FieldOffset(0)] public int Id;

        public static PmSetId* Of(Message* message) => (PmSetId*)message->Payload;
    }

    // PmExecRequest.Flags.
    public static class ExecFlags
    {
        public const int Staged = 1;     // the block was sent with ExecData, not granted
        public const int Counted = 2;    // ArgumentCount, EnvironmentCount given: empty strings allowed
        public const int Known = Staged | Counted;
    }

    public static class WaitFlags
    {
        public const int NoHang = 1;
        public const int Known = NoHang;
    }

    public static class PmLimits
    {
        public const int MaxBlock = 16 * 1024;        // argument block bytes
        public const int MaxStrings = 512;            // arguments plus environment strings
        public const int MaxImage = 16 << 20;         // a program's ELF file
        public const int MaxSignal = 31;
        public const int InlineBytes = 32;            // PmArgumentsReply.Inline
        public const int ExecDataBytes = 40;          // PmExecDataRequest.Data
        public const int ListNameBytes = 32;          // PmListEntryReply.Name
    }

    // PM's own failures (MINIX's errno in the comments). PM also replies
    // Status.BadGrant/GrantRights/OutOfRange when a grant fails,
    // Status.BadArgument for a malformed request, Status.NotAllowed for a
    // forbidden one, and the Exec kernel call's status when an image fails.
    public static class PmStatus
    {
        public const int UnknownRequest = -70;   // ENOSYS
        public const int UnknownCaller = -71;    // the caller is not a process PM knows
        public const int NoChildren = -72;       // ECHILD
        public const int NoSuchProcess = -73;    // ESRCH
        public const int NotFound = -74;         // ENOENT: no such program
        public const int TooLong = -75;          // E2BIG: argument block or image too large
        public const int BadBlock = -76;         // EINVAL: argument block malformed
        public const int NotExecutable = -77;    // ENOEXEC: not an x86-64 ELF program
        public const int BufferTooSmall = -78;   // the grant's room is too small
        public const int Failed = -79;           // PM hit a defect of its own
    }

    // Process states in PmProcessEntry.
    public static class PmProcessState
    {
        public const int Running = 0, Ready = 1, Receiving = 2, Sending = 3, Stopped = 4, Zombie = 5;

        public static string Name(int state) => state switch
        {
            Running => "running",
            Ready => "ready",
            Receiving => "receiving",
            Sending => "sending",
            Stopped => "stopped",
            Zombie => "zombie",
            _ => "unknown",
        };
    }

    // One process as List reports it (64 bytes).
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public unsafe struct PmProcessEntry
    {
        public const int Size = 64;
        public const int NameBytes = 32;

        [FieldOffset(0)] public int Pid;
        [FieldOffset(4)] public int Parent;
        [FieldOffset(8)] public int Endpoint;
        [FieldOffset(12)] public int State;         // PmProcessState
        [FieldOffset(16)] public ulong MemoryBytes;
        [FieldOffset(24)] public int NameLength;
        [FieldOffset(32)] public fixed byte Name[NameBytes];
    }

    // Messages PM sends VFS (SendRec to "vfs"; VFS answers with a status
    // in Type): descriptor tables follow processes, and the disks are
    // synced before shutdown. The same codes as VfsProtocol's
    // ProcessForked, ProcessExited and Sync.
    public static class PmToVfs
    {
        public const int Forked = 0xF6F0;   // PmProcessNotice: Endpoint the parent, Child
        public const int Ended = 0xF6F1;    // PmProcessNotice: Endpoint
        public const int Sync = 0xF611;     // nothing
    }

    // The request and reply layouts above. Words PM range-checks are 64
    // bits wide, so a value with high bits set is refused, not cut.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmPidReply
    {
        [FieldOffset(0)] public long Pid;

        public static PmPidReply* Of(Message* message) => (PmPidReply*)message->Payload;
    }

    // Exec and Spawn.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmExecRequest
    {
        [FieldOffset(0)] public long Grant;
        [FieldOffset(8)] public long Length;
        [FieldOffset(16)] public long Flags;             // ExecFlags
        [FieldOffset(24)] public long ArgumentCount;     // Counted only
        [FieldOffset(32)] public long EnvironmentCount;  // Counted only

        public static PmExecRequest* Of(Message* message) => (PmExecRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmExecDataRequest
    {
        [FieldOffset(0)] public long Offset;
        [FieldOffset(8)] public long Total;
        [FieldOffset(16)] public fixed byte Data[PmLimits.ExecDataBytes];

        public static PmExecDataRequest* Of(Message* message) => (PmExecDataRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmArgumentsRequest
    {
        [FieldOffset(0)] public long Grant;
        [FieldOffset(8)] public long Room;     // 0: inline
        [FieldOffset(16)] public long Offset;  // inline only

        public static PmArgumentsRequest* Of(Message* message) => (PmArgumentsRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmArgumentsReply
    {
        [FieldOffset(0)] public long Length;
        [FieldOffset(8)] public long ArgumentCount;
        [FieldOffset(16)] public long EnvironmentCount;
        [FieldOffset(24)] public fixed byte Inline[PmLimits.InlineBytes];

        public static PmArgumentsReply* Of(Message* message) => (PmArgumentsReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmWaitRequest
    {
        [FieldOffset(0)] public long Pid;
        [FieldOffset(8)] public long Flags;    // WaitFlags

        public static PmWaitRequest* Of(Message* message) => (PmWaitRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmWaitReply
    {
        [FieldOffset(0)] public long Pid;
        [FieldOffset(8)] public long ExitStatus;

        public static PmWaitReply* Of(Message* message) => (PmWaitReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmKillRequest
    {
        [FieldOffset(0)] public long Pid;
        [FieldOffset(8)] public long Signal;

        public static PmKillRequest* Of(Message* message) => (PmKillRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmGetPidReply
    {
        [FieldOffset(0)] public long Pid;
        [FieldOffset(8)] public long Parent;

        public static PmGetPidReply* Of(Message* message) => (PmGetPidReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmListRequest
    {
        [FieldOffset(0)] public long Grant;
        [FieldOffset(8)] public long Room;     // bytes

        public static PmListRequest* Of(Message* message) => (PmListRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmListReply
    {
        [FieldOffset(0)] public long Copied;
        [FieldOffset(8)] public long Total;

        public static PmListReply* Of(Message* message) => (PmListReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmListEntryRequest
    {
        [FieldOffset(0)] public long Index;

        public static PmListEntryRequest* Of(Message* message) => (PmListEntryRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmListEntryReply
    {
        [FieldOffset(0)] public long Count;        // entries PM has
        [FieldOffset(8)] public int Pid;
        [FieldOffset(12)] public int Parent;
        [FieldOffset(16)] public int Endpoint;
        [FieldOffset(20)] public byte State;       // PmProcessState
        [FieldOffset(21)] public byte NameLength;
        [FieldOffset(22)] public ushort Pages;     // memory, saturated
        [FieldOffset(24)] public fixed byte Name[PmLimits.ListNameBytes];

        public static PmListEntryReply* Of(Message* message) => (PmListEntryReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmShutdownRequest
    {
        [FieldOffset(0)] public long Reboot;   // 1 reboot, 0 power off

        public static PmShutdownRequest* Of(Message* message) => (PmShutdownRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmIgnoreRequest
    {
        [FieldOffset(0)] public long Signal;
        [FieldOffset(8)] public long Ignore;   // 1 ignore, 0 default

        public static PmIgnoreRequest* Of(Message* message) => (PmIgnoreRequest*)message->Payload;
    }

    // PmToVfs.Forked/Ended and PmSignalToVfs.Interrupt.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PmProcessNotice
    {
        [FieldOffset(0)] public long Endpoint;  // the process (Forked: the parent)
        [FieldOffset(8)] public long Child;     // Forked

        public static PmProcessNotice* Of(Message* message) => (PmProcessNotice*)message->Payload;
    }
}
