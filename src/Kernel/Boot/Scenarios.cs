using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Runtime;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Kernel-only boot test scenarios, chosen with `test=<name>` on the
    // kernel command line. Each prints what it checks and ends the run with a
    // status (see Power.Stop); test/Boot reads the serial log. Without
    // `test=` the kernel goes on to start its components (scenarios with
    // components use start=, exit_when= and halt_after= instead).
    internal static unsafe class Scenarios
    {
        // Far above any RAM the tests give the guest, so never mapped.
        private const ulong UnmappedAddress = 0xDEAD0000;

        internal static void Run(CommandLine commandLine)
        {
            if (!commandLine.TryGetValue("test", out ReadOnlySpan<byte> name))
                return;
            Log.Write("scenario: ");
            for (int i = 0; i < name.Length; i++)
                Log.Write((char)name[i]);
            Log.Line();
            if (AsciiText.EqualsLiteral(name, "boot"))
                Power.Stop(Power.StatusSuccess);
            else if (AsciiText.EqualsLiteral(name, "timer"))
                Power.Stop(TimerAdvances() ? Power.StatusSuccess : Power.StatusFailure);
            else if (AsciiText.EqualsLiteral(name, "corelib"))
                Power.Stop(RuntimeSelfTest.Run(&Report) == 0 ? Power.StatusSuccess : Power.StatusFailure);
            else if (AsciiText.EqualsLiteral(name, "fault"))
                Log.Decimal(*(ulong*)UnmappedAddress);  // page fault: the handler stops the run
            else if (AsciiText.EqualsLiteral(name, "null"))
                Log.Decimal(*(ulong*)0);                // page 0 is unmapped
            else if (AsciiText.EqualsLiteral(name, "panic"))
                throw new InvalidOperationException("panic requested by test=panic");
            else
            {
                Log.Line("scenario: unknown; known are boot, timer, corelib, fault, null, panic");
                Power.Stop(Power.StatusFailure);
            }
        }

        private static void Report(string line) => Log.Line(line);

        // Sleeps on the timer interrupt for a fifth of a second and checks the
        // tick count moved by the expected amount.
        private static bool TimerAdvances()
        {
            ulong start = Timer.Ticks;
            ulong wanted = Timer.Hz / 5;
            for (ulong halts = 0; Timer.Ticks - start < wanted; halts++)
            {
                if (halts > wanted * 100)
                {
                    Log.Line("timer: not advancing");
                    return false;
                }
                Cpu.EnableInterruptsAndHalt();
            }
            Log.Write("timer: ticks advanced from ");
            Log.Decimal(start);
            Log.Write(" to ");
            Log.Decimal(Timer.Ticks);
            Log.Write(" (");
            Log.Decimal(Timer.Milliseconds);
            Log.Line(" ms since start)");
            return true;
        }
    }
}
