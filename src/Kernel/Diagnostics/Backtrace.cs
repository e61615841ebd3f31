namespace Minix3.Cosmos.Kernel.Diagnostics
{
    // The backtrace printed on a kernel panic or fault: a debugging aid
    // that only the test image's kernel carries (test/Kernel/Backtrace.cs
    // walks the frame pointers; the launcher names the addresses). The
    // default kernel prints the message and registers without it.
    internal static partial class Backtrace
    {
        internal static void Print(ulong instruction, ulong framePointer) => Walk(instruction, framePointer);

        static partial void Walk(ulong instruction, ulong framePointer);
    }
}
