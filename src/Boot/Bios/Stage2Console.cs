using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

// Output: every character goes to the screen (int 10h teletype, so it lands in the VGA text
// buffer) and to COM1 (115200 8N1, polled), so a headless run and a person both see it.
// Errors: "loader error: <what>" on one line, then the CPU halts.
internal sealed partial class Stage2RealMode
{
    public const string ErrorPrefix = "loader error: ";

    private void EmitConsole()
    {
        Bind("serial_init");
        foreach (var (port, value) in new (ushort, byte)[]
        {
            (0x3F9, 0x00),   // no interrupts
            (0x3FB, 0x80),   // DLAB: the divisor follows
            (0x3F8, 0x01),   // 115200 baud
            (0x3F9, 0x00),
            (0x3FB, 0x03),   // 8 bits, no parity, 1 stop bit
            (0x3FA, 0xC7),   // FIFOs on and cleared
            (0x3FC, 0x03),   // DTR, RTS
        })
        {
            A.mov(dx, port);
            A.mov(al, value);
            A.@out(dx, al);
        }
        A.ret();

        // AL: the character. Keeps every register.
        Bind("print_char");
        A.pushad();
        A.mov(bl, al);
        A.mov(dx, 0x3FD);
        A.mov(cx, 0xFFFF);          // a missing UART must not hang the loader
        Bind("print_wait");
        A.@in(al, dx);
        A.test(al, 0x20);
        A.jnz(L("print_ready"));
        A.loop(L("print_wait"));
        Bind("print_ready");
        A.mov(dx, 0x3F8);
        A.mov(al, bl);
        A.@out(dx, al);
        A.mov(ah, 0x0E);
        A.mov(bx, 0x0007);
        A.@int(0x10);
        A.popad();
        A.ret();

        // SI: a NUL-terminated string.
        Bind("print");
        A.push(si);
        Bind("print_next");
        A.lodsb();
        A.test(al, al);
        A.jz(L("print_end"));
        A.call(L("print_char"));
        A.jmp(L("print_next"));
        Bind("print_end");
        A.pop(si);
        A.ret();

        // SI: a name ending at a space, a control character or NUL (names in modules.txt).
        Bind("print_name");
        A.push(si);
        Bind("print_name_next");
        A.lodsb();
        A.cmp(al, 0x20);
        A.jbe(L("print_name_end"));
        A.call(L("print_char"));
        A.jmp(L("print_name_next"));
        Bind("print_name_end");
        A.pop(si);
        A.ret();

        Bind("print_line");
        A.call(L("print"));
        Bind("newline");
        A.push(ax);
        A.mov(al, 13);
        A.call(L("print_char"));
        A.mov(al, 10);
        A.call(L("print_char"));
        A.pop(ax);
        A.ret();

        // EAX in decimal.
        Bind("print_dec");
        A.pushad();
        A.mov(ebx, 10);
        A.xor(cx, cx);
        Bind("dec_divide");
        A.xor(edx, edx);
        A.div(ebx);
        A.push(dx);
        A.inc(cx);
        A.test(eax, eax);
        A.jnz(L("dec_divide"));
        Bind("dec_print");
        A.pop(ax);
        A.add(al, (byte)'0');
        A.call(L("print_char"));
        A.loop(L("dec_print"));
        A.popad();
        A.ret();

        // EAX as 0x and eight hex digits.
        Bind("print_hex");
        A.pushad();
        A.mov(ebx, eax);
        A.mov(al, (byte)'0');
        A.call(L("print_char"));
        A.mov(al, (byte)'x');
        A.call(L("print_char"));
        A.mov(cx, 8);
        Bind("hex_digit");
        A.rol(ebx, 4);
        A.mov(al, bl);
        A.and(al, 0x0F);
        A.add(al, (byte)'0');
        A.cmp(al, (byte)'9');
        A.jbe(L("hex_print"));
        A.add(al, 'a' - '9' - 1);
        Bind("hex_print");
        A.call(L("print_char"));
        A.loop(L("hex_digit"));
        A.popad();
        A.ret();

        // SI: what went wrong. Prints the error line and halts.
        Bind("fail");
        A.call(L("error_prefix"));
        A.call(L("print"));
        Bind("halt_line");
        A.call(L("newline"));
        Bind("halt");
        A.cli();
        A.hlt();
        A.jmp(L("halt"));

        Bind("error_prefix");
        A.push(si);
        A.mov(si, Text(ErrorPrefix));
        A.call(L("print"));
        A.pop(si);
        A.ret();
    }
}
