using System.Runtime.CompilerServices;
using Minix3.Cosmos.Kernel.Arch.X64;

namespace Minix3.Cosmos.Kernel.Diagnostics
{
    // The kernel's console: every line goes to COM1 and to the VGA screen.
    // Allocation-free (the kernel heap is never collected): numbers are
    // formatted digit by digit, strings are literals.
    internal static class Log
    {
        // Never inlined: every string of the log passes through this one
        // function, where a debugger can stop (test/Boot DebuggerTests).
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void Write(string text)
        {
            for (int i = 0; i < text.Length; i++)
                Write(text[i]);
        }

        internal static void Write(char c)
        {
            if (c == '\n')
                SerialPort.Write('\r');
            SerialPort.Write(c);
            VgaText.Write(c);
        }

        internal static void Line(string text)
        {
            Write(text);
            Write('\n');
        }

        internal static void Line() => Write('\n');

        // Unsigned decimal.
        internal static void Decimal(ulong value)
        {
            ulong divisor = 1;
            while (value / divisor >= 10)
                divisor *= 10;
            for (; divisor != 0; divisor /= 10)
                Write((char)('0' + (int)(value / divisor % 10)));
        }

        internal static void SignedDecimal(long value)
        {
            if (value < 0)
            {
                Write('-');
                Decimal((ulong)(-(value + 1)) + 1);
                return;
            }
            Decimal((ulong)value);
        }

        // "0x" and exactly `digits` hex digits.
        internal static void Hex(ulong value, int digits = 16)
        {
            Write("0x");
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
            {
                int nibble = (int)(value >> shift) & 0xF;
                Write((char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
            }
        }

        // ASCII bytes from boot structures (command lines, module names).
        internal static unsafe void Ascii(byte* text, int length)
        {
            for (int i = 0; i < length; i++)
                Write(text[i] >= 0x20 && text[i] < 0x7F ? (char)text[i] : '?');
        }
    }
}
