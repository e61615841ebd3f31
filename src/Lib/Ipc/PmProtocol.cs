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
    //   Fork       nothing; reply Word0: the child's pid to the parent, 0 to
    //              the child (which returns from the same SendRec: the kernel
    //              copies the parent's wait for this reply into the child);
    //              Status.WouldBlock when PM keeps too many processes already
    //              (zombies nobody waits for count)
    //   Exec       Word0 grant (read) of the argument block, Word1 its length
    //              (<= MaxBlock), Word2 ExecFlags. The block:
    //              "path\0arg0\0...\0\0env0\0...\0\0" (ASCII 1..127). An empty
    //              string ends a list, unless the flags have Counted: then
    //              Word3 is argc and Word4 envc, each list is exactly that many
    //              strings (empty ones allowed) followed by the "\0" that ends
    //              it. On success there is no reply: the caller's trap is
    //              abandoned and the new program starts; on failure the caller
    //              gets the status and keeps running.
    //   Arguments  Word0 grant (write), Word1 its room. Copies the block the
    //              caller was exec'd with, without the path
    //              ("arg0\0...\0\0env0\0...\0\0"); reply Word0 its length (also
    //              with BufferTooSmall, nothing copied), Word1 argc, Word2 envc.
    //              Word1 = 0 (no grant) asks for the block inline instead:
    //              Word2 the offset wanted; reply Word0 the length, Word1 argc,
    //              Word2 envc, Word3..Word6 up to InlineBytes bytes from the
    //              offset (for programs whose policy grants nothing).
    //   Wait       Word0 pid (> 0 that child, -1 any child), Word1 WaitFlags;
    //              reply Word0 the child's pid (0 with NoHang when none has
    //              ended), Word1 its exit status (the exit code, or 128 + the
    //              signal that ended it: a fault counts as Segv, a panic as
    //              Abort). Without NoHang the reply waits for a child to end.
    //   Kill       Word0 pid (> 0), Word1 signal (0..MaxSignal; 0 only checks
    //              that the process exists)
    //   GetPid     nothing; reply Word0 the caller's pid, Word1 its parent's
    //   List       Word0 grant (write), Word1 its room in bytes; reply Word0
    //              entries copied, Word1 entries PM has (PmProcessEntry each)
    //   Shutdown   Word0 1 to reboot, 0 to power off; VFS syncs first. No
    //              reply when it works.
    //   Ignore     Word0 signal, Word1 1 to ignore it, 0 for its default
    //              (Kill cannot be ignored)
    //
    // The same without grants (the user library uses these, so programs
    // need no grant table of their own, which the file calls keep):
    //   ExecData   Word0 offset, Word1 the block's whole length, Word2..Word6
    //              up to ExecDataBytes bytes of it. Pieces come in order from
    //              offset 0 (which starts a new block); PM keeps one block per
    //              process. Exec with ExecFlags.Staged then runs the staged
    //              block (Word1 its length; Word0 unused).
    //   ListEntry  Word0 index; reply Word0 entries PM has, and the entry:
    //              Word1 pid (low 32 bits) and parent (high), Word2 endpoint
    //              (low 32), state (bits 32..39), name length (40..47),
    //              memory in pages (48..63, saturated), Word3..Word6 the name
    //              (up to ListNameBytes). An index past the end: OutOfRange.
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
        // shell). Word0 read grant of an Exec-style block, Word1 its length,
        // Word2..Word4 as Exec's. The new process is init's child, with
        // init's descriptors, and takes every program from the boot image
        // first (the disk may be what failed). Reply: Word0 its pid.
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

    // Exec Word2.
    public static class ExecFlags
    {
        public const int Staged = 1;     // the block was sent with ExecData, not granted
        public const int Counted = 2;    // Word3 argc, Word4 envc: empty strings allowed
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
        public const int InlineBytes = 32;            // Arguments inline: Word3..Word6
        public const int ExecDataBytes = 40;          // ExecData: Word2..Word6
        public const int ListNameBytes = 32;          // ListEntry: Word3..Word6
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
        public const int Forked = 0xF6F0;   // Word0 parent endpoint, Word1 child endpoint
        public const int Ended = 0xF6F1;    // Word0 endpoint
        public const int Sync = 0xF611;     // nothing
    }
}
