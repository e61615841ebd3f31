using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The fixed-size IPC message: 64 bytes, copied by the kernel between
    // address spaces. The kernel fills Source on delivery (a sender cannot
    // forge it); Type is the request or reply code; the 56-byte payload is
    // laid out per message type by the protocol that owns the type (each
    // protocol declares its layout once, as accessors over these words).
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public unsafe struct Message
    {
        public const int Size = 64;
        public const int PayloadBytes = 56;

        [FieldOffset(0)] public int Source;
        [FieldOffset(4)] public int Type;
        [FieldOffset(8)] public fixed byte Payload[PayloadBytes];

        // The payload as seven 64-bit words (word 0 at offset 8): for host
        // unit tests that build raw messages, and the layout tests that
        // check each payload struct's fields against them. No code in src,
        // bench/Components or test/Components uses them (TypedMessageTests
        // scans for it): there every layout is a payload struct, and
        // garbage senders use RawPayload.
        [FieldOffset(8)] public long Word0;
        [FieldOffset(16)] public long Word1;
        [FieldOffset(24)] public long Word2;
        [FieldOffset(32)] public long Word3;
        [FieldOffset(40)] public long Word4;
        [FieldOffset(48)] public long Word5;
        [FieldOffset(56)] public long Word6;
    }

    // Message types the kernel itself generates.
    public static class KernelMessageType
    {
        // A notification (NotificationMessage): Source is the notifier (one
        // per message; repeated notifications from one source before the
        // receive merge into one).
        public const int Notification = 0x1000;

        // A defect report to a component's signal manager (DefectReport).
        public const int DefectReport = 0x1001;
    }

    // A notification. From Endpoint.Kernel it carries the pending IRQ
    // lines (one bit per line) and whether an alarm expired; from anyone
    // else nothing.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct NotificationMessage
    {
        [FieldOffset(8)] public long IrqLines;
        [FieldOffset(16)] public long Alarm;   // 1 if an alarm expired

        public static NotificationMessage* Of(Message* message) => (NotificationMessage*)message->Payload;
    }

    // Why and how a component stopped, sent to its signal manager.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DefectReport
    {
        public const int ReasonBytes = 24;

        [FieldOffset(0)] public long Endpoint;   // the failed component
        [FieldOffset(8)] public long Class;      // DefectClass
        [FieldOffset(16)] public long Address;   // fault address or instruction pointer
        [FieldOffset(24)] public long Detail;    // CPU vector or exit code
        // The first 24 bytes of the reason (a panic's message, e.g.
        // "unhandled InvalidOperat..."), NUL padded.
        [FieldOffset(32)] public fixed byte Reason[ReasonBytes];

        public static DefectReport* Of(Message* message) => (DefectReport*)message->Payload;
    }

    // The payload as seven raw words, for tests that send deliberate
    // garbage (fuzzers, forgers); protocols use their own structs.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct RawPayload
    {
        public const int Words = 7;

        [FieldOffset(0)] public fixed long Word[Words];

        public static RawPayload* Of(Message* message) => (RawPayload*)message->Payload;
    }

    // Why a component stopped, as reported to its signal manager.
    public enum DefectClass
    {
        Exit = 1,
        Panic = 2,
        CpuException = 3,
        Killed = 4,
    }
}
