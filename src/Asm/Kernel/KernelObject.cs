namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// Builds the kernel's hand-written machine code as one <see cref="AsmModule"/>:
/// <c>.text.asm</c> (placed first, at 1 MiB, by the linker script) and <c>.bss.asm</c>.
/// The order of the calls below is the order in the image; the Multiboot header must
/// come first because loaders only look at the first 8 KiB.
/// </summary>
public static class KernelObject
{
    /// <summary>Selectors of the boot GDT; <c>asm_lgdt</c> lets the kernel install its own later.</summary>
    public const ushort KernelCodeSelector = 0x08;
    public const ushort KernelDataSelector = 0x10;

    public static AsmModule Build()
    {
        var module = new AsmModule();
        var memory = BootMemory.Reserve(module);
        MultibootHeaders.Emit(module);
        BootEntry.Emit(module, memory);
        LongModeEntry.Emit(module, memory);
        InterruptStubs.Emit(module);
        PortIo.Emit(module);
        ControlRegisters.Emit(module);
        DescriptorTables.Emit(module);
        CpuControl.Emit(module);
        LinkerLayout.Emit(module);
        return module;
    }
}
