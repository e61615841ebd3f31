namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// The two boot protocol headers, at the very start of <c>.text.asm</c> (so within the first
/// 8 KiB of the file once the linker script puts that section first).
/// </summary>
/// <remarks>
/// Multiboot1 is what QEMU's <c>-kernel</c> understands. QEMU refuses ELF64 files unless the
/// header carries the "a.out kludge" address fields (flag bit 16), and then it copies the file
/// bytes from <c>load_addr</c> to <c>load_end_addr</c> verbatim and zeroes up to <c>bss_end_addr</c>;
/// it puts the info structure, command line and modules right after <c>bss_end_addr</c>.
/// So the linked file must be contiguous from <c>__image_start</c> to <c>__load_end</c>
/// (ld.lld <c>-z max-page-size=4096</c>), and <c>__bss_end</c> must lie past <c>.bss.asm</c>.
/// GRUB uses the Multiboot2 header and loads the ELF program headers itself.
/// </remarks>
public static class MultibootHeaders
{
    public const uint Multiboot1Magic = 0x1BADB002;
    /// <summary>Bit 0: page-align modules; bit 1: give memory info; bit 16: address fields are valid.</summary>
    public const uint Multiboot1Flags = 0x00010003;
    public const uint Multiboot2Magic = 0xE85250D6;
    /// <summary>Multiboot2 architecture 0 = i386 protected mode, the only one GRUB offers on PCs.</summary>
    public const uint Multiboot2ArchitectureI386 = 0;

    /// <summary>Information the kernel asks GRUB for: command line (1), loader name (2),
    /// modules (3), basic memory (4), memory map (6).</summary>
    public static readonly uint[] RequestedMultiboot2Tags = { 1, 2, 3, 4, 6 };

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

        // The Multiboot1 header is 32 bytes, so this stays 8-byte aligned as Multiboot2 requires.
        c.Define("multiboot2_header", SymbolBinding.Local, SymbolKind.Data);
        uint requestSize = 8 + 4 * (uint)RequestedMultiboot2Tags.Length;
        uint requestPadded = (requestSize + 7) & ~7u;
        uint length = 16 + requestPadded + 8 + 8;
        c.Dd(Multiboot2Magic, Multiboot2ArchitectureI386, length,
            unchecked(0u - (Multiboot2Magic + Multiboot2ArchitectureI386 + length)));

        // Information request tag (type 1, flags 0 = required).
        c.Dw(1, 0);
        c.Dd(requestSize);
        c.Dd(RequestedMultiboot2Tags);
        c.Zero((int)(requestPadded - requestSize));

        // Module alignment tag (type 6): page-aligned modules, as Multiboot1 flag bit 0 asks.
        c.Dw(6, 0);
        c.Dd(8);

        // End tag. No framebuffer tag: the kernel wants GRUB to leave VGA text mode on.
        c.Dw(0, 0);
        c.Dd(8);
    }
}
