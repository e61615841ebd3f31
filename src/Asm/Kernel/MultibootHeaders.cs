namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// The Multiboot (version 1) header, at the very start of <c>.text.asm</c> (so within the first
/// 8 KiB of the file once the linker script puts that section first).
/// </summary>
/// <remarks>
/// Multiboot1 is what QEMU's <c>-kernel</c> understands. QEMU refuses ELF64 files unless the
/// header carries the "a.out kludge" address fields (flag bit 16), and then it copies the file
/// bytes from <c>load_addr</c> to <c>load_end_addr</c> verbatim and zeroes up to <c>bss_end_addr</c>;
/// it puts the info structure, command line and modules right after <c>bss_end_addr</c>.
/// So the linked file must be contiguous from <c>__image_start</c> to <c>__load_end</c>
/// (ld.lld <c>-z max-page-size=4096</c>), and <c>__bss_end</c> must lie past <c>.bss.asm</c>.
/// GRUB's <c>multiboot</c> command honours the same address fields, so one header serves both.
/// </remarks>
public static class MultibootHeaders
{
    public const uint Multiboot1Magic = 0x1BADB002;
    /// <summary>Bit 0: page-align modules; bit 1: give memory info; bit 16: address fields are valid.</summary>
    public const uint Multiboot1Flags = 0x00010003;

    public static void Emit(AsmModule module)
    {
        var start = module.TextSymbol("_start", SymbolBinding.Global, SymbolKind.Function);
        var c = module.Text.NewBlock(64, alignment: 8);

        var header1 = c.Define("multiboot1_header", SymbolBinding.Local, SymbolKind.Data);
        c.Dd(Multiboot1Magic, Multiboot1Flags, unchecked(0u - (Multiboot1Magic + Multiboot1Flags)));
        c.Dd(header1);                           // header_addr: where this header ends up in memory
        c.Dd(module.Extern("__image_start"));    // load_addr: first byte copied from the file
        c.Dd(module.Extern("__load_end"));       // load_end_addr: end of file-backed data
        c.Dd(module.Extern("__bss_end"));        // bss_end_addr: loader zeroes up to here
        c.Dd(start);                             // entry_addr: 32-bit protected-mode entry
    }
}
