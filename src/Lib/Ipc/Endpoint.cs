namespace Minix3.Cosmos.Lib.Ipc
{
    // A process's address for messages: its process-table slot plus the
    // slot's generation. A restarted component gets the same or another slot
    // with a new generation, so a message sent to the old endpoint fails
    // (Status.DeadEndpoint) instead of reaching the successor.
    //   Value = Generation * SlotCount + Slot,  0 <= Slot < SlotCount
    // Negative values are reserved: Any (receive from anyone), None, Kernel.
    public readonly struct Endpoint
    {
        public const int SlotCount = 256;
        public const int MaxGeneration = 0x7FFFFF;

        public readonly int Value;

        public Endpoint(int value) { Value = value; }

        public static Endpoint From(int slot, int generation) => new Endpoint(generation * SlotCount + slot);

        public static Endpoint Any => new Endpoint(-1);
        public static Endpoint None => new Endpoint(-2);

        // The source of messages the kernel itself sends (IRQ and alarm
        // notifications, defect reports).
        public static Endpoint Kernel => new Endpoint(-3);

        // The memory manager (vm): the kernel starts it first, in slot 0,
        // and it never restarts (it is critical), so every component's
        // runtime can ask it for heap growth before it can look anything up.
        public const int MemoryManagerSlot = 0;
        public static Endpoint MemoryManager => From(MemoryManagerSlot, 1);

        public int Slot => Value % SlotCount;
        public int Generation => Value / SlotCount;
        public bool IsAny => Value == -1;
        public bool IsNone => Value == -2;
        public bool IsProcess => Value >= 0;

        public bool Equals(Endpoint other) => other.Value == Value;
        public override bool Equals(object? obj) => obj is Endpoint other && other.Value == Value;
        public override int GetHashCode() => Value;
        public static bool operator ==(Endpoint a, Endpoint b) => a.Value == b.Value;
        public static bool operator !=(Endpoint a, Endpoint b) => a.Value != b.Value;
    }
}
