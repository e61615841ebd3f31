using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// <c>void asm_linker_layout(ulong* out)</c>: stores the addresses of the linker-script symbols
/// in <see cref="Symbols"/> order. C# cannot name a linker symbol, so this is how the kernel
/// learns where its image, sections and heap are. The loads are 64-bit absolute relocations,
/// which also work for symbols the script defines outside any section.
/// </summary>
public static class LinkerLayout
{
    /// <summary>The first this-many symbols bound the image's ranges and never decrease;
    /// the bounds of ilc's module list (inside .data) follow them.</summary>
    public const int ImageRangeSymbols = 12;

    public static readonly string[] Symbols =
    {
        "__image_start", "__text_start", "__text_end", "__rodata_start", "__rodata_end",
        "__data_start", "__data_end", "__bss_start", "__bss_end", "__heap_start", "__heap_end",
        "__image_end", "__modules_start", "__modules_end",
    };

    public static void Emit(AsmModule module)
    {
        var c = module.Text.NewFunction("asm_linker_layout");
        var a = c.A;
        for (int i = 0; i < Symbols.Length; i++)
        {
            c.MovAddress(rax, module.Extern(Symbols[i]));
            a.mov(__[rdi + 8 * i], rax);
        }
        a.ret();
    }
}
