using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using F = Minix3.Cosmos.Asm.Kernel.InterruptFrameLayout;

namespace Minix3.Cosmos.Asm.Testing;

/// <summary>
/// The stand-in <c>kernel_interrupt(InterruptFrame*)</c> and the code in kmain that raises
/// interrupts for it. Together they prove the frame layout both ways: every register kmain
/// set before <c>int 0x40</c> must sit at its documented offset, a value the handler writes
/// into the frame's RAX must come back in RAX, XMM0 must survive the handler clobbering it,
/// a handler may return a different frame (<c>int 0x41</c>), and a real #GP delivers its
/// error code through the error-code stub and resumes where the handler says.
/// </summary>
internal sealed class TestInterruptHandler
{
    public const ulong PreservedPattern = 0x0123456789ABCDEF;
    public const ulong XmmPattern = 0x5EE5EE5EE5EE5EE5;
    public const ulong ReturnedRax = 0x600D;
    public const ulong SwitchedFrameRax = 0xA17;
    /// <summary>A GDT selector far past the 3-entry limit: loading it raises #GP(0x1230).</summary>
    public const ushort BadSelector = 0x1230;

    /// <summary>Registers in frame order (R15 lowest), with the distinct value kmain loads into each.</summary>
    private static readonly AssemblerRegister64[] FrameRegisters =
        { r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax };

    private readonly AsmModule _module;
    private readonly TestSupport _t;
    private readonly Symbol _counts;
    private readonly Symbol _expectedRsp;
    private readonly Symbol _recoverRip;
    private readonly Symbol _otherFrame;

    public TestInterruptHandler(AsmModule module, TestSupport support)
    {
        _module = module;
        _t = support;
        _counts = module.Bss.Reserve("test_interrupt_counts", 8 * 256, 8);
        _expectedRsp = module.Bss.Reserve("test_expected_rsp", 8, 8);
        _recoverRip = module.Bss.Reserve("test_recover_rip", 8, 8);
        _otherFrame = module.Bss.Reserve("test_other_frame", F.Size, 16);
    }

    private static ulong Pattern(int slot) => 0xC0DE000000000000UL | ((ulong)(uint)(slot + 1) << 32) | (uint)(slot + 1);

    /// <summary>Emits, inside kmain, the interrupts and the checks on what comes back.</summary>
    public void EmitTriggers(CodeBlock c)
    {
        var a = c.A;

        // 0x12, 0x13: int3 through asm_int3 returns with RBX intact, counted once.
        a.mov(rbx, PreservedPattern);
        c.Call(_module.Extern("asm_int3"));
        _t.CheckEqual(c, rbx, PreservedPattern, 0x12);
        c.LeaRipRelative(rcx, _counts);
        a.mov(rbx, __[rcx + 8 * 3]);
        _t.CheckEqual(c, rbx, 1, 0x13);

        // 0x20..0x2E, 0x30: every register survives int 0x40 except RAX, which the handler sets.
        a.mov(rax, XmmPattern);
        a.movq(xmm0, rax);
        c.LeaRipRelative(rcx, _expectedRsp);
        a.mov(__[rcx], rsp);
        for (int slot = 0; slot < FrameRegisters.Length; slot++)
            a.mov(FrameRegisters[slot], Pattern(slot));
        a.@int(0x40);
        _t.CheckEqual(c, rax, ReturnedRax, 0x2E);
        for (int slot = 0; slot < FrameRegisters.Length - 1; slot++)
            _t.CheckEqual(c, FrameRegisters[slot], Pattern(slot), 0x20 + (uint)slot);
        a.movq(rbx, xmm0);
        _t.CheckEqual(c, rbx, XmmPattern, 0x30);

        // 0x31: the handler returns a copy of the frame elsewhere; the stub resumes from the copy.
        a.@int(0x41);
        _t.CheckEqual(c, rax, SwitchedFrameRax, 0x31);

        // 0x32: a real #GP, resumed at "recovered" by the handler.
        var recovered = a.CreateLabel();
        a.lea(rax, __[recovered]);
        c.LeaRipRelative(rcx, _recoverRip);
        a.mov(__[rcx], rax);
        a.mov(eax, BadSelector);
        a.mov(ds, ax);
        a.Label(ref recovered);
        c.LeaRipRelative(rcx, _counts);
        a.mov(rbx, __[rcx + 8 * 13]);
        _t.CheckEqual(c, rbx, 1, 0x32);
    }

    /// <summary>Emits <c>kernel_interrupt</c>. RBX holds the frame throughout.</summary>
    public void Emit()
    {
        var c = _module.Text.NewBlock(64, 16, 0xCC);
        var a = c.A;
        c.Function("kernel_interrupt");
        a.push(rbx);
        a.mov(rbx, rdi);
        _t.Print(c, "interrupt ");
        a.mov(rdi, __[rbx + F.Vector]);
        c.Call(_t.PutHex);
        _t.Print(c, " error ");
        a.mov(rdi, __[rbx + F.ErrorCode]);
        c.Call(_t.PutHex);
        _t.Print(c, "\n");

        a.mov(rax, __[rbx + F.Vector]);
        c.LeaRipRelative(rcx, _counts);
        a.inc(__qword_ptr[rcx + rax * 8]);

        var done = a.CreateLabel();
        var registers = a.CreateLabel();
        var switchFrame = a.CreateLabel();
        var protection = a.CreateLabel();
        a.cmp(rax, 3);
        a.je(done);
        a.cmp(rax, 0x40);
        a.je(registers);
        a.cmp(rax, 0x41);
        a.je(switchFrame);
        a.cmp(rax, 13);
        a.je(protection);
        a.mov(edi, 0x3F); // an interrupt nobody raised on purpose
        c.Call(_t.Fail);

        // 0x40..0x4E: each register at its slot; 0x50..0x56: the rest of the frame.
        a.Label(ref registers);
        for (int slot = 0; slot < FrameRegisters.Length; slot++)
        {
            a.mov(rcx, __[rbx + F.R15 + 8 * slot]);
            _t.CheckEqual(c, rcx, Pattern(slot), 0x40 + (uint)slot);
        }
        CheckField(c, F.Vector, 0x40, 0x50);
        CheckField(c, F.ErrorCode, 0, 0x51);
        CheckField(c, F.Cs, Kernel.KernelObject.KernelCodeSelector, 0x52);
        CheckField(c, F.Ss, Kernel.KernelObject.KernelDataSelector, 0x53);
        c.LeaRipRelative(rcx, _expectedRsp);
        a.mov(rcx, __[rcx]);
        a.cmp(rcx, __[rbx + F.Rsp]);
        var rspOk = a.CreateLabel();
        a.je(rspOk);
        a.mov(edi, 0x54);
        c.Call(_t.Fail);
        a.Label(ref rspOk);
        a.mov(rcx, __[rbx + F.Rflags]);
        _t.CheckBitsSet(c, rcx, 2, 0x55); // bit 1 of RFLAGS always reads 1
        a.mov(rcx, __[rbx + F.Rip]);
        a.movzx(ecx, __word_ptr[rcx - 2]);
        _t.CheckEqual(c, rcx, 0x40CD, 0x56); // RIP is just past "int 0x40" (CD 40)
        a.mov(__qword_ptr[rbx + F.Rax], (int)ReturnedRax);
        a.pxor(xmm0, xmm0); // the stub's fxrstor64 must undo this
        a.jmp(done);

        // Copy the frame and resume from the copy, as the scheduler will with another process.
        a.Label(ref switchFrame);
        a.mov(rsi, rbx);
        c.LeaRipRelative(rdi, _otherFrame);
        a.mov(ecx, F.Size / 8);
        a.rep.movsq();
        c.LeaRipRelative(rax, _otherFrame);
        a.mov(__qword_ptr[rax + F.Rax], (int)SwitchedFrameRax);
        a.pop(rbx);
        a.ret();

        // 0x60: #GP carries the failing selector as its error code.
        a.Label(ref protection);
        CheckField(c, F.ErrorCode, BadSelector, 0x60);
        c.LeaRipRelative(rcx, _recoverRip);
        a.mov(rcx, __[rcx]);
        a.mov(__[rbx + F.Rip], rcx);

        a.Label(ref done);
        a.mov(rax, rbx);
        a.pop(rbx);
        a.ret();
    }

    private void CheckField(CodeBlock c, int offset, ulong expected, uint check)
    {
        c.A.mov(rcx, __[rbx + offset]);
        _t.CheckEqual(c, rcx, expected, check);
    }
}
