using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Unit.Swifi;

// A component in miniature, named as ilc names things: the trap stub and IPC
// wrappers of Lib.Sys, Devices.IrqControl (inlined kernel call, as ilc
// does), and driver code with a short loop, a long loop (rel32 back edge),
// forward branches, pointer accesses, a message sent by SendRec, and the two
// IrqControl calls of a driver: the start-up enable, whose status is tested,
// and the re-enable after an interrupt, whose status is not.
internal static class SampleDriver
{
    public const string Trap = "sys_trap";
    public const string SendRec = "Minix3_Cosmos_Lib_Sys_Minix3_Cosmos_Lib_Sys_Ipc__SendRec";
    public const string Receive = "Minix3_Cosmos_Lib_Sys_Minix3_Cosmos_Lib_Sys_Ipc__Receive";
    public const string IrqControl = "Minix3_Cosmos_Lib_Sys_Minix3_Cosmos_Lib_Sys_Devices__IrqControl";
    public const string Start = "sample_Sample_SampleDriver__Start";
    public const string Interrupt = "sample_Sample_SampleDriver__Interrupt";
    public const string Sum = "sample_Sample_SampleDriver__Sum";
    public const string Long = "sample_Sample_SampleDriver__Long";
    public const string Send = "sample_Sample_SampleDriver__Send";

    public static TestElf Build()
    {
        var elf = new TestElf();
        Assembler a = elf.A;

        elf.Begin(Trap);
        a.mov(rax, rdi); a.mov(rdi, rsi); a.mov(rsi, rdx); a.mov(rdx, rcx); a.@int(0x80); a.ret();
        elf.End();

        elf.Begin(SendRec);
        a.push(rax); a.mov(rdx, rsi); a.movsxd(rsi, edi); a.mov(edi, 3); a.xor(ecx, ecx);
        a.call(elf[Trap]); a.nop(); a.add(rsp, 8); a.ret();
        elf.End(padding: 4, nops: true);

        elf.Begin(Receive);
        a.push(rax); a.mov(rdx, rsi); a.movsxd(rsi, edi); a.mov(edi, 2); a.xor(ecx, ecx);
        a.call(elf[Trap]); a.add(rsp, 8); a.ret();
        elf.End();

        elf.Begin(IrqControl);
        a.sub(rsp, 0x48); a.mov(__dword_ptr[rsp + 8], 0x13); a.mov(__[rsp + 0x10], rdi); a.mov(__[rsp + 0x18], rsi);
        a.lea(rdx, __[rsp + 8]); a.mov(edi, 6); a.mov(esi, 2); a.call(elf[Trap]); a.add(rsp, 0x48); a.ret();
        elf.End();

        elf.Begin(Start);
        Label fail = a.CreateLabel();
        a.push(rbx); a.xor(edi, edi); a.mov(esi, 11); a.call(elf[IrqControl]); a.test(eax, eax); a.jne(fail);
        a.pop(rbx); a.ret();
        a.Label(ref fail);
        a.mov(eax, -1); a.pop(rbx); a.ret();
        elf.End();

        elf.Begin(Interrupt);
        Label skip = a.CreateLabel();
        a.push(rbx); a.mov(rbx, rdi); a.mov(eax, __[rbx + 8]); a.cmp(eax, 0x20); a.je(skip);
        a.add(__dword_ptr[rbx + 0x10], 1);
        a.Label(ref skip);
        a.mov(esi, 11); a.xor(edi, edi); a.call(elf[IrqControl]); a.pop(rbx); a.ret();
        elf.End(padding: 2, nops: true);

        elf.Begin(Sum);
        Label top = a.CreateLabel();
        a.xor(eax, eax); a.xor(ecx, ecx);
        a.Label(ref top);
        a.add(eax, __[rdi + rcx * 4]); a.inc(ecx); a.cmp(ecx, esi); a.jl(top); a.ret();
        elf.End();

        elf.Begin(Long);
        Label again = a.CreateLabel();
        a.xor(eax, eax);
        a.Label(ref again);
        for (int i = 0; i < 40; i++)
            a.add(eax, __[rdi + 0x100 + 8 * i]);
        a.dec(esi); a.jne(again); a.ret();
        elf.End();

        elf.Begin(Send);
        a.sub(rsp, 0x48); a.mov(__dword_ptr[rsp + 8], 0x1234); a.mov(__[rsp + 0x10], rsi);
        a.lea(rsi, __[rsp + 8]); a.mov(edi, 0x100); a.call(elf[SendRec]); a.add(rsp, 0x48); a.ret();
        elf.End();
        return elf;
    }

    // A component with nothing but straight-line code: no branch, memory
    // operand, IPC or IRQ call.
    public static TestElf Plain()
    {
        var elf = new TestElf();
        elf.Begin("plain_Plain_Program__Main");
        elf.A.mov(eax, 1); elf.A.add(eax, ecx); elf.A.ret();
        elf.End();
        return elf;
    }
}
