namespace Minix3.Cosmos.Lib.Ipc
{
    // Message layouts of the kernel calls: which payload word carries what.
    // Requests and replies share the message; a call's Status comes back as
    // the trap result, values in the words named "reply".
    public static class DevIoMessage
    {
        // Word0 port, Word1 width in bytes (1, 2, 4), Word2 direction
        // (In or Out), Word3 value to write / reply: value read.
        public const int In = 0;
        public const int Out = 1;
    }

    public static class VDevIoMessage
    {
        // Word0 address of DevIoRequest[] in the caller, Word1 count.
        public const int MaxRequests = 64;

        // Word2 = String: one port, many accesses (a disk's data register):
        // Word0 address of the values (packed, Word4 bytes each), Word1
        // their count, Word3 the port, Word4 the width (1, 2 or 4), Word5
        // the direction (DevIoMessage.In/Out). Checked once; at most
        // MaxStringBytes per call.
        public const long String = 1;
        public const int MaxStringBytes = 1024;
    }

    // One element of a VDevIo vector (8 bytes); In requests get Value filled.
    public struct DevIoRequest
    {
        public ushort Port;
        public byte Width;
        public byte Direction;
        public uint Value;
    }

    public static class IrqCtlMessage
    {
        // Word0 operation, Word1 IRQ line. An enabled line's interrupts reach
        // the caller as notifications from Endpoint.Kernel with the line's bit
        // in Word1; the line is masked until the driver enables it again.
        public const int Enable = 0;
        public const int Disable = 1;
    }

    // SetAlarm: Word0 milliseconds from now (0 cancels); a notification from
    // Endpoint.Kernel with Word2 = 1 arrives when it expires.
    // SafeCopyFrom/SafeCopyTo: Word0 granter endpoint, Word1 grant id, Word2
    // offset inside the grant, Word3 local address, Word4 length.
    // SetGrant: Word0 address of GrantEntry[] in the caller, Word1 entry count.
    // PrivCtl: Word0 target endpoint, Word1 address of a compiled privilege
    // table in the caller, Word2 its length.
    // Exit: Word0 status (values >= 0x10000 are panics), Word1 address and
    // Word2 length of an optional reason text (a panic's message; at most
    // MaxDiagnostic bytes), which the kernel logs and puts, cut to 24 bytes,
    // into the defect report. Kill: Word0 target.
    // GetInfo: Word0 what (GetInfoMessage), Word1 buffer, Word2 buffer size,
    // Word4 module index (ModuleData); reply Word3: bytes written.
    // Times: reply Word0 ticks since boot, Word1 ticks per second, Word2 TSC.
    // StateCtl: Word0 target, Word1 operation (Stop/Resume; PowerOff with
    // Word2 the run's exit status, Reboot: the whole machine, no target).
    // DiagCtl: Word0 address of ASCII text, Word1 length (at most MaxDiagnostic).
    // (UMap, Fork, Exec and Brk are requests to the memory manager:
    // VmMessages.cs. VmCtl, its primitives: VmCtlMessages.cs.)
    public static class KernelCallLimits
    {
        public const int MaxDiagnostic = 256;
        public const int MaxCopy = 1 << 20;
        public const long MaxBrk = 64 << 20;
    }

    public static class GetInfoMessage
    {
        public const int Kernel = 0;       // (reserved)
        public const int Processes = 1;    // ProcessInfo[] for every live slot
        public const int BootModules = 2;  // BootModuleInfo[] for every boot module, in boot order
        public const int ModuleData = 3;   // the bytes of boot module Word4 (index), up to the buffer size
        public const int Process = 4;      // one ProcessInfo: the live process whose endpoint is Word4 (DeadEndpoint if none)
    }

    // One boot module as GetInfo(BootModules) reports it (48 bytes): the
    // programs and tables the image carries before a file system exists;
    // the process manager execs them from here.
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 48)]
    public unsafe struct BootModuleInfo
    {
        public const int NameBytes = 32;

        [System.Runtime.InteropServices.FieldOffset(0)] public ulong Size;
        [System.Runtime.InteropServices.FieldOffset(8)] public int NameLength;
        [System.Runtime.InteropServices.FieldOffset(16)] public fixed byte Name[NameBytes];
    }

    public static class StateCtlMessage
    {
        public const int Stop = 0;
        public const int Resume = 1;
        public const int PowerOff = 2;
        public const int Reboot = 3;
    }
}
