using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Message layouts of the kernel calls, one struct per call over the
    // payload (the wire layout is the 64-bit words the calls always used:
    // offset 0, 8, 16...). Requests and replies share the message; a call's
    // Status comes back as the trap result, values in the fields named as
    // replies. Fields the kernel range-checks stay 64 bits wide, so a value
    // with high bits set is refused rather than cut.

    // DevIo: one port access. Value: to write / reply: the value read.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DevIoMessage
    {
        public const int In = 0;
        public const int Out = 1;

        [FieldOffset(0)] public long Port;
        [FieldOffset(8)] public long Width;      // bytes: 1, 2 or 4
        [FieldOffset(16)] public long Direction; // In or Out
        [FieldOffset(24)] public long Value;

        public static DevIoMessage* Of(Message* message) => (DevIoMessage*)message->Payload;
    }

    // VDevIo: Buffer is the address of DevIoRequest[Count] in the caller
    // (In requests get Value filled). Mode String: one port, many accesses
    // (a disk's data register): Buffer holds Count values packed Width bytes
    // each, for Port in Direction (DevIoMessage.In/Out); checked once, at
    // most MaxStringBytes per call.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VDevIoMessage
    {
        public const int MaxRequests = 64;
        public const long String = 1;
        public const int MaxStringBytes = 1024;

        [FieldOffset(0)] public long Buffer;
        [FieldOffset(8)] public long Count;
        [FieldOffset(16)] public long Mode;      // 0: a vector; String
        [FieldOffset(24)] public long Port;      // String only
        [FieldOffset(32)] public long Width;     // String only
        [FieldOffset(40)] public long Direction; // String only

        public static VDevIoMessage* Of(Message* message) => (VDevIoMessage*)message->Payload;
    }

    // One element of a VDevIo vector (8 bytes); In requests get Value filled.
    public struct DevIoRequest
    {
        public ushort Port;
        public byte Width;
        public byte Direction;
        public uint Value;
    }

    // IrqCtl: an enabled line's interrupts reach the caller as
    // notifications from Endpoint.Kernel with the line's bit in
    // NotificationMessage.IrqLines; the line is masked until the driver
    // enables it again.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct IrqCtlMessage
    {
        public const int Enable = 0;
        public const int Disable = 1;

        [FieldOffset(0)] public long Operation;
        [FieldOffset(8)] public long Line;

        public static IrqCtlMessage* Of(Message* message) => (IrqCtlMessage*)message->Payload;
    }

    // SetAlarm: a notification from Endpoint.Kernel with
    // NotificationMessage.Alarm set arrives when it expires.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct SetAlarmMessage
    {
        [FieldOffset(0)] public long Milliseconds; // from now; 0 cancels

        public static SetAlarmMessage* Of(Message* message) => (SetAlarmMessage*)message->Payload;
    }

    // SafeCopyFrom/SafeCopyTo: Length bytes between Granter's grant (from
    // Offset inside it) and the caller's memory at Local.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct SafeCopyMessage
    {
        [FieldOffset(0)] public int Granter;  // endpoint
        [FieldOffset(8)] public long Grant;   // GrantId value; negative is refused
        [FieldOffset(16)] public long Offset;
        [FieldOffset(24)] public long Local;
        [FieldOffset(32)] public long Length;

        public static SafeCopyMessage* Of(Message* message) => (SafeCopyMessage*)message->Payload;
    }

    // SetGrant: the caller's grant table, GrantEntry[Count] at Table.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct SetGrantMessage
    {
        [FieldOffset(0)] public long Table;
        [FieldOffset(8)] public long Count;

        public static SetGrantMessage* Of(Message* message) => (SetGrantMessage*)message->Payload;
    }

    // PrivCtl: install a compiled privilege table (PrivilegeFormat, Length
    // bytes at Table in the caller, at most MaxTable) as Target's
    // privileges. The kernel reads only the table's first record, the fixed
    // KernelPrivilege structure, and checks its ranges; a bad one leaves the
    // target as it was (BadArgument).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PrivCtlMessage
    {
        public const int MaxTable = 4096;

        [FieldOffset(0)] public long Target;     // endpoint
        [FieldOffset(8)] public long Table;      // address in the caller
        [FieldOffset(16)] public long Length;    // bytes

        public static PrivCtlMessage* Of(Message* message) => (PrivCtlMessage*)message->Payload;
    }

    // PrivAdd: one resource added to Target's privileges (MINIX's
    // SYS_PRIV_ADD_IO/MEM/IRQ), the PCI server's way of giving a driver the
    // BARs and interrupt line of the device it claimed. Io: ports
    // First..Last (inclusive, at most 0xFFFF); Memory: physical
    // First..Last (inclusive, below 2^52); Irq: line First (= Last, 0..15).
    // They live in Target's record, so they end with it: a restarted
    // instance starts from its table again. A full record, or a bad range,
    // is refused (BadArgument) and changes nothing.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PrivAddMessage
    {
        public const int Io = 1, Memory = 2, Irq = 3;

        [FieldOffset(0)] public int Target;      // endpoint
        [FieldOffset(4)] public int Kind;        // Io, Memory or Irq
        [FieldOffset(8)] public ulong First;
        [FieldOffset(16)] public ulong Last;

        public static PrivAddMessage* Of(Message* message) => (PrivAddMessage*)message->Payload;
    }

    // Mutate (swifi, RS's binary fault injection): swaps Length bytes
    // (1..MaxBytes) at Address in Target's address space with Bytes, which
    // come back holding what was there. The pages need only be mapped, not
    // writable: this is how RS changes a component's code. Every byte is
    // checked before any changes, so a refused call changes nothing.
    // Refused for the caller itself.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct MutateMessage
    {
        public const int MaxBytes = 16;     // longer than any x86 instruction (15)

        [FieldOffset(0)] public int Target;      // endpoint
        [FieldOffset(4)] public int Length;
        [FieldOffset(8)] public long Address;
        [FieldOffset(16)] public fixed byte Bytes[MaxBytes];

        public static MutateMessage* Of(Message* message) => (MutateMessage*)message->Payload;
    }

    // Exit: Status (values >= 0x10000 are panics) and an optional reason
    // text at Reason, ReasonLength bytes (a panic's message; at most
    // MaxDiagnostic), which the kernel logs and puts, cut to 24 bytes, into
    // the defect report.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct ExitMessage
    {
        [FieldOffset(0)] public long Status;
        [FieldOffset(8)] public long Reason;
        [FieldOffset(16)] public long ReasonLength;

        public static ExitMessage* Of(Message* message) => (ExitMessage*)message->Payload;
    }

    // Kill and the other calls that name one process and nothing else.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct KillMessage
    {
        [FieldOffset(0)] public int Target;

        public static KillMessage* Of(Message* message) => (KillMessage*)message->Payload;
    }

    // Times: replies only.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct TimesMessage
    {
        [FieldOffset(0)] public long Ticks;         // since boot
        [FieldOffset(8)] public long TicksPerSecond;
        [FieldOffset(16)] public long TimeStamp;    // the CPU's time stamp counter

        public static TimesMessage* Of(Message* message) => (TimesMessage*)message->Payload;
    }

    // DiagCtl: ASCII text at Text, Length bytes (at most MaxDiagnostic).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DiagCtlMessage
    {
        [FieldOffset(0)] public long Text;
        [FieldOffset(8)] public long Length;

        public static DiagCtlMessage* Of(Message* message) => (DiagCtlMessage*)message->Payload;
    }

    // SetIds: Target's effective user and group (PM, which owns users).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct SetIdsMessage
    {
        [FieldOffset(0)] public int Target;
        [FieldOffset(8)] public long UserId;
        [FieldOffset(16)] public long GroupId;

        public static SetIdsMessage* Of(Message* message) => (SetIdsMessage*)message->Payload;
    }

    // (UMap, Fork, Exec and Brk are requests to the memory manager:
    // VmMessages.cs. VmCtl, its primitives: VmCtlMessages.cs.)
    public static class KernelCallLimits
    {
        public const int MaxDiagnostic = 256;
        public const int MaxCopy = 1 << 20;
        public const long MaxBrk = 64 << 20;
    }

    // GetInfo: What, into Buffer (BufferSize bytes; as much as fits);
    // reply Written: the bytes written.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct GetInfoMessage
    {
        public const int Kernel = 0;       // (reserved)
        public const int Processes = 1;    // ProcessInfo[] for every live slot
        public const int BootModules = 2;  // BootModuleInfo[] for every boot module, in boot order
        public const int ModuleData = 3;   // the bytes of boot module Which (an index), up to the buffer size
        public const int Process = 4;      // one ProcessInfo: the live process whose endpoint is Which (DeadEndpoint if none)
        public const int FreeFrames = 5;   // no buffer: Written is the number of free 4 KiB frames (tests of what an end returns)

        [FieldOffset(0)] public long What;
        [FieldOffset(8)] public long Buffer;
        [FieldOffset(16)] public long BufferSize;
        [FieldOffset(24)] public long Written;
        [FieldOffset(32)] public long Which;

        public static GetInfoMessage* Of(Message* message) => (GetInfoMessage*)message->Payload;
    }

    // One boot module as GetInfo(BootModules) reports it (48 bytes): the
    // programs and tables the image carries before a file system exists;
    // the process manager execs them from here.
    [StructLayout(LayoutKind.Explicit, Size = 48)]
    public unsafe struct BootModuleInfo
    {
        public const int NameBytes = 32;

        [FieldOffset(0)] public ulong Size;
        [FieldOffset(8)] public int NameLength;
        [FieldOffset(16)] public fixed byte Name[NameBytes];
    }

    // StateCtl: Operation Stop/Resume on Target (RS, around a live update);
    // PowerOff with ExitStatus the run's exit status, Reboot: the whole
    // machine (no Target).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct StateCtlMessage
    {
        public const int Stop = 0;
        public const int Resume = 1;
        public const int PowerOff = 2;
        public const int Reboot = 3;

        [FieldOffset(0)] public int Target;
        [FieldOffset(8)] public long Operation;
        [FieldOffset(16)] public long ExitStatus;

        public static StateCtlMessage* Of(Message* message) => (StateCtlMessage*)message->Payload;
    }
}
