using System;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The compiled privilege table: what src/Protection writes from a policy
    // file. Its first record (Kernel) is the fixed structure the kernel
    // installs before the component's first instruction (KernelPrivilege),
    // built from the other records, which RS and PM read (PrivilegeRecords).
    // Little-endian.
    //   Header (16 bytes): Magic (8 bytes "M3PRIV" 0x00 0x01), u32 total length
    //   in bytes including the header, u32 record count.
    //   Records: u16 tag, u16 payload length, payload, zero padding to the next
    //   multiple of 4. Unknown tags, short payloads, or records running past
    //   the total length make the whole table invalid (default deny).
    public static class PrivilegeFormat
    {
        public const int HeaderSize = 16;
        public const int MaxLabelLength = 31;

        public static ReadOnlySpan<byte> Magic => "M3PRIV\0\x01"u8;

        public static byte MagicByte(int i) => Magic[i];

        // Tags and their payloads; "repeated" tags may appear several times.
        public const ushort Label = 1;            // ASCII, 1..31 bytes
        public const ushort IpcTarget = 2;        // repeated; ASCII label of an allowed target
        public const ushort KernelCalls = 3;      // u64 mask, bit = KernelCall number
        public const ushort IoRange = 4;          // repeated; u16 first port, u16 last port (inclusive)
        public const ushort Irq = 5;              // repeated; u8 line 0..15
        public const ushort MemoryRange = 6;      // repeated; u64 physical base, u64 length
        public const ushort PciDevice = 7;        // repeated; u16 vendor, u16 device
        public const ushort MemoryQuota = 8;      // u64 bytes
        public const ushort Scheduling = 9;       // u8 priority (0 = highest .. 15), u8 0, u16 quantum in ms
        public const ushort Heartbeat = 10;       // u32 period in ms (0 = none), u32 misses before declared dead
        public const ushort Restart = 11;         // u32 max restarts, u32 window in seconds
        public const ushort RecoveryScript = 12;  // ASCII path of the script RS runs
        public const ushort SignalManager = 13;   // ASCII label of the component that gets defect reports
        public const ushort Flags = 14;           // u32 PrivilegeFlags
        public const ushort ServiceVerbs = 15;    // u32 RsVerbs mask: the requests to RS this component may make
        public const ushort Kernel = 16;          // KernelPrivilege (KernelPrivilege.Bytes), the first record: what the kernel reads
    }

    public static class PrivilegeFlags
    {
        // A server or driver supervised by RS (policy `system`, required of
        // every component RS supervises): servers judge its requests by its
        // policy, a user program's by its uid.
        public const uint SystemProcess = 1;
        // The system cannot run without it (PM, VFS, DS, RS, FS): when it
        // ends, for whatever reason, the kernel stops the system with a
        // panic naming it and the reason, rather than leave everything
        // waiting on a server that is gone.
        public const uint Critical = 2;
        // May read the boot modules' contents (GetInfo ModuleData: programs,
        // privilege tables, scripts): RS and PM start programs from them,
        // VFS reads its device list. Others see only their names.
        public const uint BootImage = 4;
        public const uint Known = SystemProcess | Critical | BootImage;
    }

    // The ServiceVerbs record's bits (policy keyword `service`): what a
    // component may ask RS to do to other components. Root (a user process
    // whose effective uid is 0) may ask everything; a component only what
    // its policy lists, even though components run as uid 0. Status is
    // open to everyone; complaints have their own rule.
    public static class RsVerbs
    {
        public const uint Up = 1, Down = 2, Restart = 4, Refresh = 8, Update = 16, Inject = 32;
        public const uint All = Up | Down | Restart | Refresh | Update | Inject;

        // The policy keyword's names, in bit order.
        public static readonly string[] Names = { "up", "down", "restart", "refresh", "update", "fi" };
    }
}
