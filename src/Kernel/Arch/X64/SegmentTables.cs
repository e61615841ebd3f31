namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The GDT and the TSS. Selector order is fixed by SYSCALL/SYSRET, which
    // derive user selectors from STAR: kernel code, kernel data, then user
    // data before user code.
    //   0x00 null   0x08 kernel code   0x10 kernel data
    //   0x18 user data (RPL 3: 0x1B)   0x20 user code (RPL 3: 0x23)
    //   0x28 TSS (a 16-byte system descriptor)
    // The TSS gives the CPU a known-good stack (IST) for double faults,
    // NMIs and machine checks, so a kernel stack overflow is reported instead
    // of ending in a triple fault; RSP0 is the stack for entries from ring 3.
    internal static unsafe class SegmentTables
    {
        internal const ushort KernelCode = 0x08;
        internal const ushort KernelData = 0x10;
        internal const ushort UserData = 0x18 | 3;
        internal const ushort UserCode = 0x20 | 3;
        internal const ushort TaskState = 0x28;

        internal const int DoubleFaultStack = 1;
        internal const int NmiStack = 2;
        internal const int MachineCheckStack = 3;

        private const int EmergencyStackSize = 16 * 1024;
        private const int TssSize = 104;

        private static ulong* s_gdt;
        private static byte* s_tss;

        internal static void Initialize()
        {
            s_gdt = (ulong*)KernelMemory.AllocateZeroed(8 * 8, 16);
            s_tss = KernelMemory.AllocateZeroed(TssSize, 16);

            s_gdt[0] = 0;
            s_gdt[1] = 0x00AF9A000000FFFF; // 64-bit code, DPL 0
            s_gdt[2] = 0x00CF92000000FFFF; // data, DPL 0
            s_gdt[3] = 0x00CFF2000000FFFF; // data, DPL 3
            s_gdt[4] = 0x00AFFA000000FFFF; // 64-bit code, DPL 3

            // IST slots 1..3, at offset 36 + 8 * (index - 1): the double fault's, the NMI's, the machine check's.
            for (int ist = DoubleFaultStack; ist <= MachineCheckStack; ist++)
                *(ulong*)(s_tss + 36 + 8 * (ist - 1)) = (ulong)(KernelMemory.AllocateZeroed(EmergencyStackSize, 16) + EmergencyStackSize);
            *(ushort*)(s_tss + 102) = TssSize; // I/O bitmap beyond the limit: no port access from ring 3 via the TSS

            ulong tss = (ulong)s_tss;
            ulong limit = TssSize - 1;
            s_gdt[5] = (limit & 0xFFFF) | ((tss & 0xFFFFFF) << 16) | (0x89UL << 40) | (((limit >> 16) & 0xF) << 48) | (((tss >> 24) & 0xFF) << 56);
            s_gdt[6] = tss >> 32;

            // lgdt operand: 16-bit limit, 64-bit base.
            byte* gdtr = stackalloc byte[16];
            *(ushort*)gdtr = 7 * 8 - 1;
            *(ulong*)(gdtr + 2) = (ulong)s_gdt;
            Cpu.LoadGdt(gdtr, KernelCode, KernelData);
            Cpu.LoadTaskRegister(TaskState);
        }

        // The stack the CPU switches to when an interrupt arrives in ring 3.
        internal static void SetKernelStack(ulong top) => *(ulong*)(s_tss + 4) = top;
    }
}
