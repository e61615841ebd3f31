using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Testing;

/// <summary>
/// Serial output and failure reporting for the stand-in kernel, written with the DSL and
/// calling the real kernel object's <c>asm_inb</c>/<c>asm_outb</c>, so the boot self-test
/// exercises those too. COM1 needs no setup under QEMU.
/// </summary>
internal sealed class TestSupport
{
    public const ushort Com1 = 0x3F8;
    public const ushort Com1LineStatus = Com1 + 5;
    public const ushort DebugExitPort = 0xF4;
    /// <summary>QEMU exits with (value &lt;&lt; 1) | 1: 0x10 gives 33 (pass), 0x11 gives 35 (fail).</summary>
    public const uint ExitPass = 0x10;
    public const uint ExitFail = 0x11;

    private int _strings;

    public TestSupport(AsmModule module)
    {
        Module = module;
        PutChar = module.TextSymbol("test_putc", SymbolBinding.Local, SymbolKind.Function);
        PutString = module.TextSymbol("test_puts", SymbolBinding.Local, SymbolKind.Function);
        PutHex = module.TextSymbol("test_puthex", SymbolBinding.Local, SymbolKind.Function);
        Exit = module.TextSymbol("test_exit", SymbolBinding.Local, SymbolKind.Function);
        Fail = module.TextSymbol("test_fail", SymbolBinding.Local, SymbolKind.Function);
    }

    public AsmModule Module { get; }

    /// <summary><c>test_putc(byte c)</c>: waits for the transmitter holding register, then sends.</summary>
    public Symbol PutChar { get; }

    /// <summary><c>test_puts(byte* nulTerminated)</c>.</summary>
    public Symbol PutString { get; }

    /// <summary><c>test_puthex(ulong)</c>: 16 hex digits.</summary>
    public Symbol PutHex { get; }

    /// <summary><c>test_exit(uint code)</c>: drains the UART and writes the code to QEMU's exit port.</summary>
    public Symbol Exit { get; }

    /// <summary><c>test_fail(uint check)</c>: prints "ASM FAIL check" and exits with <see cref="ExitFail"/>.</summary>
    public Symbol Fail { get; }

    /// <summary>Emits code that prints <paramref name="text"/> (clobbers caller-saved registers).</summary>
    public void Print(CodeBlock c, string text)
    {
        var data = Module.Text.NewBlock(64);
        var str = data.Define($"test_string_{_strings++}", SymbolBinding.Local, SymbolKind.Data);
        data.Ascii(text);
        c.LeaRipRelative(rdi, str);
        c.Call(PutString);
    }

    /// <summary>Emits code that prints the 64-bit value in <paramref name="register"/>.</summary>
    public void PrintHex(CodeBlock c, AssemblerRegister64 register)
    {
        c.A.mov(rdi, register);
        c.Call(PutHex);
    }

    /// <summary>Emits: if <paramref name="value"/> != <paramref name="expected"/> then fail(check).
    /// Clobbers RAX (the comparison goes through it so any 64-bit constant works).</summary>
    public void CheckEqual(CodeBlock c, AssemblerRegister64 value, ulong expected, uint check)
    {
        var a = c.A;
        var ok = a.CreateLabel();
        a.mov(rax, expected);
        a.cmp(value, rax);
        a.je(ok);
        a.mov(edi, check);
        c.Call(Fail);
        a.Label(ref ok);
        a.nop();
    }

    /// <summary>Emits: if (<paramref name="value"/> &amp; mask) != mask then fail(check). Clobbers RAX.</summary>
    public void CheckBitsSet(CodeBlock c, AssemblerRegister64 value, ulong mask, uint check)
    {
        var a = c.A;
        var ok = a.CreateLabel();
        a.mov(rax, mask);
        a.and(rax, value);
        a.mov(rdi, mask);
        a.cmp(rax, rdi);
        a.je(ok);
        a.mov(edi, check);
        c.Call(Fail);
        a.Label(ref ok);
        a.nop();
    }

    public void Emit()
    {
        var inb = Module.Extern("asm_inb");
        var outb = Module.Extern("asm_outb");

        var c = Module.Text.NewBlock(64, 16, 0xCC);
        var a = c.A;
        c.Bind(PutChar);
        a.push(rbx);
        a.movzx(ebx, dil);
        var wait = a.CreateLabel();
        a.Label(ref wait);
        a.mov(edi, Com1LineStatus);
        c.Call(inb);
        a.test(al, 0x20);
        a.jz(wait);
        a.mov(edi, Com1);
        a.mov(esi, ebx);
        c.Call(outb);
        a.pop(rbx);
        a.ret();

        c = Module.Text.NewBlock(64, 16, 0xCC);
        a = c.A;
        c.Bind(PutString);
        a.push(rbx);
        a.mov(rbx, rdi);
        var next = a.CreateLabel();
        var done = a.CreateLabel();
        a.Label(ref next);
        a.movzx(edi, __byte_ptr[rbx]);
        a.test(edi, edi);
        a.jz(done);
        c.Call(PutChar);
        a.inc(rbx);
        a.jmp(next);
        a.Label(ref done);
        a.pop(rbx);
        a.ret();

        c = Module.Text.NewBlock(64, 16, 0xCC);
        a = c.A;
        c.Bind(PutHex);
        a.push(rbx);
        a.push(r12);
        a.sub(rsp, 8);
        a.mov(rbx, rdi);
        a.mov(r12d, 16);
        var digit = a.CreateLabel();
        var decimalDigit = a.CreateLabel();
        a.Label(ref digit);
        a.rol(rbx, 4);
        a.mov(edi, ebx);
        a.and(edi, 15);
        a.cmp(edi, 10);
        a.jb(decimalDigit);
        a.add(edi, 'a' - '0' - 10);
        a.Label(ref decimalDigit);
        a.add(edi, '0');
        c.Call(PutChar);
        a.dec(r12d);
        a.jnz(digit);
        a.add(rsp, 8);
        a.pop(r12);
        a.pop(rbx);
        a.ret();

        c = Module.Text.NewBlock(64, 16, 0xCC);
        a = c.A;
        c.Bind(Exit);
        a.push(rbx);
        a.mov(ebx, edi);
        var drain = a.CreateLabel();
        a.Label(ref drain);
        a.mov(edi, Com1LineStatus);
        c.Call(inb);
        a.test(al, 0x40); // transmitter empty: the last byte has left the UART
        a.jz(drain);
        a.mov(edi, DebugExitPort);
        a.mov(esi, ebx);
        c.Call(outb);
        var halt = a.CreateLabel();
        a.Label(ref halt);
        a.cli();
        a.hlt();
        a.jmp(halt);

        c = Module.Text.NewBlock(64, 16, 0xCC);
        a = c.A;
        c.Bind(Fail);
        a.push(rbx);
        a.mov(ebx, edi);
        Print(c, "ASM FAIL ");
        PrintHex(c, rbx);
        Print(c, "\n");
        a.mov(edi, ExitFail);
        c.Call(Exit);
    }
}
