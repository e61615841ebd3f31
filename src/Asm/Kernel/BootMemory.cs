namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// What the boot path keeps in <c>.bss.asm</c>: identity-map page tables and the boot stack.
/// All of it is reserved here, in one place, so that the end marker really is the end and
/// <c>_start</c> can zero the whole section itself.
/// </summary>
public sealed record BootMemory(
    Symbol Pml4,
    Symbol Pdpt,
    Symbol PageDirectories,
    Symbol Stack,
    Symbol BssEnd)
{
    /// <summary>Bytes of boot stack. kmain runs on it until the kernel switches stacks.</summary>
    public const int StackSize = 64 * 1024;

    /// <summary>Four page directories of 512 two-MiB pages each map the first 4 GiB, which
    /// covers the kernel, the loader's data and the usual MMIO holes (APIC, HPET) below 4 GiB.</summary>
    public const int PageDirectoryCount = 4;

    public static BootMemory Reserve(AsmModule module)
    {
        var bss = module.Bss;
        // Page tables first: they need 4 KiB alignment, and the section itself is 4 KiB aligned.
        var pml4 = bss.Reserve("asm_boot_pml4", 4096, 4096);
        var pdpt = bss.Reserve("asm_boot_pdpt", 4096, 4096);
        var pds = bss.Reserve("asm_boot_page_directories", 4096 * PageDirectoryCount, 4096);
        var stack = bss.Reserve("asm_boot_stack", StackSize, 16);
        var end = bss.Reserve("asm_bss_end", 0, 16);
        return new BootMemory(pml4, pdpt, pds, stack, end);
    }
}
