using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Kernel-only boot test scenarios, chosen with `test=<name>` on the
    // kernel command line. Each prints what it checks and ends the run with a
    // status (see Power.Stop); test/Boot reads the serial log. Without
    // `test=` the kernel goes on to start its components (scenarios with
    // components use start=, exit_when= and halt_after= instead; the corelib
    // self-test runs in ring 3, in the gctest component). Only the test
    // image's kernel has this (see README.md here).
    internal static unsafe class Scenarios
    {
        // Far above any RAM the tests give the guest, so never mapped.
        private const ulong UnmappedAddress = 0xDEAD0000;

        internal static void Run()
        {
            if (!KernelArguments.TryGetValue("test"u8, out ReadOnlySpan<byte> name))
                return;
            Log.Write("scenario: ");
            for (int i = 0; i < name.Length; i++)
                Log.Write((char)name[i]);
            Log.Line();
            if (name.SequenceEqual("boot"u8))
                Power.Stop(Power.StatusSuccess);
            else if (name.SequenceEqual("timer"u8))
                Power.Stop(TimerAdvances() ? Power.StatusSuccess : Power.StatusFailure);
            else if (name.SequenceEqual("fault"u8))
                Log.Decimal(*(ulong*)UnmappedAddress);  // page fault: the handler stops the run
            else if (name.SequenceEqual("null"u8))
                Log.Decimal(*(ulong*)0);                // page 0 is unmapped
            else if (name.SequenceEqual("panic"u8))
                throw new InvalidOperationException("panic requested by test=panic");
            else
            {
                Log.Line("scenario: unknown; known are boot, timer, fault, null, panic");
                Power.Stop(Power.StatusFailure);
            }
        }

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
            Log.Decimal(Timer.Ticks * 1000 / Timer.Hz);
            Log.Line(" ms since start)");
            return true;
        }
    }
}
